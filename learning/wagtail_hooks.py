"""The "People" menu of the Wagtail admin: the directory, its org units, the import and
invitations to activate accounts."""

import django_filters
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.fields import register_display_class
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from learning import admin_views, selectors, services
from learning.account_names import account_names_sync
from learning.accounts import invitations
from learning.admin_base import PlainListingMixin, RecordDisplay
from learning.choosers import employee_chooser_viewset, person_chooser_viewset
from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)
from learning.spreadsheet_exports import FormulaSafeExportViewSetMixin

register_display_class(models.JSONField, display_class=RecordDisplay)


class EmployeeProfileForm(WagtailAdminModelForm):
    """Checks the admin form adds to the model's own: a free username, no management loop."""

    def clean(self):
        cleaned = super().clean()
        employee_id = cleaned.get("employee_id")
        if (
            not self.instance.pk
            and employee_id
            and get_user_model().objects.filter(username=employee_id.lower()).exists()
        ):
            self.add_error(
                "employee_id",
                _("An account named %(name)s already exists.") % {"name": employee_id.lower()},
            )
        manager = cleaned.get("manager")
        if manager is not None and self.instance.pk and self.instance.pk in _chain_above(manager):
            self.add_error("manager", _("This would put the person above themselves."))
        return cleaned


def _chain_above(profile: EmployeeProfile) -> set[int]:
    """Primary keys of ``profile`` and everyone above it (stops at the first repeat)."""
    seen: set[int] = set()
    current = profile
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        current = current.manager
    return seen


