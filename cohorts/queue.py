"""What waits on a person: the requests to join they decide and the reports they decide.

The queue on the member site, its count in the navigation and the API read it here. Each
list is the query form of the rule in ``cohorts.permissions`` that lets the person act
(``can_approve``, ``can_moderate``), so whatever shows up can be decided with one tap and
nothing they could decide is missing. Reads only; a fixed number of queries whatever the
number of cohorts or people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from wagtail import hooks

from cohorts import permissions
from cohorts.models import (
    CharterVersion,
    EntryRule,
    Membership,
    Report,
    SubGroupMembership,
)
from learning.models import User

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


def requests_waiting_for(user) -> QuerySet[Membership]:
    """Requests to join a cohort that ``user`` may decide, oldest first."""
    if user is None or not user.is_authenticated:
        return Membership.objects.none()
    queryset = Membership.objects.filter(status=REQUESTED)
    if not permissions.is_hr_organizer(user):
        queryset = queryset.filter(
            _approver_q(user, cohort_ref="cohort", rule="cohort__entry_rule")
        )
    return queryset.select_related("cohort", "user__profile").order_by("updated_at", "pk")


def subgroup_requests_waiting_for(user) -> QuerySet[SubGroupMembership]:
    """Requests to join a sub-group that ``user`` may decide, oldest first."""
    if user is None or not user.is_authenticated:
        return SubGroupMembership.objects.none()
    queryset = SubGroupMembership.objects.filter(status=REQUESTED)
    if not permissions.is_hr_organizer(user):
        queryset = queryset.filter(
            _approver_q(user, cohort_ref="subgroup__cohort", rule="subgroup__entry_rule")
        )
    return queryset.select_related("subgroup__cohort", "membership__user__profile").order_by("pk")


def reports_waiting_for(user) -> QuerySet[Report]:
    """Open reports that ``user`` may decide (``can_moderate``), oldest first."""
    if user is None or not user.is_authenticated:
        return Report.objects.none()
    # A report about oneself is decided by someone else (``report_decide``).
    queryset = Report.objects.filter(status=Report.Status.OPEN).exclude(target_member__user=user)
    if not permissions.is_hr_organizer(user):
        enforces = Exists(
            CharterVersion.objects.filter(
                Q(charter__cohort=OuterRef("cohort"))
                | Q(charter__subgroup__cohort=OuterRef("cohort")),
                published_at__isnull=False,
                charter__current_version=F("pk"),
                enforcers=user,
            )
        )
        member = _holds(user, Role.values, "cohort")
        queryset = queryset.filter(
            Q(_holds(user, [Role.ORGANIZER, Role.CORE], "cohort")) | (Q(enforces) & Q(member))
        )
    return queryset.select_related(
        "cohort", "reporter__profile", "target_member__user__profile", "target_post"
    ).order_by("created_at", "pk")


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


@dataclass(frozen=True)
class QueueCounts:
    requests: int = 0
    reports: int = 0

    @property
    def total(self) -> int:
        return self.requests + self.reports


def queue_counts(user) -> QueueCounts:
    """How much waits on ``user``, in one query (the navigation shows it on every page)."""
    if user is None or not user.is_authenticated:
        return QueueCounts()

    def total(queryset) -> Subquery:
        # One aggregate row for the whole queryset: group every row under a constant.
        rows = queryset.order_by().annotate(group=F("pk") * 0).values("group")
        return Coalesce(
            Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
            0,
        )

    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            cohort_requests=total(requests_waiting_for(user)),
            group_requests=total(subgroup_requests_waiting_for(user)),
            reports=total(reports_waiting_for(user)),
        )
        .values("cohort_requests", "group_requests", "reports")
        .first()
    )
    if row is None:
        return QueueCounts()
    return QueueCounts(
        requests=row["cohort_requests"] + row["group_requests"], reports=row["reports"]
    )
