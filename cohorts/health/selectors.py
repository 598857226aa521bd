"""The cohort health report: one read that the dashboard page, the admin, the API, the
export and the retrospective PDF share. Its cost is a fixed number of queries whatever
the cohort's size: each metric reads all cohorts of the program, all weeks and all
sub-groups in one query each (``cohorts.health.metrics``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from cohorts.health.metrics import (
    BY_COHORT,
    BY_SUBGROUP,
    BY_WEEK,
    WINDOW_WEEK,
    HealthMetric,
    Registry,
    Scope,
    registry,
)
from cohorts.health.models import HealthGoal
from cohorts.health.report import (
    STATUS_BEHIND,
    STATUS_MET,
    STATUS_ON_TRACK,
    STATUS_UNKNOWN,
    Comment,
    Comparison,
    GoalResult,
    HealthReport,
    KeyMember,
    MetricValue,
    Point,
    Row,
    Series,
    Topic,
)
from cohorts.models import Cohort, Membership, SubGroup
from cohorts.sessions.models import Feedback
from cohorts.sessions.services.schedule import cohort_zone

KEY_MEMBERS = 8
TOPICS = 10
COMMENTS = 6
WEEK = timedelta(days=7)


def cohort_start(cohort: Cohort) -> datetime:
    return datetime.combine(cohort.start_date, time.min, tzinfo=cohort_zone(cohort))


def cohort_end(cohort: Cohort) -> datetime:
    """The moment after the cohort's last day, on its clock."""
    return datetime.combine(
        cohort.end_date + timedelta(days=1), time.min, tzinfo=cohort_zone(cohort)
    )


def week_starts(cohort: Cohort, until: datetime) -> list[date]:
    """Mondays of the weeks from the cohort's start to ``until``, on its clock."""
    first = cohort.start_date - timedelta(days=cohort.start_date.weekday())
    last = timezone.localtime(until, cohort_zone(cohort)).date()
    weeks = []
    while first <= last:
        weeks.append(first)
        first += WEEK
    return weeks


def _raw_values(reg: Registry, scopes: dict[str, Scope], *, series_only=False) -> dict:
    """Each metric's raw numbers (one query each) in the scope of its window."""
    raws = {}
    for metric in reg.metrics:
        if metric.values is None or (
            series_only and not metric.series and metric.code != "members"
        ):
            continue
        raws[metric.code] = metric.values(scopes[metric.window])
    return raws


def _finished(metric: HealthMetric, raws: dict, keys, members: dict) -> dict:
    raw = raws.get(metric.source or metric.code, {})
    default = raw.get("*", metric.empty)
    values = {}
    for key in keys:
        value = raw.get(key, default)
        if metric.finish is not None:
            value = metric.finish(value, members.get(key, 0))
        values[key] = None if value is None else float(value)
    return values


def _scopes(cohort_ids, starts: dict, end: datetime, by: str, tz) -> dict[str, Scope]:
    week_starts_ = {pk: end - WEEK for pk in cohort_ids} if by != BY_WEEK else starts
    return {
        "timeline": Scope(tuple(cohort_ids), starts, end, by=by, tz=tz),
        WINDOW_WEEK: Scope(tuple(cohort_ids), week_starts_, end, by=by, tz=tz),
    }


def _table(reg: Registry, scopes: dict[str, Scope], keys) -> dict[str, dict]:
    """Every metric's shown value per key (cohort id or sub-group id)."""
    raws = _raw_values(reg, scopes)
    members_metric = reg.metric("members")
    members = _finished(members_metric, raws, keys, {}) if members_metric else {}
    return {metric.code: _finished(metric, raws, keys, members) for metric in reg.metrics}


