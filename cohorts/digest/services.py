"""The weekly digest: once a week each member of a running cohort hears what happened in
their cohorts (sessions held and coming, kudos given, what higher layers add through
``guild_digest_sections``), their check-in streak, the kudos they received and their
points — in the inbox and by e-mail, in their own language.

The week is the ISO week (Monday to Sunday) on the member's own clock; the digest of a
week goes out from Monday ``DIGEST_HOUR`` of the next one, at the beat's next tick. What
happened in a cohort is counted over that week on the cohort's clock (one count per
cohort, shared by all its members). A member who keeps the digest in the inbox only
(muted in their notification settings) has switched it off and gets none.

Cost: one query lists every candidate; cohort numbers are counted once per cohort week
in grouped queries; people are handled in batches of ``batch_size`` with a fixed number
of grouped queries and bulk writes each (``notification_send_each``), whatever the size.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from cohorts.digest import selectors
from cohorts.digest.models import WeeklyDigest
from cohorts.digest.notification_kinds import DIGEST_KIND
from cohorts.engagement.services.checkins import streak_of
from cohorts.models import Cohort
from cohorts.sessions.models import Session
from cohorts.sessions.services.dispatch import session_when
from learning.notifications.services import (
    PersonalNotice,
    in_recipient_language,
    notification_send_each,
)

logger = logging.getLogger(__name__)

# The digest of last week goes out on Monday from this hour on the member's clock.
DIGEST_HOUR = 8
# Check-ins older than this are not read: a streak shows at most this many days.
STREAK_HORIZON = dt.timedelta(days=120)
# Sessions and lines named per cohort, the rest counted.
NAMED = 3

# A line a higher layer adds to a cohort's part: called with the member's language active.
DigestLine = Callable[[], str]


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def digest_week(zone: dt.tzinfo, now: dt.datetime) -> tuple[dt.date, bool]:
    """The Monday of the week that ended last on this clock, and whether its digest is due
    (Monday from ``DIGEST_HOUR`` on, or any later day of the week)."""
    local = now.astimezone(zone)
    this_monday = local.date() - dt.timedelta(days=local.weekday())
    due = local.weekday() > 0 or local.hour >= DIGEST_HOUR
    return this_monday - dt.timedelta(days=7), due


def cohort_window(cohort: Cohort, week: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The week starting ``week`` on the cohort's clock, as instants."""
    zone = _zone(str(cohort.time_zone))
    start = dt.datetime.combine(week, dt.time(), zone)
    end = dt.datetime.combine(week + dt.timedelta(days=7), dt.time(), zone)
    return start, end


@dataclass
class CohortWeek:
    """What happened in one cohort in one week, counted once for all its members."""

    cohort: Cohort
    window: tuple[dt.datetime, dt.datetime]
    held: list[Session] = field(default_factory=list)
    coming: list[Session] = field(default_factory=list)
    kudos_given: int = 0
    lines: list[DigestLine] = field(default_factory=list)


@dataclass
class MemberPart:
    """One member's own numbers in one cohort."""

    week: CohortWeek
    streak: int | None
    kudos_received: int
    points: int
    points_week: int


def digest_sections(windows: selectors.Windows) -> dict[int, list[DigestLine]]:
    """Every ``guild_digest_sections`` line of these cohorts' weeks."""
    lines: dict[int, list[DigestLine]] = defaultdict(list)
    for fn in hooks.get_hooks("guild_digest_sections"):
        for cohort_id, extra in fn(windows=windows).items():
            lines[cohort_id].extend(extra)
    return lines


def cohort_weeks(cohorts: list[Cohort], week: dt.date, now: dt.datetime) -> dict[int, CohortWeek]:
    """The cohort part of every cohort's digest of ``week``, in a fixed number of
    queries for all of them. Sessions "coming" are those of the next seven days."""
    windows = {c.pk: cohort_window(c, week) for c in cohorts}
    weeks = {c.pk: CohortWeek(cohort=c, window=windows[c.pk]) for c in cohorts}
    if not cohorts:
        return weeks
    earliest = min(start for start, _end in windows.values())
    for session in selectors.sessions_between(
        list(weeks), start=earliest, end=now + dt.timedelta(days=7)
    ):
        part = weeks[session.cohort_id]
        # session_when reads the cohort's clock; the cohort is already here.
        session.cohort = part.cohort
        start, end = windows[session.cohort_id]
        if start <= session.starts_at < min(end, now):
            part.held.append(session)
        elif session.starts_at >= now:
            part.coming.append(session)
    for cohort_id, count in selectors.kudos_given_counts(windows).items():
        weeks[cohort_id].kudos_given = count
    for cohort_id, lines in digest_sections(windows).items():
        if cohort_id in weeks:
            weeks[cohort_id].lines.extend(lines)
    return weeks


