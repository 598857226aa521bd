"""The dashboard's numbers as a CSV or XLSX file: every metric now, every week of its
trend, every sub-group and cohort compared and every goal, one row each. Cells that a
spreadsheet could read as a formula are written as text (``learning.spreadsheet_exports``)."""

from __future__ import annotations

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from cohorts.health.report import HealthReport, value_display
from learning.spreadsheet_exports import FormulaSafeExportMixin

FORMATS = (SpreadsheetExportMixin.FORMAT_CSV, SpreadsheetExportMixin.FORMAT_XLSX)


def report_rows(report: HealthReport) -> list[dict]:
    rows = []

    def add(section, subject, label, unit, value, display):
        rows.append(
            {
                "section": section,
                "subject": subject,
                "metric": label,
                "unit": unit,
                "value": value,
                "display": display,
            }
        )

    for m in report.metrics:
        add(_("Now"), report.cohort.name, m.label, m.unit, m.value, m.display)
    for series in report.trends:
        for point in series.points:
            add(
                _("By week"),
                formats.date_format(point.start, "DATE_FORMAT"),
                series.label,
                series.unit,
                point.value,
                value_display(point.value, series.unit),
            )
    for comparison in report.subgroups:
        for row in comparison.rows:
            add(
                _("Sub-groups"),
                row.label,
                comparison.label,
                comparison.unit,
                row.value,
                row.display,
            )
    for comparison in report.cohorts:
        for row in comparison.rows:
            add(_("Cohorts"), row.label, comparison.label, comparison.unit, row.value, row.display)
    for goal in report.goals:
        add(
            _("Goals"),
            _("%(target)s by %(date)s · %(status)s")
            % {
                "target": goal.target_display,
                "date": formats.date_format(goal.due_on, "DATE_FORMAT"),
                "status": goal.status_label,
            },
            goal.label,
            goal.unit,
            goal.value,
            goal.display,
        )
    return rows


class HealthExport(FormulaSafeExportMixin, SpreadsheetExportMixin):
    """Wagtail's spreadsheet writer, fed the report's rows."""

    list_export = ["section", "subject", "metric", "unit", "value", "display"]
    export_headings = {
        "section": gettext_lazy("Section"),
        "subject": gettext_lazy("For"),
        "metric": gettext_lazy("Metric"),
        "unit": gettext_lazy("Unit"),
        "value": gettext_lazy("Value"),
        "display": gettext_lazy("Shown as"),
    }

    def __init__(self, report: HealthReport):
        self.report = report
        self.export_filename = f"health-{slugify(report.cohort.slug)}-{report.as_of:%Y-%m-%d}"

    def response(self, export_format: str):
        return self.as_spreadsheet(report_rows(self.report), export_format)
