"""Who may use the guest sessions' admin: the cohorts' organizers (HR organizes every
cohort), each for the rows of their own cohorts. The rules are ``cohorts.permissions``';
the services check them again on every write."""

from __future__ import annotations

from wagtail.permission_policies.base import BasePermissionPolicy

from cohorts import permissions


def organizes_a_cohort(user) -> bool:
    """Whether ``user`` organizes any cohort (one query, remembered for the request); HR
    does, even before the first cohort exists."""
    if permissions.is_hr_organizer(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    cache = user.__dict__
    if "_organizes_a_cohort" not in cache:
        cache["_organizes_a_cohort"] = permissions.cohorts_organized_by(user).exists()
    return cache["_organizes_a_cohort"]


class OrganizerPolicy(BasePermissionPolicy):
    """Organizers may look and act; the actions in ``refused`` are never offered (a
    session is cancelled, never deleted, so its audience is told)."""

    def __init__(self, model, *, refused=frozenset({"delete"})):
        super().__init__(model)
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        return action not in self.refused and organizes_a_cohort(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        cohort = getattr(instance, "cohort", None)
        return cohort is None or permissions.can_change_cohort(user, cohort)