class EmployeeFilterSet(WagtailFilterSet):
    """The directory's filters, with the level and org-unit choices read in one query
    (``selectors.directory_lookup_choices``) instead of one query per table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.directory_lookup_choices()
        for field, model_field_choices in choices.items():
            self.filters[field] = django_filters.ChoiceFilter(
                field_name=f"{field}_id",
                label=capfirst(EmployeeProfile._meta.get_field(field).verbose_name),
                choices=model_field_choices,
            )


class EmployeeIndexView(PlainListingMixin, generic.IndexView):
    template_name = "learning/admin/employee_index.html"
    default_ordering = "full_name"
    base_filterset_class = EmployeeFilterSet
    title_id_prefix = "employee"
    # Sorted by name, the listing walks the directory's (full_name, employee_id) index.
    tie_breaker = "employee_id"

    def get_base_queryset(self):
        # The columns show level, units and manager: join them so a page costs one query.
        return selectors.employee_directory()

    @cached_property
    def columns(self):
        # A checkbox per row for the bulk actions (inviting a selection).
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="employee"), *super().columns]


class EmployeeCreateView(generic.CreateView):
    def save_instance(self):
        # Everyone in the directory signs in as someone: give the new person an account.
        with transaction.atomic():
            self.form.instance.user = services.employee_account_create(
                employee_id=self.form.instance.employee_id, email=self.form.instance.email
            )
            instance = super().save_instance()
            account_names_sync(profiles=[instance])
            return instance


class EmployeeEditView(generic.EditView):
    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            account_names_sync(profiles=[instance])
            return instance

    @cached_property
    def header_buttons(self):
        if not invitations.invitation_permitted(self.request.user):
            return []
        return [
            HeaderButton(
                pgettext("button", "Invite to Guild"),
                url=reverse("learning_employee_invite", args=[self.object.pk]),
                icon_name="mail",
                attrs={"data-testid": "employee-invite-button"},
            )
        ]


# A <select> of the whole directory is unusable at thousands of people: pick the manager
# in the searchable chooser instead.
EMPLOYEE_PANELS = [
    FieldPanel("manager", widget=employee_chooser_viewset.widget_class)
    if getattr(panel, "field_name", None) == "manager"
    else panel
    for panel in EmployeeProfile.panels
]


class EmployeeViewSet(FormulaSafeExportViewSetMixin, ModelViewSet):
    model = EmployeeProfile
    name = "employees"
    url_namespace = "learning_employees"
    url_prefix = "people/employees"
    icon = "user"
    index_view_class = EmployeeIndexView
    add_view_class = EmployeeCreateView
    edit_view_class = EmployeeEditView
    list_display = [
        "full_name",
        "employee_id",
        "title",
        "level",
        "region",
        "subsidiary",
        "department",
        "manager",
        "hire_date",
    ]
    list_filter = [
        "level",
        "region",
        "subsidiary",
        "department",
        "project_team",
        "is_active",
        "hire_date",
    ]
    list_export = [*list_display, "email", "project_team", "is_active"]
    # Imports write in bulk and skip the search index, so search the table itself.
    search_fields = ["full_name", "employee_id", "email"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList(EMPLOYEE_PANELS, base_form_class=EmployeeProfileForm)


class LevelViewSet(ModelViewSet):
    model = Level
    name = "levels"
    url_namespace = "learning_levels"
    url_prefix = "people/levels"
    icon = "order"
    # The name in the viewer's language (``TranslatedName``); the working name is edited.
    list_display = ["__str__", "code", "rank"]
    form_fields = ["name", "name_translations", "code", "rank"]
    search_fields = ["name", "code"]
    search_backend_name = None
    copy_view_enabled = False


def org_unit_viewset(
    model, *, name: str, icon: str, extra_fields: tuple[str, ...] = ()
) -> ModelViewSet:
    return ModelViewSet(
        name,
        model=model,
        url_namespace=f"learning_{name}",
        url_prefix=f"people/{name}",
        icon=icon,
        list_display=["__str__", "code", *extra_fields],
        form_fields=["name", "name_translations", "code", *extra_fields],
        search_fields=["name", "code"],
        search_backend_name=None,
        copy_view_enabled=False,
    )


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return services.import_permitted(request.user)


class PeopleGroup(ViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 150
    submenu_hook = "register_people_menu_item"
    items = (
        EmployeeViewSet,
        LevelViewSet,
        org_unit_viewset(Region, name="regions", icon="site", extra_fields=("time_zone",)),
        org_unit_viewset(Subsidiary, name="subsidiaries", icon="home"),
        org_unit_viewset(Department, name="departments", icon="folder-open-inverse"),
        org_unit_viewset(ProjectTeam, name="project-teams", icon="group"),
    )


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleGroup()


@hooks.register("register_admin_viewset")
def register_employee_chooser():
    return employee_chooser_viewset


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


@hooks.register("register_people_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import employees"), reverse_lazy("learning_import_start"), icon_name="upload", order=100
    )


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("people/import/", admin_views.import_start, name="learning_import_start"),
        path(
            "people/import/<id:job_id>/",
            admin_views.import_job_detail,
            name="learning_import_job",
        ),
        path(
            "people/import/<id:job_id>/status/",
            admin_views.import_job_status,
            name="learning_import_job_status",
        ),
    ]


@hooks.register("register_admin_urls")
def register_invitation_urls():
    return [
        path(
            "people/employees/<int:pk>/invite/",
            admin_views.employee_invite,
            name="learning_employee_invite",
        ),
        path(
            "people/import/<int:job_id>/invite/",
            admin_views.import_job_invite,
            name="learning_import_job_invite",
        ),
    ]


class InviteEmployeesBulkAction(BulkAction):
    """Invite the selected people (a background job when they are many)."""

    display_name = pgettext_lazy("button", "Invite to Guild")
    action_type = "invite"
    aria_label = _("Invite the selected people to Guild")
    template_name = "learning/admin/employee_bulk_invite.html"
    models = [EmployeeProfile]
    action_priority = 10

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(model.objects.select_related("user").filter(pk__in=object_ids))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        verdict = invitations.account_invitation_send_check(
            profiles=[item["item"] for item in context["items"]], actor=self.request.user
        )
        context["verdict"] = verdict
        refused = [profile for profiles in verdict.refused.values() for profile in profiles]
        context["refusals"] = [verdict.explain(profile) for profile in refused[:50]]
        context["more_refused"] = max(0, len(refused) - 50)
        context["header_icon"] = "mail"
        return context

    def form_valid(self, form):
        objects, _no_access = self.get_actionable_objects()
        outcome = invitations.account_invitations_start(
            profile_ids=[profile.pk for profile in objects],
            actor=self.request.user,
            return_url=reverse("learning_employees:index"),
        )
        if outcome.job is not None:
            return redirect("learning_job", job_id=outcome.job.pk)
        messages.success(self.request, outcome.result.summary())
        return redirect(self.next_url)


hooks.register("register_bulk_action", InviteEmployeesBulkAction)


@hooks.register("register_admin_urls")
def register_job_urls():
    return [
        path("jobs/<id:job_id>/", admin_views.job_detail, name="learning_job"),
        path("jobs/<id:job_id>/status/", admin_views.job_status, name="learning_job_status"),
    ]


@hooks.register("guild_job_handlers")
def register_job_handlers():
    return {
        # The import, followed by invitations when the upload asks for them.
        services.EMPLOYEE_IMPORT: invitations.EMPLOYEE_IMPORT_KIND,
        invitations.INVITATION_JOB: invitations.INVITATION_JOB_KIND,
    }
