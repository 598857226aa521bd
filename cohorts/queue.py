"""What waits on a person: the requests to join they decide and the reports they decide.

The queue on the member site, its count in the navigation and the API read it here. Each
list is the query form of the rule in ``cohorts.permissions`` that lets the person act
(``can_approve``, ``can_moderate``), so whatever shows up can be decided with one tap and
nothing they could decide is missing. Reads only; a fixed number of queries whatever the
number of cohorts or people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from wagtail import hooks

from cohorts import permissions
from cohorts.models import (
    CharterVersion,
    EntryRule,
    Membership,
    Report,
    SubGroupMembership,
)
from learning.registry import count_of, viewer_counts_of

ACTIVE = Membership.Status.ACTIVE
REQUESTED = Membership.Status.REQUESTED
Role = Membership.Role


def _holds(user, roles, cohort_ref: str) -> Exists:
    return Exists(
        Membership.objects.filter(
            cohort=OuterRef(cohort_ref), user=user, status=ACTIVE, role__in=list(roles)
        )
    )


def _approver_q(user, *, cohort_ref: str, rule: str) -> Q:
    """``can_approve`` as a filter: organizers always; the core team or the named person
    when the rule (reached through ``rule``) says so."""
    return (
        Q(_holds(user, [Role.ORGANIZER], cohort_ref))
        | (
            Q(**{f"{rule}__approver": EntryRule.Approver.CORE})
            & Q(_holds(user, [Role.CORE], cohort_ref))
        )
        | Q(**{f"{rule}__approver": EntryRule.Approver.PERSON, f"{rule}__approver_user": user})
    )


def _filtered(queryset: QuerySet, condition: Q | None) -> QuerySet:
    return queryset if condition is None else queryset.filter(condition)


def requests_waiting_for(user) -> QuerySet[Membership]:
    """Requests to join a cohort that ``user`` may decide, oldest first."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    return _requests_waiting(user, hr=permissions.is_hr_organizer(user))


def _requests_waiting(user, *, hr: bool | Exists) -> QuerySet[Membership]:
    queryset = Membership.objects.filter(status=REQUESTED)
    rule = _approver_q(user, cohort_ref="cohort", rule="cohort__entry_rule")
    return (
        _filtered(queryset, permissions.or_hr(hr, rule))
        .select_related("cohort", "user__profile")
        .order_by("updated_at", "pk")
    )


def subgroup_requests_waiting_for(user) -> QuerySet[SubGroupMembership]:
    """Requests to join a sub-group that ``user`` may decide, oldest first."""
    if user is None or not user.is_authenticated:
        return SubGroupMembership.objects.none()
    return _subgroup_requests_waiting(user, hr=permissions.is_hr_organizer(user))


def _subgroup_requests_waiting(user, *, hr: bool | Exists) -> QuerySet[SubGroupMembership]:
    queryset = SubGroupMembership.objects.filter(status=REQUESTED)
    rule = _approver_q(user, cohort_ref="subgroup__cohort", rule="subgroup__entry_rule")
    return (
        _filtered(queryset, permissions.or_hr(hr, rule))
        .select_related("subgroup__cohort", "membership__user__profile")
        .order_by("pk")
    )


def reports_waiting_for(user) -> QuerySet[Report]:
    """Open reports that ``user`` may decide (``can_moderate``), oldest first."""
    if user is None or not user.is_authenticated:
        return Report.objects.none()
    return _reports_waiting(user, hr=permissions.is_hr_organizer(user))


def _reports_waiting(user, *, hr: bool | Exists) -> QuerySet[Report]:
    # A report about oneself is decided by someone else (``report_decide``).
    queryset = Report.objects.filter(status=Report.Status.OPEN).exclude(target_member__user=user)
    enforces = Exists(
        CharterVersion.objects.filter(
            Q(charter__cohort=OuterRef("cohort")) | Q(charter__subgroup__cohort=OuterRef("cohort")),
            published_at__isnull=False,
            charter__current_version=F("pk"),
            enforcers=user,
        )
    )
    member = _holds(user, Role.values, "cohort")
    rule = Q(_holds(user, [Role.ORGANIZER, Role.CORE], "cohort")) | (Q(enforces) & Q(member))
    return (
        _filtered(queryset, permissions.or_hr(hr, rule))
        .select_related(
            "cohort", "reporter__profile", "target_member__user__profile", "target_post"
        )
        .order_by("created_at", "pk")
    )


def report_subjects_attach(reports: list[Report]) -> list[Report]:
    """Set ``subject`` on each report that a higher layer says is about something of its
    own (a question on the Q&A board, say), through the ``guild_report_subjects`` hook:
    ``fn(reports) -> {report id: {"label", "text", "url"}}``; ``None`` elsewhere."""
    subjects: dict[int, dict] = {}
    for fn in hooks.get_hooks("guild_report_subjects"):
        subjects.update(fn(reports))
    for report in reports:
        report.subject = subjects.get(report.pk)
    return reports


def queue_sections(request) -> list[str]:
    """HTML of what else waits on the viewer, from the ``guild_queue_sections`` hook:
    ``fn(request) -> list[str]`` (recognition's newcomers to greet, say)."""
    sections: list[str] = []
    for fn in hooks.get_hooks("guild_queue_sections"):
        sections.extend(fn(request))
    return sections


@dataclass(frozen=True)
class QueueCounts:
    requests: int = 0
    reports: int = 0
    # What other apps put in the queue (``guild_queue_sections``) and count in the
    # shell's viewer counts under a ``queue_`` name: invitations, greetings, rounds…
    others: int = 0

    @property
    def total(self) -> int:
        return self.requests + self.reports + self.others


def queue_count_expressions(user) -> dict:
    """The queue's counts as expressions, for the shell's one query of the viewer's
    counts (``learning.registry.viewer_counts``): HR's standing is asked in SQL too, so
    the expressions depend on nothing but the viewer's id."""
    hr = permissions.hr_organizer_exists(user)
    return {
        "queue_cohort_requests": count_of(_requests_waiting(user, hr=hr)),
        "queue_group_requests": count_of(_subgroup_requests_waiting(user, hr=hr)),
        "queue_reports": count_of(_reports_waiting(user, hr=hr)),
    }


OWN_COUNTS = frozenset({"queue_cohort_requests", "queue_group_requests", "queue_reports"})


def queue_counts_from(row: dict) -> QueueCounts:
    """The queue's counts out of the shell's viewer counts: its own three, and every
    other ``queue_`` count an app adds for what it puts in the queue."""
    return QueueCounts(
        requests=row.get("queue_cohort_requests", 0) + row.get("queue_group_requests", 0),
        reports=row.get("queue_reports", 0),
        others=sum(
            value
            for name, value in row.items()
            if name.startswith("queue_") and name not in OWN_COUNTS
        ),
    )


def queue_counts(user) -> QueueCounts:
    """How much waits on ``user``, in one query (the shell's viewer counts)."""
    if user is None or not user.is_authenticated:
        return QueueCounts()
    return queue_counts_from(viewer_counts_of(user))
