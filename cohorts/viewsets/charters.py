"""Group rules in the admin: new versions drafted through the service, then published."""

from __future__ import annotations

import django_filters
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts import services
from cohorts.forms import (
    CharterVersionForm,
)
from cohorts.models import (
    CharterVersion,
    Cohort,
)
from learning.admin_base import ServiceSaveMixin
from learning.choosers import person_chooser_viewset


class CharterVersionFilterSet(WagtailFilterSet):
    charter__cohort = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cohort"), queryset=Cohort.objects.all()
    )

    class Meta:
        model = CharterVersion
        fields = []


class CharterVersionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return CharterVersion.objects.select_related(
            "charter__cohort", "charter__subgroup__cohort", "owner__profile"
        )


class CharterVersionCreateView(ServiceSaveMixin, generic.CreateView):
    """Writing a version goes through ``charter_draft`` (numbering, the charter row)."""

    def save_instance(self):
        return services.charter_draft(
            actor=self.request.user,
            enforcers=self.form.chosen_enforcers(),
            **self.service_fields(["body", "owner", "cohort", "subgroup"]),
        )

    def get_success_url(self):
        return reverse("cohorts_charterversion:inspect", args=[self.object.pk])

    def get_edit_url(self):
        return self.get_success_url()


class CharterVersionInspectView(generic.InspectView):
    template_name = "cohorts/admin/charter_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["publish_url"] = reverse("cohorts_charter_publish", args=[self.object.pk])
        return context

    # Rules are read as written: numbered lines and paragraphs keep their breaks, and
    # people are named as the directory names them.
    def get_body_display_value(self):
        return linebreaks_filter(self.object.body, autoescape=True)

    def get_owner_display_value(self):
        return str(self.object.owner) if self.object.owner_id else "-"

    def get_enforcers_display_value(self):
        return ", ".join(str(user) for user in self.object.enforcers.all()) or "-"


class CharterVersionViewSet(ModelViewSet):
    model = CharterVersion
    icon = "doc-full"
    url_namespace = "cohorts_charterversion"
    url_prefix = "cohorts/rules"
    menu_label = gettext_lazy("Group rules")
    index_view_class = CharterVersionIndexView
    add_view_class = CharterVersionCreateView
    inspect_view_class = CharterVersionInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["charter", "number", "body", "owner", "enforcers", "published_at"]
    filterset_class = CharterVersionFilterSet
    list_display = ["__str__", "owner", "published_at", "created_at"]
    copy_view_enabled = False

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("cohort"), FieldPanel("subgroup")],
                heading=gettext_lazy("Rules of (choose one)"),
            ),
            FieldPanel("body"),
            FieldPanel("owner", widget=person_chooser_viewset.widget_class),
            MultipleChooserPanel(
                "enforcer_rows",
                chooser_field_name="user",
                heading=gettext_lazy("Enforced by"),
                label=gettext_lazy("Enforcer"),
                panels=[FieldPanel("user", widget=person_chooser_viewset.widget_class)],
            ),
        ],
        base_form_class=CharterVersionForm,
    )
