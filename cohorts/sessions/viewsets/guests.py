"""Guests in the admin: the guest list (added through ``guest_create``), a chooser to
invite one, and the pipeline by tier with the unfilled slots and newcomer suggestions."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.forms import ServiceSavedForm
from cohorts.sessions import admin_views, services
from cohorts.sessions.admin_access import organizes_a_cohort
from cohorts.sessions.admin_display import guest_works_at
from cohorts.sessions.models import Guest
from learning.admin_base import ServiceSaveMixin
from learning.choosers import employee_chooser_viewset

GUEST_FIELDS = ("tier", "employee", "name", "organization", "job_title", "email", "bio", "note")


class GuestIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Guest.objects.select_related("employee")


class GuestCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return services.guest_create(actor=self.request.user, **self.service_fields(GUEST_FIELDS))


class GuestEditView(ServiceSaveMixin, generic.EditView):
    def save_instance(self):
        return services.guest_update(
            guest=self.object, actor=self.request.user, changes=self.service_fields(GUEST_FIELDS)
        )


class GuestViewSet(ModelViewSet):
    model = Guest
    icon = "user"
    url_namespace = "guest_sessions_guest"
    url_prefix = "cohorts/guests"
    menu_label = gettext_lazy("Guests")
    index_view_class = GuestIndexView
    add_view_class = GuestCreateView
    edit_view_class = GuestEditView
    list_display = [
        Column(
            "display_name",
            label=pgettext_lazy("a person's", "name"),
            accessor="display_name",
            sort_key="name",
        ),
        "tier",
        Column("works_at", label=gettext_lazy("Works as"), accessor=guest_works_at),
        "email",
    ]
    list_filter = ["tier"]
    list_per_page = 50
    search_fields = ["name", "organization", "employee__full_name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["tier", "employee", *GUEST_FIELDS[2:], "created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("tier"),
            FieldPanel("employee", widget=employee_chooser_viewset.widget_class),
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("job_title"), FieldPanel("organization")]),
                    FieldPanel("email"),
                ],
                heading=gettext_lazy("A guest from outside the company"),
            ),
            FieldPanel("bio"),
            FieldPanel("note"),
        ],
        base_form_class=ServiceSavedForm,
    )


class GuestChooserViewSet(ChooserViewSet):
    model = Guest
    icon = "user"
    choose_one_text = gettext_lazy("Choose a guest")
    choose_another_text = gettext_lazy("Choose another guest")
    per_page = 25
    register_widget = False


guest_chooser_viewset = GuestChooserViewSet(
    "guest_sessions_guest_chooser", url_prefix="cohorts/guest-chooser"
)


class PipelineMenuItem(MenuItem):
    def is_shown(self, request):
        return organizes_a_cohort(request.user)


class GuestPipelineViewSet(ViewSet):
    """The pipeline as an entry of the Cohorts menu (its view is in ``admin_views``)."""

    icon = "list-ol"
    name = "guest_sessions_pipeline"
    url_prefix = "cohorts/guest-pipeline"
    menu_label = gettext_lazy("Guest pipeline")
    menu_item_class = PipelineMenuItem

    def get_urlpatterns(self):
        return [path("", admin_views.guest_pipeline, name="index")]