def _trends(reg: Registry, cohort: Cohort, as_of: datetime) -> list[Series]:
    weeks = week_starts(cohort, as_of)
    if not weeks:
        return []
    start = cohort_start(cohort)
    scopes = _scopes((cohort.pk,), {cohort.pk: start}, as_of, BY_WEEK, cohort_zone(cohort))
    raws = _raw_values(reg, scopes, series_only=True)
    for metric in reg.metrics:
        if metric.cumulative and metric.code in raws:
            running, total = {}, 0
            for key in sorted(set(raws[metric.code]) | set(weeks)):
                total += raws[metric.code].get(key, 0) or 0
                running[key] = total
            raws[metric.code] = running
    members_metric = reg.metric("members")
    members = _finished(members_metric, raws, weeks, {}) if members_metric else {}
    series = []
    for metric in reg.metrics:
        if not metric.series:
            continue
        values = _finished(metric, raws, weeks, members)
        series.append(
            Series(
                metric.code,
                str(metric.label),
                metric.unit,
                metric.higher_is_better,
                [Point(week, values[week]) for week in weeks],
            )
        )
    return series


def goal_status(goal: HealthGoal, metric: HealthMetric, value, *, today: date, start: date):
    """(status, progress 0..1) of a goal given the metric's value now: met; behind once
    due and not met; else on track if at least the share of the target that the share
    of time gone asks for (for lower-is-better metrics, no further above it than the
    time left allows)."""
    target = float(goal.target)
    if value is None:
        return STATUS_UNKNOWN, 0.0
    if metric.higher_is_better:
        met = value >= target
        progress = 1.0 if target == 0 else min(value / target, 1.0)
    else:
        met = value <= target
        progress = 1.0 if value == 0 else min(target / value, 1.0)
    if met:
        return STATUS_MET, 1.0
    if today > goal.due_on:
        return STATUS_BEHIND, progress
    span = max((goal.due_on - start).days, 1)
    gone = min(max((today - start).days / span, 0.0), 1.0)
    on_track = value >= target * gone if metric.higher_is_better else value <= target * (2 - gone)
    return (STATUS_ON_TRACK if on_track else STATUS_BEHIND), progress


def _key_members(reg: Registry, cohort: Cohort, start, end) -> list[KeyMember]:
    found: dict[int, list] = defaultdict(list)
    for contribution in reg.contributions:
        for user_id, count in contribution.counts(cohort, start, end, KEY_MEMBERS * 2):
            found[user_id].append((str(contribution.label), count))
    if not found:
        return []
    memberships = Membership.objects.filter(
        cohort=cohort, user_id__in=list(found), status=Membership.Status.ACTIVE
    ).values("pk", "user_id", "sort_name", "role")
    roles = dict(Membership.Role.choices)
    members = [
        KeyMember(
            membership_id=row["pk"],
            user_id=row["user_id"],
            name=row["sort_name"],
            role=str(roles.get(row["role"], row["role"])),
            score=sum(count for _label, count in found[row["user_id"]]),
            contributions=found[row["user_id"]],
        )
        for row in memberships
    ]
    members.sort(key=lambda m: (-m.score, m.name))
    return members[:KEY_MEMBERS]


def _topics(reg: Registry, cohort: Cohort, start, end) -> list[Topic]:
    topics = [
        Topic(name, count, str(source.label))
        for source in reg.topics
        for name, count in source.counts(cohort, start, end, TOPICS)
    ]
    topics.sort(key=lambda t: (-t.count, t.name))
    return topics[:TOPICS]


def _comments(cohort: Cohort) -> list[Comment]:
    rows = (
        Feedback.objects.filter(session__cohort=cohort)
        .exclude(comment="")
        .order_by("-created_at", "-pk")
        .values("comment", "rating", "session__title", "session__date")[:COMMENTS]
    )
    return [
        Comment(row["comment"], row["rating"], row["session__title"], row["session__date"])
        for row in rows
    ]


def program_cohorts(cohort: Cohort) -> list[Cohort]:
    """The cohort and the others of its program that have started or run (not drafts)."""
    cohorts = list(
        Cohort.objects.filter(Q(pk=cohort.pk) | Q(program_id=cohort.program_id))
        .exclude(~Q(pk=cohort.pk), status=Cohort.Status.DRAFT)
        .order_by("start_date", "pk")
    )
    return cohorts


