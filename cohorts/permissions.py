"""Who may see and do what in cohorts: the one place these rules are written."""

from __future__ import annotations

from django.db.models import QuerySet

from cohorts.models import Cohort


def is_hr_organizer(user) -> bool:
    """Staff HR with the cohort model permissions organize every cohort."""
    return bool(
        user and user.is_authenticated and user.is_staff and user.has_perm("cohorts.change_cohort")
    )


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """Cohorts ``user`` may see: drafts only to organizers."""
    queryset = Cohort.objects.select_related("program")
    if is_hr_organizer(user):
        return queryset
    return queryset.exclude(status=Cohort.Status.DRAFT)
