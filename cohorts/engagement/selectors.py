"""Reads of check-ins and points, each in a fixed number of queries whatever the cohort's
size: the member's check-in page, the supervisor's list, the ledger, the leaderboards,
and aggregates by cohort, sub-group and day that a dashboard can reuse."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone

from cohorts.engagement.models import Checkin, CheckinNudge, CheckinPeriod, CheckinTask, PointsEntry
from cohorts.engagement.services import periods, points_rules, streak_of
from cohorts.engagement.services.supervision import expected_members, missing_members
from cohorts.models import Cohort, Membership, SubGroup, SubGroupMembership
from cohorts.sessions.selectors import JoinedText

STREAK_LOOKBACK_DAYS = 400


def tasks_of(cohort: Cohort) -> QuerySet[CheckinTask]:
    return CheckinTask.objects.filter(cohort=cohort, active=True).select_related("cohort")


@dataclass
class TaskToday:
    """A task as the member sees it now: today's period, their check-in, their streak."""

    task: CheckinTask
    day: dt.date | None
    due_at: dt.datetime | None
    closes_at: dt.datetime | None
    checkin: Checkin | None
    streak: int

    @property
    def done(self) -> bool:
        return self.checkin is not None


# The task's columns the card needs to find today's period, read with the shell's counts.
CARD_FIELDS = (
    "id",
    "cohort_id",
    "title",
    "frequency",
    "weekday",
    "due_time",
    "lateness",
    "late_hours",
    "starts_on",
    "ends_on",
)


def home_card_column(user):
    """Every active check-in task of ``user``'s active cohorts with the day of their
    latest check-in, as one text column (JSON objects joined by commas) for the shell's
    one query of the viewer's counts (``learning.registry.viewer_counts``): the cohort
    home's card then costs no query of its own. NULL when there is none."""
    last = (
        Checkin.objects.filter(task=OuterRef("pk"), person=user)
        .order_by("-period__day")
        .values("period__day")[:1]
    )
    entry = Cast(
        JSONObject(**{name: name for name in CARD_FIELDS}, my_last_day=Subquery(last)),
        TextField(),
    )
    rows = (
        CheckinTask.objects.filter(
            active=True,
            cohort__memberships__user=user,
            cohort__memberships__status=Membership.Status.ACTIVE,
        )
        .order_by()
        .annotate(group=F("pk") * 0)
        .values("group")
        .annotate(card=JoinedText(entry, Value(",")))
        .values("card")[:1]
    )
    return Subquery(rows, output_field=TextField())


def home_card_tasks(column: str | None, *, cohort: Cohort) -> list[CheckinTask]:
    """``home_card_column``'s tasks of ``cohort``, in order, each with ``my_last_day``."""
    tasks = []
    for values in sorted(json.loads(f"[{column or ''}]"), key=lambda v: v["id"]):
        if values["cohort_id"] != cohort.pk:
            continue
        task = CheckinTask(
            **{
                name: CheckinTask._meta.get_field(name).to_python(values[name])
                for name in CARD_FIELDS
                if name != "cohort_id"
            },
            cohort=cohort,
        )
        task.my_last_day = CheckinTask._meta.get_field("starts_on").to_python(values["my_last_day"])
        tasks.append(task)
    return tasks


def home_card(
    *, cohort: Cohort, user, column: str | None, now: dt.datetime | None = None
) -> list[TaskToday]:
    """The cohort home's check-in card from ``home_card_column`` (no query): each active
    task with the day of the viewer's latest check-in, compared with today's period."""
    now = now or timezone.now()
    rows = []
    for task in home_card_tasks(column, cohort=cohort):
        task.cohort = cohort
        day = periods.period_current_day(task, now=now)
        times = periods.period_times(task, day) if day else None
        done = day is not None and task.my_last_day == day
        rows.append(
            TaskToday(
                task=task,
                day=day,
                due_at=times.due_at if times else None,
                closes_at=times.closes_at if times else None,
                checkin=True if done else None,  # the card needs only done / not done
                streak=0,
            )
        )
    return rows


