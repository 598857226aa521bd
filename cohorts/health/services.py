"""Operations goals: who may set them, and setting and removing them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.health.metrics import UNIT_PERCENT, UNIT_SCORE, registry
from cohorts.health.models import HealthGoal
from cohorts.models import Cohort, Membership

# Who sets goals: HR and the cohort's organizers, and the core and planning tiers of
# its operations team (helpers have one duty each; they do not steer).
GOAL_ROLES = frozenset({Membership.Role.ORGANIZER, Membership.Role.CORE, Membership.Role.PLANNING})
TARGET_MAX = Decimal("1000000")


def can_set_goals(user, cohort: Cohort) -> bool:
    if permissions.is_hr_organizer(user):
        return True
    membership = permissions.membership_for(user, cohort)
    return bool(
        membership is not None
        and membership.status == Membership.Status.ACTIVE
        and membership.role in GOAL_ROLES
    )


def goal_set_check(*, actor, cohort: Cohort, metric: str, target, due_on) -> Decimal:
    """Why a goal cannot be set, as ``PermissionDenied`` or a ``ValidationError`` naming
    each field; else the target as a decimal. No side effects."""
    if not can_set_goals(actor, cohort):
        raise PermissionDenied(_("Only the organizers and the core and planning teams set goals."))
    errors: dict[str, str] = {}
    declared = registry().metric(metric or "")
    if declared is None:
        errors["metric"] = _("Choose one of the dashboard's metrics.")
    try:
        value = Decimal(str(target)).quantize(Decimal("0.1"))
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        errors["target"] = _("Enter a number.")
        value = None
    if value is not None:
        if value < 0:
            errors["target"] = _("The target cannot be negative.")
        elif declared is not None and declared.unit == UNIT_PERCENT and value > 100:
            errors["target"] = _("A share cannot be more than 100%.")
        elif declared is not None and declared.unit == UNIT_SCORE and value > 5:
            errors["target"] = _("Ratings go from 1 to 5.")
        elif value > TARGET_MAX:
            errors["target"] = _("The target is too large.")
    if not isinstance(due_on, date):
        errors["due_on"] = _("Enter the date the goal is due.")
    elif due_on < cohort.start_date or due_on > cohort.end_date:
        errors["due_on"] = _(
            "The goal must be due while the cohort runs (%(start)s – %(end)s)."
        ) % {
            "start": cohort.start_date.isoformat(),
            "end": cohort.end_date.isoformat(),
        }
    if errors:
        raise ValidationError(errors)
    return value


def goal_set(
    *, actor, cohort: Cohort, metric: str, target, due_on: date, note: str = ""
) -> HealthGoal:
    """Set the cohort's goal for ``metric`` (one per metric: setting it again changes
    the target, the date and the note). Writes one row; safe to repeat."""
    value = goal_set_check(actor=actor, cohort=cohort, metric=metric, target=target, due_on=due_on)
    with transaction.atomic():
        goal, _created = HealthGoal.objects.update_or_create(
            cohort=cohort,
            metric=metric,
            defaults={
                "target": value,
                "due_on": due_on,
                "note": (note or "").strip()[:300],
                "set_by": actor,
            },
        )
    return goal


def goal_remove_check(*, actor, goal: HealthGoal) -> None:
    """Why ``actor`` may not remove the goal (``PermissionDenied``). No side effects."""
    if not can_set_goals(actor, goal.cohort):
        raise PermissionDenied(
            _("Only the organizers and the core and planning teams remove goals.")
        )


def goal_remove(*, actor, goal: HealthGoal) -> None:
    """Remove a goal. Deletes one row; removing it again does nothing."""
    goal_remove_check(actor=actor, goal=goal)
    HealthGoal.objects.filter(pk=goal.pk).delete()
