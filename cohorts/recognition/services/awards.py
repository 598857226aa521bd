"""Spotlight awards: nominating a member with a reason, voting, and announcing winners.

Each action has a side-effect-free ``*_check`` that pages call to explain a refusal,
and that the action asks again inside its transaction. Every rule takes ``now`` so that
tests hold the clock.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Membership
from cohorts.recognition import selectors
from cohorts.recognition.models import Award, Nomination, Vote
from cohorts.recognition.services.common import active_member_check, raise_if
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
    notification_send_many,
)

REASON_MAX = 1000


def award_url(award: Award) -> str:
    return f"/cohorts/{award.cohort.slug}/kudos/awards/{award.pk}/"


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _is_active_member(user, award: Award) -> bool:
    return Membership.objects.filter(
        cohort_id=award.cohort_id, user=user, status=Membership.Status.ACTIVE
    ).exists()


def nominate_check(
    *, award: Award, nominator, nominee=None, now: datetime.datetime | None = None
) -> Exception | None:
    """Whether ``nominator`` may nominate (``nominee``, when known) now: an active member,
    inside the nomination window, someone else who is an active member, once each."""
    now = now or timezone.now()
    refusal = active_member_check(nominator, award.cohort)
    if refusal is not None:
        return refusal
    if award.closed_at is not None:
        return ValidationError({"award": _("This award has been announced.")})
    if now < award.nominations_open_at:
        return ValidationError(
            {
                "award": _("Nominations open on %(when)s.")
                % {"when": _when(award.nominations_open_at)}
            }
        )
    if now >= award.nominations_close_at:
        return ValidationError({"award": _("Nominations for this award are closed.")})
    if nominee is None:
        return None
    if nominee.pk == nominator.pk:
        return ValidationError({"nominee": _("Nominate someone else, not yourself.")})
    if not _is_active_member(nominee, award):
        return ValidationError({"nominee": _("Nominate a member of this cohort.")})
    if Nomination.objects.filter(award=award, nominee=nominee, nominator=nominator).exists():
        return ValidationError({"nominee": _("You have already nominated this person.")})
    return None


def nominate(
    *, award: Award, nominator, nominee, reason: str, now: datetime.datetime | None = None
) -> Nomination:
    """Nominate a member for ``award`` with a reason. The nominee is told once per award,
    however many nominate them. Refuses a second nomination of the same person."""
    reason = (reason or "").strip()
    raise_if(nominate_check(award=award, nominator=nominator, nominee=nominee, now=now))
    if not reason:
        raise ValidationError({"reason": _("Say why they deserve it.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": f"{REASON_MAX:,}"}}
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                award=award, nominee=nominee, nominator=nominator, reason=reason
            )
            notification_send(
                recipient=nominee,
                kind="recognition.nominated",
                title=in_recipient_language(
                    lambda: _("You are nominated for %(award)s") % {"award": award.name}
                ),
                body=reason[:500],
                url=award_url(award),
                dedupe_key=f"award-nominated:{award.pk}:{nominee.pk}",
            )
    except IntegrityError:
        raise ValidationError({"nominee": _("You have already nominated this person.")}) from None
    return nomination


def vote_check(
    *, award: Award, voter, nominee=None, now: datetime.datetime | None = None
) -> Exception | None:
    """Whether ``voter`` may vote (for ``nominee``, when known) now: an active member,
    inside the voting window, once per round, for a nominee who is not themselves."""
    now = now or timezone.now()
    refusal = active_member_check(voter, award.cohort)
    if refusal is not None:
        return refusal
    if award.closed_at is not None:
        return ValidationError({"award": _("This award has been announced.")})
    if now < award.voting_open_at:
        return ValidationError(
            {"award": _("Voting opens on %(when)s.") % {"when": _when(award.voting_open_at)}}
        )
    if now >= award.voting_close_at:
        return ValidationError({"award": _("Voting for this award is closed.")})
    if Vote.objects.filter(award=award, voter=voter).exists():
        return ValidationError({"award": _("You have already voted in this round.")})
    if nominee is None:
        return None
    if nominee.pk == voter.pk:
        return ValidationError({"nominee": _("You cannot vote for yourself.")})
    if not Nomination.objects.filter(award=award, nominee=nominee).exists():
        return ValidationError({"nominee": _("Vote for one of the nominees.")})
    return None


def vote_cast(*, award: Award, voter, nominee, now: datetime.datetime | None = None) -> Vote:
    """One vote per voter per round; a second is refused (the database agrees)."""
    raise_if(vote_check(award=award, voter=voter, nominee=nominee, now=now))
    try:
        with transaction.atomic():
            return Vote.objects.create(award=award, voter=voter, nominee=nominee)
    except IntegrityError:
        raise ValidationError({"award": _("You have already voted in this round.")}) from None


def award_close_check(
    *, award: Award, actor, now: datetime.datetime | None = None
) -> Exception | None:
    """Whether ``actor`` may announce the winners now: the cohort's organizers (and HR),
    once voting is over."""
    now = now or timezone.now()
    if not permissions.is_organizer(actor, award.cohort):
        return PermissionDenied(_("Only organizers announce the winners."))
    if award.closed_at is not None:
        return ValidationError({"award": _("This award has been announced.")})
    if now < award.voting_close_at:
        return ValidationError(
            {"award": _("Voting is open until %(when)s.") % {"when": _when(award.voting_close_at)}}
        )
    return None


def award_close(*, award: Award, actor, now: datetime.datetime | None = None) -> list:
    """Close the round and announce the winners: the nominees with the most votes (ties
    for the last place all win; with no votes, nobody wins). Winners and every nominee
    are told through the outbox. Refused once announced, so it runs once."""
    now = now or timezone.now()
    with transaction.atomic():
        award = Award.objects.select_for_update().select_related("cohort").get(pk=award.pk)
        raise_if(award_close_check(award=award, actor=actor, now=now))
        tallies = list(
            Vote.objects.filter(award=award)
            .values("nominee")
            .annotate(n=Count("pk"))
            .order_by("-n", "nominee")
        )
        winners: list[int] = []
        if tallies:
            places = tallies[: award.winners_count]
            floor = places[-1]["n"]
            winners = [row["nominee"] for row in tallies if row["n"] >= floor]
        Nomination.objects.filter(award=award, nominee_id__in=winners).update(winner=True)
        award.closed_at = now
        award.closed_by = actor
        award.save(update_fields=["closed_at", "closed_by"])
        key = selectors.spotlight_key(award.cohort_id)
        transaction.on_commit(lambda: cache.delete(key))
        nominees = set(Nomination.objects.filter(award=award).values_list("nominee_id", flat=True))
        if winners:
            notification_send_many(
                recipients=winners,
                kind="recognition.award_announced",
                title=in_recipient_language(
                    lambda: _("You won %(award)s!") % {"award": award.name}
                ),
                url=award_url(award),
                dedupe_key=f"award-won:{award.pk}",
            )
        others = nominees - set(winners)
        if others:
            notification_send_many(
                recipients=sorted(others),
                kind="recognition.award_announced",
                title=in_recipient_language(
                    lambda: (
                        _("%(award)s is announced: thank you for being nominated")
                        % {"award": award.name}
                    )
                ),
                url=award_url(award),
                dedupe_key=f"award-nominee:{award.pk}",
            )
    return list(selectors.award_standings(award))


def awards_counting_notify(*, now: datetime.datetime | None = None) -> int:
    """Tell each cohort's organizers, once per round, that an award's voting has closed
    and the round waits for them to close it and announce the winners; returns how many
    rounds were told about. The round also waits in their queue until it is announced
    (``selectors.awards_to_announce_for``).

    Side effects: ``counting_notified_at`` set and one notification per organizer, in one
    transaction per round. Safe to run twice at once: a round is claimed with a
    conditional update before anyone is told, and the notices carry a per-round key.
    """
    now = now or timezone.now()
    due = Award.objects.filter(
        voting_close_at__lte=now, closed_at__isnull=True, counting_notified_at__isnull=True
    ).select_related("cohort")
    told = 0
    for award in due:
        with transaction.atomic():
            claimed = Award.objects.filter(pk=award.pk, counting_notified_at__isnull=True).update(
                counting_notified_at=now
            )
            if not claimed:
                continue
            organizers = Membership.objects.filter(
                cohort=award.cohort_id,
                status=Membership.Status.ACTIVE,
                role=Membership.Role.ORGANIZER,
            ).values_list("user_id", flat=True)
            notification_send_many(
                recipients=organizers,
                kind="recognition.award_counting",
                title=in_recipient_language(
                    lambda award=award: _("Voting for %(award)s has closed") % {"award": award.name}
                ),
                body=in_recipient_language(
                    lambda award=award: (
                        _("Close the round and announce the winners to %(cohort)s.")
                        % {"cohort": award.cohort.name}
                    )
                ),
                url=award_url(award),
                dedupe_key=f"award-counting:{award.pk}",
            )
            told += 1
    return told
