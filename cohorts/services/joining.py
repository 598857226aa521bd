"""The one gate for joining a cohort or a sub-group, and the approver's decision on a
waiting request.

Joining either is the same walk: the target must be open, the person not already in (or
removed), the entry rule met, the group rules in force accepted, a seat free; then they
are in, or waiting for the approver the rule names, and the audit log says which. The
walk is written once (``JoinCheck``), as a side-effect-free check that the join page and
the API call to explain a refusal before anyone acts, and that the services call again
under the target's row lock to enforce it (Wagtail's ``check()`` before ``execute()``).
Session RSVPs will pass the same gate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.eligibility import EntryCheck, date_text, entry_rule_check, entry_rule_for, profile_of
from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
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
    notification_send_many,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


# Seats ------------------------------------------------------------------------------------


def seats_taken(target: Cohort | SubGroup, *, excluding=None) -> int:
    """Seats held in a cohort or sub-group: active members and open invitations."""
    queryset = target.memberships.filter(status__in=Membership.SEAT_STATUSES)
    if excluding is not None:
        queryset = queryset.exclude(pk=excluding.pk)
    return queryset.count()


def seats_check(target: Cohort | SubGroup, *, excluding=None, adding: int = 1) -> None:
    """Raise ``ValidationError`` on ``capacity`` when ``adding`` more would overfill the
    target. Call it under the target's row lock to make the count hold."""
    if target.capacity is None:
        return
    if seats_taken(target, excluding=excluding) + adding > target.capacity:
        if isinstance(target, Cohort):
            message = _("This cohort is full (%(capacity)d places).")
        else:
            message = _("This sub-group is full (%(capacity)d places).")
        raise ValidationError({"capacity": message % {"capacity": target.capacity}})


# The gate ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """One reason the gate is closed to someone, as the error the service raises."""

    error: ValidationError | PermissionDenied | SubGroup.DoesNotExist
    # The person can lift it on the join form itself (by accepting the group rules).
    on_form: bool = False

    @property
    def messages(self) -> list[str]:
        if isinstance(self.error, ValidationError):
            return self.error.messages
        return [str(self.error)] if str(self.error) else []


@dataclass
class JoinCheck:
    """The gate's verdict on one person and one cohort or sub-group, before anyone acts.

    ``refusals`` are in the order the gate meets them; the service raises the first.
    """

    target: Cohort | SubGroup
    membership: Membership | SubGroupMembership | None
    rule: EntryRule | None
    entry: EntryCheck
    charter: CharterVersion | None
    invited: bool = False
    open_for_joining: bool = True
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals

    @property
    def can_join(self) -> bool:
        """Nothing stands in the way but what the join form itself asks for."""
        return all(refusal.on_form for refusal in self.refusals)

    @property
    def already_in(self) -> bool:
        return self.membership is not None and self.membership.status in {
            Status.ACTIVE,
            Status.REQUESTED,
        }

    @property
    def needs_approval(self) -> bool:
        return bool(self.rule and self.rule.approval_required and not self.invited)

    @property
    def messages(self) -> list[str]:
        return [message for refusal in self.refusals for message in refusal.messages]

    def enforce(self) -> None:
        """Raise the first refusal, if any."""
        if self.refusals:
            raise self.refusals[0].error


def _gate(
    check: JoinCheck,
    *,
    user,
    existing_message: str,
    requested_message: str,
    removed_message: str,
    accept_rules_version,
) -> JoinCheck:
    """The steps both targets share, appended to ``check.refusals`` in the gate's order."""
    refuse = check.refusals.append
    target = check.target
    name = "cohort" if isinstance(target, Cohort) else "subgroup"
    membership = check.membership
    if membership is not None and membership.status == Status.ACTIVE:
        refuse(Refusal(ValidationError({name: existing_message})))
    elif membership is not None and membership.status == Status.REQUESTED:
        refuse(Refusal(ValidationError({name: requested_message})))
    elif membership is not None and membership.status == Status.REMOVED:
        refuse(Refusal(PermissionDenied(removed_message)))
    if check.rule is not None:
        check.entry = entry_rule_check(
            rule=check.rule, profile=profile_of(user=user), invited=check.invited
        )
        if not check.entry.ok:
            refuse(
                Refusal(ValidationError({"entry_rule": check.entry.messages}, code="entry_rule"))
            )
    if check.charter is not None and accept_rules_version != check.charter.number:
        refuse(
            Refusal(
                ValidationError(
                    {
                        "accept_rules_version": _(
                            "Read and accept the group rules (version %(number)d) to join."
                        )
                        % {"number": check.charter.number}
                    }
                ),
                on_form=True,
            )
        )
    try:
        seats_check(target, excluding=membership if check.invited else None)
    except ValidationError as error:
        refuse(Refusal(error))
    return check


