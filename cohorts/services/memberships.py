"""Invitations, leaving, removal and roles: the changes to a membership once it
exists, and seating the operations team.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, CharField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.eligibility import date_text
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    Report,
)
from cohorts.services.audit import audit_log
from cohorts.services.joining import seats_check
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


RENAME_BATCH = 500


def membership_invite(
    *, cohort: Cohort, user, actor, role: str = Role.NEWCOMER, reason: str = ""
) -> Membership:
    """Invite someone to a cohort; they become a member when they accept (join).

    An invitation holds a seat and lifts "invitation only". The invitee is notified
    with a link to the cohort's join page, in the same transaction (the outbox delivers
    it after commit). Safe to repeat: inviting someone already invited or active changes
    nothing and notifies nobody again; someone invited anew after leaving is notified of
    the new invitation.
    """
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can invite people."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        membership = Membership.objects.filter(cohort=cohort, user=user).first()
        if membership is not None and membership.status in {Status.ACTIVE, Status.INVITED}:
            return membership
        seats_check(cohort)
        if membership is None:
            membership = Membership(cohort=cohort, user=user)
        membership.status = Status.INVITED
        membership.role = role
        membership.save()
        event = audit_log(
            cohort=cohort,
            action=Action.INVITED,
            actor=actor,
            membership=membership,
            changes={"status": Status.INVITED, "role": role},
            reason=reason,
        )
        _invitation_notify(cohort=cohort, user=user, event=event)
    permissions.forget_memberships(user)
    return membership


def _invitation_notify(*, cohort: Cohort, user, event: MembershipEvent) -> None:
    # The invitation's own log entry names it: a repeat of this invitation is deduped,
    # a later invitation (after leaving, say) is news again.
    notification_send(
        recipient=user,
        kind="cohort.invited",
        title=in_recipient_language(
            lambda: _("You are invited to %(cohort)s") % {"cohort": cohort.name}
        ),
        body=in_recipient_language(
            lambda: (
                _(
                    "The cohort runs from %(start)s to %(end)s. Open the invitation to read the "
                    "group rules and join."
                )
                % {"start": date_text(cohort.start_date), "end": date_text(cohort.end_date)}
            )
        ),
        url=reverse("cohorts:join", args=[cohort.slug]),
        dedupe_key=f"cohort-invitation:{cohort.pk}:{user.pk}:{event.pk}",
    )


def memberships_invite(
    *, cohort: Cohort, users: Iterable, actor, role: str = Role.NEWCOMER, reason: str = ""
) -> list[Membership]:
    """Invite several people at once, all or nothing: when one invitation is refused (the
    cohort would be over capacity, an unknown role), nobody is invited.

    Only organizers may invite people straight onto the organizing team; the core team
    invites members. Each new invitee is notified once, as by ``membership_invite``.
    Safe to repeat, as ``membership_invite`` is.
    """
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can invite people."))
    if role in Membership.STAFF_ROLES and not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can invite people onto the organizing team."))
    users = list(users)
    if not users:
        raise ValidationError({"users": _("Name at least one person to invite.")})
    with transaction.atomic():
        return [
            membership_invite(cohort=cohort, user=user, actor=actor, role=role, reason=reason)
            for user in users
        ]


def membership_leave(*, membership: Membership, actor) -> Membership:
    """Leave a cohort (and its sub-groups). Only the member themselves. Safe to repeat."""
    if actor is None or actor.pk != membership.user_id:
        raise PermissionDenied(_("Only the member can leave; organizers remove people instead."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status in {Status.LEFT, Status.REMOVED}:
            return membership
        previous = membership.status
        membership.status = Status.LEFT
        membership.save(update_fields=["status", "updated_at"])
        membership.subgroup_memberships.update(status=Status.LEFT)
        audit_log(
            cohort=membership.cohort,
            action=Action.LEFT,
            actor=actor,
            membership=membership,
            changes={"status": [previous, Status.LEFT]},
        )
    permissions.forget_memberships(actor)
    return membership


def membership_remove_check(*, membership: Membership, actor, moderating: bool = False) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may remove ``membership``. Reads only.

    The one statement of who removes whom, for the members list and for moderation
    alike: organizers and the core team remove members (and enforcers may too, deciding
    a report); only organizers remove an organizer; only organizers and the core team
    remove someone from the operations team.
    """
    cohort = membership.cohort
    manages = permissions.can_manage_memberships(actor, cohort)
    if moderating:
        if not permissions.can_moderate(actor, cohort):
            raise PermissionDenied(_("Only the enforcers of the group rules can decide reports."))
    elif not manages:
        raise PermissionDenied(_("Only organizers and the core team can remove members."))
    if membership.role == Role.ORGANIZER and not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can remove an organizer."))
    if membership.role in Membership.STAFF_ROLES and not manages:
        raise PermissionDenied(
            _("Only organizers and the core team can remove someone from the operations team.")
        )


