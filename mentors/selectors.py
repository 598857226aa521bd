"""Reading pairings: the questions other parts of ``mentors`` ask about them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cohorts import permissions
from learning.models import User
from learning.statements import prepared
from mentors.models import MatchExclusion, MatchProposal, MatchRun, Pairing


def mentor_of(user, cohort):
    """``user``'s active mentor in ``cohort`` (with the profile loaded), or ``None``."""
    pairing = (
        Pairing.objects.filter(cohort=cohort, mentee=user, status=Pairing.Status.ACTIVE)
        .select_related("mentor__profile")
        .first()
    )
    return pairing.mentor if pairing else None


def mentees_of(user, cohort):
    """The newcomers ``user`` mentors in ``cohort`` now, by name."""
    return [
        pairing.mentee
        for pairing in Pairing.objects.filter(
            cohort=cohort, mentor=user, status=Pairing.Status.ACTIVE
        )
        .select_related("mentee__profile")
        .order_by("mentee__profile__full_name", "mentee_id")
    ]


def match_runs_for(user):
    """The matching runs of the cohorts ``user`` organizes, newest first."""
    return (
        MatchRun.objects.filter(cohort__in=permissions.cohorts_organized_by(user))
        .select_related("cohort", "created_by__profile", "job")
        .order_by("-created_at", "-id")
    )


def run_proposals(run):
    """A run's proposed pairs with both people's directory entries, by mentor then
    newcomer name (one query per page)."""
    return (
        MatchProposal.objects.filter(run=run)
        .select_related("mentee__profile", "mentor__profile")
        .order_by("mentor__profile__full_name", "mentor_id", "mentee__profile__full_name", "id")
    )


def run_unmatched(run, *, limit: int = 200) -> list[dict]:
    """The newcomers ``run`` left out with the reason, each with their user (one query
    for at most ``limit`` of them)."""
    items = run.unmatched[:limit]
    users = User.objects.select_related("profile").in_bulk([item["mentee"] for item in items])
    return [{**item, "user": users.get(item["mentee"])} for item in items]


def pairings_visible_to(user, cohort):
    """The cohort's pairings ``user`` may see: all for its staff and HR, else the ones
    they are in."""
    pairings = Pairing.objects.filter(cohort=cohort).select_related(
        "mentor__profile", "mentee__profile", "cohort"
    )
    if permissions.is_cohort_staff(user, cohort):
        return pairings
    if not user.is_authenticated:
        return pairings.none()
    return pairings.filter(Q(mentor=user) | Q(mentee=user))


def my_pairings(user):
    """Every active pairing ``user`` is in, either side, with the cohort and both
    people (one query)."""
    if not user.is_authenticated:
        return Pairing.objects.none()
    return (
        Pairing.objects.filter(Q(mentor=user) | Q(mentee=user), status=Pairing.Status.ACTIVE)
        .select_related("cohort", "mentor__profile", "mentee__profile", "mentor__mentor_profile")
        .order_by("-started_at", "id")
    )


@prepared
def _pairings_in_cohort(*, user: int, cohort: int) -> QuerySet[Pairing]:
    return (
        Pairing.objects.filter(
            Q(mentor_id=user) | Q(mentee_id=user), cohort_id=cohort, status=Pairing.Status.ACTIVE
        )
        .select_related("mentor__profile", "mentee__profile", "mentor__mentor_profile")
        .order_by("mentee__profile__full_name", "id")
    )


def pairings_in_cohort_of(user, cohort) -> list[Pairing]:
    """``user``'s active pairs in ``cohort``, either side, with both people and the
    mentor's profile (one query, compiled once per process): what the cohort home's
    mentor card shows."""
    if not user.is_authenticated:
        return []
    return list(_pairings_in_cohort(user=user.pk, cohort=cohort.pk))


def cohort_exclusions(cohort):
    """The pairs HR ruled out of ``cohort``'s matching, newest first, with both people."""
    return (
        MatchExclusion.objects.filter(cohort=cohort)
        .select_related("mentee__profile", "mentor__profile")
        .order_by("-created_at", "-id")
    )
