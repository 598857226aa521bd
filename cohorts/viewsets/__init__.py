"""The "Cohorts" admin menu, one module of ViewSets per concern (as bakerydemo groups
its snippets): cohorts, sub-groups, memberships, entry rules, group rules, and the
reports queue with the audit log; guest sessions, their guests and pipeline
(``cohorts.sessions.viewsets``). Every change that matters goes through
``cohorts.services`` so the audit log stays complete; lists that the services own
(memberships, reports, the log) cannot be edited as plain rows.
"""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from cohorts.sessions.viewsets import GuestPipelineViewSet, GuestViewSet, SessionViewSet
from cohorts.viewsets.charters import CharterVersionViewSet
from cohorts.viewsets.cohorts import CohortViewSet
from cohorts.viewsets.entry_rules import EntryRuleViewSet
from cohorts.viewsets.memberships import MembershipViewSet
from cohorts.viewsets.moderation import EventViewSet, ReportViewSet
from cohorts.viewsets.subgroups import SubGroupViewSet


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
        SessionViewSet,
        GuestViewSet,
        GuestPipelineViewSet,
        ReportViewSet,
        EventViewSet,
    )
