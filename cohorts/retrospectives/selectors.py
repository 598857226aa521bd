"""Reads of retrospectives: one with its entries, the list for the admin, and what
waits on a person. A fixed number of queries whatever the cohort's size."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Now

from cohorts.models import Cohort, Membership
from cohorts.retrospectives.models import Entry, Retrospective
from cohorts.retrospectives.services.writing import WRITER_ROLES


def retrospective_of(cohort: Cohort) -> Retrospective | None:
    """``cohort``'s retrospective with its entries in order (two queries), or None."""
    retrospective = (
        Retrospective.objects.filter(cohort=cohort)
        .select_related("published_by__profile", "updated_by__profile")
        .prefetch_related(Prefetch("entries", queryset=Entry.objects.order_by("kind", "position")))
        .first()
    )
    if retrospective is not None:
        retrospective.cohort = cohort
    return retrospective


def entries_by_kind(retrospective: Retrospective | None) -> dict[str, list[Entry]]:
    """``{"went_well": [...], "to_change": [...]}`` from the prefetched entries."""
    found: dict[str, list[Entry]] = {kind: [] for kind in Entry.Kind.values}
    if retrospective is not None:
        for entry in retrospective.entries.all():
            found[entry.kind].append(entry)
    return found


def retrospectives_for_admin() -> QuerySet[Retrospective]:
    """Every retrospective with its cohort and program, for the admin's listing."""
    return Retrospective.objects.select_related("cohort__program", "published_by__profile")


def retrospectives_waiting_for(user) -> QuerySet[Retrospective]:
    """Drafts of ended cohorts whose team was told they wait, where ``user`` is an
    active organizer or core member: their queue until it is published."""
    if user is None or not user.is_authenticated:
        return Retrospective.objects.none()
    writes = Membership.objects.filter(
        cohort=OuterRef("cohort"),
        user=user,
        status=Membership.Status.ACTIVE,
        role__in=list(WRITER_ROLES),
    )
    return (
        Retrospective.objects.filter(
            status=Retrospective.Status.DRAFT, waiting_notified_at__lte=Now()
        )
        .filter(Exists(writes))
        .select_related("cohort")
        .order_by("cohort__end_date", "pk")
    )