def program_health(cohorts: list[Cohort], *, as_of: datetime | None = None) -> list[Comparison]:
    """Every metric compared across ``cohorts`` (a program's), read once for all of them
    (one query per metric)."""
    if not cohorts:
        return []
    end = as_of or timezone.now()
    reg = registry()
    starts = {c.pk: cohort_start(c) for c in cohorts}
    ids = list(starts)
    table = _table(reg, _scopes(ids, starts, end, BY_COHORT, None), ids)
    return [
        Comparison(
            m.code,
            str(m.label),
            m.unit,
            m.higher_is_better,
            [Row(c.pk, c.name, table[m.code][c.pk], m.unit) for c in cohorts],
        )
        for m in reg.metrics
    ]


def cohort_health(cohort: Cohort, *, as_of: datetime | None = None) -> HealthReport:
    """The cohort's health now: every registry metric, its weekly trend over the
    cohort's timeline, its sub-groups and its program's cohorts compared, its goals
    against results, its key members, topics and what members say.

    ``as_of`` (default now) is capped at the end of the cohort's last day, so a finished
    cohort reads as it ended. Reads only; a fixed number of queries whatever the size.
    """
    now = as_of or timezone.now()
    as_of = min(now, cohort_end(cohort))
    reg = registry()
    start = cohort_start(cohort)

    cohorts = program_cohorts(cohort)
    starts = {c.pk: cohort_start(c) for c in cohorts}
    cohort_ids = list(starts)
    by_cohort = _table(reg, _scopes(cohort_ids, starts, as_of, BY_COHORT, None), cohort_ids)

    subgroups = list(SubGroup.objects.filter(cohort=cohort).order_by("name").values("pk", "name"))
    subgroup_ids = [row["pk"] for row in subgroups]
    by_subgroup = (
        _table(
            reg,
            _scopes((cohort.pk,), {cohort.pk: start}, as_of, BY_SUBGROUP, None),
            subgroup_ids,
        )
        if subgroups
        else {}
    )

    metrics = [
        MetricValue(
            m.code,
            str(m.label),
            m.unit,
            m.higher_is_better,
            by_cohort[m.code][cohort.pk],
            str(m.help),
        )
        for m in reg.metrics
    ]
    compared = [
        Comparison(
            m.code,
            str(m.label),
            m.unit,
            m.higher_is_better,
            [
                Row(c.pk, c.name, by_cohort[m.code][c.pk], m.unit, current=c.pk == cohort.pk)
                for c in cohorts
            ],
        )
        for m in reg.metrics
    ]
    by_group = [
        Comparison(
            m.code,
            str(m.label),
            m.unit,
            m.higher_is_better,
            [
                Row(row["pk"], row["name"], by_subgroup[m.code][row["pk"]], m.unit)
                for row in subgroups
            ],
        )
        for m in reg.metrics
        if subgroups
    ]

    today = timezone.localtime(as_of, cohort_zone(cohort)).date()
    goals = []
    for goal in HealthGoal.objects.filter(cohort=cohort).order_by("due_on", "metric"):
        metric = reg.metric(goal.metric)
        if metric is None:
            # A metric whose app is gone: the goal stays, shown nowhere until it is back.
            continue
        value = by_cohort[metric.code][cohort.pk]
        status, progress = goal_status(goal, metric, value, today=today, start=cohort.start_date)
        goals.append(
            GoalResult(
                goal.pk,
                metric.code,
                str(metric.label),
                metric.unit,
                metric.higher_is_better,
                float(goal.target),
                goal.due_on,
                value,
                status,
                progress,
                goal.note,
            )
        )

    return HealthReport(
        cohort=cohort,
        as_of=as_of,
        window_start=as_of - WEEK,
        window_end=as_of,
        timeline_start=start,
        metrics=metrics,
        trends=_trends(reg, cohort, as_of),
        subgroups=by_group,
        cohorts=compared,
        goals=goals,
        key_members=_key_members(reg, cohort, start, as_of),
        topics=_topics(reg, cohort, start, as_of),
        comments=_comments(cohort),
    )
