"""The retrospective as HTML → an A4 PDF (``learning.printing``), in the reader's language.

Labels, dates and numbers follow the reader's language; the team's own words keep the
language they were written in (their ``lang`` picks the right Chinese glyphs). The
dashboard's parts — the charts (SVG drawn on the server), the goals against the
results and the key numbers — come from ``cohorts.health`` as of the cohort's last day
(``health_parts``); nothing is computed here. Rendering writes nothing: the cache is
``services.printing``'s business.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.health import charts
from cohorts.health.selectors import cohort_health
from cohorts.retrospectives.models import Entry, Retrospective
from cohorts.sessions.services.schedule import cohort_zone
from learning.printing.documents import (
    Printed,
    absolute_url,
    html_document,
    html_lang,
    page_margins,
)
from learning.printing.fonts import PRINT_FONT_STACK

# How many of the dashboard's charts the PDF draws: the weekly trends that have data,
# then the sub-groups compared.
TRENDS = 6
COMPARISONS = 2


def health_parts(cohort, as_of: dt.date) -> dict:
    """What the PDF shows of the cohort's health dashboard as of the end of ``as_of``:
    the key numbers, the goals against the results, and the charts (each metric's weekly
    trend with its goal's target line, then the sub-groups compared), read through
    ``cohorts.health``'s selector and drawn by its chart functions. Reads only."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, cohort_zone(cohort))
    report = cohort_health(cohort, as_of=min(end, timezone.now()))
    goals = {goal.code: goal for goal in report.goals}
    shown = [series for series in report.trends if any(p.value for p in series.points)]
    compared = [c for c in report.subgroups if len(c.rows) > 1 and any(r.value for r in c.rows)]
    return {
        "metrics": [metric for metric in report.metrics if metric.value is not None],
        "goals": report.goals,
        "charts": [
            *(charts.trend_chart(series, goal=goals.get(series.code)) for series in shown[:TRENDS]),
            *(charts.bar_chart(comparison) for comparison in compared[:COMPARISONS]),
        ],
    }


def retrospective_html(*, retrospective: Retrospective, language: str, as_of: dt.date) -> str:
    """The PDF's HTML in ``language`` with the dashboard's numbers as of ``as_of``."""
    cohort = retrospective.cohort
    entries = list(retrospective.entries.all())
    with translation.override(language):
        page_url = absolute_url(f"/cohorts/{cohort.slug}/retrospective/")
        dates = _("%(start)s – %(end)s") % {
            "start": date_format(cohort.start_date, "DATE_FORMAT"),
            "end": date_format(cohort.end_date, "DATE_FORMAT"),
        }
        published = (
            date_format(timezone.localtime(retrospective.published_at), "DATE_FORMAT")
            if retrospective.published_at
            else ""
        )
        title = _("Retrospective of %(cohort)s") % {"cohort": cohort.name}
        context = {
            "retrospective": retrospective,
            "cohort": cohort,
            "program": cohort.program.title,
            "title": title,
            "dates": dates,
            "published": published,
            "as_of": date_format(as_of, "DATE_FORMAT"),
            "went_well": [e for e in entries if e.kind == Entry.Kind.WENT_WELL],
            "to_change": [e for e in entries if e.kind == Entry.Kind.TO_CHANGE],
            "html_lang": html_lang(language),
            "content_lang": html_lang(retrospective.language),
            "font_stack": PRINT_FONT_STACK,
            "brand": settings.WAGTAIL_SITE_NAME,
            "health": health_parts(cohort, as_of),
        }
        context["css"] = page_margins(
            brand=context["brand"],
            title=title,
            meta=_("%(cohort)s · revision %(revision)s · numbers as of %(date)s")
            % {"cohort": cohort.name, "revision": retrospective.revision, "date": context["as_of"]},
            footer=page_url,
        )
        return render_to_string("retrospectives/print.html", context)


def retrospective_print(*, retrospective: Retrospective, language: str, as_of: dt.date) -> Printed:
    """The PDF bytes. Writes nothing; raises ``PrintFontsMissing`` without fonts."""
    started = time.perf_counter()
    document = html_document(
        retrospective_html(retrospective=retrospective, language=language, as_of=as_of)
    )
    return Printed.of(document, started=started)
