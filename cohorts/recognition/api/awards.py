"""Awards of a cohort: their nominees, nominating, voting and announcing the winners."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import permissions
from cohorts.api.lookups import Lookup, cohort_visible, require
from cohorts.models import Cohort
from cohorts.recognition import selectors, services
from cohorts.recognition.api.routing import Paginator, page_of, refused_as_person, router
from cohorts.recognition.api.schemas import (
    AwardOut,
    AwardPageOut,
    AwardVoteOut,
    NominationIn,
    NominationOut,
    NomineeOut,
    VoteIn,
)
from cohorts.recognition.models import Award
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of


def _member_cohort(request, slug: str) -> Cohort:
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_view_cohort_content(request.user, cohort),
        _("Only members of this cohort see its awards."),
    )
    return cohort


def _award(request, slug: str, award_id: int) -> Award:
    cohort = _member_cohort(request, slug)
    award = Award.objects.filter(cohort=cohort, pk=award_id).first()
    if award is None:
        raise Http404("No Award matches the given query.")
    award.cohort = cohort
    return award


def award_out(award: Award) -> dict:
    return {
        **{field: getattr(award, field) for field in AwardOut.model_fields if field != "phase"},
        "phase": selectors.award_phase(award),
    }


@router.get(
    "/cohorts/{slug}/awards",
    response={200: AwardPageOut, **ERROR_RESPONSES},
    summary="The cohort's awards, latest first",
)
def awards_list(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = _member_cohort(request, slug)
    page = page_of(request, selectors.awards_of(cohort=cohort), pagination)
    return {"items": [award_out(award) for award in page["items"]], "count": page["count"]}


@router.get(
    "/cohorts/{slug}/awards/{award_id}/nominees",
    response={200: list[NomineeOut], **ERROR_RESPONSES},
    summary="An award's nominees with their reasons (and votes, once announced)",
)
def award_nominees(request, slug: str, award_id: Id):
    award = _award(request, slug, award_id)
    counts = award.closed_at is not None or permissions.is_organizer(request.user, award.cohort)
    return [
        {
            "nominee": person_of(row["nominee"]),
            "reasons": [n.reason for n in row["reasons"]],
            "votes": row["votes"] if counts else None,
            "winner": row["winner"],
        }
        for row in selectors.award_standings(award)
    ]


@router.post(
    "/cohorts/{slug}/awards/{award_id}/nominations",
    response={201: NominationOut, **ERROR_RESPONSES},
    summary="Nominate a member, with a reason (while nominations are open)",
)
def nomination_create(request, slug: str, award_id: Id, payload: NominationIn):
    award = _award(request, slug, award_id)
    refused_as_person(services.nominate_check(award=award, nominator=request.user))
    lookup = Lookup()
    nominee = lookup.person("nominee", payload.nominee)
    lookup.check()
    nomination = services.nominate(
        award=award, nominator=request.user, nominee=nominee, reason=payload.reason
    )
    return Status(201, nomination)


@router.post(
    "/cohorts/{slug}/awards/{award_id}/votes",
    response={201: AwardVoteOut, **ERROR_RESPONSES},
    summary="Vote for a nominee: once per round, not for myself, while voting is open",
)
def vote_create(request, slug: str, award_id: Id, payload: VoteIn):
    award = _award(request, slug, award_id)
    refused_as_person(services.vote_check(award=award, voter=request.user))
    lookup = Lookup()
    nominee = lookup.person("nominee", payload.nominee)
    lookup.check()
    vote = services.vote_cast(award=award, voter=request.user, nominee=nominee)
    return Status(201, vote)


@router.post(
    "/cohorts/{slug}/awards/{award_id}/close",
    response={200: list[NomineeOut], **ERROR_RESPONSES},
    summary="Close the round and announce the winners (organizers)",
    tags=["cohort organizers"],
)
def award_close(request, slug: str, award_id: Id):
    award = _award(request, slug, award_id)
    standings = services.award_close(award=award, actor=request.user)
    return [
        {
            "nominee": person_of(row["nominee"]),
            "reasons": [n.reason for n in row["reasons"]],
            "votes": row["votes"],
            "winner": row["winner"],
        }
        for row in standings
    ]
