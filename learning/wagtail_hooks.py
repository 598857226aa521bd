"""The "People" menu of the Wagtail admin: the directory, its org units and the import."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from learning import admin_views, selectors, services
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


class EmployeeIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The columns show level, units and manager: join them so a page costs one query.
        return selectors.employee_directory()


class EmployeeCreateView(generic.CreateView):
    def save_instance(self):
        # Everyone in the directory signs in as someone: give the new person an account.
        with transaction.atomic():
            self.form.instance.user = services.employee_account_create(
                employee_id=self.form.instance.employee_id, email=self.form.instance.email
            )
            return super().save_instance()


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
    list_display = ["name", "code", "rank"]
    form_fields = ["name", "code", "rank"]
    search_fields = ["name", "code"]
    search_backend_name = None
    copy_view_enabled = False


def org_unit_viewset(model, *, name: str, icon: str) -> ModelViewSet:
    return ModelViewSet(
        name,
        model=model,
        url_namespace=f"learning_{name}",
        url_prefix=f"people/{name}",
        icon=icon,
        list_display=["name", "code"],
        form_fields=["name", "code"],
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
        org_unit_viewset(Region, name="regions", icon="site"),
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
def register_job_urls():
    return [
        path("jobs/<id:job_id>/", admin_views.job_detail, name="learning_job"),
        path("jobs/<id:job_id>/status/", admin_views.job_status, name="learning_job_status"),
    ]


@hooks.register("guild_job_handlers")
def register_job_handlers():
    return {services.EMPLOYEE_IMPORT: services.EMPLOYEE_IMPORT_KIND}
