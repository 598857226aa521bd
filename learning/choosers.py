"""The employee chooser: pick one person out of thousands in a searchable, paged modal.

A plain <select> of the directory renders every employee on every form (ten thousand
options, and a query for all of them); the chooser loads one page of people at a time.
"""

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from learning import selectors
from learning.models import EmployeeProfile, User

# Whoever may see the employee list may pick from it: the same rule as the listing's.
DIRECTORY_PERMISSIONS = ["add", "change", "delete", "view"]


class EmployeeSearchForm(BaseFilterForm):
    """Searches the table itself: imports write in bulk and skip the search index."""

    # How a listed row reaches its directory entry ("" when the rows are the entries).
    profile_path = ""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, employee id or e-mail")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            at = self.profile_path
            objects = objects.filter(
                Q(**{f"{at}full_name__icontains": query})
                | Q(**{f"{at}employee_id__icontains": query})
                | Q(**{f"{at}email__icontains": query})
                | Q(**{f"{at}title__icontains": query})
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
            Column("job_title", label=pgettext_lazy("job", "Title"), accessor="title"),
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


# --- People (accounts) -----------------------------------------------------------------
# Fields that name a person as an account (an approver, the owner of group rules) pick
# them here: by name, title and department, so two people of the same name can be told
# apart, and never by a login name.


class PersonSearchForm(EmployeeSearchForm):
    profile_path = "profile__"


class PersonListingMixin(PermissionCheckedMixin):
    """Any admin user may pick a colleague: names, titles and departments are the
    directory's open facts."""

    permission_policy = None
    filter_form_class = PersonSearchForm

    def user_has_permission(self, permission):
        return self.request.user.has_perm("wagtailadmin.access_admin")

    def get_object_list(self):
        return (
            User.objects.filter(is_active=True, profile__is_active=True)
            .select_related("profile__department", "profile__subsidiary")
            .order_by("profile__full_name", "pk")
        )

    def get_display_title(self, instance):
        return str(instance)

    @property
    def columns(self):
        label = capfirst(EmployeeProfile._meta.get_field("full_name").verbose_name)
        if self.is_multiple_choice:
            # Several people at once (the enforcers): the name labels the row's checkbox.
            name = TitleColumn(
                "name", label=label, accessor=str, label_prefix="chooser-modal-select"
            )
        else:
            name = TitleColumn(
                "name",
                label=label,
                accessor=str,
                get_url=lambda user: self.append_preserved_url_parameters(
                    reverse(self.chosen_url_name, args=(quote(user.pk),))
                ),
                link_attrs={"data-chooser-modal-choice": True},
            )
        return [
            name,
            Column("job_title", label=pgettext_lazy("job", "Title"), accessor="profile.title"),
            Column("department", label=_("Department"), accessor="profile.department"),
            Column("subsidiary", label=_("Subsidiary"), accessor="profile.subsidiary"),
        ]


class PersonChooseView(PersonListingMixin, chooser_views.ChooseView):
    pass


class PersonChooseResultsView(PersonListingMixin, chooser_views.ChooseResultsView):
    pass


class PersonChosenView(PersonListingMixin, chooser_views.ChosenView):
    pass


class PersonChosenMultipleView(PersonListingMixin, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return self.get_object_list().filter(pk__in=[pk for pk in pks if str(pk).isdigit()])


class PersonChooserWidget(BaseChooser):
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    show_edit_link = False
    model = User

    def get_display_title(self, instance):
        return str(instance)


class PersonChooserViewSet(ChooserViewSet):
    model = User
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    per_page = 25
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView
    chosen_multiple_view_class = PersonChosenMultipleView
    base_widget_class = PersonChooserWidget
    register_widget = False


person_chooser_viewset = PersonChooserViewSet("person_chooser", url_prefix="people/person-chooser")