def membership_remove(
    *, membership: Membership, actor, reason: str = "", report: Report | None = None
) -> Membership:
    """Remove someone from a cohort and its sub-groups, as ``membership_remove_check``
    allows; ``report`` names the report whose decision this is (moderation).

    Safe to repeat.
    """
    membership_remove_check(membership=membership, actor=actor, moderating=report is not None)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == Status.REMOVED:
            return membership
        previous = membership.status
        membership.status = Status.REMOVED
        membership.save(update_fields=["status", "updated_at"])
        membership.subgroup_memberships.update(status=Status.REMOVED)
        audit_log(
            cohort=membership.cohort,
            action=Action.REMOVED,
            actor=actor,
            membership=membership,
            report=report,
            changes={"status": [previous, Status.REMOVED]},
            reason=reason,
        )
    permissions.forget_memberships(membership.user)
    return membership


def membership_set_role(
    *, membership: Membership, role: str, actor, helper_duty: str = "", reason: str = ""
) -> Membership:
    """Give a member a role (organizer, core, planning, helper…). Organizers only.

    A helper has exactly one duty (check-in supervision, Q&A triage, summaries…), so the
    duty is required for helpers and cleared for everyone else. Safe to repeat.
    """
    if not permissions.is_organizer(actor, membership.cohort):
        raise PermissionDenied(_("Only organizers can change roles."))
    return membership_role_apply(
        membership=membership, role=role, actor=actor, helper_duty=helper_duty, reason=reason
    )


def membership_role_apply(
    *, membership: Membership, role: str, actor, helper_duty: str = "", reason: str = ""
) -> Membership:
    """Change a member's role and write it in the audit log, for a caller that has
    already decided who may (``membership_set_role`` for organizers; accepting an
    invitation into planning, whose inviter was allowed to make it). The same rules of a
    role as ``membership_set_role``; safe to repeat."""
    cohort = membership.cohort
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role “%(role)s”.") % {"role": role}})
    helper_duty = helper_duty.strip()
    if role == Role.HELPER and not helper_duty:
        raise ValidationError(
            {"helper_duty": _("Give the helper one duty, e.g. check-in supervision.")}
        )
    if role != Role.HELPER:
        helper_duty = ""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        before = {"role": membership.role, "helper_duty": membership.helper_duty}
        membership.role = role
        membership.helper_duty = helper_duty
        membership.save(update_fields=["role", "helper_duty", "updated_at"])
        if before != {"role": role, "helper_duty": helper_duty}:
            audit_log(
                cohort=cohort,
                action=Action.ROLE_CHANGED,
                actor=actor,
                membership=membership,
                changes={
                    "role": [before["role"], role],
                    "helper_duty": [before["helper_duty"], helper_duty],
                },
                reason=reason,
            )
    permissions.forget_memberships(membership.user)
    return membership


def membership_add_staff(
    *, cohort: Cohort, user, role: str, actor, helper_duty: str = ""
) -> Membership:
    """Put someone on the cohort's organizing team directly (no rule, no approval).

    Used by organizers (and the demo) to seat the operations team. Safe to repeat.
    """
    if not permissions.is_organizer(actor, cohort):
        raise PermissionDenied(_("Only organizers can build the operations team."))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={"role": role, "status": Status.ACTIVE, "joined_at": timezone.now()},
        )
        if not created and membership.status != Status.ACTIVE:
            membership.status = Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at", "updated_at"])
        if created:
            audit_log(
                cohort=cohort,
                action=Action.JOINED,
                actor=actor,
                membership=membership,
                changes={"status": Status.ACTIVE, "role": role},
            )
    if membership.role != role or membership.helper_duty != helper_duty:
        membership = membership_set_role(
            membership=membership, role=role, actor=actor, helper_duty=helper_duty
        )
    return membership


def memberships_renamed(names: dict[int, str]) -> int:
    """Copy people's new names onto their memberships (the directory's sort key).

    One UPDATE per batch of people, whatever the number of cohorts they are in.
    """
    ids = list(names)
    updated = 0
    for start in range(0, len(ids), RENAME_BATCH):
        batch = ids[start : start + RENAME_BATCH]
        updated += Membership.objects.filter(user_id__in=batch).update(
            sort_name=Case(
                *(When(user_id=pk, then=Value(names[pk])) for pk in batch),
                output_field=CharField(),
            )
        )
    return updated
