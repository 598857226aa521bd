"""What the services of recognition share: who counts as a member one may thank."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort, Membership


def active_member_check(user, cohort: Cohort) -> Exception | None:
    """Refuses anyone but an active, unmuted member of ``cohort``."""
    membership = permissions.membership_for(user, cohort)
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return PermissionDenied(_("Only members of this cohort can do this."))
    if membership.muted_until and membership.muted_until > timezone.now():
        return PermissionDenied(_("You are muted in this cohort."))
    return None


def raise_if(error: Exception | None) -> None:
    if error is not None:
        raise error
