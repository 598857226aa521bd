"""Supervising check-ins: who is expected, who has not checked in, the helpers' nudge,
the beat's reminder, and closing a period with the missed check-in penalty.

Exactly once, by construction: a nudge or a reminder is a ``CheckinNudge`` row unique on
(period, person, kind), written in the same transaction as its notification (whose
``dedupe_key`` is unique too), so any number of clicks, helpers or beat ticks reaches a
person once per period. A period's reminder and closing are stamped on the period row,
taken under a lock, so two beats at once do the work once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.engagement.models import Checkin, CheckinNudge, CheckinPeriod, CheckinTask
from cohorts.engagement.services import periods
from cohorts.engagement.services.checkins import RULE_MISSED, checkin_url
from cohorts.engagement.services.points import award
from cohorts.models import Cohort, Membership
from learning.notifications.services import in_recipient_language, notification_send_many

Role = Membership.Role
# Who is asked to check in: the cohort's active newcomers (the operations team, mentors
# and guests are not).
EXPECTED_ROLES = (Role.NEWCOMER,)
# Closing catches up on periods this far back (a beat that was down).
CATCH_UP = dt.timedelta(days=14)


def may_supervise(user, task: CheckinTask) -> bool:
    """Organizers (HR too), the core and planning teams, and the helpers whose duty
    contains the task's supervising words."""
    cohort = task.cohort
    if permissions.is_organizer(user, cohort):
        return True
    membership = permissions.membership_for(user, cohort)
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return False
    if membership.role in (Role.CORE, Role.PLANNING):
        return True
    duty = " ".join(task.supervisor_duty.split()).casefold()
    return (
        membership.role == Role.HELPER and bool(duty) and duty in membership.helper_duty.casefold()
    )


def checkin_photo_readable(*, checkin: Checkin, user) -> bool:
    """Whether ``user`` may see ``checkin``'s photo: its author, and those who supervise
    its task. One rule for the page and the API. Reads only."""
    return checkin.person_id == user.pk or may_supervise(user, checkin.task)


def expected_members(cohort: Cohort | int, *, joined_by: dt.datetime | None = None) -> QuerySet:
    """The memberships asked to check in (active newcomers), joined by ``joined_by``."""
    members = Membership.objects.filter(
        cohort_id=getattr(cohort, "pk", cohort),
        status=Membership.Status.ACTIVE,
        role__in=EXPECTED_ROLES,
    )
    if joined_by is not None:
        members = members.exclude(joined_at__gt=joined_by)
    return members


def missing_members(period: CheckinPeriod) -> QuerySet:
    """The expected memberships without a check-in for ``period``."""
    done = Checkin.objects.filter(period=period, person=OuterRef("user_id"))
    return expected_members(period.task.cohort_id).exclude(Exists(done))


def _notify(period: CheckinPeriod, user_ids: list[int], kind: str, actor=None) -> int:
    """Write the nudge rows and their notifications for those not told yet."""
    told = set(
        CheckinNudge.objects.filter(period=period, kind=kind, person_id__in=user_ids).values_list(
            "person_id", flat=True
        )
    )
    new = [pk for pk in user_ids if pk not in told]
    if not new:
        return 0
    CheckinNudge.objects.bulk_create(
        [CheckinNudge(period=period, person_id=pk, kind=kind, sent_by=actor) for pk in new],
        ignore_conflicts=True,
    )
    task = period.task
    due = formats.time_format(task.due_time, "TIME_FORMAT")
    if kind == CheckinNudge.Kind.NUDGE:
        title = in_recipient_language(
            lambda: (
                _("A helper reminds you: %(task)s is due at %(time)s")
                % {"task": task.title, "time": due}
            )
        )
    else:
        title = in_recipient_language(
            lambda: (
                _("Don't forget: %(task)s is due at %(time)s") % {"task": task.title, "time": due}
            )
        )
    return notification_send_many(
        recipients=new,
        kind=f"checkin.{kind}",
        title=title,
        body=in_recipient_language(
            lambda: (
                _("Cohort: %(cohort)s. Time zone: %(zone)s.")
                % {"cohort": task.cohort.name, "zone": task.cohort.time_zone}
            )
        ),
        url=checkin_url(task),
        dedupe_key=f"checkin-{kind}:{period.pk}",
    )


