"""The guest pipeline: who may speak, who was asked, and how each invitation moves.

The seeds' order of asking is the ``Guest.Tier`` order: internal executives, then
long-standing partners and familiar guests, then people from companies whose users
overlap ours, then outstanding newcomers of the cohort itself (suggested here from the
cohort's own activity, with the reason).

An outside guest has no account. HR gets a link for them, once, when it is minted
(``invitation_link_mint``), as Wagtail shows an API token once:

- 32 random bytes; at rest only an HMAC-SHA256 digest keyed by ``SECRET_KEY``, looked
  up by digest and compared in constant time;
- scoped to that one invitation: it opens nothing else, and the page it opens offers
  only that invitation's answer;
- expiring (``GUILD_GUEST_LINK_DAYS`` after minting, and never after the session
  ends), revocable (``invitation_link_revoke``), and replaced by a newer link.

Or HR has it e-mailed to the guest (``invitation_link_email``): then the link is minted
in the worker and leaves only in the e-mail, so nobody in the company ever sees it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import permissions
from cohorts.models import Cohort, Membership, MembershipEvent, Post
from cohorts.services.audit import audit_log, cohort_url, history_log
from cohorts.services.validation import refuse_unknown_fields, validated
from cohorts.sessions.models import Guest, GuestInvitation, Session
from cohorts.sessions.services.schedule import _check_may_run
from learning.models import EmployeeProfile, User
from learning.notifications.services import in_recipient_language, notification_send_many

Action = MembershipEvent.Action
InvitationStatus = GuestInvitation.Status
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 100

# Which invitation status may follow which; "withdrawn" is HR taking it back.
INVITATION_TRANSITIONS: dict[str, frozenset[str]] = {
    InvitationStatus.INVITED: frozenset(
        {InvitationStatus.CONFIRMED, InvitationStatus.DECLINED, InvitationStatus.WITHDRAWN}
    ),
    InvitationStatus.CONFIRMED: frozenset(
        {InvitationStatus.BRIEFED, InvitationStatus.DECLINED, InvitationStatus.WITHDRAWN}
    ),
    InvitationStatus.BRIEFED: frozenset(
        {InvitationStatus.DELIVERED, InvitationStatus.DECLINED, InvitationStatus.WITHDRAWN}
    ),
    InvitationStatus.DELIVERED: frozenset({InvitationStatus.THANKED}),
    InvitationStatus.THANKED: frozenset(),
    InvitationStatus.DECLINED: frozenset({InvitationStatus.INVITED}),
    InvitationStatus.WITHDRAWN: frozenset({InvitationStatus.INVITED}),
}
# What the guest may answer themselves, through their link or their own page.
GUEST_ANSWERS = frozenset({InvitationStatus.CONFIRMED, InvitationStatus.DECLINED})


def _digest(token: str) -> str:
    return salted_hmac("guild.sessions.guest-invitation", token, algorithm="sha256").hexdigest()


GUEST_FIELDS = frozenset(
    {"tier", "employee", "name", "organization", "job_title", "email", "bio", "note"}
)


def _check_keeps_guest_list(actor) -> None:
    if not (permissions.is_hr_organizer(actor) or permissions.organizes_any_cohort(actor)):
        raise PermissionDenied(_("Only organizers keep the guest list."))


def _guest_saved(guest: Guest) -> Guest:
    """Validate ``guest`` whole and save it; nothing is saved when a field is wrong."""
    if guest.employee_id is not None:
        guest.name = ""
    for name in ("name", "organization", "job_title", "email"):
        setattr(guest, name, getattr(guest, name).strip())
    errors = {}
    if guest.employee_id is None and not guest.name:
        errors["name"] = _("Give the guest's name, or choose an employee.")
    elif (
        guest.employee_id is not None
        and Guest.objects.filter(employee_id=guest.employee_id).exclude(pk=guest.pk).exists()
    ):
        errors["employee"] = _("This employee is already on the guest list.")
    validated(guest, errors)
    guest.save()
    return guest


def guest_create(
    *,
    actor,
    tier: int,
    employee: EmployeeProfile | None = None,
    name: str = "",
    organization: str = "",
    job_title: str = "",
    email: str = "",
    bio: str = "",
    note: str = "",
) -> Guest:
    """Add someone to the guest list; HR and organizers of any cohort only.

    An employee is added once (a second time returns the first entry unchanged); an
    outside guest needs a name.
    """
    _check_keeps_guest_list(actor)
    if employee is not None:
        existing = Guest.objects.filter(employee=employee).first()
        if existing is not None:
            return existing
    guest = _guest_saved(
        Guest(
            tier=tier,
            employee=employee,
            name=name,
            organization=organization,
            job_title=job_title,
            email=email,
            bio=bio,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    )
    history_log(instance=guest, action="wagtail.create", actor=actor)
    return guest


def guest_update(*, guest: Guest, actor, changes: dict) -> Guest:
    """Change a guest's entry (their tier, who they are, how to reach them); HR and
    organizers of any cohort only. Validated whole; an employee stays on the list once.
    Their invitations keep their history."""
    _check_keeps_guest_list(actor)
    refuse_unknown_fields(changes, GUEST_FIELDS)
    with transaction.atomic():
        guest = Guest.objects.select_for_update().get(pk=guest.pk)
        for name, value in changes.items():
            setattr(guest, name, value)
        guest = _guest_saved(guest)
        history_log(instance=guest, action="wagtail.edit", actor=actor)
    return guest


def invitation_create(
    *, session: Session, guest: Guest, actor, message: str = ""
) -> GuestInvitation:
    """Ask ``guest`` to speak at ``session``; organizers only.

    An employee guest is told through the outbox and answers on their own page; for an
    outside guest HR mints a link (``invitation_link_mint``) to send them. Asking the
    same guest again for the same session is refused.
    """
    _check_may_run(actor, session.cohort)
    if not session.is_open:
        raise ValidationError({"session": _("This session is over or cancelled.")})
    with transaction.atomic():
        if GuestInvitation.objects.filter(session=session, guest=guest).exists():
            raise ValidationError({"guest": _("This guest is already invited to this session.")})
        invitation = GuestInvitation.objects.create(
            session=session, guest=guest, message=message, invited_by=actor
        )
        audit_log(
            cohort=session.cohort,
            action=Action.GUEST_INVITED,
            actor=actor,
            subgroup=session.subgroup,
            changes={"session": session.pk, "guest": guest.pk, "invitation": invitation.pk},
        )
        if guest.employee_id is not None:
            _guest_notify(invitation)
    return invitation


def _guest_notify(invitation: GuestInvitation) -> None:
    session, guest = invitation.session, invitation.guest
    notification_send_many(
        recipients=[guest.employee.user_id],
        kind="session.guest_invited",
        title=in_recipient_language(
            lambda: (
                _("You are invited to speak at %(cohort)s on %(date)s")
                % {"cohort": session.cohort.name, "date": session.date.isoformat()}
            )
        ),
        body=invitation.message,
        url=f"/sessions/invitations/{invitation.pk}/",
        dedupe_key=f"session-guest-invited:{invitation.pk}",
    )


def invitation_transition_check(invitation: GuestInvitation, to: str) -> str:
    """Why ``invitation`` cannot move to ``to``, or ''. Reads only."""
    if to not in INVITATION_TRANSITIONS.get(invitation.status, frozenset()):
        return _("An invitation that is “%(now)s” cannot become “%(to)s”.") % {
            "now": InvitationStatus(invitation.status).label,
            "to": InvitationStatus(to).label if to in InvitationStatus.values else to,
        }
    if (
        to in (InvitationStatus.INVITED, InvitationStatus.CONFIRMED)
        and not invitation.session.is_open
    ):
        return _("This session is over or cancelled.")
    return ""


def invitation_transition(
    *, invitation: GuestInvitation, actor, to: str, answer: str = ""
) -> GuestInvitation:
    """Move an invitation on (confirmed, briefed, talk given, thanked…); organizers only,
    or the employee guest themselves for confirming or declining. Logged."""
    guest_self = (
        actor is not None
        and invitation.guest.employee_id is not None
        and invitation.guest.employee.user_id == getattr(actor, "pk", None)
    )
    if not permissions.can_change_cohort(actor, invitation.session.cohort) and not (
        guest_self and to in GUEST_ANSWERS
    ):
        raise PermissionDenied(_("Only the cohort's organizers can move an invitation on."))
    return _invitation_move(invitation=invitation, actor=actor, to=to, answer=answer)


def _invitation_move(
    *, invitation: GuestInvitation, actor, to: str, answer: str
) -> GuestInvitation:
    with transaction.atomic():
        invitation = (
            GuestInvitation.objects.select_for_update(of=("self",))
            .select_related("session__cohort", "guest__employee")
            .get(pk=invitation.pk)
        )
        problem = invitation_transition_check(invitation, to)
        if problem:
            raise ValidationError({"status": problem})
        before = invitation.status
        invitation.status = to
        fields = ["status", "updated_at"]
        if to in GUEST_ANSWERS:
            invitation.answer = answer.strip()
            invitation.responded_at = timezone.now()
            fields += ["answer", "responded_at"]
        if to in (InvitationStatus.DECLINED, InvitationStatus.WITHDRAWN):
            invitation.token_digest = ""
            fields.append("token_digest")
        invitation.save(update_fields=fields)
        audit_log(
            cohort=invitation.session.cohort,
            action=Action.GUEST_INVITATION,
            actor=actor,
            subgroup=invitation.session.subgroup,
            changes={"invitation": invitation.pk, "status": [before, to]},
            reason=answer,
        )
        if to in GUEST_ANSWERS:
            _organizers_told_of_answer(invitation)
    return invitation


def _organizers_told_of_answer(invitation: GuestInvitation) -> None:
    cohort = invitation.session.cohort
    organizers = Membership.objects.filter(
        cohort=cohort, role=Membership.Role.ORGANIZER, status=Membership.Status.ACTIVE
    ).values_list("user_id", flat=True)
    recipients = set(organizers) or set(permissions.hr_organizers().values_list("pk", flat=True))
    confirmed = invitation.status == InvitationStatus.CONFIRMED
    guest, day = invitation.guest.display_name, invitation.session.date.isoformat()
    notification_send_many(
        recipients=recipients,
        kind="session.guest_answered",
        title=in_recipient_language(
            lambda: (
                (
                    _("%(guest)s will speak on %(date)s")
                    if confirmed
                    else _("%(guest)s declined %(date)s")
                )
                % {"guest": guest, "date": day}
            )
        ),
        body=invitation.answer,
        url=cohort_url(cohort),
        dedupe_key=f"session-guest-answered:{invitation.pk}:{invitation.status}:{invitation.responded_at.isoformat()}",
    )


# Where an outside guest answers (the member-side page serves exactly this path).
GUEST_ANSWER_PATH = "/sessions/invite/{token}/"


def guest_answer_url(token: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + GUEST_ANSWER_PATH.format(token=token)


def _link_check(invitation: GuestInvitation, actor) -> None:
    """Refuse a link for an invitation that no longer waits on its guest."""
    _check_may_run(actor, invitation.session.cohort)
    if invitation.status not in (
        InvitationStatus.INVITED,
        InvitationStatus.CONFIRMED,
        InvitationStatus.BRIEFED,
    ):
        raise ValidationError({"status": _("This invitation is no longer waiting for the guest.")})
    if not invitation.session.is_open:
        raise ValidationError({"session": _("This session is over or cancelled.")})


def invitation_link_mint(*, invitation: GuestInvitation, actor) -> str:
    """A new secret link for an outside guest's invitation; the previous one stops working.

    Returns the token (the caller shows the link once; only its digest is kept).
    Organizers only; not for a finished invitation or session.
    """
    _link_check(invitation, actor)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    days = getattr(settings, "GUILD_GUEST_LINK_DAYS", 30)
    expires = min(timezone.now() + dt.timedelta(days=days), invitation.session.ends_at)
    GuestInvitation.objects.filter(pk=invitation.pk).update(
        token_digest=_digest(token), token_expires_at=expires, token_revoked_at=None
    )
    return token


def invitation_link_email(*, invitation: GuestInvitation, actor, language: str) -> None:
    """E-mail an outside guest a new link in ``language`` (the previous link stops
    working); organizers only. Checked now, sent by a worker once this transaction
    commits: the link is minted there and leaves only in the e-mail."""
    from cohorts.sessions.tasks import invitation_link_email_task

    _link_check(invitation, actor)
    guest = invitation.guest
    if not guest.is_outside:
        raise ValidationError({"guest": _("An employee answers on their own page.")})
    if not guest.email:
        raise ValidationError({"email": _("Add the guest's e-mail address first.")})
    transaction.on_commit(
        lambda: invitation_link_email_task.delay(invitation.pk, actor.pk, language)
    )


def invitation_link_email_send(*, invitation_id: int, actor_id: int, language: str) -> bool:
    """The worker's half of ``invitation_link_email``: mint the link and e-mail it.
    Returns whether an e-mail left; nothing leaves when the invitation stopped waiting
    or the organizer lost the right in between. At most once: a crash before the send
    leaves the guest without a new link, which HR sees and sends again."""
    invitation = (
        GuestInvitation.objects.select_related("session__cohort", "guest", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    actor = User.objects.filter(pk=actor_id).select_related("profile").first()
    if invitation is None or actor is None or not invitation.guest.email:
        return False
    try:
        token = invitation_link_mint(invitation=invitation, actor=actor)
    except (ValidationError, PermissionDenied):
        return False
    invitation.refresh_from_db(fields=["token_expires_at"])
    session = invitation.session
    with translation.override(language):
        context = {
            "guest": invitation.guest.display_name,
            "organizer": actor.get_full_name(),
            "cohort": session.cohort.name,
            "session": session,
            "zone": session.cohort.time_zone,
            "message": invitation.message,
            "link": guest_answer_url(token),
            "expires": timezone.localtime(
                invitation.token_expires_at, zoneinfo.ZoneInfo(session.cohort.time_zone)
            ),
        }
        subject = _("Invitation to speak: %(title)s") % {"title": str(session)}
        body = render_to_string("sessions/email/guest_invitation.txt", context)
    EmailMessage(
        subject=subject,
        body=body,
        to=[invitation.guest.email],
        reply_to=[actor.email] if actor.email else None,
    ).send()
    return True


def invitation_link_revoke(*, invitation: GuestInvitation, actor) -> None:
    """Stop the outside guest's link from working at once; organizers only."""
    _check_may_run(actor, invitation.session.cohort)
    GuestInvitation.objects.filter(pk=invitation.pk).update(
        token_digest="", token_revoked_at=timezone.now()
    )