def membership_request_check(
    *, cohort: Cohort, user, accept_rules_version: int | None = None
) -> JoinCheck:
    """Whether ``user`` may join ``cohort`` now, and every reason why not. Reads only.

    An invitation lifts "invitation only" and holds its seat. Leave out
    ``accept_rules_version`` to ask before the person has read the rules: the refusal it
    causes is marked ``on_form``.
    """
    membership = permissions.membership_for(user, cohort)
    invited = membership is not None and membership.status == Status.INVITED
    check = JoinCheck(
        target=cohort,
        membership=membership,
        rule=entry_rule_for(cohort),
        entry=EntryCheck(),
        charter=charter_current(cohort=cohort),
        invited=invited,
        open_for_joining=cohort.status in {Cohort.Status.OPEN, Cohort.Status.RUNNING},
    )
    if user is None or not user.is_authenticated:
        check.refusals.append(Refusal(PermissionDenied(_("Sign in to join a cohort."))))
        return check
    if not check.open_for_joining:
        check.refusals.append(
            Refusal(ValidationError({"cohort": _("This cohort is not open for joining.")}))
        )
    return _gate(
        check,
        user=user,
        existing_message=_("You are already a member of this cohort."),
        requested_message=_("Your request is already waiting for approval."),
        removed_message=_(
            "You were removed from this cohort; ask an organizer to invite you back."
        ),
        accept_rules_version=accept_rules_version,
    )


def subgroup_membership_request_check(
    *, subgroup: SubGroup, user, accept_rules_version: int | None = None
) -> JoinCheck:
    """Whether ``user`` may join ``subgroup`` now, and every reason why not. Reads only.

    Only active cohort members may; a hidden sub-group they could not join is refused as
    not found, so the check does not even confirm that it exists.
    """
    cohort = subgroup.cohort
    membership = permissions.membership_for(user, cohort)
    existing = (
        SubGroupMembership.objects.filter(subgroup=subgroup, membership=membership).first()
        if membership is not None
        else None
    )
    check = JoinCheck(
        target=subgroup,
        membership=existing,
        rule=entry_rule_for(subgroup),
        entry=EntryCheck(),
        charter=charter_current(subgroup=subgroup),
        open_for_joining=not (subgroup.opens_at and subgroup.opens_at > timezone.now()),
    )
    refuse = check.refusals.append
    if membership is None or membership.status != Status.ACTIVE:
        refuse(
            Refusal(PermissionDenied(_("Join the cohort before joining one of its sub-groups.")))
        )
        return check
    if not permissions.can_see_subgroup(user, subgroup):
        refuse(Refusal(SubGroup.DoesNotExist()))
        return check
    if not check.open_for_joining:
        refuse(
            Refusal(
                ValidationError(
                    {
                        "subgroup": _("This sub-group opens on %(date)s.")
                        % {"date": date_text(subgroup.opens_at.date())}
                    }
                )
            )
        )
    return _gate(
        check,
        user=user,
        existing_message=_("You have already joined or asked to join."),
        requested_message=_("You have already joined or asked to join."),
        removed_message=_("You were removed from this sub-group."),
        accept_rules_version=accept_rules_version,
    )


def request_waiting_notify(
    check: JoinCheck, *, user, cohort: Cohort, event: MembershipEvent
) -> None:
    """Tell the approvers a request waits for them (``permissions.request_approvers``:
    HR when the role the rule names is empty), with a link to their queue. Once per
    request: its audit entry names it."""
    name = str(user)
    target = check.target.name
    notification_send_many(
        recipients=permissions.request_approvers(rule=check.rule, cohort=cohort),
        kind="cohort.request_waiting",
        title=in_recipient_language(
            lambda: _("%(person)s asks to join %(group)s") % {"person": name, "group": target}
        ),
        body=in_recipient_language(lambda: _("Approve or decline the request in your queue.")),
        url=reverse("cohorts:queue"),
        dedupe_key=f"request-waiting:{event.pk}",
    )


def _enter(check: JoinCheck, *, user, record) -> None:
    """Let the person through a gate that ``check`` found open: in, or waiting for the
    approver; their acceptance of the rules and the audit entry recorded."""
    needs_approval = check.needs_approval
    record.status = Status.REQUESTED if needs_approval else Status.ACTIVE
    record.joined_at = None if needs_approval else timezone.now()
    record.rules_accepted_version = check.charter
    record.save()
    if check.charter is not None:
        RuleAcceptance.objects.get_or_create(version=check.charter, user=user)


