"""Reading pairings: the questions other parts of ``mentors`` ask about them."""

from __future__ import annotations

from mentors.models import Pairing


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
