"""Validation shared by the setup services: a whole instance checked at once, and
fields a caller may not set refused by name.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cohorts.models import (
    Membership,
    MembershipEvent,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


def validated(instance, errors: dict) -> None:
    """``full_clean`` plus the checks the service made itself, raised together by field.

    The table constraints (dates in order, one slug per cohort…) are checked by the
    service first with messages on their field; when one failed, Django's own constraint
    check is skipped so the same problem is not reported twice in vaguer words.
    """
    try:
        instance.full_clean(validate_constraints=not errors)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def refuse_unknown_fields(changes: dict, allowed: frozenset) -> None:
    unknown = sorted(set(changes) - allowed)
    if "status" in unknown:
        raise ValidationError(
            {"status": _("Change the status with a transition (open, start, close).")}
        )
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