def invitation_by_token(token: str) -> GuestInvitation | None:
    """The invitation a guest's link opens, or None: unknown, revoked, expired, or its
    session over. One answer for every failure. Reads only."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    digest = _digest(token)
    invitation = (
        GuestInvitation.objects.select_related("session__cohort", "guest")
        .filter(token_digest=digest)
        .first()
    )
    if invitation is None or not constant_time_compare(invitation.token_digest, digest):
        return None
    if (
        invitation.token_revoked_at is not None
        or invitation.token_expires_at is None
        or invitation.token_expires_at <= timezone.now()
        or not invitation.session.is_open
    ):
        return None
    return invitation


def invitation_answer_by_token(*, token: str, accept: bool, answer: str = "") -> GuestInvitation:
    """The outside guest confirms or declines through their link; no account needed.

    Raises ``PermissionDenied`` when the link does not open an invitation (one message
    for every reason) and ``ValidationError`` when the invitation has moved past an answer.
    """
    invitation = invitation_by_token(token)
    if invitation is None:
        raise PermissionDenied(
            _("This link has expired or was replaced. Ask your contact for a new one.")
        )
    to = InvitationStatus.CONFIRMED if accept else InvitationStatus.DECLINED
    if invitation.status == to:
        return invitation
    return _invitation_move(invitation=invitation, actor=None, to=to, answer=answer[:2000])


@dataclass(frozen=True)
class NewcomerSuggestion:
    profile_id: int
    name: str
    posts: int
    reason: str


def newcomer_guest_suggestions(*, cohort: Cohort, limit: int = 5) -> list[NewcomerSuggestion]:
    """Outstanding newcomers of the cohort to invite, from its own activity, with why.

    Today's measure is what they shared in the cohort's conversation (visible posts);
    newcomers already on the guest list are left out. One query.
    """
    rows = (
        Membership.objects.filter(
            cohort=cohort, role=Membership.Role.NEWCOMER, status=Membership.Status.ACTIVE
        )
        .exclude(user__profile__guest_entries__isnull=False)
        .annotate(
            posts=Count(
                "user__cohort_posts",
                filter=Q(user__cohort_posts__cohort=cohort, user__cohort_posts__hidden=False)
                & ~Q(user__cohort_posts__kind=Post.Kind.ANNOUNCEMENT),
            )
        )
        .filter(posts__gt=0)
        .order_by("-posts", "user__profile__full_name", "pk")
        .values_list("user__profile__pk", "user__profile__full_name", "posts")[:limit]
    )
    return [
        NewcomerSuggestion(
            profile_id=pk,
            name=name,
            posts=posts,
            reason=ngettext(
                "%(count)s post in the cohort's conversation",
                "%(count)s posts in the cohort's conversation",
                posts,
            )
            % {"count": posts},
        )
        for pk, name, posts in rows
    ]


def guest_pipeline(*, cohort: Cohort | None = None) -> dict[int, list[dict]]:
    """The guest list by tier, each guest with how their invitations stand (in this
    cohort, when given). Two queries."""
    invitations = GuestInvitation.objects.all()
    if cohort is not None:
        invitations = invitations.filter(session__cohort=cohort)
    counts: dict[int, dict[str, int]] = {}
    for guest_id, status, n in invitations.values_list("guest_id", "status").annotate(
        n=Count("pk")
    ):
        counts.setdefault(guest_id, {})[status] = n
    pipeline: dict[int, list[dict]] = {tier: [] for tier in Guest.Tier.values}
    for guest in Guest.objects.select_related("employee"):
        pipeline[guest.tier].append({"guest": guest, "invitations": counts.get(guest.pk, {})})
    return pipeline
