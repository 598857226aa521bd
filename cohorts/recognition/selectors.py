"""Reads of recognition. ``kudos_visible_to`` is the one rule of who sees which kudos:
pages, the feed's kudos list, the wall and the API all read through it.

- Public kudos: the cohort's active members, and the wall's readers (executives,
  organizers, HR) across cohorts.
- Private kudos: the giver, the receivers and, for moderation, the cohort's organizers
  (and HR); nobody else, anywhere.
- Withdrawn kudos: nobody. Kudos hidden by moderation: the organizers only.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Now
from django.utils import timezone

from cohorts import permissions
from cohorts.models import Cohort, Membership
from cohorts.recognition.declarations import DEFAULT_VALUES, Choice
from cohorts.recognition.models import (
    Award,
    Kudos,
    KudosReceiver,
    KudosValue,
    Nomination,
    RecognitionPreference,
    Visibility,
    Vote,
    WelcomePrompt,
)
from learning.models import EmployeeProfile
from learning.registry import count_of

ACTIVE = Membership.Status.ACTIVE
Role = Membership.Role
EXECUTIVE_LEVEL = "executive"


def _holds(user, *, roles=None, cohort_ref: str = "cohort") -> Exists:
    memberships = Membership.objects.filter(cohort=OuterRef(cohort_ref), user=user, status=ACTIVE)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return Exists(memberships)


def is_executive(user) -> bool:
    profile = getattr(user, "profile", None) if user is not None else None
    return bool(profile is not None and profile.level_id and profile.level.code == EXECUTIVE_LEVEL)


def wall_reader_expression(user):
    """``may_read_wall`` but HR's standing, as a count to read with the shell's others:
    more than 0 for an executive or whoever organizes a cohort."""
    organizes = Membership.objects.filter(user=user, status=ACTIVE, role=Role.ORGANIZER)
    executive = EmployeeProfile.objects.filter(user=user, level__code=EXECUTIVE_LEVEL)
    return count_of(organizes) + count_of(executive)


def may_read_wall(user) -> bool:
    """Executives, HR and whoever organizes a cohort read the wall across cohorts."""
    if user is None or not user.is_authenticated:
        return False
    if permissions.is_hr_organizer(user) or is_executive(user):
        return True
    return Membership.objects.filter(user=user, status=ACTIVE, role=Role.ORGANIZER).exists()


def kudos_visible_to(user, *, cohort: Cohort | None = None) -> QuerySet[Kudos]:
    """The kudos ``user`` may see (of ``cohort``, or everywhere), newest first, with
    giver and receivers for display: two queries when evaluated, whatever the size."""
    queryset = Kudos.objects.filter(withdrawn_at__isnull=True)
    if cohort is not None:
        queryset = queryset.filter(cohort=cohort)
    if user is None or not user.is_authenticated:
        return queryset.none()
    if not permissions.is_hr_organizer(user):
        receives = Exists(KudosReceiver.objects.filter(kudos=OuterRef("pk"), user=user))
        public = Q(visibility=Visibility.PUBLIC)
        public_readers = public if may_read_wall(user) else public & Q(_holds(user))
        queryset = queryset.filter(
            Q(_holds(user, roles=[Role.ORGANIZER]))
            | (Q(hidden=False) & (Q(giver=user) | Q(receives) | public_readers))
        )
    return _for_display(queryset)


def _for_display(queryset: QuerySet[Kudos]) -> QuerySet[Kudos]:
    return (
        queryset.select_related("giver__profile", "cohort__program")
        .prefetch_related(
            Prefetch(
                "receiver_rows",
                queryset=KudosReceiver.objects.select_related("user__profile").order_by("pk"),
            )
        )
        .order_by("-created_at", "-pk")
    )


def kudos_for(user, *, pk: int) -> Kudos | None:
    return kudos_visible_to(user).filter(pk=pk).first()


def wall_kudos(
    user, *, cohort_id: int | None = None, program_id: int | None = None, before: int | None = None
) -> QuerySet[Kudos]:
    """Public kudos on the recognition wall, newest first, paged by key (``before``, the
    last id seen): a page costs the same however deep."""
    queryset = kudos_visible_to(user).filter(visibility=Visibility.PUBLIC, hidden=False)
    if cohort_id:
        queryset = queryset.filter(cohort_id=cohort_id)
    if program_id:
        queryset = queryset.filter(cohort__program_id=program_id)
    if before:
        queryset = queryset.filter(pk__lt=before)
    return queryset.order_by("-pk")


def wall_winners(
    *, cohort_id: int | None = None, program_id: int | None = None, limit: int = 12
) -> list[Nomination]:
    """The latest spotlight winners across cohorts (one per winner and award)."""
    queryset = Nomination.objects.filter(winner=True, award__closed_at__isnull=False)
    if cohort_id:
        queryset = queryset.filter(award__cohort_id=cohort_id)
    if program_id:
        queryset = queryset.filter(award__cohort__program_id=program_id)
    rows = (
        queryset.select_related("award__cohort", "nominee__profile")
        .order_by("-award__closed_at", "award_id", "nominee_id", "pk")
        .distinct()
    )
    seen, winners = set(), []
    for row in rows[: limit * 4]:
        key = (row.award_id, row.nominee_id)
        if key not in seen:
            seen.add(key)
            winners.append(row)
    return winners[:limit]


def value_labels_attach(kudos_list: list[Kudos]) -> list[Kudos]:
    """Set ``value_label`` on each kudos: its program's label for the value, else the
    default's (one query for all the programs involved)."""
    labels = {choice.code: choice.label for choice in DEFAULT_VALUES}
    programs = {kudos.cohort.program_id for kudos in kudos_list if kudos.value}
    defined = (
        {
            (value.program_id, value.code): value.label
            for value in KudosValue.objects.filter(program_id__in=programs)
        }
        if programs
        else {}
    )
    for kudos in kudos_list:
        kudos.value_label = defined.get(
            (kudos.cohort.program_id, kudos.value), labels.get(kudos.value, kudos.value)
        )
    return kudos_list


