"""Memberships in the admin: a snippet list for its bulk actions (approve, remove, set
role), role changes through the service, and adding by rule.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts import services
from cohorts.forms import (
    ReasonForm,
    SetRoleForm,
)
from cohorts.models import (
    Membership,
)
from learning.admin_base import PlainListingMixin, ServiceBulkActionMixin
from learning.forms import add_service_errors


class MembershipFilterSet(WagtailFilterSet):
    class Meta:
        model = Membership
        fields = ["cohort", "role", "status"]


class MembershipEditView(SnippetEditView):
    """Only the role (and a helper's duty) is edited here, through the service."""

    def _refused(self, form):
        # The service refused after the form validated: show its reasons on the form.
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def form_valid(self, form):
        try:
            services.membership_set_role(
                membership=Membership.objects.get(pk=self.object.pk),
                role=form.cleaned_data["role"],
                helper_duty=form.cleaned_data.get("helper_duty", ""),
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self._refused(form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self._refused(form)
        self.object = Membership.objects.get(pk=self.object.pk)
        return self.save_action()


class MembershipIndexView(PlainListingMixin, SnippetViewSet.index_view_class):
    """Plain cells and pages read ids first (``PlainListingMixin``): the list's order
    (cohort, joined the list at, id) is served per cohort by ``membership_admin_order``."""

    def get_base_queryset(self):
        return Membership.objects.select_related("user__profile", "cohort")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("cohorts.add_membership"):
            buttons.append(
                HeaderButton(
                    _("Add members by rule"),
                    url=reverse("cohorts_memberships_add_by_rule"),
                    icon_name="user",
                )
            )
        return buttons


class MembershipChooserViewSet(SnippetChooserViewSet):
    # Wagtail's ChooserViewSet translates its default texts once, at start-up (English).
    choose_one_text = gettext_lazy("Choose")
    choose_another_text = gettext_lazy("Choose another")
    edit_item_text = gettext_lazy("Edit")


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = gettext_lazy("Memberships")
    index_view_class = MembershipIndexView
    chooser_viewset_class = MembershipChooserViewSet
    edit_view_class = MembershipEditView
    filterset_class = MembershipFilterSet
    list_display = ["__str__", "role", "status", "wave", "joined_at"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList([FieldPanel("role"), FieldPanel("helper_duty")])

    @property
    def breadcrumbs_items(self):
        # Wagtail's snippet breadcrumbs are translated once, at start-up, in English; a
        # lazy label follows each viewer's language. Memberships sit in the Cohorts menu,
        # so there is no "Snippets" step.
        return [{"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")}]


class MembershipBulkAction(ServiceBulkActionMixin, SnippetBulkAction):
    """A bulk action on memberships: each one goes through the service, refusals listed."""

    models = [Membership]
    template_name = "cohorts/admin/membership_bulk.html"
    form_class = ReasonForm
    service_label = ""

    def check_perm(self, obj):
        return self.request.user.has_perm("cohorts.change_membership")

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(Membership.objects.filter(pk__in=object_ids).select_related("cohort", "user"))

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(action)s: %(count)d memberships.") % {
            "action": self.display_name,
            "count": num_parent_objects,
        }


class ApproveBulkAction(MembershipBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected requests")
    action_priority = 10

    @classmethod
    def run(cls, membership, *, actor, options):
        services.membership_approve(membership=membership, actor=actor, reason=options["reason"])


class RemoveBulkAction(MembershipBulkAction):
    display_name = pgettext_lazy("take a member out of a cohort", "Remove")
    action_type = "remove"
    aria_label = gettext_lazy("Remove the selected members")
    action_priority = 20
    classes = {"serious"}

    @classmethod
    def run(cls, membership, *, actor, options):
        services.membership_remove(membership=membership, actor=actor, reason=options["reason"])


class SetRoleBulkAction(MembershipBulkAction):
    display_name = gettext_lazy("Set role")
    action_type = "set_role"
    aria_label = gettext_lazy("Give the selected members a role")
    action_priority = 30
    form_class = SetRoleForm

    @classmethod
    def run(cls, membership, *, actor, options):
        services.membership_set_role(
            membership=membership,
            role=options["role"],
            helper_duty=options["helper_duty"],
            actor=actor,
        )
