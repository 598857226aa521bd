"""Every write to cohorts, one module per concern (as Zulip's ``zerver/actions/``).

Each service runs in one transaction, checks permissions through ``cohorts.permissions``,
raises ``ValidationError({field: message})`` for bad input and ``PermissionDenied`` for
forbidden actions, and writes what it did to the audit log (``MembershipEvent``).
Notifications go through ``learning.notifications`` inside the same transaction (the
outbox delivers them after commit). Reads that explain a verdict before anyone acts
(the entry rule) live in ``cohorts.eligibility``.

- ``cohorts``: creating, changing and moving a cohort along its life cycle
- ``subgroups``: sub-groups by hand or generated from the directory, and their waves
- ``entry_rules``: the threshold for joining a cohort or a sub-group
- ``joining``: the one gate for joining a cohort or a sub-group, and deciding requests
- ``memberships``: invitations, leaving, removal, roles and the operations team
- ``by_rule``: adding everyone who matches directory conditions
- ``charters``: the group rules, their versions and acceptance
- ``feed``: posts and introductions
- ``moderation``: reports and their decisions

The names below are the package's public face; callers import them from here.
"""

from cohorts.eligibility import EntryCheck, EntryFailure, entry_rule_check, entry_rule_preview
from cohorts.services.audit import cohort_url
from cohorts.services.by_rule import (
    BULK_BATCH,
    memberships_add_by_rule,
    memberships_add_by_rule_preview,
)
from cohorts.services.charters import charter_accept, charter_draft, charter_publish
from cohorts.services.cohorts import (
    COHORT_FIELDS,
    COHORT_TRANSITIONS,
    cohort_allowed_transitions,
    cohort_create,
    cohort_transition,
    cohort_update,
)
from cohorts.services.entry_rules import ENTRY_RULE_FIELDS, entry_rule_set
from cohorts.services.feed import introduction_post, post_create
from cohorts.services.joining import (
    JoinCheck,
    membership_approve,
    membership_reject,
    membership_request,
    membership_request_check,
    subgroup_membership_decide,
    subgroup_membership_request,
    subgroup_membership_request_check,
)
from cohorts.services.memberships import (
    membership_add_staff,
    membership_invite,
    membership_leave,
    membership_remove,
    membership_remove_check,
    membership_role_apply,
    membership_set_role,
    memberships_invite,
    memberships_renamed,
)
from cohorts.services.moderation import report_create, report_decide
from cohorts.services.subgroups import (
    DIMENSION_FIELDS,
    RESERVED_SUBGROUP_SLUGS,
    SUBGROUP_FIELDS,
    SubGroupProposal,
    subgroup_add_next_wave,
    subgroup_create,
    subgroup_update,
    subgroups_generate,
    subgroups_preview,
)

__all__ = [
    "BULK_BATCH",
    "COHORT_FIELDS",
    "COHORT_TRANSITIONS",
    "DIMENSION_FIELDS",
    "ENTRY_RULE_FIELDS",
    "RESERVED_SUBGROUP_SLUGS",
    "SUBGROUP_FIELDS",
    "EntryCheck",
    "EntryFailure",
    "JoinCheck",
    "SubGroupProposal",
    "charter_accept",
    "charter_draft",
    "charter_publish",
    "cohort_allowed_transitions",
    "cohort_create",
    "cohort_transition",
    "cohort_update",
    "cohort_url",
    "entry_rule_check",
    "entry_rule_preview",
    "entry_rule_set",
    "introduction_post",
    "membership_add_staff",
    "membership_approve",
    "membership_invite",
    "membership_leave",
    "membership_reject",
    "membership_remove",
    "membership_remove_check",
    "membership_request",
    "membership_request_check",
    "membership_role_apply",
    "membership_set_role",
    "memberships_add_by_rule",
    "memberships_add_by_rule_preview",
    "memberships_invite",
    "memberships_renamed",
    "post_create",
    "report_create",
    "report_decide",
    "subgroup_add_next_wave",
    "subgroup_create",
    "subgroup_membership_decide",
    "subgroup_membership_request",
    "subgroup_membership_request_check",
    "subgroup_update",
    "subgroups_generate",
    "subgroups_preview",
]