def my_checkins(
    *, cohort: Cohort, user, now: dt.datetime | None = None, recent: int = 14
) -> tuple[list[TaskToday], list[Checkin]]:
    """The member's check-in page: each task with today's check-in and streak, and their
    recent check-ins. Three queries: tasks, the days done (for streaks), recent ones."""
    now = now or timezone.now()
    tasks = list(tasks_of(cohort))
    since = timezone.localdate(now) - dt.timedelta(days=STREAK_LOOKBACK_DAYS)
    done: dict[int, set[dt.date]] = defaultdict(set)
    for task_id, day in Checkin.objects.filter(
        person=user, task__cohort=cohort, period__day__gte=since
    ).values_list("task_id", "period__day"):
        done[task_id].add(day)
    recent_checkins = list(
        Checkin.objects.filter(person=user, task__cohort=cohort)
        .select_related("task", "period")
        .order_by("-period__day", "-pk")[:recent]
    )
    by_period = {(c.task_id, c.period.day): c for c in recent_checkins}
    rows = []
    for task in tasks:
        task.cohort = cohort
        day = periods.period_current_day(task, now=now)
        times = periods.period_times(task, day) if day else None
        rows.append(
            TaskToday(
                task=task,
                day=day,
                due_at=times.due_at if times else None,
                closes_at=times.closes_at if times else None,
                checkin=by_period.get((task.pk, day)),
                streak=streak_of(task, done[task.pk], now=now),
            )
        )
    return rows, recent_checkins


def streaks_of(*, cohort: Cohort, user, now: dt.datetime | None = None) -> dict[int, int]:
    rows, _recent = my_checkins(cohort=cohort, user=user, now=now, recent=0)
    return {row.task.pk: row.streak for row in rows}


def supervision_list(period: CheckinPeriod) -> QuerySet[Membership]:
    """Who has not checked in for ``period``, by name, each marked ``nudged`` when a
    helper already nudged them. One query."""
    nudged = CheckinNudge.objects.filter(
        period=period, person=OuterRef("user_id"), kind=CheckinNudge.Kind.NUDGE
    )
    return (
        missing_members(period)
        .annotate(nudged=Exists(nudged))
        .select_related("user__profile")
        .order_by("user__profile__full_name", "user__username")
    )


def period_counts(period: CheckinPeriod) -> dict[str, int]:
    """How many are expected, checked in and late for ``period`` (one query)."""
    expected = expected_members(period.task.cohort_id)
    done = Checkin.objects.filter(period=period, person=OuterRef("user_id"))
    late = done.filter(late=True)
    return expected.aggregate(
        expected=Count("pk"),
        done=Count("pk", filter=Q(Exists(done))),
        late=Count("pk", filter=Q(Exists(late))),
    )


def checkins_of_cohort(cohort: Cohort) -> QuerySet[Checkin]:
    return Checkin.objects.filter(task__cohort=cohort).select_related(
        "task", "period", "person__profile"
    )


# Points ---------------------------------------------------------------------------------


def points_counting(cohort: Cohort | int) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(
        cohort_id=getattr(cohort, "pk", cohort), withdrawn_at__isnull=True
    )


@dataclass
class Standing:
    rank: int
    user: object
    points: int


def leaderboard(
    *, cohort: Cohort, subgroup: SubGroup | None = None, viewer=None, top: int = 10
) -> tuple[list[Standing], Standing | None]:
    """The top ``top`` of the cohort (or a sub-group) by points, and the viewer's own
    standing (None when they have no points there). Three queries at any size: the top,
    the viewer's total, and how many are ahead of them. Ties share a rank."""
    from learning.models import User

    entries = points_counting(cohort)
    if subgroup is not None:
        members = SubGroupMembership.objects.filter(
            subgroup=subgroup, status=Membership.Status.ACTIVE
        ).values("membership__user_id")
        entries = entries.filter(person_id__in=members)
    totals = entries.values("person_id").annotate(total=Sum("points"))
    top_rows = list(totals.order_by("-total", "person_id")[:top])
    people = User.objects.select_related("profile").in_bulk([r["person_id"] for r in top_rows])
    board, rank, previous = [], 0, None
    for index, row in enumerate(top_rows, start=1):
        if row["total"] != previous:
            rank, previous = index, row["total"]
        board.append(Standing(rank=rank, user=people[row["person_id"]], points=row["total"]))
    mine = None
    if viewer is not None and viewer.is_authenticated:
        own = entries.filter(person_id=viewer.pk).aggregate(total=Sum("points"))["total"]
        if own is not None:
            ahead = totals.filter(total__gt=own).count()
            mine = Standing(rank=ahead + 1, user=viewer, points=own)
    return board, mine


