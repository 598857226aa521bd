"""Cohorts in the admin: the list with health warnings, create and edit through the
services, and the status buttons.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.slug import SlugInput

from cohorts import pages_selectors, selectors, services
from cohorts.forms import (
    ServiceSavedForm,
)
from cohorts.models import (
    Cohort,
    ProgramPage,
)
from learning.admin_base import ServiceSaveMixin


class CohortFilterSet(WagtailFilterSet):
    program__kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind of program"), choices=ProgramPage.Kind.choices
    )

    class Meta:
        model = Cohort
        fields = ["status", "program"]


class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Program and member count are columns: one query for the whole page.
        return pages_selectors.cohorts_for_admin()

    def get_list_more_buttons(self, instance):
        # The cohort's health dashboard (cohorts.health), from its row of the listing.
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                pgettext("a button", "Health"),
                url=reverse("health_cohort", args=[instance.pk]),
                icon_name="view",
                priority=5,
            ),
        ]


class CohortCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return services.cohort_create(
            actor=self.request.user, **self.service_fields(services.COHORT_FIELDS)
        )


class CohortEditView(ServiceSaveMixin, generic.EditView):
    template_name = "cohorts/admin/cohort_edit.html"

    def save_instance(self):
        return services.cohort_update(
            cohort=self.object,
            actor=self.request.user,
            changes=self.service_fields(services.COHORT_FIELDS),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cohort = self.object
        context.update(
            warnings=selectors.cohort_health_warnings(cohort),
            transitions=[
                (status, Cohort.Status(status).label)
                for status in services.cohort_allowed_transitions(cohort)
            ],
            transition_url=reverse("cohorts_cohort_transition", args=[cohort.pk]),
            related_links=[
                (_("Sub-groups"), reverse("cohorts_subgroup:index") + f"?cohort={cohort.pk}"),
                (
                    _("Memberships"),
                    reverse("wagtailsnippets_cohorts_membership:list") + f"?cohort={cohort.pk}",
                ),
                (_("Entry rule"), reverse("cohorts_entryrule:index") + f"?cohort={cohort.pk}"),
                (
                    _("Group rules"),
                    reverse("cohorts_charterversion:index") + f"?charter__cohort={cohort.pk}",
                ),
                (
                    pgettext("reports of misconduct", "Reports"),
                    reverse("cohorts_report:index") + f"?cohort={cohort.pk}",
                ),
                (_("Audit log"), reverse("cohorts_event:index") + f"?cohort={cohort.pk}"),
                (
                    _("Retrospective"),
                    reverse("retrospectives_retrospective:index") + f"?cohort={cohort.pk}",
                ),
                (_("Member page"), reverse("cohorts:home", args=[cohort.slug])),
            ],
        )
        return context


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    url_namespace = "cohorts_cohort"
    url_prefix = "cohorts/cohorts"
    menu_label = gettext_lazy("Cohorts")
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    filterset_class = CohortFilterSet
    list_display = [
        "name",
        "program",
        "status",
        "start_date",
        "end_date",
        Column("member_count", label=gettext_lazy("Members"), sort_key="member_count"),
    ]
    list_per_page = 50
    search_fields = ["name", "slug", "program__title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            # A short list of programs: a drop-down beats the page chooser's tree here.
            FieldPanel("program", widget=forms.Select),
            # The slug follows the name as HR types it (Wagtail's own title-to-slug sync).
            TitleFieldPanel("name", placeholder=False),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                    FieldPanel("time_zone"),
                    FieldRowPanel([FieldPanel("session_start"), FieldPanel("session_end")]),
                    FieldRowPanel(
                        [
                            FieldPanel("announce_days_before"),
                            FieldPanel("reminder_minutes_before"),
                        ]
                    ),
                ],
                heading=gettext_lazy("Dates and nightly sessions"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("capacity"),
                    FieldPanel("group_wide"),
                    FieldPanel("subsidiaries", widget=forms.CheckboxSelectMultiple),
                ],
                heading=gettext_lazy("Who takes part"),
            ),
        ],
        base_form_class=ServiceSavedForm,
    )
