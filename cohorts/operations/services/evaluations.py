"""The periodic evaluation of the operations team: every few weeks of a cohort (by the
beat, once per period) or when HR starts one, a record per operations member with the
duties they did as counted then; the core team or HR writes a short assessment of each.
While any record waits, HR and the organizers have it in their queue.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort, Membership
from cohorts.operations.models import Evaluation, EvaluationRound
from cohorts.operations.services.access import may_lead
from cohorts.operations.services.duties import member_duty_counts
from cohorts.operations.services.plans import week_of
from learning.notifications.services import in_recipient_language, notification_send_many

logger = logging.getLogger(__name__)

ASSESSMENT_MAX = 2000


def period_weeks() -> int:
    """How many weeks one evaluation period lasts (``GUILD_OPERATIONS_EVALUATION_WEEKS``)."""
    return int(getattr(settings, "GUILD_OPERATIONS_EVALUATION_WEEKS", 4))


def evaluations_url(cohort: Cohort) -> str:
    return f"/cohorts/{cohort.slug}/operations/evaluations/"


def last_period(
    cohort: Cohort, now: datetime.datetime
) -> tuple[datetime.date, datetime.date] | None:
    """The cohort's last whole evaluation period before ``now`` (counted in periods from
    the Monday of its start, on its clock), or None before the first one ends."""
    length = datetime.timedelta(weeks=period_weeks())
    first = cohort.start_date - datetime.timedelta(days=cohort.start_date.weekday())
    today_week = week_of(cohort, now)
    done = (today_week - first) // length
    if done < 1:
        return None
    start = first + (done - 1) * length
    return start, start + length - datetime.timedelta(days=1)


def evaluation_start_check(*, cohort: Cohort, actor, start, end) -> str | None:
    """Why ``actor`` may not start an evaluation of this period, or None."""
    if actor is not None and not permissions.is_organizer(actor, cohort):
        return _("Only HR and the organizers start an evaluation.")
    return None


def evaluation_round_start(
    *, cohort: Cohort, start: datetime.date, end: datetime.date, actor=None
) -> tuple[EvaluationRound, bool]:
    """Evaluate the operations team for the days ``start``..``end``: a record per active
    core, planning and helper member with their duties counted now, and a notice to the
    organizers and HR that it waits for an assessment. ``actor`` None is the beat.
    Safe to repeat: a period is evaluated once (returns the round and whether it is new)."""
    refusal = evaluation_start_check(cohort=cohort, actor=actor, start=start, end=end)
    if refusal:
        raise PermissionDenied(refusal)
    if end < start:
        raise ValidationError({"end": _("The period must end after it starts.")})
    if end - start > datetime.timedelta(days=366):
        raise ValidationError({"end": _("Evaluate a year at most at once.")})
    existing = EvaluationRound.objects.filter(cohort=cohort, start=start, end=end).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            round_ = EvaluationRound.objects.create(
                cohort=cohort, start=start, end=end, started_by=actor
            )
            team = Membership.objects.filter(
                cohort=cohort,
                status=Membership.Status.ACTIVE,
                role__in=list(Membership.OPERATIONS_ROLES),
            ).values_list("user_id", "role", "helper_duty")
            counts = member_duty_counts(cohort, start, end)
            Evaluation.objects.bulk_create(
                [
                    Evaluation(
                        round=round_,
                        person_id=user_id,
                        role=role,
                        helper_duty=duty,
                        counts=counts.get(user_id, {}),
                        total=sum(counts.get(user_id, {}).values()),
                    )
                    for user_id, role, duty in team
                ]
            )
            _waiting_notify(round_)
    except IntegrityError:
        return EvaluationRound.objects.get(cohort=cohort, start=start, end=end), False
    return round_, True


def _assessors(cohort: Cohort) -> list[int]:
    organizers = Membership.objects.filter(
        cohort=cohort, status=Membership.Status.ACTIVE, role=Membership.Role.ORGANIZER
    ).values_list("user_id", flat=True)
    hr = permissions.hr_organizers().values_list("pk", flat=True)
    return list(dict.fromkeys([*organizers, *hr]))


def _waiting_notify(round_: EvaluationRound) -> None:
    cohort = round_.cohort

    def period() -> str:
        # Written in each recipient's own date format (called under their language).
        return " – ".join(
            formats.date_format(day, "SHORT_DATE_FORMAT") for day in (round_.start, round_.end)
        )

    notification_send_many(
        recipients=_assessors(cohort),
        kind="operations.evaluation",
        title=in_recipient_language(
            lambda: (
                _("The operations team of %(cohort)s waits for its evaluation (%(period)s)")
                % {"cohort": cohort.name, "period": period()}
            )
        ),
        body=in_recipient_language(
            lambda: _("Read what each member did in the period and write a short assessment.")
        ),
        url=f"{evaluations_url(cohort)}?round={round_.pk}",
        dedupe_key=f"operations-evaluation:{round_.pk}",
    )


def evaluations_due(*, now: datetime.datetime | None = None) -> int:
    """Start the evaluation of each running cohort's last whole period that has none
    (beat); returns how many were started. Once per period however often it runs."""
    now = now or timezone.now()
    started = 0
    cohorts = list(Cohort.objects.filter(status=Cohort.Status.RUNNING))
    periods = {cohort.pk: last_period(cohort, now) for cohort in cohorts}
    wanted = Q(pk__in=[])
    for cohort_id, period in periods.items():
        if period:
            wanted |= Q(cohort_id=cohort_id, start=period[0], end=period[1])
    done = set(EvaluationRound.objects.filter(wanted).values_list("cohort_id", "start", "end"))
    for cohort in cohorts:
        period = periods[cohort.pk]
        if period is None or (cohort.pk, *period) in done:
            continue
        _round, created = evaluation_round_start(cohort=cohort, start=period[0], end=period[1])
        started += created
    return started


def evaluation_assess_check(*, evaluation: Evaluation, actor) -> str | None:
    """The core team, the organizers and HR assess, never their own record."""
    if not may_lead(actor, evaluation.round.cohort):
        return _("Only the core team, the organizers and HR assess the operations team.")
    if evaluation.person_id == actor.pk:
        return _("Someone else assesses your own work.")
    return None


def evaluation_assess(*, evaluation: Evaluation, actor, assessment: str) -> Evaluation:
    """Write (or rewrite) the short assessment of one member's period; the record leaves
    the queue once assessed. Safe to repeat."""
    refusal = evaluation_assess_check(evaluation=evaluation, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)
    assessment = (assessment or "").strip()
    if not assessment:
        raise ValidationError({"assessment": _("Write a few words of assessment.")})
    if len(assessment) > ASSESSMENT_MAX:
        raise ValidationError(
            {"assessment": _("Keep it under %(n)s characters.") % {"n": f"{ASSESSMENT_MAX:,}"}}
        )
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        evaluation.assessment = assessment
        evaluation.assessed_by = actor
        evaluation.assessed_at = timezone.now()
        evaluation.save(update_fields=["assessment", "assessed_by", "assessed_at"])
    return evaluation
