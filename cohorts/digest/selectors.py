"""Reads of the weekly digest, each for many cohorts or many people in one query, so that
a digest run costs a fixed number of queries per batch of members, not per member.

A ``windows`` argument maps a cohort id to the week (start, end) on that cohort's clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum

from cohorts.engagement.models import Checkin, CheckinTask, PointsEntry
from cohorts.models import Membership, SubGroupMembership
from cohorts.recognition.models import Kudos, KudosReceiver, Visibility
from cohorts.sessions.models import Session
from learning.notifications.models import NotificationPreference

Windows = dict[int, tuple[dt.datetime, dt.datetime]]


def in_windows(windows: Windows, *, cohort: str, instant: str) -> Q:
    """Rows of each cohort inside that cohort's window: one condition per distinct window
    (cohorts on the same clock share it), not one per cohort. For the digest's grouped
    counts, here and in the ``guild_digest_sections`` of higher layers."""
    by_window: dict[tuple, list[int]] = defaultdict(list)
    for cohort_id, window in windows.items():
        by_window[window].append(cohort_id)
    condition = Q(pk__in=[])
    for (start, end), ids in by_window.items():
        condition |= Q(**{f"{cohort}__in": ids, f"{instant}__gte": start, f"{instant}__lt": end})
    return condition


def digest_candidates():
    """(user id, cohort id, own zone, region's zone) of every active member of a running
    cohort: one query for the whole company."""
    from cohorts.models import Cohort

    return Membership.objects.filter(
        status=Membership.Status.ACTIVE, cohort__status=Cohort.Status.RUNNING
    ).values_list(
        "user_id", "cohort_id", "user__profile__time_zone", "user__profile__region__time_zone"
    )


def sessions_between(cohort_ids, *, start: dt.datetime, end: dt.datetime) -> list[Session]:
    """Sessions of these cohorts starting in [start, end), cancelled ones left out."""
    return list(
        Session.objects.filter(cohort_id__in=cohort_ids, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )


def kudos_given_counts(windows: Windows) -> dict[int, int]:
    """Public kudos given in each cohort in its week (private ones are the receivers')."""
    rows = (
        Kudos.objects.filter(
            in_windows(windows, cohort="cohort_id", instant="created_at"),
            visibility=Visibility.PUBLIC,
            withdrawn_at__isnull=True,
            hidden=False,
        )
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["cohort_id"]: row["n"] for row in rows}


def kudos_received_counts(person_ids, windows: Windows) -> dict[tuple[int, int], int]:
    """Kudos each person received in each cohort in its week, public or private."""
    rows = (
        KudosReceiver.objects.filter(
            in_windows(windows, cohort="kudos__cohort_id", instant="kudos__created_at"),
            user_id__in=person_ids,
            kudos__withdrawn_at__isnull=True,
            kudos__hidden=False,
        )
        .values("user_id", "kudos__cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["user_id"], row["kudos__cohort_id"]): row["n"] for row in rows}


def points_totals(person_ids, windows: Windows) -> dict[tuple[int, int], tuple[int, int]]:
    """Each person's points in each cohort: (total, earned in the cohort's week)."""
    rows = (
        PointsEntry.objects.filter(
            withdrawn_at__isnull=True, person_id__in=person_ids, cohort_id__in=list(windows)
        )
        .values("person_id", "cohort_id")
        .annotate(
            total=Sum("points"),
            week=Sum(
                "points", filter=in_windows(windows, cohort="cohort_id", instant="occurred_at")
            ),
        )
        .order_by()
    )
    return {
        (row["person_id"], row["cohort_id"]): (row["total"] or 0, row["week"] or 0) for row in rows
    }


def checkin_tasks_of(cohort_ids) -> list[CheckinTask]:
    return list(CheckinTask.objects.filter(cohort_id__in=cohort_ids).order_by("pk"))


def checkin_days(person_ids, task_ids, *, since: dt.date) -> dict[tuple[int, int], set[dt.date]]:
    """The periods each person checked in for, per task, since ``since``."""
    days: dict[tuple[int, int], set[dt.date]] = defaultdict(set)
    rows = Checkin.objects.filter(
        person_id__in=person_ids, task_id__in=task_ids, period__day__gte=since
    ).values_list("task_id", "person_id", "period__day")
    for task_id, person_id, day in rows:
        days[(task_id, person_id)].add(day)
    return days


def subgroups_of(person_ids, cohort_ids) -> dict[int, set[int]]:
    """The sub-groups each person is an active member of, in these cohorts."""
    found: dict[int, set[int]] = defaultdict(set)
    rows = SubGroupMembership.objects.filter(
        membership__user_id__in=person_ids,
        membership__cohort_id__in=cohort_ids,
        status=Membership.Status.ACTIVE,
    ).values_list("membership__user_id", "subgroup_id")
    for person_id, subgroup_id in rows:
        found[person_id].add(subgroup_id)
    return found


def muted_people(person_ids, kind: str) -> set[int]:
    """Who keeps ``kind`` in the inbox only (for the digest: who switched it off)."""
    return {
        user_id
        for user_id, muted in NotificationPreference.objects.filter(
            user_id__in=person_ids
        ).values_list("user_id", "muted_kinds")
        if kind in (muted or [])
    }
