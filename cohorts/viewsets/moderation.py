"""The reports queue and the cohort's audit log: read here, decided through buttons."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.audit_log import MergedAuditLog, audit_log_sources
from cohorts.models import (
    MembershipEvent,
    Report,
)


class ReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Report.objects.select_related(
            "cohort", "reporter__profile", "target_member__user__profile", "target_member__cohort"
        )


class ReportInspectView(generic.InspectView):
    template_name = "cohorts/admin/report_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.status == Report.Status.OPEN and self.request.user.has_perm(
            "cohorts.change_report"
        ):
            context["decide_url"] = reverse("cohorts_report_decide", args=[self.object.pk])
        return context


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    url_namespace = "cohorts_report"
    url_prefix = "cohorts/reports"
    menu_label = pgettext_lazy("reports of misconduct", "Reports")
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "cohort",
        "reporter",
        "target_member",
        "target_post",
        "rule_excerpt",
        "reason",
        "status",
        "outcome",
        "mute_until",
        "decided_by",
        "decided_at",
        "note",
        "created_at",
    ]
    list_display = ["__str__", "cohort", "reporter", "target_member", "status", "created_at"]
    list_filter = ["status", "cohort", "outcome"]
    copy_view_enabled = False
    form_fields = ["note"]


class EventIndexView(generic.IndexView):
    """The cohort's audit log, with the entries higher layers keep in their own tables
    (mentoring's pairings, the Q&A board) merged in by time. Filtering by anything but
    the cohort, or ordering by anything but time, shows the cohort's own entries only:
    the other tables have their own actions."""

    def get_base_queryset(self):
        return MembershipEvent.objects.select_related(
            "cohort", "actor", "membership__user", "membership__cohort", "subgroup__cohort"
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.ordering not in ("-created_at", None, "") or self._filtered_beyond_cohort():
            return queryset
        cohorts = self._cohorts_filtered()
        sources = [
            source if cohorts is None else source.filter(cohort__in=cohorts)
            for source in audit_log_sources()
        ]
        return MergedAuditLog([queryset, *sources]) if sources else queryset

    def _cleaned(self) -> dict:
        form = self.filters.form if self.filters is not None else None
        if form is None or not form.is_valid():
            return {}
        return {name: value for name, value in form.cleaned_data.items() if value}

    def _filtered_beyond_cohort(self) -> bool:
        return any(name != "cohort" for name in self._cleaned())

    def _cohorts_filtered(self):
        chosen = self._cleaned().get("cohort")
        if chosen is None:
            return None
        return list(chosen) if hasattr(chosen, "__iter__") else [chosen]

    def get_inspect_url(self, instance):
        if not isinstance(instance, MembershipEvent):
            return None
        return super().get_inspect_url(instance)

    def get_edit_url(self, instance):
        if not isinstance(instance, MembershipEvent):
            return None
        return super().get_edit_url(instance)

    def get_delete_url(self, instance):
        if not isinstance(instance, MembershipEvent):
            return None
        return super().get_delete_url(instance)


def _log_name(row) -> str:
    """Which audit log a merged row comes from, in the viewer's language."""
    return capfirst(row._meta.verbose_name)


class EventViewSet(ModelViewSet):
    model = MembershipEvent
    icon = "history"
    url_namespace = "cohorts_event"
    url_prefix = "cohorts/audit-log"
    menu_label = gettext_lazy("Audit log")
    index_view_class = EventIndexView
    list_display = [
        "created_at",
        "cohort",
        Column("log", label=gettext_lazy("Audit log"), accessor=_log_name),
        "action",
        "actor",
        "membership",
        "subgroup",
        "reason",
    ]
    list_filter = ["cohort", "action", "created_at"]
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["reason"]
