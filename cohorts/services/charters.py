"""The group rules of a cohort or sub-group: versions written by organizers, put in
force, and accepted by members.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import (
    CharterVersion,
    Cohort,
    GroupCharter,
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
    notification_send_many,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


def charter_draft(
    *,
    body: str,
    owner,
    actor,
    enforcers: Iterable = (),
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
) -> CharterVersion:
    """Write a new version of a cohort's or sub-group's rules, not yet in force.

    ``owner`` is who set the rules; ``enforcers`` who enforce them. Organizers only.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target_cohort = cohort if cohort is not None else subgroup.cohort
    if not permissions.can_change_cohort(actor, target_cohort):
        raise PermissionDenied(_("Only organizers can write the group rules."))
    if not (body or "").strip():
        raise ValidationError({"body": _("Write the rules before saving them.")})
    with transaction.atomic():
        charter, _created = GroupCharter.objects.get_or_create(cohort=cohort, subgroup=subgroup)
        charter = GroupCharter.objects.select_for_update().get(pk=charter.pk)
        number = (charter.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        version = CharterVersion.objects.create(
            charter=charter, number=number, body=body.strip(), owner=owner
        )
        version.enforcers.set(list(enforcers))
    return version


def charter_publish(*, version: CharterVersion, actor) -> CharterVersion:
    """Put a version of the group rules in force.

    Everyone's earlier acceptance no longer counts: members must accept the new version
    (the member pages ask them) and are notified. Safe to repeat: publishing a published
    version changes nothing.
    """
    charter = version.charter
    cohort = charter.target_cohort
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can publish the group rules."))
    with transaction.atomic():
        version = CharterVersion.objects.select_for_update().get(pk=version.pk)
        if version.published_at is not None:
            return version
        current = (
            charter_current(cohort=charter.cohort)
            if charter.cohort_id
            else charter_current(subgroup=charter.subgroup)
        )
        if current is not None and current.number > version.number:
            raise ValidationError({"version": _("A newer version is already in force.")})
        version.published_at = timezone.now()
        version.save(update_fields=["published_at"])
        GroupCharter.objects.filter(pk=charter.pk).update(current_version=version)
        audit_log(
            cohort=cohort,
            action=Action.CHARTER_PUBLISHED,
            actor=actor,
            subgroup=charter.subgroup,
            changes={"version": version.number},
        )
        if charter.subgroup_id:
            recipients = [
                sgm.membership.user
                for sgm in SubGroupMembership.objects.filter(
                    subgroup_id=charter.subgroup_id, status=Status.ACTIVE
                ).select_related("membership__user")
            ]
            name = charter.subgroup.name
        else:
            recipients = [
                m.user
                for m in Membership.objects.filter(
                    cohort=cohort, status=Status.ACTIVE
                ).select_related("user")
            ]
            name = cohort.name
        if recipients:
            notification_send_many(
                recipients=recipients,
                kind="cohort.rules_changed",
                title=in_recipient_language(
                    lambda: _("New group rules in %(group)s") % {"group": name}
                ),
                body=in_recipient_language(
                    lambda: (
                        _(
                            "The group rules changed (version %(number)d). "
                            "Please read and accept them."
                        )
                        % {"number": version.number}
                    )
                ),
                url=cohort_url(cohort),
                dedupe_key=f"charter:{charter.pk}:v{version.number}",
            )
    return version


def charter_accept(
    *, user, version_number: int, cohort: Cohort | None = None, subgroup: SubGroup | None = None
) -> RuleAcceptance:
    """Record that a member accepted the rules now in force. Safe to repeat."""
    current = (
        charter_current(cohort=cohort) if cohort is not None else charter_current(subgroup=subgroup)
    )
    target_cohort = cohort if cohort is not None else subgroup.cohort
    membership = permissions.membership_for(user, target_cohort)
    if membership is None or membership.status != Status.ACTIVE:
        raise PermissionDenied(_("Only members accept the group rules."))
    if current is None:
        raise ValidationError({"version": _("There are no group rules to accept yet.")})
    if version_number != current.number:
        raise ValidationError(
            {
                "version": _("The rules in force are version %(number)d; accept that one.")
                % {"number": current.number}
            }
        )
    with transaction.atomic():
        acceptance, created = RuleAcceptance.objects.get_or_create(version=current, user=user)
        if subgroup is not None:
            SubGroupMembership.objects.filter(subgroup=subgroup, membership=membership).update(
                rules_accepted_version=current
            )
        else:
            Membership.objects.filter(pk=membership.pk).update(rules_accepted_version=current)
        if created:
            audit_log(
                cohort=target_cohort,
                action=Action.RULES_ACCEPTED,
                actor=user,
                membership=membership,
                subgroup=subgroup,
                changes={"version": current.number},
            )
    permissions.forget_memberships(user)
    return acceptance
