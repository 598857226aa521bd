"""The duties an operations member does, counted per period for the evaluation.

Each source counts one kind of duty in one query and hands it over through the
``guild_duty_counts`` hook (``learning.registry.duty_counts``); the sources of layer 1
are here, higher layers (the question board) register their own. The labels of the
known codes live here so the evaluation can name them; an unknown code shows as it is.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count

from cohorts.operations.models import DUTY_LABELS, PlanItem, RoomPost
from learning import registry


def duty_label(code: str) -> str:
    return str(DUTY_LABELS.get(code, code))


def _grouped(queryset, person: str, code: str) -> dict[int, dict[str, int]]:
    rows = queryset.exclude(**{person: None}).values(person).annotate(n=Count("pk")).order_by()
    return {row[person]: {code: row["n"]} for row in rows}


def room_duty_counts(cohort_ids, start, end) -> dict[int, dict[str, int]]:
    """Posts in the room and plan items done (credited to their owner), two queries."""
    posts = _grouped(
        RoomPost.objects.filter(
            cohort_id__in=cohort_ids, created_at__gte=start, created_at__lt=end
        ),
        "author_id",
        "room_posts",
    )
    done = _grouped(
        PlanItem.objects.filter(
            plan__cohort_id__in=cohort_ids, done_at__gte=start, done_at__lt=end
        ),
        "owner_id",
        "plan_items_done",
    )
    for user_id, duties in done.items():
        posts.setdefault(user_id, {}).update(duties)
    return posts


def checkin_duty_counts(cohort_ids, start, end) -> dict[int, dict[str, int]]:
    """Nudges a helper sent to those who had not checked in (one query)."""
    from cohorts.engagement.models import CheckinNudge

    return _grouped(
        CheckinNudge.objects.filter(
            period__task__cohort_id__in=cohort_ids,
            kind=CheckinNudge.Kind.NUDGE,
            created_at__gte=start,
            created_at__lt=end,
        ),
        "sent_by_id",
        "checkins_supervised",
    )


def summary_duty_counts(cohort_ids, start, end) -> dict[int, dict[str, int]]:
    """Session summaries published in the period, credited to their writer (one query)."""
    from cohorts.sessions.models import Summary

    return _grouped(
        Summary.objects.filter(
            session__cohort_id__in=cohort_ids,
            status=Summary.Status.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ),
        "author_id",
        "summaries_written",
    )


def period_bounds(cohort, start: datetime.date, end: datetime.date):
    """A period of whole days on the cohort's clock, as [start, end) instants."""
    zone = ZoneInfo(str(cohort.time_zone))
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return begin, after


def member_duty_counts(
    cohort, start: datetime.date, end: datetime.date
) -> dict[int, dict[str, int]]:
    """Every source's counts for ``cohort`` in the days ``start``..``end`` (included)."""
    begin, after = period_bounds(cohort, start, end)
    return registry.duty_counts([cohort.pk], begin, after)
