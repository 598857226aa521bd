"""Demo data for the health dashboard: earlier guest evenings of the November intake
with their attendance and feedback (comments in each member's language), attendance at
the evenings the sessions' demo left empty, joining dates that come before each member's
first activity, and the operations goals of the running new-hire cohorts — so the
dashboard tells a story over several weeks.

Registered as a ``guild_seed_demo`` hook that runs after every other demo (its
``order``), so that the joining dates it sets right see all the activity. Safe to
repeat: a cohort with goals is left alone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Min
from django.utils import timezone

from cohorts.health.demo_texts import COMMENTS, EARLIER_EVENINGS, GOALS
from cohorts.health.metrics import registry
from cohorts.health.models import HealthGoal
from cohorts.health.services import goal_set
from cohorts.models import Cohort, Membership
from cohorts.sessions.models import Attendance, Feedback, Session

MAIN = "november-2026-intake"
NEWCOMER_COHORTS = (
    MAIN,
    "shanghai-newcomers-2026-11",
    "moscow-newcomers-2026-11",
    "athens-newcomers-2026-11",
)


def health_demo_seed(*, company, stdout) -> None:
    """Give the demo's cohorts weeks of sessions and their goals (see the module)."""
    cohorts = list(Cohort.objects.filter(slug__in=NEWCOMER_COHORTS))
    if not cohorts or HealthGoal.objects.filter(cohort__in=cohorts).exists():
        stdout.write("Cohort health: demo data already present.")
        return
    now = timezone.now()
    hr = company.hr.user
    for cohort in cohorts:
        _joined_before_first_activity(cohort)
        if cohort.slug == MAIN:
            _earlier_evenings(cohort, now=now)
        for metric, target, days_before, note in GOALS:
            due_on = cohort.end_date - dt.timedelta(days=days_before)
            goal_set(
                actor=hr, cohort=cohort, metric=metric, target=target, due_on=due_on, note=note
            )
    stdout.write(f"Cohort health: goals for {len(cohorts)} cohorts, weeks of guest evenings.")


def _joined_before_first_activity(cohort: Cohort) -> None:
    """The other demos date their history back; a member joins before doing anything."""
    firsts: dict[int, dt.datetime] = {}
    for source in registry().activity:
        if source.cohort is None:
            continue
        rows = (
            source.queryset()
            .filter(**{source.cohort: cohort.pk})
            .values(source.person)
            .annotate(first=Min(source.at))
            .values_list(source.person, "first")
        )
        for person, first in rows:
            if first is not None and (person not in firsts or first < firsts[person]):
                firsts[person] = first
    for membership in Membership.objects.filter(cohort=cohort, user_id__in=list(firsts)):
        first = firsts[membership.user_id]
        if membership.joined_at is None or membership.joined_at > first:
            Membership.objects.filter(pk=membership.pk).update(
                joined_at=first - dt.timedelta(hours=2)
            )


def _earlier_evenings(cohort: Cohort, *, now) -> None:
    """A guest evening on the Wednesday of each earlier week, more members coming each
    time; and members at the past evenings nobody was noted at."""
    zone = zoneinfo.ZoneInfo(cohort.time_zone)
    # Read after the joining dates are set right (``_joined_before_first_activity``).
    members = list(
        Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
        .select_related("user__profile")
        .order_by("pk")
    )
    if not members:
        return
    host = (
        Session.objects.filter(cohort=cohort, host__isnull=False)
        .values_list("host", flat=True)
        .first()
    )
    first_wednesday = cohort.start_date + dt.timedelta(days=(2 - cohort.start_date.weekday()) % 7)
    sessions = []
    for week, title in enumerate(EARLIER_EVENINGS):
        day = first_wednesday + dt.timedelta(weeks=week)
        starts = dt.datetime.combine(day, dt.time(19, 30), tzinfo=zone)
        if starts >= now:
            break
        session = Session.objects.create(
            cohort=cohort,
            date=day,
            start_time=dt.time(19, 30),
            end_time=dt.time(21, 0),
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=90),
            title=title,
            host_id=host,
        )
        Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE)
        sessions.append(session)
    quiet = Session.objects.filter(cohort=cohort, starts_at__lt=now, attendance__isnull=True)
    sessions += [s for s in quiet.exclude(pk__in=[s.pk for s in sessions])]
    sessions.sort(key=lambda s: s.starts_at)
    for number, session in enumerate(sessions):
        # From two in five members at the first evening to four in five at the last.
        share = 0.4 + 0.4 * number / max(len(sessions) - 1, 1)
        joined = [m for m in members if m.joined_at is None or m.joined_at <= session.starts_at]
        coming = joined[: max(1, round(len(joined) * share))]
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, user=m.user, source=Attendance.Source.ROOM)
                for m in coming
            ],
            ignore_conflicts=True,
        )
        feedback = []
        for index, membership in enumerate(coming[::2]):
            language = getattr(
                getattr(membership.user, "profile", None), "preferred_language", "en"
            )
            texts = COMMENTS.get(language, COMMENTS["en"])
            comment = texts[(index + number) % len(texts)] if index % 2 == 0 else ""
            feedback.append(
                Feedback(
                    session=session,
                    user=membership.user,
                    rating=3 + (index + number) % 3,
                    comment=comment,
                )
            )
        Feedback.objects.bulk_create(feedback, ignore_conflicts=True)
        # The rows carry the evening's own time, not the seeding's.
        Attendance.objects.filter(session=session).update(first_seen_at=session.starts_at)
        Feedback.objects.filter(session=session).update(
            created_at=session.ends_at + dt.timedelta(minutes=20)
        )
