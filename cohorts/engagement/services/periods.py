"""The periods of a check-in task on the cohort's clock.

A daily task's period is a calendar day of the cohort's time zone; a weekly task's is the
week (Monday to Sunday) in which its due day falls, and it is named by that due day. The
instants are computed with ``zoneinfo`` from wall-clock times, so a period that spans a
daylight-saving change is 23 or 25 hours long and its due time stays at, say, 21:00 on
the cohort's clock. A wall-clock time skipped by the change is read with the offset
before it (``fold=0``), as calendars do.

When a period stops taking check-ins depends on the task's lateness policy: at the due
time (refuse), a number of hours after it (late window) or at the end of the due day
(end of day). Check-ins after the due time are marked late.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.engagement.models import CheckinPeriod, CheckinTask

Lateness = CheckinTask.Lateness


def cohort_zone(task: CheckinTask) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(task.cohort.time_zone)


def _instant(day: dt.date, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC)


@dataclass(frozen=True)
class PeriodTimes:
    day: dt.date
    opens_at: dt.datetime
    due_at: dt.datetime
    closes_at: dt.datetime


def period_day(task: CheckinTask, local_day: dt.date) -> dt.date:
    """The period's name (its due day) for a day on the cohort's clock."""
    if task.frequency == CheckinTask.Frequency.WEEKLY:
        monday = local_day - dt.timedelta(days=local_day.weekday())
        return monday + dt.timedelta(days=task.weekday)
    return local_day


def period_times(task: CheckinTask, day: dt.date) -> PeriodTimes:
    """The instants of the period named ``day`` (a due day), on the cohort's clock."""
    zone = cohort_zone(task)
    if task.frequency == CheckinTask.Frequency.WEEKLY:
        first = day - dt.timedelta(days=day.weekday())
    else:
        first = day
    opens_at = _instant(first, dt.time(0, 0), zone)
    due_at = _instant(day, task.due_time, zone)
    if task.lateness == Lateness.REFUSE:
        closes_at = due_at
    elif task.lateness == Lateness.END_OF_DAY:
        closes_at = _instant(day + dt.timedelta(days=1), dt.time(0, 0), zone)
    else:
        closes_at = due_at + dt.timedelta(hours=task.late_hours)
    return PeriodTimes(day=day, opens_at=opens_at, due_at=due_at, closes_at=closes_at)


def task_first_day(task: CheckinTask) -> dt.date:
    return task.starts_on or task.cohort.start_date


def task_last_day(task: CheckinTask) -> dt.date:
    return task.ends_on or task.cohort.end_date


def period_current_day(task: CheckinTask, *, now: dt.datetime | None = None) -> dt.date | None:
    """The period a check-in made now is for: the latest one already open, or None
    outside the task's days. A period still taking late check-ins after the next one
    opened stays reachable by its day (``period_accepting``)."""
    now = now or timezone.now()
    today = timezone.localtime(now, cohort_zone(task)).date()
    day = period_day(task, today)
    if not task_first_day(task) <= day <= task_last_day(task):
        return None
    return day


def period_days_between(task: CheckinTask, first: dt.date, last: dt.date) -> list[dt.date]:
    """The task's period days from ``first`` to ``last`` (inclusive), within its days."""
    first, last = max(first, task_first_day(task)), min(last, task_last_day(task))
    step = 7 if task.frequency == CheckinTask.Frequency.WEEKLY else 1
    day = period_day(task, first)
    if day < first:
        day += dt.timedelta(days=7)
    days = []
    while day <= last:
        days.append(day)
        day += dt.timedelta(days=step)
    return days


def period_get(task: CheckinTask, day: dt.date) -> CheckinPeriod:
    """The stored period named ``day``, made on first use with its instants. Safe to call
    twice at once: the unique (task, day) decides, and the loser reads the winner's."""
    period = CheckinPeriod.objects.filter(task=task, day=day).first()
    if period is not None:
        return period
    times = period_times(task, day)
    try:
        with transaction.atomic():
            period = CheckinPeriod.objects.create(
                task=task,
                day=day,
                opens_at=times.opens_at,
                due_at=times.due_at,
                closes_at=times.closes_at,
            )
    except IntegrityError:
        period = CheckinPeriod.objects.get(task=task, day=day)
    period.task = task
    return period
