"""The metrics registry: what the health dashboard measures and how, declared by each app.

An app hands its declarations to the dashboard through the ``guild_health_metrics`` hook
(``learning.registry.health_declarations``): ``HealthMetric`` (a number per cohort),
``ActivitySource`` (what counts as a member being active), ``KeyContribution`` (what makes
someone carry the community) and ``TopicSource`` (what people talk about). Every function
a declaration holds reads many cohorts (or weeks, or sub-groups) at once in ONE query, so
the dashboard costs the same number of queries whatever the cohort's size.

A ``Scope`` says what to read: which cohorts, from when (per cohort) until when, and what
to group by — the cohort, the week (on the cohort's clock) or the sub-group. ``Scope.keyed``
restricts any queryset to it and annotates the grouping key ``k``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from django.db import connections
from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import Trunc

UNIT_COUNT = "count"
UNIT_PERCENT = "percent"
UNIT_HOURS = "hours"
UNIT_SCORE = "score"
UNITS = (UNIT_COUNT, UNIT_PERCENT, UNIT_HOURS, UNIT_SCORE)

BY_COHORT = "cohort"
BY_WEEK = "week"
BY_SUBGROUP = "subgroup"

# The "now" window of a metric: the last seven days, or the cohort's whole timeline.
WINDOW_WEEK = "week"
WINDOW_TIMELINE = "timeline"

ACTIVE = "active"


@dataclass(frozen=True)
class Scope:
    """Which cohorts, from when (each cohort its own start) to when, grouped by what."""

    cohort_ids: tuple[int, ...]
    starts: dict[int, datetime]
    end: datetime
    by: str = BY_COHORT
    tz: tzinfo | None = None

    def in_time(self, at: str, cohort: str) -> Q:
        """Rows of the scope's cohorts from each one's start (the end is the caller's)."""
        condition = Q()
        for cohort_id in self.cohort_ids:
            condition |= Q(**{cohort: cohort_id, f"{at}__gte": self.starts[cohort_id]})
        return condition

    def keyed(
        self,
        queryset: QuerySet,
        *,
        at: str,
        person: str,
        cohort: str | None = None,
        members_only: bool = False,
    ) -> QuerySet:
        """``queryset`` limited to the scope and annotated with its grouping key ``k``.

        ``at`` is the datetime field that places a row in time, ``person`` the path to
        the user it is about, ``cohort`` the path to its cohort's id; with no cohort (a
        case belongs to its author, not to a cohort) a row counts for each cohort its
        person is an active member of. Reads nothing.
        """
        membership = f"{person}__cohort_memberships"
        cohort_path = cohort or f"{membership}__cohort_id"
        in_time = self.in_time(at, cohort_path)
        # One filter() call, so the membership join the key reads is the one filtered.
        joined = {}
        if cohort is None or members_only or self.by == BY_SUBGROUP:
            joined = {f"{membership}__status": ACTIVE}
            if cohort is not None:
                joined[f"{membership}__cohort_id"] = F(cohort)
        if self.by == BY_SUBGROUP:
            joined[f"{membership}__subgroup_memberships__status"] = ACTIVE
        queryset = queryset.order_by().filter(in_time, Q(**{f"{at}__lt": self.end}), **joined)
        if self.by == BY_WEEK:
            key = Trunc(at, "week", output_field=DateField(), tzinfo=self.tz)
        elif self.by == BY_SUBGROUP:
            key = F(f"{membership}__subgroup_memberships__subgroup_id")
        else:
            key = F(cohort_path)
        return queryset.annotate(k=key)


def key_of(value):
    """A grouping key as Python: raw SQL gives SQLite's dates as text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def top_counts(queryset: QuerySet, field: str, limit: int) -> list[tuple]:
    """``[(value of field, rows)]``, the ``limit`` most frequent first, in one query: what
    ``KeyContribution.counts`` and ``TopicSource.counts`` return."""
    rows = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)[:limit]
    return [(row[field], row["n"]) for row in rows]


def percent(part, whole) -> float | None:
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 1)


def per_member(raw, members) -> float | None:
    return percent(raw, members)


def median_hours(durations: Iterable) -> float | None:
    """The median of timedeltas, in hours: computed in Python from the rows so SQLite
    and PostgreSQL (which have no common median) agree to the second."""
    hours = [d.total_seconds() / 3600 for d in durations if d is not None]
    if not hours:
        return None
    return round(statistics.median(hours), 1)


@dataclass(frozen=True)
class HealthMetric:
    """One number the dashboard shows per cohort, per week and per sub-group.

    ``values(scope) -> {key: raw}`` reads the raw numbers in one query (or ``source``
    names another metric whose raw numbers this one reuses, at no query); ``finish(raw,
    members) -> value`` turns a raw number into what is shown, given the members counted
    for the same key (a share of members, say). ``window`` is what "now" means for it:
    the last seven days or the whole timeline. ``series`` False: no weekly trend;
    ``cumulative``: the weekly raw numbers are added up (members who joined each week).
    A raw ``"*"`` key is the value of any key with no row of its own.
    """

    code: str
    label: object
    unit: str
    values: Callable[[Scope], dict] | None = None
    finish: Callable[[object, object], float | None] | None = None
    higher_is_better: bool = True
    window: str = WINDOW_TIMELINE
    source: str = ""
    series: bool = True
    cumulative: bool = False
    # What a key with no row is worth (no kudos is 0 kudos; no feedback is no score).
    empty: object = 0
    order: int = 100
    help: object = ""

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r} for metric {self.code}")
        if (self.values is None) == (not self.source):
            raise ValueError(f"metric {self.code} needs exactly one of values or source")


@dataclass(frozen=True)
class ActivitySource:
    """Something a member does that makes them active: ``queryset()`` of rows with the
    person at ``person``, the time at ``at`` and the cohort at ``cohort`` (or none)."""

    code: str
    queryset: Callable[[], QuerySet]
    person: str
    at: str
    cohort: str | None = None


@dataclass(frozen=True)
class KeyContribution:
    """What makes someone carry the community: ``counts(cohort, start, end, limit)``
    returns ``[(user id, count)]``, the top ``limit`` by count, in one query."""

    code: str
    label: object
    counts: Callable[..., list[tuple[int, int]]]
    order: int = 100


@dataclass(frozen=True)
class TopicSource:
    """What people talk about: ``counts(cohort, start, end, limit)`` returns
    ``[(name, count)]`` in one query."""

    code: str
    label: object
    counts: Callable[..., list[tuple[str, int]]]


@dataclass
class Registry:
    metrics: list[HealthMetric] = field(default_factory=list)
    activity: list[ActivitySource] = field(default_factory=list)
    contributions: list[KeyContribution] = field(default_factory=list)
    topics: list[TopicSource] = field(default_factory=list)

    def metric(self, code: str) -> HealthMetric | None:
        return next((m for m in self.metrics if m.code == code), None)


def registry() -> Registry:
    """Every declaration the apps hand over through ``guild_health_metrics``."""
    from learning.registry import health_declarations

    found = Registry()
    for item in health_declarations():
        if isinstance(item, HealthMetric):
            found.metrics.append(item)
        elif isinstance(item, ActivitySource):
            found.activity.append(item)
        elif isinstance(item, KeyContribution):
            found.contributions.append(item)
        elif isinstance(item, TopicSource):
            found.topics.append(item)
    found.metrics.sort(key=lambda m: m.order)
    found.contributions.sort(key=lambda c: c.order)
    return found


def metric_choices() -> list[tuple[str, object]]:
    """The metrics a goal may name, as form choices."""
    return [(m.code, m.label) for m in registry().metrics]


def active_people(scope: Scope, sources: Iterable[ActivitySource]) -> dict:
    """Distinct people active per key, over every activity source, in ONE query: the
    sources' (person, key) rows are put together with UNION and counted distinct."""
    parts = [
        scope.keyed(
            source.queryset(),
            at=source.at,
            person=source.person,
            cohort=source.cohort,
            members_only=True,
        )
        .annotate(p=F(source.person))
        .values_list("p", "k")
        for source in sources
    ]
    if not parts:
        return {}
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    sql, params = union.query.sql_with_params()
    connection = connections[union.db]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.k, COUNT(DISTINCT u.p) FROM ({sql}) u GROUP BY u.k",  # noqa: S608
            params,
        )
        return {key_of(k): n for k, n in cursor.fetchall()}
