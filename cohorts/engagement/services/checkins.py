"""Members' check-ins: submitting and editing one per period, withdrawing it, and streaks.

A check-in is accepted from the period's opening until it closes (the task's lateness
policy); after the due time it is marked late. Submitting again in the same period
edits the one check-in (the database allows one per member per period). Completing a
check-in gives the ``checkin_completed`` points, caused by the period, so completing,
deleting and completing again counts once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.engagement.models import Checkin, CheckinTask
from cohorts.engagement.services import periods
from cohorts.engagement.services.points import award, withdraw
from cohorts.engagement.services.words import word_count
from cohorts.models import Membership
from cohorts.sessions.uploads import image_check

RULE_COMPLETED = "checkin_completed"
RULE_MISSED = "checkin_missed"
BOOK_MAX = 200
TEXT_MAX = 20_000


def checkin_url(task: CheckinTask) -> str:
    return f"/cohorts/{task.cohort.slug}/checkins/"


def _period_refusal(task: CheckinTask, day: dt.date | None, now: dt.datetime) -> str | None:
    """Why no check-in for ``day`` is taken now, or None."""
    if day is None:
        return _("There is no check-in to do today.")
    if periods.period_day(task, day) != day or not (
        periods.task_first_day(task) <= day <= periods.task_last_day(task)
    ):
        return _("There is no check-in for that day.")
    times = periods.period_times(task, day)
    if now < times.opens_at:
        return _("This check-in is not open yet.")
    if now >= times.closes_at:
        if task.lateness == CheckinTask.Lateness.REFUSE:
            return _("This check-in was due at %(time)s and takes no late check-ins.") % {
                "time": formats.time_format(task.due_time, "TIME_FORMAT")
            }
        return _("This check-in is closed.")
    return None


def checkin_submit_check(
    *, task: CheckinTask, user, day: dt.date | None = None, now: dt.datetime | None = None
) -> str | None:
    """Why ``user`` may not check in for ``day`` (default: the current period) now, or
    None when they may. Side-effect free: pages call it to explain."""
    if not task.active:
        return _("This check-in is switched off.")
    membership = permissions.membership_for(user, task.cohort)
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return _("Only the cohort's members check in.")
    now = now or timezone.now()
    if day is None:
        day = periods.period_current_day(task, now=now)
    return _period_refusal(task, day, now)


def _content_errors(task: CheckinTask, *, book: str, chapter: str, text: str, image) -> dict:
    errors: dict[str, str] = {}
    if len(book) > BOOK_MAX:
        errors["book"] = _("Keep the book's name under %(count)s characters.") % {"count": BOOK_MAX}
    if len(chapter) > BOOK_MAX:
        errors["chapter"] = _("Keep the title under %(count)s characters.") % {"count": BOOK_MAX}
    if len(text) > TEXT_MAX:
        errors["text"] = _("Keep the text under %(count)s characters.") % {"count": TEXT_MAX}
    if task.kind == CheckinTask.Kind.READING:
        if not book:
            errors.setdefault("book", _("Name the book you read."))
        if not text:
            errors.setdefault("text", _("Write what you took from it."))
    elif not text and not image:
        errors.setdefault("text", _("Write something or add a photo."))
    if image:
        try:
            image_check(image)
        except ValidationError as error:
            errors["image"] = " ".join(error.message_dict.get("image", error.messages))
    return errors


def checkin_submit(
    *,
    task: CheckinTask,
    user,
    day: dt.date | None = None,
    book: str = "",
    chapter: str = "",
    text: str = "",
    image=None,
    now: dt.datetime | None = None,
) -> Checkin:
    """Check in (or change one's check-in) for ``day``'s period, by default the current
    one. The word count is the server's; the points for a completed check-in are given
    in the same transaction. Safe to repeat: the second call edits the first."""
    now = now or timezone.now()
    if day is None:
        day = periods.period_current_day(task, now=now)
    refusal = checkin_submit_check(task=task, user=user, day=day, now=now)
    if refusal:
        raise ValidationError({"day": refusal})
    book, chapter, text = (" ".join((book or "").split()), " ".join((chapter or "").split()),
                           (text or "").strip())  # fmt: skip
    errors = _content_errors(task, book=book, chapter=chapter, text=text, image=image)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        period = periods.period_get(task, day)
        values = {
            "book": book if task.kind == CheckinTask.Kind.READING else "",
            "chapter": chapter if task.kind == CheckinTask.Kind.READING else "",
            "text": text,
            "word_count": word_count(text),
        }
        checkin = Checkin.objects.select_for_update().filter(period=period, person=user).first()
        if checkin is None:
            try:
                with transaction.atomic():
                    checkin = Checkin(
                        task=task,
                        period=period,
                        person=user,
                        late=now > period.due_at,
                        submitted_at=now,
                        **values,
                    )
                    if image:
                        checkin.image = image
                    checkin.save()
            except IntegrityError:
                checkin = Checkin.objects.select_for_update().get(period=period, person=user)
                return _checkin_edit(checkin, values, image)
        else:
            checkin = _checkin_edit(checkin, values, image)
        award(person=user, cohort=task.cohort_id, rule=RULE_COMPLETED, cause=period, at=now)
    checkin.task, checkin.period = task, period
    return checkin


def _checkin_edit(checkin: Checkin, values: dict, image) -> Checkin:
    for name, value in values.items():
        setattr(checkin, name, value)
    if image:
        checkin.image = image
    checkin.save()
    return checkin


def checkin_delete(*, checkin: Checkin, actor, now: dt.datetime | None = None) -> None:
    """Take back one's own check-in while its period is open; its points are withdrawn
    (checking in again gives them back, once)."""
    if checkin.person_id != actor.pk:
        raise PermissionDenied(_("Only the person who checked in takes it back."))
    now = now or timezone.now()
    if now >= checkin.period.closes_at:
        raise ValidationError({"day": _("This check-in is closed.")})
    with transaction.atomic():
        withdraw(rule=RULE_COMPLETED, cause=checkin.period, person=actor)
        if checkin.image:
            checkin.image.delete(save=False)
        checkin.delete()


def streak_of(task: CheckinTask, done_days: set[dt.date], *, now: dt.datetime | None = None) -> int:
    """Consecutive periods completed up to now: the current period counts once done,
    and while it is still open a missing check-in does not break the streak yet."""
    now = now or timezone.now()
    day = periods.period_current_day(task, now=now)
    if day is None:
        last = periods.task_last_day(task)
        if timezone.localtime(now, periods.cohort_zone(task)).date() < periods.task_first_day(task):
            return 0
        day = periods.period_day(task, last)
        if day > last:
            day -= dt.timedelta(days=7)
    step = dt.timedelta(days=7 if task.frequency == CheckinTask.Frequency.WEEKLY else 1)
    if day not in done_days and now < periods.period_times(task, day).closes_at:
        day -= step
    streak = 0
    first = periods.task_first_day(task)
    while day >= first and day in done_days:
        streak += 1
        day -= step
    return streak