@dataclass
class LedgerLine:
    entry: PointsEntry
    label: str
    cause_text: str
    cause_url: str


def ledger(entries: list[PointsEntry]) -> list[LedgerLine]:
    """Ledger entries with their rule's label and their cause shown with a link: one
    query per rule present on the page (each rule's ``describe``), bounded by the rules."""
    rules = points_rules()
    by_rule: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        by_rule[entry.rule].append(entry.cause_id)
    described: dict[str, dict] = {}
    for code, ids in by_rule.items():
        rule = rules.get(code)
        described[code] = rule.describe(ids) if rule and rule.describe else {}
    lines = []
    for entry in entries:
        rule = rules.get(entry.rule)
        text, url = described[entry.rule].get(entry.cause_id, ("", ""))
        lines.append(
            LedgerLine(
                entry=entry, label=str(rule.label) if rule else entry.rule, cause_text=text,
                cause_url=url,
            )
        )  # fmt: skip
    return lines


def ledger_of(*, cohort: Cohort, person) -> QuerySet[PointsEntry]:
    """A person's ledger in a cohort, newest first, withdrawn entries included."""
    return PointsEntry.objects.filter(cohort=cohort, person=person).order_by("-occurred_at", "-pk")


def points_total(*, cohort: Cohort, person) -> int:
    return points_counting(cohort).filter(person=person).aggregate(t=Sum("points"))["t"] or 0


# Aggregates for a dashboard --------------------------------------------------------------


def checkins_by_day(*, cohort: Cohort, first: dt.date, last: dt.date) -> list[dict]:
    """Check-ins per period day of the cohort's tasks: ``{"day", "done", "late"}``, one
    query."""
    return list(
        Checkin.objects.filter(task__cohort=cohort, period__day__range=(first, last))
        .values("period__day")
        .annotate(done=Count("pk"), late=Count("pk", filter=Q(late=True)))
        .order_by("period__day")
    )


def checkins_by_subgroup(*, cohort: Cohort, first: dt.date, last: dt.date) -> list[dict]:
    """Check-ins per sub-group of the cohort in a span of days, one query."""
    return list(
        SubGroupMembership.objects.filter(subgroup__cohort=cohort, status=Membership.Status.ACTIVE)
        .values("subgroup_id", "subgroup__name")
        .annotate(
            done=Count(
                "membership__user__checkins",
                filter=Q(
                    membership__user__checkins__task__cohort=cohort,
                    membership__user__checkins__period__day__range=(first, last),
                ),
            )
        )
        .order_by("subgroup__name")
    )


def points_by_subgroup(*, cohort: Cohort) -> list[dict]:
    """Points per sub-group of the cohort (members' entries that count), one query."""
    return list(
        SubGroupMembership.objects.filter(subgroup__cohort=cohort, status=Membership.Status.ACTIVE)
        .values("subgroup_id", "subgroup__name")
        .annotate(
            points=Sum(
                "membership__user__points_entries__points",
                filter=Q(
                    membership__user__points_entries__cohort=cohort,
                    membership__user__points_entries__withdrawn_at__isnull=True,
                ),
            )
        )
        .order_by("subgroup__name")
    )


def points_by_rule(*, cohort: Cohort) -> dict[str, int]:
    """Points given in the cohort by rule, one query."""
    return dict(
        points_counting(cohort)
        .values("rule")
        .annotate(total=Sum("points"))
        .values_list("rule", "total")
    )