def membership_request(
    *, cohort: Cohort, user, accept_rules_version: int | None = None
) -> Membership:
    """Join a cohort (or accept an invitation) through the gate of
    ``membership_request_check``.

    Becomes active at once when the rule needs no approval, otherwise waits for the
    approver. The cohort row is locked while the gate is checked, so two people racing
    for the last seat cannot both win. Refuses a second request instead of repeating it.
    """
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to join a cohort."))
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        permissions.forget_memberships(user)
        check = membership_request_check(
            cohort=cohort, user=user, accept_rules_version=accept_rules_version
        )
        check.enforce()
        membership = check.membership or Membership(cohort=cohort, user=user, role=Role.NEWCOMER)
        _enter(check, user=user, record=membership)
        event = audit_log(
            cohort=cohort,
            action=Action.REQUESTED if check.needs_approval else Action.JOINED,
            actor=user,
            membership=membership,
            changes={"status": membership.status, "invited": check.invited},
        )
        if check.needs_approval:
            request_waiting_notify(check, user=user, cohort=cohort, event=event)
    permissions.forget_memberships(user)
    return membership


def subgroup_membership_request(
    *, subgroup: SubGroup, user, accept_rules_version: int | None = None
) -> SubGroupMembership:
    """Join a sub-group as an active cohort member, through the gate of
    ``subgroup_membership_request_check``.

    Hidden sub-groups answer "not found" to people who cannot see them. The sub-group row
    is locked while the gate is checked. Refuses a second request.
    """
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().select_related("cohort").get(pk=subgroup.pk)
        check = subgroup_membership_request_check(
            subgroup=subgroup, user=user, accept_rules_version=accept_rules_version
        )
        check.enforce()
        membership = permissions.membership_for(user, subgroup.cohort)
        sgm = check.membership or SubGroupMembership(subgroup=subgroup, membership=membership)
        _enter(check, user=user, record=sgm)
        event = audit_log(
            cohort=subgroup.cohort,
            action=Action.REQUESTED if check.needs_approval else Action.SUBGROUP_JOINED,
            actor=user,
            membership=membership,
            subgroup=subgroup,
            changes={"status": sgm.status},
        )
        if check.needs_approval:
            request_waiting_notify(check, user=user, cohort=subgroup.cohort, event=event)
    return sgm


# Deciding a waiting request ---------------------------------------------------------------


def _decision_check(*, actor, rule, cohort: Cohort) -> None:
    if not permissions.can_approve(actor, rule=rule, cohort=cohort):
        raise PermissionDenied(
            _("Only the approver named in the entry rule or an organizer can decide.")
        )


def _still_waiting(record) -> None:
    if record.status != Status.REQUESTED:
        raise ValidationError({"membership": _("This request has already been decided.")})


def _decision_notify(*, user, group_name: str, cohort: Cohort, approve: bool, reason: str, key):
    """Tell the person how their request to join a cohort or a sub-group was decided."""

    def title() -> str:
        if approve:
            return _("Welcome to %(group)s") % {"group": group_name}
        return _("Your request for %(group)s") % {"group": group_name}

    def body() -> str:
        if approve:
            text = _("Your request to join %(group)s was approved.")
        else:
            text = _("Your request to join %(group)s was not approved.")
        return f"{text % {'group': group_name}} {reason}".strip()

    notification_send(
        recipient=user,
        kind="cohort.request_decided",
        title=in_recipient_language(title),
        body=in_recipient_language(body),
        url=cohort_url(cohort),
        dedupe_key=key,
    )


def _decide_request(*, membership: Membership, actor, approve: bool, reason: str) -> Membership:
    cohort = membership.cohort
    _decision_check(actor=actor, rule=entry_rule_for(cohort), cohort=cohort)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _still_waiting(membership)
        if approve:
            seats_check(cohort)
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
        _decision_notify(
            user=membership.user,
            group_name=cohort.name,
            cohort=cohort,
            approve=approve,
            reason=reason,
            key=f"cohort-request-decided:{event.pk}",
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


def subgroup_membership_decide(
    *, subgroup_membership: SubGroupMembership, actor, approve: bool, reason: str = ""
) -> SubGroupMembership:
    """Approve or reject a request to join a sub-group (the rule's approver or organizers).

    Notifies the person. Refuses a request already decided.
    """
    subgroup = subgroup_membership.subgroup
    cohort = subgroup.cohort
    _decision_check(actor=actor, rule=entry_rule_for(subgroup), cohort=cohort)
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        sgm = SubGroupMembership.objects.select_related("membership__user").get(
            pk=subgroup_membership.pk
        )
        _still_waiting(sgm)
        if approve:
            seats_check(subgroup)
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
        _decision_notify(
            user=sgm.membership.user,
            group_name=subgroup.name,
            cohort=cohort,
            approve=approve,
            reason=reason,
            key=f"subgroup-request-decided:{event.pk}",
        )
    return sgm
