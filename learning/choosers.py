"""The employee chooser: pick one person out of thousands in a searchable, paged modal.

A plain <select> of the directory renders every employee on every form (ten thousand
options, and a query for all of them); the chooser loads one page of people at a time.
"""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.chooser import ChooserViewSet

from learning import selectors
from learning.models import EmployeeProfile

# Whoever may see the employee list may pick from it: the same rule as the listing's.
DIRECTORY_PERMISSIONS = ["add", "change", "delete", "view"]


class EmployeeSearchForm(BaseFilterForm):
    """Searches the table itself: imports write in bulk and skip the search index."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, employee id or e-mail")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = objects.filter(
                Q(full_name__icontains=query)
                | Q(employee_id__icontains=query)
                | Q(email__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class EmployeeListingMixin(PermissionCheckedMixin):
    """What the modal and its search results share: who may look, what rows show."""

    any_permission_required = DIRECTORY_PERMISSIONS
    filter_form_class = EmployeeSearchForm

    def get_object_list(self):
        # The level and subsidiary columns are joined in, so a page costs one query.
        return selectors.employee_directory().active()

    @property
    def columns(self):
        # Wagtail heads the link column "Title", which here would read as the job title.
        name = self.title_column
        name.label = capfirst(EmployeeProfile._meta.get_field("full_name").verbose_name)
        return [
            name,
            Column("job_title", label=_("Title"), accessor="title"),
            Column("level", label=_("Level")),
            Column("subsidiary", label=_("Subsidiary")),
        ]


class EmployeeChooseView(EmployeeListingMixin, chooser_views.ChooseView):
    pass


class EmployeeChooseResultsView(EmployeeListingMixin, chooser_views.ChooseResultsView):
    pass


class EmployeeChosenView(PermissionCheckedMixin, chooser_views.ChosenView):
    any_permission_required = DIRECTORY_PERMISSIONS


class EmployeeChosenMultipleView(PermissionCheckedMixin, chooser_views.ChosenMultipleView):
    any_permission_required = DIRECTORY_PERMISSIONS


class EmployeeChooserViewSet(ChooserViewSet):
    model = EmployeeProfile
    icon = "user"
    choose_one_text = _("Choose an employee")
    choose_another_text = _("Choose another employee")
    edit_item_text = _("Edit this employee")
    per_page = 25
    choose_view_class = EmployeeChooseView
    choose_results_view_class = EmployeeChooseResultsView
    chosen_view_class = EmployeeChosenView
    chosen_multiple_view_class = EmployeeChosenMultipleView
    # Only the forms that ask for it get the chooser; other apps' forms keep their widgets.
    register_widget = False


employee_chooser_viewset = EmployeeChooserViewSet(
    "employee_chooser", url_prefix="people/employee-chooser"
)
