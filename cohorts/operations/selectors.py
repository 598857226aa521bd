"""Reads of the operations room: its posts (searched and paged), the week's plan with
its items, the duty roster, the evaluations and the invitations that wait on someone.
Each is a fixed number of queries whatever the cohort's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cohorts import permissions
from cohorts.models import Cohort, Membership
from cohorts.operations.models import (
    Evaluation,
    EvaluationRound,
    PlanItem,
    PlanningInvitation,
    RoomPost,
    RosterShift,
    WeeklyPlan,
    search_text_of,
)
from cohorts.operations.services.access import team_memberships
from learning.registry import count_of

SEARCH_MAX = 100


def room_posts(cohort: Cohort, *, query: str = "", kind: str = "") -> QuerySet[RoomPost]:
    """The room's posts, pinned first then newest, with their authors; narrowed to those
    whose title or text contains ``query`` (case-folded, so it finds Chinese, whose words
    no full-text index splits, as well as any other script) and to one ``kind``."""
    posts = RoomPost.objects.filter(cohort=cohort).select_related("author")
    query = search_text_of(" ".join((query or "").split()))[:SEARCH_MAX]
    if query:
        posts = posts.filter(search_text__contains=query)
    if kind in RoomPost.Kind.values:
        posts = posts.filter(kind=kind)
    return posts.order_by("-pinned", "-created_at", "-pk")


def weekly_plan(cohort: Cohort, week: datetime.date) -> WeeklyPlan | None:
    """The week's plan with its items and their owners (two queries), or None."""
    return (
        WeeklyPlan.objects.filter(cohort=cohort, week=week)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related("owner__profile", "done_by").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .first()
    )


@dataclass
class RosterDay:
    weekday: int
    label: str
    shifts: list = field(default_factory=list)


def duty_roster(cohort: Cohort) -> tuple[list[Membership], list[RosterDay]]:
    """The team with each member's standing duty (role and helper duty), and who is on
    duty each day of the week (two queries)."""
    team = list(team_memberships(cohort))
    days = [RosterDay(value, str(label)) for value, label in RosterShift.Weekday.choices]
    for shift in RosterShift.objects.filter(cohort=cohort).select_related("person"):
        days[shift.weekday].shifts.append(shift)
    return team, days


def evaluation_rounds(cohort: Cohort) -> QuerySet[EvaluationRound]:
    """The cohort's evaluation periods, newest first, each with how many records wait."""
    return EvaluationRound.objects.filter(cohort=cohort).annotate(
        members=Count("evaluations"),
        waiting=Count("evaluations", filter=Q(evaluations__assessed_at=None)),
    )


def round_evaluations(round_: EvaluationRound) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(round=round_).select_related("person", "assessed_by")


def _led_cohorts(user, *, hr: bool | Exists | None = None) -> QuerySet[Cohort]:
    """Cohorts whose evaluations ``user`` may assess (``may_lead``), as one subquery;
    HR's standing asked in Python unless ``hr`` gives it (``permissions.or_hr``)."""
    hr = permissions.is_hr_organizer(user) if hr is None else hr
    leads = Exists(
        Membership.objects.filter(
            cohort=OuterRef("pk"),
            user=user,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.ORGANIZER, Membership.Role.CORE],
        )
    )
    condition = permissions.or_hr(hr, Q(leads))
    return Cohort.objects.all() if condition is None else Cohort.objects.filter(condition)


def rounds_waiting_for(user) -> QuerySet[EvaluationRound]:
    """Evaluation periods with records ``user`` may assess that wait, oldest first."""
    if user is None or not user.is_authenticated:
        return EvaluationRound.objects.none()
    return (
        _rounds_waiting(user)
        .select_related("cohort")
        .annotate(waiting=Count("evaluations", filter=Q(evaluations__assessed_at=None)))
        .order_by("created_at", "pk")
    )


def _rounds_waiting(user, *, hr: bool | Exists | None = None) -> QuerySet[EvaluationRound]:
    waiting = Evaluation.objects.filter(round=OuterRef("pk"), assessed_at=None).exclude(person=user)
    return EvaluationRound.objects.filter(Exists(waiting), cohort__in=_led_cohorts(user, hr=hr))


def queue_count_expressions(user) -> dict:
    """What waits on ``user`` here, counted in the shell's viewer counts (``queue_``
    names count in "Waiting for me"); HR's standing asked in SQL."""
    hr = permissions.hr_organizer_exists(user)
    return {
        "queue_planning_invitations": count_of(invitations_waiting_for(user)),
        "queue_evaluation_rounds": count_of(_rounds_waiting(user, hr=hr)),
    }


def invitations_waiting_for(user) -> QuerySet[PlanningInvitation]:
    """Invitations into planning that wait on ``user``'s answer."""
    if user is None or not user.is_authenticated:
        return PlanningInvitation.objects.none()
    return (
        PlanningInvitation.objects.filter(
            membership__user=user, status=PlanningInvitation.Status.PENDING
        )
        .select_related("cohort", "invited_by")
        .order_by("created_at", "pk")
    )
