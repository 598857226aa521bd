"""Adding everyone in the directory who matches a set of conditions to a cohort or a
sub-group, in bulk, with a preview that saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    SubGroup,
)
from cohorts.services.audit import cohort_url
from cohorts.services.joining import seats_check
from cohorts.services.subgroups import subgroup_memberships_add
from learning.account_names import sort_name_of
from learning.conditions import DirectoryConditions
from learning.directory import conditions_private_check
from learning.models import EmployeeProfile, User
from learning.notifications.services import in_recipient_language, notification_send_many

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


# Members added per round of bulk inserts: bounds each query's size and paces progress.
BULK_BATCH = 1000


def _conditions_check(*, actor, conditions: DirectoryConditions) -> None:
    if conditions.is_empty:
        raise ValidationError({"filters": _("Choose at least one condition.")})
    conditions_private_check(viewer=actor, conditions=conditions)


def memberships_add_by_rule_preview(
    *, cohort: Cohort, conditions: DirectoryConditions, actor
) -> QuerySet[EmployeeProfile]:
    """Who ``memberships_add_by_rule`` would add to ``cohort`` now: active employees who
    meet ``conditions`` and have no membership in it yet (whatever its status, as the
    service skips those too). Pure read, so the admin can show it before confirming.

    Refuses what the service would refuse of ``actor``'s conditions (none at all, or a
    hire date they may not see), so a preview never shows what adding would not do.
    """
    _conditions_check(actor=actor, conditions=conditions)
    return (
        EmployeeProfile.objects.active()
        .with_directory()
        .filter(conditions.q())
        .exclude(user__cohort_memberships__cohort=cohort)
        .order_by("full_name", "pk")
    )


def memberships_add_by_rule(
    *,
    actor,
    conditions: DirectoryConditions,
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
    reason: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Membership]:
    """Add everyone in the directory who meets ``conditions`` (e.g. hired in November in
    the East region) to a cohort, or to a sub-group (and its cohort).

    People already in are left as they are; the rest become active members at once, in a
    fixed number of queries per batch of ``BULK_BATCH`` people. ``progress(stage, done,
    total)``, when given, hears after each batch (a background job shows it). Safe to
    repeat: a second run adds nobody. Refused whole when it would overfill the cohort.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target_cohort = subgroup.cohort if subgroup is not None else cohort
    if not permissions.can_manage_memberships(actor, target_cohort):
        raise PermissionDenied(_("Only organizers and the core team can add people."))
    _conditions_check(actor=actor, conditions=conditions)
    with transaction.atomic():
        target_cohort = Cohort.objects.select_for_update().get(pk=target_cohort.pk)
        users = list(
            EmployeeProfile.objects.active()
            .filter(conditions.q())
            .values_list("user_id", flat=True)
        )
        existing = {
            m.user_id: m for m in Membership.objects.filter(cohort=target_cohort, user_id__in=users)
        }
        new_user_ids = [uid for uid in users if uid not in existing]
        seats_check(target_cohort, adding=len(new_user_ids))
        now = timezone.now()
        changes = {"filters": conditions.for_log()}
        created: list[Membership] = []
        for start in range(0, len(new_user_ids), BULK_BATCH):
            batch = new_user_ids[start : start + BULK_BATCH]
            # bulk_create skips save(): the directory's sort key is set here.
            people = User.objects.filter(pk__in=batch).only(
                "pk", "first_name", "last_name", "username"
            )
            names = {user.pk: sort_name_of(user) for user in people}
            Membership.objects.bulk_create(
                [
                    Membership(
                        cohort=target_cohort,
                        user_id=uid,
                        role=Role.NEWCOMER,
                        status=Status.ACTIVE,
                        joined_at=now,
                        sort_name=names.get(uid, ""),
                    )
                    for uid in batch
                ]
            )
            # bulk_create may not return ids on every database: fetch them back.
            fresh = list(Membership.objects.filter(cohort=target_cohort, user_id__in=batch))
            MembershipEvent.objects.bulk_create(
                [
                    MembershipEvent(
                        cohort=target_cohort,
                        membership=m,
                        subgroup=subgroup,
                        actor=actor,
                        action=Action.ADDED_BY_RULE,
                        changes=changes,
                        reason=reason,
                    )
                    for m in fresh
                ]
            )
            created.extend(fresh)
            if progress is not None:
                progress("adding", len(created), len(new_user_ids))
        added = created
        if subgroup is not None:
            candidates = created + [m for m in existing.values() if m.status == Status.ACTIVE]
            added = subgroup_memberships_add(
                subgroup=subgroup, memberships=candidates, actor=actor, wave=None
            )
        _added_notify(cohort=target_cohort, subgroup=subgroup, memberships=added)
    return added


def _added_notify(*, cohort: Cohort, subgroup: SubGroup | None, memberships) -> None:
    """Tell the people added that they are in, and where; once per cohort or group each
    (the outbox drops a repeat by its key)."""
    if not memberships:
        return
    target = subgroup or cohort
    notification_send_many(
        recipients=[membership.user_id for membership in memberships],
        kind="cohort.added",
        title=in_recipient_language(lambda: _("You are now in %(group)s") % {"group": target.name}),
        body=in_recipient_language(
            lambda: _("Open it to read the group rules and meet the others.")
        ),
        url=cohort_url(cohort),
        dedupe_key=f"added:{type(target).__name__.lower()}:{target.pk}",
    )
