"""Cohorts in the Wagtail admin and in the site shell.

The "Cohorts" admin menu: cohorts (with status buttons and health warnings), sub-groups
(with generation from the directory), memberships (bulk approve / remove / set role, add
by rule), entry rules, group rules, the reports queue and the audit log. Every change that
matters goes through ``cohorts.services`` so the audit log stays complete; lists that the
services own (memberships, reports, the log) cannot be edited as plain rows.

For the site shell: a "My cohorts" link and a home-page panel, through the hooks of
``learning.registry``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts import admin_views, pages_selectors, selectors, services
from cohorts import jobs as cohorts_jobs
from cohorts.forms import (
    CharterVersionForm,
    EntryRuleForm,
    ReasonForm,
    ServiceSavedForm,
    SetRoleForm,
    SubGroupForm,
    add_service_errors,
)
from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
    Membership,
    MembershipEvent,
    ProgramPage,
    Report,
    SubGroup,
)
from learning.registry import NavItem

# --- Permission policies ---------------------------------------------------------------


class ServiceOwnedPolicy(ModelPermissionPolicy):
    """Rows written only by services: the admin may look, and act through buttons."""

    refused = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)


class MembershipPolicy(ServiceOwnedPolicy):
    # Roles change through the edit form (which calls the service); people are added by
    # rule or by invitation, and removed (never deleted) so the audit log keeps them.
    refused = frozenset({"add", "delete"})


class CharterVersionPolicy(ServiceOwnedPolicy):
    # New versions are written through a form that calls ``charter_draft``; a version in
    # force is never edited, a new one is published instead.
    refused = frozenset({"change", "delete"})


register_permission_policy(Membership, MembershipPolicy(Membership), exact_class=True)
register_permission_policy(CharterVersion, CharterVersionPolicy(CharterVersion), exact_class=True)
register_permission_policy(Report, ServiceOwnedPolicy(Report), exact_class=True)
register_permission_policy(MembershipEvent, ServiceOwnedPolicy(MembershipEvent), exact_class=True)


# --- Saving through the services ------------------------------------------------------


class ServiceSaveMixin:
    """Create and edit views whose ``save_instance`` calls a service.

    Wagtail's own save would run the model form and log to the history; here the service
    validates, saves and logs (to the cohort's audit log and to Wagtail's history, once),
    so the admin, the API and code behave the same. A refusal goes back on the form, the
    transaction rolls back and nothing is saved.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do that."))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def service_fields(self, names) -> dict:
        """The form's cleaned values of the fields the service takes."""
        data = self.form.cleaned_data
        return {name: data[name] for name in names if name in data}


# --- Cohorts ---------------------------------------------------------------------------


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
                (_("Reports"), reverse("cohorts_report:index") + f"?cohort={cohort.pk}"),
                (_("Audit log"), reverse("cohorts_event:index") + f"?cohort={cohort.pk}"),
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
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                    FieldPanel("time_zone"),
                    FieldRowPanel([FieldPanel("session_start"), FieldPanel("session_end")]),
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


# --- Sub-groups ------------------------------------------------------------------------


class SubGroupIndexView(generic.IndexView):
    def get_base_queryset(self):
        return pages_selectors.subgroups_for_admin()

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("cohorts.add_subgroup"):
            buttons.append(
                HeaderButton(
                    _("Generate from the directory"),
                    url=reverse("cohorts_subgroups_generate"),
                    icon_name="group",
                )
            )
        return buttons


class SubGroupCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return services.subgroup_create(
            cohort=self.form.cleaned_data["cohort"],
            actor=self.request.user,
            **self.service_fields(services.SUBGROUP_FIELDS),
        )


class SubGroupEditView(ServiceSaveMixin, generic.EditView):
    def save_instance(self):
        return services.subgroup_update(
            subgroup=self.object,
            actor=self.request.user,
            changes=self.service_fields(services.SUBGROUP_FIELDS),
        )


