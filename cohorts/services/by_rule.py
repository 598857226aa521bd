"""Adding everyone in the directory who matches a set of conditions to a cohort or a
sub-group, in bulk, with a preview that saves nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    SubGroup,
)
from cohorts.services.joining import cohort_seat_check
from cohorts.services.subgroups import subgroup_memberships_add
from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


# Members added per round of bulk inserts: bounds each query's size and paces progress.
BULK_BATCH = 1000


ADD_BY_RULE_FILTERS = {
    "level": ("level", Level),
    "min_level": ("level__rank__gte", Level),
    "max_level": ("level__rank__lte", Level),
    "region": ("region", Region),
    "subsidiary": ("subsidiary", Subsidiary),
    "department": ("department", Department),
    "project_team": ("project_team", ProjectTeam),
    "hired_after": ("hire_date__gte", None),
    "hired_before": ("hire_date__lte", None),
    # Lists (any of them), as the API takes them: "the East or the North region".
    "levels": ("level__in", Level),
    "regions": ("region__in", Region),
    "subsidiaries": ("subsidiary__in", Subsidiary),
    "departments": ("department__in", Department),
    "project_teams": ("project_team__in", ProjectTeam),
}


def _filter_object(name: str, model, value):
    if isinstance(value, model):
        return value
    obj = model.objects.filter(pk=value).first()
    if obj is None:
        raise ValidationError({name: _("No such %(kind)s.") % {"kind": model._meta.verbose_name}})
    return obj


def _filters_q(filters: dict) -> Q:
    unknown = sorted(set(filters) - set(ADD_BY_RULE_FILTERS))
    if unknown:
        raise ValidationError(
            {"filters": _("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    if not filters:
        raise ValidationError({"filters": _("Choose at least one condition.")})
    q = Q()
    dates: dict[str, datetime.date] = {}
    for name, value in filters.items():
        lookup, model = ADD_BY_RULE_FILTERS[name]
        if lookup.endswith("__in"):
            values = list(value)
            if not values:
                raise ValidationError({name: _("Name at least one, or leave the filter out.")})
            value = [_filter_object(name, model, item) for item in values]
        elif lookup.startswith("level__rank"):
            value = _filter_object(name, Level, value).rank
        elif model is not None:
            value = _filter_object(name, model, value)
        elif not isinstance(value, datetime.date):
            try:
                value = datetime.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError({name: _("Enter a date as YYYY-MM-DD.")}) from None
        if model is None:
            dates[name] = value
        q &= Q(**{lookup: value})
    window = (dates.get("hired_after"), dates.get("hired_before"))
    if None not in window and window[1] < window[0]:
        raise ValidationError(
            {"hired_before": _("The end of the hiring window comes before its start.")}
        )
    return q


def _filters_for_log(filters: dict) -> dict:
    """The filters as the audit log keeps them: names people can read, lists as lists."""
    return {
        name: [str(item) for item in value] if isinstance(value, list | tuple) else str(value)
        for name, value in filters.items()
    }


def memberships_add_by_rule_preview(*, cohort: Cohort, filters: dict) -> QuerySet[EmployeeProfile]:
    """Who ``memberships_add_by_rule`` would add to ``cohort`` now: active employees who
    match ``filters`` and have no membership in it yet (whatever its status, as the
    service skips those too). Pure read, so the admin can show it before confirming.
    """
    return (
        EmployeeProfile.objects.active()
        .with_directory()
        .filter(_filters_q(filters))
        .exclude(user__cohort_memberships__cohort=cohort)
        .order_by("full_name", "pk")
    )


def memberships_add_by_rule(
    *,
    actor,
    filters: dict,
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
    reason: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Membership]:
    """Add everyone in the directory who matches ``filters`` (e.g. hired in November in
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
    q = _filters_q(filters)
    with transaction.atomic():
        target_cohort = Cohort.objects.select_for_update().get(pk=target_cohort.pk)
        users = list(EmployeeProfile.objects.active().filter(q).values_list("user_id", flat=True))
        existing = {
            m.user_id: m for m in Membership.objects.filter(cohort=target_cohort, user_id__in=users)
        }
        new_user_ids = [uid for uid in users if uid not in existing]
        cohort_seat_check(target_cohort, adding=len(new_user_ids))
        now = timezone.now()
        changes = {"filters": _filters_for_log(filters)}
        created: list[Membership] = []
        for start in range(0, len(new_user_ids), BULK_BATCH):
            batch = new_user_ids[start : start + BULK_BATCH]
            Membership.objects.bulk_create(
                [
                    Membership(
                        cohort=target_cohort,
                        user_id=uid,
                        role=Role.NEWCOMER,
                        status=Status.ACTIVE,
                        joined_at=now,
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
    return added
