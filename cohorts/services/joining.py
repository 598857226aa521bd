"""The one gate for joining a cohort or a sub-group (entry rule, group rules accepted,
seats, approval), and the approver's decision on a waiting request.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.eligibility import date_text, entry_rule_check, entry_rule_for, profile_of
from cohorts.models import (
    CharterVersion,
    Cohort,
    Membership,
    MembershipEvent,
    RuleAcceptance,
    SubGroup,
    SubGroupMembership,
)
from cohorts.selectors import charter_current
from cohorts.services.audit import audit_log, cohort_url
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


def cohort_seats_taken(cohort: Cohort, *, excluding: Membership | None = None) -> int:
    queryset = cohort.memberships.filter(status__in=Membership.SEAT_STATUSES)
    if excluding is not None:
        queryset = queryset.exclude(pk=excluding.pk)
    return queryset.count()


def cohort_seat_check(cohort: Cohort, *, excluding: Membership | None = None, adding: int = 1):
    if cohort.capacity is None:
        return
    if cohort_seats_taken(cohort, excluding=excluding) + adding > cohort.capacity:
        raise ValidationError(
            {
                "capacity": _("This cohort is full (%(capacity)d places).")
                % {"capacity": cohort.capacity}
            }
        )


def rules_accepted_check(
    *, charter_version: CharterVersion | None, accepted_version: int | None
) -> None:
    if charter_version is not None and accepted_version != charter_version.number:
        raise ValidationError(
            {
                "accept_rules_version": _(
                    "Read and accept the group rules (version %(number)d) to join."
                )
                % {"number": charter_version.number}
            }
        )


def rules_acceptance_record(*, user, version: CharterVersion | None) -> None:
    if version is not None:
        RuleAcceptance.objects.get_or_create(version=version, user=user)


def membership_request(
    *, cohort: Cohort, user, accept_rules_version: int | None = None
) -> Membership:
    """Join a cohort (or accept an invitation), checked against its entry rule.

    Becomes active at once when the rule needs no approval, otherwise waits for the
    approver. The current group rules must be accepted to join. The cohort row is locked
    while the seats are counted, so two people racing for the last seat cannot both win.
    Refuses a second request instead of repeating it.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to join a cohort."))
    profile = profile_of(user)
    rule = entry_rule_for(cohort)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if cohort.status not in {Cohort.Status.OPEN, Cohort.Status.RUNNING}:
            raise ValidationError({"cohort": _("This cohort is not open for joining.")})
        membership = Membership.objects.filter(cohort=cohort, user=user).first()
        invited = membership is not None and membership.status == Status.INVITED
        if membership is not None:
            if membership.status == Status.ACTIVE:
                raise ValidationError({"cohort": _("You are already a member of this cohort.")})
            if membership.status == Status.REQUESTED:
                raise ValidationError(
                    {"cohort": _("Your request is already waiting for approval.")}
                )
            if membership.status == Status.REMOVED:
                raise PermissionDenied(
                    _("You were removed from this cohort; ask an organizer to invite you back.")
                )
        if rule is not None:
            check = entry_rule_check(rule=rule, profile=profile, invited=invited)
            if not check.ok:
                raise ValidationError({"entry_rule": check.messages}, code="entry_rule")
        version = charter_current(cohort=cohort)
        rules_accepted_check(charter_version=version, accepted_version=accept_rules_version)
        cohort_seat_check(cohort, excluding=membership if invited else None)
        needs_approval = bool(rule and rule.approval_required and not invited)
        if membership is None:
            membership = Membership(cohort=cohort, user=user, role=Role.NEWCOMER)
        membership.status = Status.REQUESTED if needs_approval else Status.ACTIVE
        membership.joined_at = None if needs_approval else timezone.now()
        membership.rules_accepted_version = version
        membership.save()
        rules_acceptance_record(user=user, version=version)
        audit_log(
            cohort=cohort,
            action=Action.REQUESTED if needs_approval else Action.JOINED,
            actor=user,
            membership=membership,
            changes={"status": membership.status, "invited": invited},
        )
    permissions.forget_memberships(user)
    return membership


def _decide_request(*, membership: Membership, actor, approve: bool, reason: str) -> Membership:
    cohort = membership.cohort
    rule = entry_rule_for(cohort)
    if not permissions.can_approve(actor, rule=rule, cohort=cohort):
        raise PermissionDenied(
            _("Only the approver named in the entry rule or an organizer can decide.")
        )
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Status.REQUESTED:
            raise ValidationError({"membership": _("This request has already been decided.")})
        if approve:
            cohort_seat_check(cohort)
            membership.status = Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at", "updated_at"])
        event = audit_log(
            cohort=cohort,
            action=Action.APPROVED if approve else Action.REJECTED,
            actor=actor,
            membership=membership if approve else None,
            changes={"user": membership.user_id, "status": "active" if approve else "rejected"},
            reason=reason,
        )
        if not approve:
            # A rejected request leaves no membership behind, so the person may ask again
            # later; the audit log keeps who asked and who refused.
            membership.delete()

        def title() -> str:
            if approve:
                return _("Welcome to %(cohort)s") % {"cohort": cohort.name}
            return _("Your request for %(cohort)s") % {"cohort": cohort.name}

        def body() -> str:
            if approve:
                text = _("Your request to join %(cohort)s was approved.")
            else:
                text = _("Your request to join %(cohort)s was not approved.")
            return f"{text % {'cohort': cohort.name}} {reason}".strip()

        notification_send(
            recipient=membership.user,
            kind="cohort.request_decided",
            title=in_recipient_language(title),
            body=in_recipient_language(body),
            url=cohort_url(cohort),
            dedupe_key=f"cohort-request-decided:{event.pk}",
        )
    permissions.forget_memberships(membership.user)
    return membership


