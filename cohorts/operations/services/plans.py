"""The weekly plan: one per cohort and week (Monday on the cohort's clock), filled in by
the team through the week; and the reminder to the core team when the coming week has
no plan, sent once per cohort and week by the beat."""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from cohorts.operations.models import PlanItem, PlanReminder, WeeklyPlan
from cohorts.operations.services.access import (
    is_team_member,
    leaders_of,
    may_enter_room,
    room_url,
)
from learning.notifications.services import in_recipient_language, notification_send_many

logger = logging.getLogger(__name__)

ITEM_MAX = 300
FOCUS_MAX = 200
# The core team is reminded from Thursday 10:00 on the cohort's clock (or at the next tick
# after it) when the coming week has no plan: time enough to write one.
REMIND_WEEKDAY = 3
REMIND_HOUR = 10


def week_of(cohort: Cohort, now: datetime.datetime | None = None) -> datetime.date:
    """The Monday of ``now``'s week on the cohort's clock."""
    local = (now or timezone.now()).astimezone(ZoneInfo(str(cohort.time_zone)))
    return local.date() - datetime.timedelta(days=local.weekday())


def week_parse(value: str | None) -> datetime.date | None:
    """A week given as a date (any day of it), or None when it is not a date."""
    try:
        day = datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day - datetime.timedelta(days=day.weekday())


def plan_fill_check(*, cohort: Cohort, actor) -> str | None:
    """Why ``actor`` may not fill in the plan, or None. Side-effect free."""
    if not may_enter_room(actor, cohort):
        return _("Only the operations team fills in its weekly plan.")
    return None


def _refuse(cohort: Cohort, actor) -> None:
    refusal = plan_fill_check(cohort=cohort, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)


def weekly_plan_get_or_create(*, cohort: Cohort, week: datetime.date, actor) -> WeeklyPlan:
    """The cohort's plan for ``week`` (a Monday), started by ``actor`` if there is none.
    Safe to repeat and to race: the (cohort, week) pair is unique."""
    _refuse(cohort, actor)
    if week.weekday() != 0:
        raise ValidationError({"week": _("A week starts on a Monday.")})
    try:
        with transaction.atomic():
            plan, _created = WeeklyPlan.objects.get_or_create(
                cohort=cohort, week=week, defaults={"created_by": actor}
            )
    except IntegrityError:
        plan = WeeklyPlan.objects.get(cohort=cohort, week=week)
    plan.cohort = cohort
    return plan


def weekly_plan_focus_set(*, cohort: Cohort, week: datetime.date, actor, focus: str) -> WeeklyPlan:
    """Set the week's focus (one line). Safe to repeat."""
    focus = " ".join((focus or "").split())
    if len(focus) > FOCUS_MAX:
        raise ValidationError(
            {"focus": _("Keep the focus under %(n)s characters.") % {"n": FOCUS_MAX}}
        )
    plan = weekly_plan_get_or_create(cohort=cohort, week=week, actor=actor)
    WeeklyPlan.objects.filter(pk=plan.pk).update(focus=focus)
    plan.focus = focus
    return plan


def plan_item_add(
    *, cohort: Cohort, week: datetime.date, actor, text: str, owner_id: int | None = None
) -> PlanItem:
    """Add a thing to do to the week's plan, with its owner from the operations team.
    Not safe to repeat: each call adds an item."""
    _refuse(cohort, actor)
    text = " ".join((text or "").split())
    errors = {}
    if not text:
        errors["text"] = _("Say what is to be done.")
    elif len(text) > ITEM_MAX:
        errors["text"] = _("Keep it under %(n)s characters.") % {"n": ITEM_MAX}
    if owner_id is not None and not is_team_member(cohort, owner_id):
        errors["owner"] = _("Choose the owner among the operations team.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = weekly_plan_get_or_create(cohort=cohort, week=week, actor=actor)
        return PlanItem.objects.create(plan=plan, text=text, owner_id=owner_id, created_by=actor)


def plan_item_done(*, item: PlanItem, actor, done: bool = True) -> PlanItem:
    """Mark a plan item done (or not done again). Anyone in the room may; the owner is
    credited in the evaluation. Safe to repeat: a done item keeps its first time."""
    _refuse(item.plan.cohort, actor)
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().get(pk=item.pk)
        if done and item.done_at is None:
            item.done_at, item.done_by = timezone.now(), actor
        elif not done:
            item.done_at, item.done_by = None, None
        item.save(update_fields=["done_at", "done_by"])
    return item


def _remind_due(cohort: Cohort, now: datetime.datetime) -> datetime.date | None:
    """The coming week if its reminder is due now, else None."""
    local = now.astimezone(ZoneInfo(str(cohort.time_zone)))
    if local.weekday() < REMIND_WEEKDAY or (
        local.weekday() == REMIND_WEEKDAY and local.hour < REMIND_HOUR
    ):
        return None
    coming = week_of(cohort, now) + datetime.timedelta(days=7)
    if coming > cohort.end_date:
        return None
    return coming


def plans_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Remind the core team (else the organizers) of each running cohort whose coming
    week has no plan, from Thursday on; returns how many cohorts were reminded. Once per
    cohort and week however often it runs, even twice at once: the reminder row is unique
    and written with its notifications, whose dedupe key is per week."""
    now = now or timezone.now()
    sent = 0
    cohorts = list(Cohort.objects.filter(status=Cohort.Status.RUNNING))
    dues = {cohort.pk: _remind_due(cohort, now) for cohort in cohorts}
    weeks = {week for week in dues.values() if week}
    if not weeks:
        return 0
    planned = set(
        WeeklyPlan.objects.filter(cohort__in=cohorts, week__in=weeks).values_list(
            "cohort_id", "week"
        )
    )
    reminded = set(
        PlanReminder.objects.filter(cohort__in=cohorts, week__in=weeks).values_list(
            "cohort_id", "week"
        )
    )
    for cohort in cohorts:
        week = dues[cohort.pk]
        if week is None or (cohort.pk, week) in planned | reminded:
            continue
        try:
            sent += _plan_remind(cohort, week)
        except IntegrityError:
            logger.info("Plan reminder of cohort %s for %s sent by another run.", cohort.pk, week)
    return sent


def _plan_remind(cohort: Cohort, week: datetime.date) -> int:
    with transaction.atomic():
        if WeeklyPlan.objects.filter(cohort=cohort, week=week).exists():
            return 0
        recipients = leaders_of(cohort)
        PlanReminder.objects.create(cohort=cohort, week=week, recipients=len(recipients))
        notification_send_many(
            recipients=recipients,
            kind="operations.plan_missing",
            title=in_recipient_language(
                lambda: (
                    _("%(cohort)s has no plan for the week of %(week)s yet")
                    % {"cohort": cohort.name, "week": formats.date_format(week, "MONTH_DAY_FORMAT")}
                )
            ),
            body=in_recipient_language(
                lambda: _("Write the week's plan with the team in the operations room.")
            ),
            url=f"{room_url(cohort)}?week={week.isoformat()}",
            dedupe_key=f"operations-plan-missing:{cohort.pk}:{week.isoformat()}",
        )
    return 1