def checkin_nudge_check(*, task: CheckinTask, actor, now: dt.datetime | None = None) -> str | None:
    """Why ``actor`` may not nudge for the current period, or None. Side-effect free."""
    if not may_supervise(actor, task):
        return _("Only the helpers on check-in duty and the organizers nudge.")
    if periods.period_current_day(task, now=now) is None:
        return _("There is no check-in to do today.")
    return None


def checkin_nudge(
    *, task: CheckinTask, actor, user_ids: list[int] | None = None, now: dt.datetime | None = None
) -> int:
    """Nudge, through the outbox, everyone who has not checked in for the current period
    (or those of ``user_ids`` among them). Each person is nudged at most once per period,
    whoever clicks and however often; returns how many were nudged now."""
    refusal = checkin_nudge_check(task=task, actor=actor, now=now)
    if refusal:
        if not may_supervise(actor, task):
            raise PermissionDenied(refusal)
        raise ValidationError({"day": refusal})
    with transaction.atomic():
        period = periods.period_get(task, periods.period_current_day(task, now=now))
        missing = missing_members(period)
        if user_ids is not None:
            missing = missing.filter(user_id__in=user_ids)
        return _notify(period, list(missing.values_list("user_id", flat=True)), "nudge", actor)


def _running_tasks() -> QuerySet:
    return CheckinTask.objects.filter(active=True, cohort__status=Cohort.Status.RUNNING)


def checkin_reminders_due(*, now: dt.datetime | None = None) -> int:
    """Remind, once per period, whoever has not checked in by the task's reminder time
    (beat, every few minutes). Returns how many were reminded now; safe to repeat."""
    now = now or timezone.now()
    sent = 0
    for task in _running_tasks().exclude(reminder_time=None).select_related("cohort"):
        day = periods.period_current_day(task, now=now)
        if day is None:
            continue
        times = periods.period_times(task, day)
        remind_at = dt.datetime.combine(
            day, task.reminder_time, tzinfo=periods.cohort_zone(task)
        ).astimezone(dt.UTC)
        if not remind_at <= now < times.closes_at:
            continue
        with transaction.atomic():
            period = periods.period_get(task, day)
            period = CheckinPeriod.objects.select_for_update().get(pk=period.pk)
            if period.reminded_at is not None:
                continue
            period.task = task
            ids = list(missing_members(period).values_list("user_id", flat=True))
            sent += _notify(period, ids, "reminder")
            period.reminded_at = now
            period.save(update_fields=["reminded_at"])
    return sent


def checkin_periods_close(*, now: dt.datetime | None = None) -> int:
    """Close every period that stopped taking check-ins (beat): each expected member who
    joined before it was due and did not check in gets the ``checkin_missed`` points
    (a penalty by the group rules), once. Returns how many periods it closed."""
    now = now or timezone.now()
    closed = 0
    for task in _running_tasks().select_related("cohort"):
        zone = periods.cohort_zone(task)
        today = timezone.localtime(now, zone).date()
        first = timezone.localtime(now - CATCH_UP, zone).date()
        for day in periods.period_days_between(task, first, today):
            times = periods.period_times(task, day)
            # Nothing is missed before the task existed, nor while the period is open.
            if times.closes_at > now or times.due_at < task.created_at:
                continue
            closed += _period_close(task, day, now)
    return closed


def _period_close(task: CheckinTask, day: dt.date, now: dt.datetime) -> int:
    with transaction.atomic():
        period = periods.period_get(task, day)
        period = CheckinPeriod.objects.select_for_update().get(pk=period.pk)
        if period.closed_at is not None:
            return 0
        period.task = task
        done = Checkin.objects.filter(period=period, person=OuterRef("user_id"))
        missed = (
            expected_members(task.cohort_id, joined_by=period.due_at)
            .exclude(Exists(done))
            .values_list("user_id", flat=True)
        )
        for user_id in missed:
            award(person=user_id, cohort=task.cohort_id, rule=RULE_MISSED, cause=period, at=now)
        period.closed_at = now
        period.save(update_fields=["closed_at"])
    return 1