def _sessions_line(label: str, sessions: list[Session], *, when: bool) -> str:
    named = [
        f"“{session}” ({session_when(session)})" if when else f"“{session}”"
        for session in sessions[:NAMED]
    ]
    if len(sessions) > NAMED:
        more = len(sessions) - NAMED
        named.append(ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more})
    return f"{label}: {'; '.join(named)}"


def digest_text(parts: list[MemberPart]) -> str:
    """A member's digest body in the active language: one paragraph per cohort."""
    paragraphs = []
    for part in parts:
        week = part.week
        lines = [week.cohort.name]
        if week.held:
            lines.append(_sessions_line(_("Sessions held"), week.held, when=False))
        if week.coming:
            lines.append(_sessions_line(_("Coming up"), week.coming, when=True))
        if not week.held and not week.coming:
            lines.append(_("No sessions this week or the next."))
        # A digest says what happened: a count of nothing is left out.
        if week.kudos_given:
            lines.append(
                ngettext(
                    "%(n)d kudos given in the cohort",
                    "%(n)d kudos given in the cohort",
                    week.kudos_given,
                )
                % {"n": week.kudos_given}
            )
        lines.extend(line() for line in week.lines)
        if part.streak:
            lines.append(
                ngettext(
                    "Your check-in streak: %(n)d in a row",
                    "Your check-in streak: %(n)d in a row",
                    part.streak,
                )
                % {"n": part.streak}
            )
        if part.kudos_received:
            lines.append(
                ngettext(
                    "Kudos you received: %(n)d", "Kudos you received: %(n)d", part.kudos_received
                )
                % {"n": part.kudos_received}
            )
        lines.append(
            _("Your points: %(total)d (%(week)+d this week)")
            % {"total": part.points, "week": part.points_week}
        )
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def digest_title(week: dt.date) -> str:
    first = formats.date_format(week, "MONTH_DAY_FORMAT")
    last = formats.date_format(week + dt.timedelta(days=6), "MONTH_DAY_FORMAT")
    return _("Your week in Guild: %(first)s – %(last)s") % {"first": first, "last": last}


def _member_parts(
    people: list[int],
    cohorts_of: dict[int, list[int]],
    weeks: dict[int, CohortWeek],
    tasks_by_cohort: dict[int, list],
    now: dt.datetime,
) -> dict[int, list[MemberPart]]:
    """Each person's parts, from four grouped queries for the whole batch."""
    cohort_ids = list(weeks)
    windows = {pk: part.window for pk, part in weeks.items()}
    received = selectors.kudos_received_counts(people, windows)
    points = selectors.points_totals(people, windows)
    task_ids = [task.pk for tasks in tasks_by_cohort.values() for task in tasks]
    days = selectors.checkin_days(people, task_ids, since=(now - STREAK_HORIZON).date())
    subgroups = selectors.subgroups_of(people, cohort_ids)
    parts: dict[int, list[MemberPart]] = {}
    for person in people:
        mine = []
        for cohort_id in cohorts_of[person]:
            week = weeks[cohort_id]
            tasks = tasks_by_cohort.get(cohort_id, [])
            streak = (
                max(streak_of(task, days.get((task.pk, person), set()), now=now) for task in tasks)
                if tasks
                else None
            )
            # A sub-group's sessions are its members' only.
            own = subgroups.get(person, set())
            visible = CohortWeek(
                cohort=week.cohort,
                window=week.window,
                held=[s for s in week.held if s.subgroup_id is None or s.subgroup_id in own],
                coming=[s for s in week.coming if s.subgroup_id is None or s.subgroup_id in own],
                kudos_given=week.kudos_given,
                lines=week.lines,
            )
            total, gained = points.get((person, cohort_id), (0, 0))
            mine.append(
                MemberPart(
                    week=visible,
                    streak=streak,
                    kudos_received=received.get((person, cohort_id), 0),
                    points=total,
                    points_week=gained,
                )
            )
        parts[person] = mine
    return parts


