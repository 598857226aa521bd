"""The reports queue and the cohort's audit log: read here, decided through buttons."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

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
    def get_base_queryset(self):
        return MembershipEvent.objects.select_related(
            "cohort", "actor", "membership__user", "membership__cohort", "subgroup__cohort"
        )


class EventViewSet(ModelViewSet):
    model = MembershipEvent
    icon = "history"
    url_namespace = "cohorts_event"
    url_prefix = "cohorts/audit-log"
    menu_label = gettext_lazy("Audit log")
    index_view_class = EventIndexView
    list_display = ["created_at", "cohort", "action", "actor", "membership", "subgroup", "reason"]
    list_filter = ["cohort", "action", "created_at"]
    list_per_page = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["reason"]
