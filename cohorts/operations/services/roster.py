"""The duty roster: each team member's standing duty comes from their membership (role
and helper duty); the weekly roster says who is on duty which day. The core team sets it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from cohorts.operations.models import RosterShift
from cohorts.operations.services.access import is_team_member, may_lead

DUTY_MAX = 120


def roster_set_check(*, cohort: Cohort, actor) -> str | None:
    if not may_lead(actor, cohort):
        return _("Only the core team and the organizers set the duty roster.")
    return None


def roster_shift_set(
    *, cohort: Cohort, actor, weekday: int, person_id: int, duty: str = ""
) -> RosterShift:
    """Put a team member on duty on a day of the week (or change their duty that day).
    Safe to repeat."""
    refusal = roster_set_check(cohort=cohort, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)
    duty = " ".join((duty or "").split())
    errors = {}
    if weekday not in RosterShift.Weekday.values:
        errors["weekday"] = _("Choose a day of the week.")
    if not is_team_member(cohort, person_id):
        errors["person"] = _("Choose someone from the operations team.")
    if len(duty) > DUTY_MAX:
        errors["duty"] = _("Keep the duty under %(n)s characters.") % {"n": DUTY_MAX}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        shift, _created = RosterShift.objects.update_or_create(
            cohort=cohort, weekday=weekday, person_id=person_id, defaults={"duty": duty}
        )
    return shift


def roster_shift_remove(*, shift: RosterShift, actor) -> None:
    """Take someone off the roster for that day. Safe to repeat."""
    refusal = roster_set_check(cohort=shift.cohort, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)
    RosterShift.objects.filter(pk=shift.pk).delete()