def _batch_send(
    *,
    week: dt.date,
    people: list[int],
    cohorts_of: dict[int, list[int]],
    weeks: dict[int, CohortWeek],
    tasks_by_cohort: dict[int, list],
    now: dt.datetime,
) -> int:
    """One batch of digests for ``week``: its notifications and records in one
    transaction. Returns how many were sent."""
    muted = selectors.muted_people(people, DIGEST_KIND)
    people = [p for p in people if p not in muted]
    if not people:
        return 0
    parts = _member_parts(people, cohorts_of, weeks, tasks_by_cohort, now)
    with transaction.atomic():
        done = set(
            WeeklyDigest.objects.filter(person_id__in=people, week=week).values_list(
                "person_id", flat=True
            )
        )
        notices = [
            PersonalNotice(
                recipient_id=person,
                title=in_recipient_language(lambda: digest_title(week)),
                body=in_recipient_language(lambda mine=parts[person]: digest_text(mine)),
                url="/cohorts/",
                payload={
                    "week": week.isoformat(),
                    "cohorts": [
                        {
                            "cohort": part.week.cohort.pk,
                            "streak": part.streak,
                            "kudos_received": part.kudos_received,
                            "points": part.points,
                            "points_week": part.points_week,
                        }
                        for part in parts[person]
                    ],
                },
                dedupe_key=f"digest:{week.isoformat()}:{person}",
            )
            for person in people
            if person not in done
        ]
        notifications = notification_send_each(kind=DIGEST_KIND, notices=notices)
        WeeklyDigest.objects.bulk_create(
            WeeklyDigest(person_id=n.recipient_id, week=week, notification=n) for n in notifications
        )
    return len(notifications)


def digests_send_due(*, now: dt.datetime | None = None, batch_size: int = 1000) -> int:
    """Send every member the digest of their last week if it is due and not yet sent;
    returns how many were sent.

    Side effects: one ``WeeklyDigest`` and one notification (inbox, and e-mail unless the
    member turned e-mail off) per member and week, written together per batch. Safe to run
    twice, at once or after a crash: a batch re-reads which digests exist inside its
    transaction, both writes are unique per person and week, and a batch that collides
    with another run rolls back and is read again.
    """
    now = now or timezone.now()
    due_week: dict[int, dt.date | None] = {}
    cohorts_of: dict[int, list[int]] = defaultdict(list)
    for user_id, cohort_id, own_zone, region_zone in selectors.digest_candidates():
        if user_id not in due_week:
            week, due = digest_week(_zone(own_zone or region_zone), now)
            due_week[user_id] = week if due else None
        if due_week[user_id] is not None:
            cohorts_of[user_id].append(cohort_id)
    weeks_needed = {week for week in due_week.values() if week is not None}
    sent_already = set(
        WeeklyDigest.objects.filter(week__in=weeks_needed).values_list("person_id", "week")
    )
    by_week: dict[dt.date, list[int]] = defaultdict(list)
    for person, week in due_week.items():
        if week is not None and (person, week) not in sent_already:
            by_week[week].append(person)
    if not by_week:
        return 0
    cohort_ids = {c for ids in cohorts_of.values() for c in ids}
    cohorts = {c.pk: c for c in Cohort.objects.filter(pk__in=cohort_ids)}
    tasks_by_cohort: dict[int, list] = defaultdict(list)
    for task in selectors.checkin_tasks_of(list(cohorts)):
        # Streaks read the task's cohort clock: the cohort is already here.
        task.cohort = cohorts[task.cohort_id]
        tasks_by_cohort[task.cohort_id].append(task)
    sent = 0
    for week, people in sorted(by_week.items()):
        # Cohorts that had not started or had ended that week have nothing to say.
        live = [
            c
            for c in cohorts.values()
            if c.start_date <= week + dt.timedelta(days=6) and c.end_date >= week
        ]
        weeks = cohort_weeks(live, week, now)
        mine = {p: [c for c in cohorts_of[p] if c in weeks] for p in people}
        people = [p for p in people if mine[p]]
        for start in range(0, len(people), batch_size):
            batch = people[start : start + batch_size]
            for attempt in (1, 2):
                try:
                    sent += _batch_send(
                        week=week,
                        people=batch,
                        cohorts_of=mine,
                        weeks=weeks,
                        tasks_by_cohort=tasks_by_cohort,
                        now=now,
                    )
                    break
                except IntegrityError:
                    # Another run wrote some of this batch first: read the batch again.
                    logger.info("Digest batch of %s collided with another run.", week)
                    if attempt == 2:
                        raise
    return sent