def preference_of(user) -> RecognitionPreference:
    """The person's preference, or the default (public, no note) unsaved."""
    return RecognitionPreference.objects.filter(user=user).first() or RecognitionPreference(
        user=user
    )


def kudos_values(cohort: Cohort) -> list[Choice]:
    """The values kudos may name in ``cohort``: its program's, else the defaults."""
    defined = [
        Choice(value.code, value.label)
        for value in KudosValue.objects.filter(program_id=cohort.program_id)
    ]
    return defined or list(DEFAULT_VALUES)


def cohort_members_for_kudos(*, cohort: Cohort, exclude_user=None) -> QuerySet[Membership]:
    """Active members one may thank, by name."""
    queryset = Membership.objects.filter(cohort=cohort, status=ACTIVE).select_related(
        "user__profile"
    )
    if exclude_user is not None:
        queryset = queryset.exclude(user=exclude_user)
    return queryset.order_by("user__profile__full_name", "user__username", "pk")


# --- Awards ---------------------------------------------------------------------------


def award_phase(award: Award, now: datetime.datetime | None = None) -> str:
    """``upcoming``, ``nominating``, ``voting``, ``counting`` (voting over, not yet
    announced) or ``closed``. Nominations and votes may overlap: nominating wins."""
    now = now or timezone.now()
    if award.closed_at is not None:
        return "closed"
    if award.nominations_open_at <= now < award.nominations_close_at:
        return "nominating"
    if award.voting_open_at <= now < award.voting_close_at:
        return "voting"
    if now >= award.voting_close_at:
        return "counting"
    return "upcoming"


def awards_of(*, cohort: Cohort) -> QuerySet[Award]:
    return Award.objects.filter(cohort=cohort).order_by("-voting_close_at", "-pk")


