"""Retrospectives in the admin: HR's list of every cohort's retrospective (reached from
each cohort's edit page), and each one's page with its entries, why it may not be
published yet, the PDF and the link to write it. The text is written on the site's page
through the services only, so the admin offers no form of its own."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cohorts.retrospectives import selectors, services
from cohorts.retrospectives.models import Retrospective
from learning.admin_base import ServiceOwnedPolicy

register_permission_policy(
    Retrospective,
    ServiceOwnedPolicy(Retrospective, refused={"add", "change", "delete"}),
    exact_class=True,
)


class RetrospectiveIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.retrospectives_for_admin()


class RetrospectiveInspectView(generic.InspectView):
    template_name = "retrospectives/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        retrospective = selectors.retrospective_of(self.object.cohort)
        context["entries"] = selectors.entries_by_kind(retrospective)
        context["page_url"] = reverse("retrospectives:page", args=[retrospective.cohort.slug])
        context["pdf_url"] = reverse("retrospectives:pdf", args=[retrospective.cohort.slug])
        refusal = (
            services.retrospective_publish_check(
                retrospective=retrospective, actor=self.request.user
            )
            if retrospective.status == Retrospective.Status.DRAFT
            else None
        )
        context["publish_refusal"] = " ".join(getattr(refusal, "messages", [])) if refusal else ""
        return context


class RetrospectiveViewSet(ModelViewSet):
    model = Retrospective
    icon = "list-ul"
    url_namespace = "retrospectives_retrospective"
    url_prefix = "cohorts/retrospectives"
    menu_label = gettext_lazy("Retrospectives")
    add_to_admin_menu = True
    menu_order = 260
    index_view_class = RetrospectiveIndexView
    inspect_view_class = RetrospectiveInspectView
    inspect_view_enabled = True
    list_display = [
        "cohort",
        Column("program", label=gettext_lazy("Program"), accessor="cohort.program"),
        "status",
        "language",
        "revision",
        "published_at",
    ]
    list_filter = ["cohort", "status"]
    inspect_view_fields = ["cohort", "status", "language", "revision", "summary", "published_at"]
    # Never offered (the policy refuses add and change); the text is written on the site.
    form_fields = ["language"]
    copy_view_enabled = False
    search_fields = ["cohort__name", "summary"]
    search_backend_name = None
