"""Inviting a key member into the planning tier: the core team or an organizer invites,
the member accepts or declines from their queue, and accepting changes their role through
the memberships service, so the cohort's audit log records it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Membership
from cohorts.operations.models import PlanningInvitation
from cohorts.operations.services.access import INVITABLE_ROLES, may_lead
from cohorts.services import membership_role_apply
from learning.notifications.services import in_recipient_language, notification_send

MESSAGE_MAX = 1000
Status = PlanningInvitation.Status


def queue_url() -> str:
    return "/cohorts/queue/#planning-invitations"


def planning_invite_check(*, cohort: Cohort, membership: Membership, actor) -> Exception | None:
    """Why ``actor`` may not invite this member into planning, or None. Side-effect free."""
    if not may_lead(actor, cohort):
        return PermissionDenied(_("Only the core team and the organizers invite into planning."))
    if membership.cohort_id != cohort.pk or membership.status != Membership.Status.ACTIVE:
        return ValidationError(
            {"membership": _("Only an active member of the cohort can be invited.")}
        )
    if membership.role not in INVITABLE_ROLES:
        return ValidationError(
            {
                "membership": _("%(name)s is already on the team or cannot plan.")
                % {"name": membership.user}
            }
        )
    if PlanningInvitation.objects.filter(membership=membership, status=Status.PENDING).exists():
        return ValidationError(
            {
                "membership": _("%(name)s has an invitation waiting already.")
                % {"name": membership.user}
            }
        )
    return None


def planning_invite(
    *, cohort: Cohort, membership: Membership, actor, message: str = ""
) -> PlanningInvitation:
    """Invite a member into the planning tier; they are told and it waits in their
    queue. Refused while an earlier invitation waits, so a double tap invites once."""
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Keep it under %(n)s characters.") % {"n": MESSAGE_MAX}}
        )
    error = planning_invite_check(cohort=cohort, membership=membership, actor=actor)
    if error is not None:
        raise error
    try:
        with transaction.atomic():
            invitation = PlanningInvitation.objects.create(
                cohort=cohort, membership=membership, invited_by=actor, message=message
            )
            inviter = str(actor)
            notification_send(
                recipient=membership.user,
                kind="operations.planning_invited",
                title=in_recipient_language(
                    lambda: (
                        _("%(name)s invites you to join the planning team of %(cohort)s")
                        % {"name": inviter, "cohort": cohort.name}
                    )
                ),
                body=message[:500],
                url=queue_url(),
                dedupe_key=f"operations-planning-invited:{invitation.pk}",
            )
    except IntegrityError:
        raise ValidationError(
            {
                "membership": _("%(name)s has an invitation waiting already.")
                % {"name": membership.user}
            }
        ) from None
    return invitation


def planning_answer_check(*, invitation: PlanningInvitation, actor) -> Exception | None:
    if invitation.membership.user_id != getattr(actor, "pk", None):
        return PermissionDenied(_("Only the invited member answers the invitation."))
    if invitation.status != Status.PENDING:
        return ValidationError({"invitation": _("This invitation has been answered already.")})
    return None


def planning_invitation_answer(
    *, invitation: PlanningInvitation, actor, accept: bool
) -> PlanningInvitation:
    """Accept (the member joins the planning tier, in the audit log) or decline; the
    inviter is told. Refused once answered, so a double tap answers once."""
    with transaction.atomic():
        invitation = (
            PlanningInvitation.objects.select_for_update(of=("self",))
            .select_related("membership__user", "membership__cohort", "cohort", "invited_by")
            .get(pk=invitation.pk)
        )
        error = planning_answer_check(invitation=invitation, actor=actor)
        if error is not None:
            raise error
        invitation.status = Status.ACCEPTED if accept else Status.DECLINED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
        cohort = invitation.cohort
        if accept:
            membership_role_apply(
                membership=invitation.membership,
                role=Membership.Role.PLANNING,
                actor=actor,
                reason=_("Accepted the invitation into planning from %(name)s")
                % {"name": invitation.invited_by or "—"},
            )
        if invitation.invited_by is not None:
            member = str(actor)
            notification_send(
                recipient=invitation.invited_by,
                kind="operations.planning_answered",
                title=in_recipient_language(
                    lambda: (
                        (
                            _("%(name)s joins the planning team of %(cohort)s")
                            if accept
                            else _("%(name)s declines to join the planning team of %(cohort)s")
                        )
                        % {"name": member, "cohort": cohort.name}
                    )
                ),
                url=f"/cohorts/{cohort.slug}/operations/",
                dedupe_key=f"operations-planning-answered:{invitation.pk}",
            )
    return invitation