def membership_approve(*, membership: Membership, actor, reason: str = "") -> Membership:
    """Let a waiting request in (capacity re-checked under the lock); notifies the person.

    Refuses a request that was already decided.
    """
    return _decide_request(membership=membership, actor=actor, approve=True, reason=reason)


def membership_reject(*, membership: Membership, actor, reason: str = "") -> Membership:
    """Turn a waiting request down; the person is told and may ask again later.

    The request row is deleted (the audit log keeps who asked and who refused).
    """
    return _decide_request(membership=membership, actor=actor, approve=False, reason=reason)


def subgroup_membership_request(
    *, subgroup: SubGroup, user, accept_rules_version: int | None = None
) -> SubGroupMembership:
    """Join a sub-group as an active cohort member, checked against its entry rule.

    Hidden sub-groups answer "not found" to people who cannot see them. The sub-group row
    is locked while its seats are counted. Refuses a second request.
    """
    cohort = subgroup.cohort
    membership = permissions.membership_for(user, cohort)
    if membership is None or membership.status != Status.ACTIVE:
        raise PermissionDenied(_("Join the cohort before joining one of its sub-groups."))
    if not permissions.can_see_subgroup(user, subgroup):
        raise SubGroup.DoesNotExist
    if subgroup.opens_at and subgroup.opens_at > timezone.now():
        raise ValidationError(
            {
                "subgroup": _("This sub-group opens on %(date)s.")
                % {"date": date_text(subgroup.opens_at.date())}
            }
        )
    rule = entry_rule_for(subgroup)
    if rule is not None:
        check = entry_rule_check(rule=rule, profile=profile_of(user))
        if not check.ok:
            raise ValidationError({"entry_rule": check.messages}, code="entry_rule")
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        sgm = SubGroupMembership.objects.filter(subgroup=subgroup, membership=membership).first()
        if sgm is not None and sgm.status in {Status.ACTIVE, Status.REQUESTED}:
            raise ValidationError({"subgroup": _("You have already joined or asked to join.")})
        if sgm is not None and sgm.status == Status.REMOVED:
            raise PermissionDenied(_("You were removed from this sub-group."))
        version = charter_current(subgroup=subgroup)
        rules_accepted_check(charter_version=version, accepted_version=accept_rules_version)
        if subgroup.capacity is not None:
            taken = subgroup.memberships.filter(status__in=Membership.SEAT_STATUSES).count()
            if taken >= subgroup.capacity:
                raise ValidationError(
                    {
                        "capacity": _("This sub-group is full (%(capacity)d places).")
                        % {"capacity": subgroup.capacity}
                    }
                )
        needs_approval = bool(rule and rule.approval_required)
        if sgm is None:
            sgm = SubGroupMembership(subgroup=subgroup, membership=membership)
        sgm.status = Status.REQUESTED if needs_approval else Status.ACTIVE
        sgm.joined_at = None if needs_approval else timezone.now()
        sgm.rules_accepted_version = version
        sgm.save()
        rules_acceptance_record(user=user, version=version)
        audit_log(
            cohort=cohort,
            action=Action.REQUESTED if needs_approval else Action.SUBGROUP_JOINED,
            actor=user,
            membership=membership,
            subgroup=subgroup,
            changes={"status": sgm.status},
        )
    return sgm


def subgroup_membership_decide(
    *, subgroup_membership: SubGroupMembership, actor, approve: bool, reason: str = ""
) -> SubGroupMembership:
    """Approve or reject a request to join a sub-group (the rule's approver or organizers).

    Notifies the person. Refuses a request already decided.
    """
    subgroup = subgroup_membership.subgroup
    cohort = subgroup.cohort
    rule = entry_rule_for(subgroup)
    if not permissions.can_approve(actor, rule=rule, cohort=cohort):
        raise PermissionDenied(
            _("Only the approver named in the entry rule or an organizer can decide.")
        )
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        sgm = SubGroupMembership.objects.select_related("membership__user").get(
            pk=subgroup_membership.pk
        )
        if sgm.status != Status.REQUESTED:
            raise ValidationError({"membership": _("This request has already been decided.")})
        if approve and subgroup.capacity is not None:
            taken = subgroup.memberships.filter(status__in=Membership.SEAT_STATUSES).count()
            if taken >= subgroup.capacity:
                raise ValidationError({"capacity": _("This sub-group is full.")})
        user = sgm.membership.user
        event = audit_log(
            cohort=cohort,
            action=Action.APPROVED if approve else Action.REJECTED,
            actor=actor,
            membership=sgm.membership,
            subgroup=subgroup,
            changes={"status": Status.ACTIVE if approve else "rejected"},
            reason=reason,
        )
        if approve:
            sgm.status = Status.ACTIVE
            sgm.joined_at = timezone.now()
            sgm.save(update_fields=["status", "joined_at"])
        else:
            sgm.delete()

        def body() -> str:
            if approve:
                text = _("You are now in %(group)s.")
            else:
                text = _("Your request to join %(group)s was not approved.")
            return f"{text % {'group': subgroup.name}} {reason}".strip()

        notification_send(
            recipient=user,
            kind="cohort.request_decided",
            title=subgroup.name,
            body=in_recipient_language(body),
            url=cohort_url(cohort),
            dedupe_key=f"subgroup-request-decided:{event.pk}",
        )
    return sgm