class SubGroupViewSet(ModelViewSet):
    model = SubGroup
    icon = "folder-inverse"
    url_namespace = "cohorts_subgroup"
    url_prefix = "cohorts/subgroups"
    menu_label = gettext_lazy("Sub-groups")
    index_view_class = SubGroupIndexView
    add_view_class = SubGroupCreateView
    edit_view_class = SubGroupEditView
    list_display = [
        "name",
        "cohort",
        "dimension",
        Column("member_count", label=gettext_lazy("Members"), sort_key="member_count"),
        "hidden_from_non_eligible",
        "opens_at",
    ]
    list_filter = ["cohort", "dimension", "hidden_from_non_eligible"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("dimension"),
                    FieldPanel("level"),
                    FieldPanel("region"),
                    FieldPanel("subsidiary"),
                    FieldPanel("project_team"),
                    FieldRowPanel([FieldPanel("custom_key"), FieldPanel("custom_value")]),
                ],
                heading=gettext_lazy("Cut by"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("hidden_from_non_eligible"),
                    FieldPanel("opens_at"),
                    FieldPanel("capacity"),
                ],
                heading=gettext_lazy("Opening"),
            ),
        ],
        base_form_class=SubGroupForm,
    )


# --- Entry rules -----------------------------------------------------------------------


class EntryRuleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return EntryRule.objects.select_related("cohort", "subgroup__cohort")


class EntryRuleSaveMixin(ServiceSaveMixin):
    """Creating and editing both set the target's one rule through ``entry_rule_set``."""

    def save_instance(self):
        return services.entry_rule_set(
            actor=self.request.user,
            **self.service_fields(["cohort", "subgroup", *services.ENTRY_RULE_FIELDS]),
            **self.service_fields(["regions", "subsidiaries", "departments", "project_teams"]),
        )


class EntryRuleCreateView(EntryRuleSaveMixin, generic.CreateView):
    pass


class EntryRuleEditView(EntryRuleSaveMixin, generic.EditView):
    pass


class EntryRuleViewSet(ModelViewSet):
    model = EntryRule
    icon = "key"
    url_namespace = "cohorts_entryrule"
    url_prefix = "cohorts/entry-rules"
    menu_label = gettext_lazy("Entry rules")
    index_view_class = EntryRuleIndexView
    add_view_class = EntryRuleCreateView
    edit_view_class = EntryRuleEditView
    list_display = ["__str__", "invitation_only", "approval_required", "approver"]
    list_filter = ["cohort", "invitation_only", "approval_required"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("cohort"), FieldPanel("subgroup")],
                heading=gettext_lazy("Rule for (choose one)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("min_level"), FieldPanel("max_level")]),
                    FieldPanel("regions"),
                    FieldPanel("subsidiaries"),
                    FieldPanel("departments"),
                    FieldPanel("project_teams"),
                    FieldRowPanel([FieldPanel("hired_after"), FieldPanel("hired_before")]),
                ],
                heading=gettext_lazy("Who may join"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("invitation_only"),
                    FieldPanel("approval_required"),
                    FieldPanel("approver"),
                    FieldPanel("approver_user"),
                ],
                heading=gettext_lazy("Invitation and approval"),
            ),
        ],
        base_form_class=EntryRuleForm,
    )


# --- Memberships (a snippet, for bulk actions) -----------------------------------------


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


class MembershipIndexView(SnippetViewSet.index_view_class):
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


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = gettext_lazy("Memberships")
    index_view_class = MembershipIndexView
    edit_view_class = MembershipEditView
    filterset_class = MembershipFilterSet
    list_display = ["__str__", "role", "status", "wave", "joined_at"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList([FieldPanel("role"), FieldPanel("helper_duty")])


class MembershipBulkAction(SnippetBulkAction):
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

    def get_execution_context(self):
        return {
            "actor": self.request.user,
            "options": self.cleaned_form.cleaned_data,
            "request": self.request,
        }

    @classmethod
    def run(cls, membership, *, actor, options):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, *, actor, options, request, **kwargs):
        done = 0
        for membership in objects:
            try:
                cls.run(membership, actor=actor, options=options)
            except (ValidationError, PermissionDenied) as error:
                reason = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                messages.error(request, f"{membership}: {reason}")
            else:
                done += 1
        return done, 0

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
    display_name = gettext_lazy("Remove")
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