def award_standings(award: Award) -> list[dict]:
    """The nominees of ``award`` with their reasons and vote counts, most votes first
    (three queries whatever the numbers)."""
    votes = dict(
        Vote.objects.filter(award=award)
        .values("nominee")
        .annotate(n=Count("pk"))
        .values_list("nominee", "n")
    )
    standings: dict[int, dict] = {}
    for nomination in award.nominations.select_related(
        "nominee__profile", "nominator__profile"
    ).order_by("created_at", "pk"):
        row = standings.setdefault(
            nomination.nominee_id,
            {
                "nominee": nomination.nominee,
                "reasons": [],
                "votes": votes.get(nomination.nominee_id, 0),
                "winner": False,
            },
        )
        row["reasons"].append(nomination)
        row["winner"] = row["winner"] or nomination.winner
    return sorted(standings.values(), key=lambda r: (-r["votes"], str(r["nominee"])))


def my_vote(award: Award, user) -> Vote | None:
    if user is None or not user.is_authenticated:
        return None
    return Vote.objects.filter(award=award, voter=user).first()


SPOTLIGHT_SECONDS = 600


def spotlight_key(cohort_id: int) -> str:
    return f"recognition-spotlight:{cohort_id}"


def spotlight_cached(cohort: Cohort) -> dict | None:
    """The cohort home's spotlight as plain data (award id and name, winners' names),
    kept in the cache: the member home's query budget is full
    (``tests/cohorts/test_page_costs.py``). Announcing an award forgets it."""

    def read():
        found = spotlight_of(cohort)
        if found is None:
            return {}
        award, winners = found
        return {
            "award_id": award.pk,
            "award_name": award.name,
            "winners": [str(row.nominee) for row in winners],
        }

    return cache.get_or_set(spotlight_key(cohort.pk), read, SPOTLIGHT_SECONDS) or None


def spotlight_of(cohort: Cohort) -> tuple[Award, list[Nomination]] | None:
    """The latest announced award of the cohort and its winners, in one query."""
    winners = list(
        Nomination.objects.filter(award__cohort=cohort, award__closed_at__isnull=False, winner=True)
        .select_related("award", "nominee__profile")
        .order_by("-award__closed_at", "-award_id", "nominee_id", "pk")[:20]
    )
    if not winners:
        return None
    award = winners[0].award
    seen, chosen = set(), []
    for row in winners:
        if row.award_id == award.pk and row.nominee_id not in seen:
            seen.add(row.nominee_id)
            chosen.append(row)
    return award, chosen


def awards_to_announce_for(user, *, now: datetime.datetime | None = None) -> QuerySet[Award]:
    """Rounds whose voting has closed and that nobody has announced yet, in the cohorts
    ``user`` organizes (an active organizer's membership): what waits in their queue."""
    if user is None or not user.is_authenticated:
        return Award.objects.none()
    # The database's clock unless one is given: the shell's counts read this too, in a
    # statement compiled once (``learning.registry.viewer_counts``).
    now = now or Now()
    organizes = Membership.objects.filter(
        cohort=OuterRef("cohort_id"),
        user=user,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.ORGANIZER,
    )
    return (
        Award.objects.filter(Exists(organizes), voting_close_at__lte=now, closed_at__isnull=True)
        .select_related("cohort")
        .order_by("voting_close_at", "pk")
    )


# --- Welcoming ------------------------------------------------------------------------


def welcome_prompts_waiting_for(user) -> QuerySet[WelcomePrompt]:
    """Introductions ``user`` was asked to greet that nobody has greeted yet."""
    if user is None or not user.is_authenticated:
        return WelcomePrompt.objects.none()
    return (
        WelcomePrompt.objects.filter(greeted_at__isnull=True, greeters=user)
        .select_related("membership__cohort", "membership__user__profile", "introduction")
        .order_by("created_at", "pk")
    )
