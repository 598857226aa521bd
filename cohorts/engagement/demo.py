"""Demo check-ins and points: a daily reading check-in in each running new-hire cohort
(in the cohort's language: the Shanghai cohort's is Chinese) and a weekly field note in
the sales program, with several weeks of check-ins — regulars with long streaks, some
late, some missed — the missed check-in penalties, a helper's nudge today, and the points
of the sessions people came to.

Registered as a ``guild_seed_demo`` hook and run after the cohorts' and sessions' demos;
everything goes through the services with the clock of the day it happened. Safe to
repeat: a cohort that has check-in tasks is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cohorts.engagement import services
from cohorts.engagement.demo_texts import READINGS, TASK_TITLES, WEEKLY_TITLE
from cohorts.engagement.models import CheckinTask
from cohorts.models import Cohort, Membership
from cohorts.sessions.models import Attendance

# The language each demo cohort writes in, by its slug (``cohorts.demo``).
COHORT_LANGUAGES = {
    "november-2026-intake": "en",
    "shanghai-newcomers-2026-11": "zh-hans",
    "moscow-newcomers-2026-11": "ru",
    "athens-newcomers-2026-11": "el",
}
SALES_SLUG = "sales-winter-2026"
# Whose history the demo writes: enough for streaks, leaderboards and a dashboard's story,
# and few enough that ``seed_demo --scale 10000`` stays quick.
HISTORY_MEMBERS = 60


def engagement_demo_seed(*, company, stdout) -> None:
    """Create the demo's check-in tasks and their history, and the sessions' points."""
    if CheckinTask.objects.filter(cohort__slug__in=[*COHORT_LANGUAGES, SALES_SLUG]).exists():
        stdout.write("Check-ins: demo data already present.")
        return
    now = timezone.now()
    made = 0
    for cohort in Cohort.objects.filter(slug__in=COHORT_LANGUAGES):
        language = COHORT_LANGUAGES[cohort.slug]
        title, instructions = TASK_TITLES[language]
        task = _task(cohort, title=title, instructions=instructions, reminder=dt.time(20, 0))
        made += _history(task, language, now=now)
        _nudge_today(task, now=now)
    sales = Cohort.objects.filter(slug=SALES_SLUG).first()
    if sales is not None:
        _task(
            sales,
            title=WEEKLY_TITLE[0],
            instructions=WEEKLY_TITLE[1],
            kind=CheckinTask.Kind.FREE,
            frequency=CheckinTask.Frequency.WEEKLY,
            lateness=CheckinTask.Lateness.END_OF_DAY,
            due=dt.time(18, 0),
        )
    services.checkin_periods_close(now=now)
    _session_points()
    stdout.write(
        f"Check-ins: a daily reading check-in in four languages with {made} check-ins, "
        "streaks, late and missed ones, and the points they earned."
    )


def _task(cohort, *, title, instructions, reminder=None, due=dt.time(21, 0), **fields):
    task = CheckinTask.objects.create(
        cohort=cohort,
        title=title,
        instructions=instructions,
        due_time=due,
        reminder_time=reminder,
        **fields,
    )
    # The demo's history starts with the cohort: the task was set up before it opened.
    start = dt.datetime.combine(cohort.start_date, dt.time(0, 0), tzinfo=dt.UTC)
    CheckinTask.objects.filter(pk=task.pk).update(created_at=start - dt.timedelta(days=1))
    task.created_at = start - dt.timedelta(days=1)
    return task


def _history(task: CheckinTask, language: str, *, now) -> int:
    """The first ``HISTORY_MEMBERS`` newcomers' check-ins from the cohort's start to
    yesterday, by a habit of their own: the first third every day (long streaks), the
    next third most days with some late, the rest now and then; each written in the
    member's own language (the group-wide intake's people write in theirs). Returns how
    many were made."""
    members = list(
        Membership.objects.filter(
            cohort=task.cohort, role=Membership.Role.NEWCOMER, status=Membership.Status.ACTIVE
        )
        .select_related("user__profile")
        .order_by("pk")[:HISTORY_MEMBERS]
    )
    zone = services.periods.cohort_zone(task)
    today = timezone.localtime(now, zone).date()
    made = 0
    # Backdate the joins, so that nobody is penalised for a day before they joined.
    Membership.objects.filter(pk__in=[m.pk for m in members], joined_at__gt=task.created_at).update(
        joined_at=task.created_at
    )
    day = task.cohort.start_date
    number = 0
    while day < today:
        times = services.period_times(task, day)
        if number % 7 == 0:
            # The beat closes the days behind, so the penalties land on their week.
            services.checkin_periods_close(now=times.opens_at)
        for index, membership in enumerate(members):
            habit = index * 3 // max(len(members), 1)
            if habit == 1 and (number + index) % 5 == 0:
                continue
            if habit == 2 and (number + index) % 3 != 0:
                continue
            late = habit == 1 and (number + index) % 4 == 0
            at = times.due_at + dt.timedelta(minutes=40 if late else -95 - 7 * index)
            profile = getattr(membership.user, "profile", None)
            readings = READINGS.get(getattr(profile, "preferred_language", ""), READINGS[language])
            book, chapter, text = readings[(number + index) % len(readings)]
            services.checkin_submit(
                task=task,
                user=membership.user,
                day=day,
                book=book,
                chapter=chapter,
                text=text,
                now=at,
            )
            made += 1
        day += dt.timedelta(days=1)
        number += 1
    return made


def _nudge_today(task: CheckinTask, *, now) -> None:
    """The helper on check-in duty (an organizer where there is none) nudges whoever has
    not checked in yet today."""
    staff = (
        Membership.objects.filter(cohort=task.cohort, status=Membership.Status.ACTIVE)
        .exclude(role=Membership.Role.NEWCOMER)
        .select_related("user")
        .order_by("pk")
    )
    for membership in staff:
        if services.may_supervise(membership.user, task):
            if services.checkin_nudge_check(task=task, actor=membership.user, now=now) is None:
                services.checkin_nudge(task=task, actor=membership.user, now=now)
            return


def _session_points() -> None:
    """The sessions' demo notes attendance directly; give what the room would have."""
    for attendance in Attendance.objects.select_related("session"):
        services.attendance_points_award(attendance=attendance)