for _action in (ApproveBulkAction, RemoveBulkAction, SetRoleBulkAction):
    hooks.register("register_bulk_action", _action)


# --- Group rules -----------------------------------------------------------------------


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
            **self.service_fields(["body", "owner", "enforcers", "cohort", "subgroup"]),
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
            FieldPanel("owner"),
            FieldPanel("enforcers"),
        ],
        base_form_class=CharterVersionForm,
    )


# --- Reports and the audit log ---------------------------------------------------------


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
    menu_label = gettext_lazy("Reports")
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


class CohortsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Cohorts")
    menu_icon = "group"
    menu_order = 200
    items = (
        CohortViewSet,
        SubGroupViewSet,
        MembershipViewSet,
        EntryRuleViewSet,
        CharterVersionViewSet,
        ReportViewSet,
        EventViewSet,
    )


@hooks.register("register_admin_viewset")
def register_cohorts():
    return CohortsGroup()


@hooks.register("register_admin_urls")
def register_cohort_admin_urls():
    return [
        path(
            "cohorts/cohorts/<int:pk>/transition/",
            admin_views.cohort_transition,
            name="cohorts_cohort_transition",
        ),
        path(
            "cohorts/subgroups/generate/",
            admin_views.subgroups_generate,
            name="cohorts_subgroups_generate",
        ),
        path(
            "cohorts/memberships/add-by-rule/",
            admin_views.memberships_add_by_rule,
            name="cohorts_memberships_add_by_rule",
        ),
        path(
            "cohorts/rules/<int:pk>/publish/",
            admin_views.charter_publish,
            name="cohorts_charter_publish",
        ),
        path(
            "cohorts/reports/<int:pk>/decide/",
            admin_views.report_decide,
            name="cohorts_report_decide",
        ),
    ]


# --- Dashboard -------------------------------------------------------------------------


class CohortsAttentionPanel(Component):
    """Cohorts above 200 members with no operations team, on the admin's home page."""

    name = "cohorts_attention"
    order = 90
    template_name = "cohorts/admin/attention_panel.html"

    def __init__(self, cohorts):
        self.cohorts = cohorts

    def get_context_data(self, parent_context):
        return {"cohorts": self.cohorts}


@hooks.register("construct_homepage_panels")
def add_cohorts_attention_panel(request, panels):
    if not request.user.has_perm("cohorts.change_cohort"):
        return
    cohorts = list(pages_selectors.cohorts_needing_attention()[:20])
    if cohorts:
        panels.append(CohortsAttentionPanel(cohorts))


# --- Site shell ------------------------------------------------------------------------


@hooks.register("guild_nav_items")
def cohorts_nav_item(request):
    if not request.user.is_authenticated:
        return []
    return [NavItem(label=_("My cohorts"), url=reverse("cohorts:mine"), icon="group", order=20)]


@hooks.register("guild_home_panels")
def cohorts_home_panel(request):
    if not request.user.is_authenticated:
        return []
    memberships = list(selectors.my_cohorts(user=request.user)[:5])
    return [
        render_to_string("cohorts/home_panel.html", {"memberships": memberships}, request=request)
    ]


# --- Demo data (cohorts.demo) -----------------------------------------------------------


@hooks.register("guild_seed_demo")
def cohorts_seed_demo(*, company, stdout):
    from cohorts.demo import cohorts_demo_seed

    cohorts_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_job_handlers")
def register_job_handlers():
    return cohorts_jobs.HANDLERS
