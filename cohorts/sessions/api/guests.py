"""The guest pipeline: the guest list by tier, newcomers worth inviting, invitations and
how they move, the outside guest's secret link, and the guest's answer through it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Status

from cohorts.api.lookups import Lookup, cohort_organized
from cohorts.sessions import services
from cohorts.sessions.api.lookups import (
    invitation_of,
    session_organized,
    session_visible,
    session_when_out,
)
from cohorts.sessions.api.routing import TAGS, router
from cohorts.sessions.api.schemas import (
    GuestAnswerIn,
    GuestIn,
    GuestInvitationPublicOut,
    GuestOut,
    GuestUpdateIn,
    InvitationIn,
    InvitationLinkOut,
    InvitationOut,
    InvitationTransitionIn,
    PipelineTierOut,
    SuggestionOut,
)
from cohorts.sessions.models import Guest, GuestInvitation
from learning import throttle
from learning.api import ERROR_RESPONSES, ErrorOut
from learning.api.schemas import Id, input_values
from learning.models import EmployeeProfile


def guest_out(guest: Guest) -> dict:
    return {
        "id": guest.pk,
        "tier": guest.tier,
        "name": guest.display_name,
        "is_outside": guest.is_outside,
        "employee": guest.employee,
        "organization": guest.organization,
        "job_title": guest.job_title,
        "email": guest.email,
        "bio": guest.bio,
        "note": guest.note,
    }


def invitation_out(invitation: GuestInvitation) -> dict:
    link_active = bool(
        invitation.token_digest
        and invitation.token_revoked_at is None
        and invitation.token_expires_at is not None
        and invitation.token_expires_at > timezone.now()
    )
    return {
        "id": invitation.pk,
        "session_id": invitation.session_id,
        "guest": guest_out(invitation.guest),
        "status": invitation.status,
        "message": invitation.message,
        "answer": invitation.answer,
        "link_active": link_active,
        "link_expires_at": invitation.token_expires_at if link_active else None,
        "responded_at": invitation.responded_at,
    }


@router.get(
    "/cohorts/{slug}/guests",
    response={200: list[PipelineTierOut], **ERROR_RESPONSES},
    summary="The guest list by tier, with each guest's invitations in this cohort (organizers)",
    tags=TAGS,
)
def guest_pipeline(request, slug: str):
    cohort = cohort_organized(request, slug)
    pipeline = services.guest_pipeline(cohort=cohort)
    return [
        {
            "tier": tier,
            "label": str(Guest.Tier(tier).label),
            "guests": [
                {**guest_out(row["guest"]), "invitations": row["invitations"]}
                for row in pipeline[tier]
            ],
        }
        for tier in Guest.Tier.values
    ]


@router.get(
    "/cohorts/{slug}/guests/suggestions",
    response={200: list[SuggestionOut], **ERROR_RESPONSES},
    summary="Outstanding newcomers of the cohort to invite, with why (organizers)",
    tags=TAGS,
)
def guest_suggestions(request, slug: str):
    cohort = cohort_organized(request, slug)
    suggestions = services.newcomer_guest_suggestions(cohort=cohort)
    profiles = EmployeeProfile.objects.in_bulk([s.profile_id for s in suggestions])
    return [
        {"person": profiles[s.profile_id], "posts": s.posts, "reason": s.reason}
        for s in suggestions
    ]


@router.post(
    "/guests",
    response={201: GuestOut, **ERROR_RESPONSES},
    summary="Add someone to the guest list (organizers)",
    description="An employee is added once: adding them again answers their entry.",
    tags=TAGS,
)
def guest_create(request, payload: GuestIn):
    values = input_values(payload, exclude={"employee_id"})
    if payload.employee_id is not None:
        lookup = Lookup()
        people = lookup.employees("employee_id", [payload.employee_id])
        lookup.check()
        values["employee"] = people[0].profile
    guest = services.guest_create(actor=request.user, **values)
    return Status(201, guest_out(guest))


@router.patch(
    "/guests/{guest_id}",
    response={200: GuestOut, **ERROR_RESPONSES},
    summary="Change a guest's entry (organizers)",
    tags=TAGS,
)
def guest_update(request, guest_id: Id, payload: GuestUpdateIn):
    guest = get_object_or_404(Guest, pk=guest_id)
    changes = input_values(payload, only_set=True, exclude={"employee_id"})
    if "employee_id" in payload.model_fields_set:
        changes["employee"] = None
        if payload.employee_id is not None:
            lookup = Lookup()
            people = lookup.employees("employee_id", [payload.employee_id])
            lookup.check()
            changes["employee"] = people[0].profile
    guest = services.guest_update(guest=guest, actor=request.user, changes=changes)
    return guest_out(Guest.objects.select_related("employee").get(pk=guest.pk))


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/invitations",
    response={200: list[InvitationOut], **ERROR_RESPONSES},
    summary="The session's guest invitations (organizers)",
    tags=TAGS,
)
def invitations_list(request, slug: str, session_id: Id):
    session = session_organized(request, slug, session_id)
    invitations = session.invitations.select_related("guest__employee").order_by(
        "guest__tier", "pk"
    )
    return [invitation_out(invitation) for invitation in invitations]


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/invitations",
    response={201: InvitationOut, **ERROR_RESPONSES},
    summary="Invite a guest to speak (organizers)",
    description="An employee guest is told in Guild; for an outside guest, mint a link.",
    tags=TAGS,
)
def invitation_create(request, slug: str, session_id: Id, payload: InvitationIn):
    session = session_organized(request, slug, session_id)
    guest = Guest.objects.select_related("employee").filter(pk=payload.guest_id).first()
    if guest is None:
        raise ValidationError({"guest_id": _("There is no guest with this id.")})
    invitation = services.invitation_create(
        session=session, guest=guest, actor=request.user, message=payload.message
    )
    return Status(201, invitation_out(invitation))


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/invitations/{invitation_id}/transition",
    response={200: InvitationOut, **ERROR_RESPONSES},
    summary="Move an invitation on: confirmed, briefed, talk given, thanked…",
    description=("Organizers; an employee guest may also confirm or decline their own invitation."),
)
def invitation_transition(
    request, slug: str, session_id: Id, invitation_id: Id, payload: InvitationTransitionIn
):
    invitation = invitation_of(session_visible(request, slug, session_id), invitation_id)
    invitation = services.invitation_transition(
        invitation=invitation, actor=request.user, to=payload.to, answer=payload.answer
    )
    return invitation_out(invitation)


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/invitations/{invitation_id}/link",
    response={201: InvitationLinkOut, **ERROR_RESPONSES},
    summary="A secret link for an outside guest, shown once (organizers)",
    description=(
        "Only a digest is kept: copy the link now. A new link replaces the previous one; "
        "it expires after `GUILD_GUEST_LINK_DAYS` days and at the latest when the "
        "session ends."
    ),
    tags=TAGS,
)
def invitation_link_mint(request, slug: str, session_id: Id, invitation_id: Id):
    invitation = invitation_of(session_visible(request, slug, session_id), invitation_id)
    token = services.invitation_link_mint(invitation=invitation, actor=request.user)
    invitation.refresh_from_db(fields=["token_expires_at"])
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return Status(
        201,
        {
            "url": base_url + reverse("sessions_guest_answer", kwargs={"token": token}),
            "token": token,
            "expires_at": invitation.token_expires_at,
        },
    )


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/invitations/{invitation_id}/link/email",
    response={202: None, **ERROR_RESPONSES},
    summary="E-mail an outside guest a new secret link (organizers)",
    description=(
        "The link is minted when the e-mail is sent and leaves only in it; the previous "
        "link stops working. The e-mail is written in the caller's language."
    ),
    tags=TAGS,
)
def invitation_link_email(request, slug: str, session_id: Id, invitation_id: Id):
    invitation = invitation_of(session_organized(request, slug, session_id), invitation_id)
    services.invitation_link_email(
        invitation=invitation, actor=request.user, language=translation.get_language()
    )
    return Status(202, None)


@router.delete(
    "/cohorts/{slug}/sessions/{session_id}/invitations/{invitation_id}/link",
    response={204: None, **ERROR_RESPONSES},
    summary="Stop the outside guest's link working at once (organizers)",
    tags=TAGS,
)
def invitation_link_revoke(request, slug: str, session_id: Id, invitation_id: Id):
    invitation = invitation_of(session_visible(request, slug, session_id), invitation_id)
    services.invitation_link_revoke(invitation=invitation, actor=request.user)
    return Status(204, None)


@router.post(
    "/guest-invitations/answer",
    auth=None,
    response={200: GuestInvitationPublicOut, 429: ErrorOut, **ERROR_RESPONSES},
    summary="An outside guest accepts or declines, with the token of their link",
    description=(
        "No account needed: the token opens this one invitation only. A token that opens "
        "nothing (unknown, revoked, expired, or its session over) answers 403 and counts "
        "as a failed authentication for the caller's address; too many answer 429."
    ),
)
def guest_answer(request, payload: GuestAnswerIn):
    throttle.auth_throttle_check(request=request)
    try:
        invitation = services.invitation_answer_by_token(
            token=payload.token, accept=payload.accept, answer=payload.answer
        )
    except PermissionDenied:
        throttle.auth_failure_record(request=request)
        raise
    session = invitation.session
    return {
        "status": invitation.status,
        "cohort": session.cohort.name,
        "title": str(session),
        **session_when_out(session),
    }
