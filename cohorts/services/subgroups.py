"""Sub-groups: made by hand or generated from the directory (one per level, region,
subsidiary, project team or custom attribute), and widened in waves.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    SubGroup,
    SubGroupMembership,
)
from cohorts.services.audit import audit_fields, audit_log, history_log
from cohorts.services.validation import refuse_unknown_fields, validated
from learning.models import (
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


SUBGROUP_FIELDS = frozenset(
    {
        "name",
        "slug",
        "description",
        "dimension",
        "level",
        "region",
        "subsidiary",
        "project_team",
        "custom_key",
        "custom_value",
        "hidden_from_non_eligible",
        "opens_at",
        "capacity",
    }
)


# These words are addresses of the API under a cohort's sub-groups; a group with that
# slug could never be reached at its own address.
RESERVED_SUBGROUP_SLUGS = frozenset({"preview", "generate"})


DIMENSION_FIELDS = {
    SubGroup.Dimension.LEVEL: "level",
    SubGroup.Dimension.REGION: "region",
    SubGroup.Dimension.SUBSIDIARY: "subsidiary",
    SubGroup.Dimension.PROJECT_TEAM: "project_team",
}


def _subgroup_errors(subgroup: SubGroup) -> dict:
    errors: dict = {}
    value_field = DIMENSION_FIELDS.get(subgroup.dimension)
    if value_field and getattr(subgroup, f"{value_field}_id") is None:
        errors[value_field] = _("A sub-group cut by %(dimension)s must name its %(dimension)s.") % {
            "dimension": SubGroup.Dimension(subgroup.dimension).label.lower()
        }
    if subgroup.slug in RESERVED_SUBGROUP_SLUGS:
        errors["slug"] = _("“%(slug)s” is a reserved word; choose another slug.") % {
            "slug": subgroup.slug
        }
    elif (
        subgroup.slug
        and SubGroup.objects.filter(cohort_id=subgroup.cohort_id, slug=subgroup.slug)
        .exclude(pk=subgroup.pk)
        .exists()
    ):
        errors["slug"] = _("This cohort already has a sub-group with the slug “%(slug)s”.") % {
            "slug": subgroup.slug
        }
    return errors


def subgroup_create(
    *,
    cohort: Cohort,
    actor,
    name: str,
    slug: str,
    dimension: str = SubGroup.Dimension.CUSTOM,
    description: str = "",
    level: Level | None = None,
    region: Region | None = None,
    subsidiary: Subsidiary | None = None,
    project_team: ProjectTeam | None = None,
    custom_key: str = "",
    custom_value: str = "",
    hidden_from_non_eligible: bool = False,
    opens_at: datetime.datetime | None = None,
    capacity: int | None = None,
) -> SubGroup:
    """Create one sub-group by hand (``subgroups_generate`` makes many from the directory).

    The value of its dimension (the level, region, subsidiary or project team) is
    required. Organizers only. Nothing is saved when any field is wrong. Logged in the
    cohort's audit log and in Wagtail's history. A slug the cohort already uses is
    refused, so a repeat is refused rather than duplicated.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can create sub-groups."))
    with transaction.atomic():
        # The cohort's row is the lock under which its slugs are checked and taken.
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        subgroup = SubGroup(
            cohort=cohort,
            name=name,
            slug=slug,
            dimension=dimension,
            description=description,
            level=level,
            region=region,
            subsidiary=subsidiary,
            project_team=project_team,
            custom_key=custom_key,
            custom_value=custom_value,
            hidden_from_non_eligible=hidden_from_non_eligible,
            opens_at=opens_at,
            capacity=capacity,
        )
        validated(subgroup, _subgroup_errors(subgroup))
        subgroup.save()
        audit_log(
            cohort=cohort,
            action=Action.SUBGROUP_CREATED,
            actor=actor,
            subgroup=subgroup,
            changes=audit_fields(subgroup, sorted(SUBGROUP_FIELDS)),
        )
        history_log(instance=subgroup, action="wagtail.create", actor=actor)
    return subgroup


def subgroup_update(*, subgroup: SubGroup, actor, changes: dict) -> SubGroup:
    """Change some of a sub-group's fields. Organizers only; validated whole, nothing is
    saved when any field is wrong. What changed (before and after) goes to the cohort's
    audit log and the change to Wagtail's history. Safe to repeat: unchanged values
    write nothing.
    """
    if not permissions.can_change_cohort(actor, subgroup.cohort):
        raise PermissionDenied(_("Only organizers can change sub-groups."))
    refuse_unknown_fields(changes, SUBGROUP_FIELDS)
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=subgroup.cohort_id).first()
        subgroup = SubGroup.objects.select_related("cohort").get(pk=subgroup.pk)
        changed = [name for name, value in changes.items() if getattr(subgroup, name) != value]
        before = audit_fields(subgroup, changed)
        for name in changed:
            setattr(subgroup, name, changes[name])
        validated(subgroup, _subgroup_errors(subgroup))
        if not changed:
            return subgroup
        subgroup.save()
        after = audit_fields(subgroup, changed)
        audit_log(
            cohort=subgroup.cohort,
            action=Action.SUBGROUP_UPDATED,
            actor=actor,
            subgroup=subgroup,
            changes={name: [before[name], after[name]] for name in changed},
        )
        history_log(instance=subgroup, action="wagtail.edit", actor=actor)
    return subgroup


@dataclass(frozen=True)
class SubGroupProposal:
    name: str
    slug: str
    dimension: str
    value_id: int | None
    custom_value: str
    member_count: int
    exists: bool


def subgroups_preview(
    *, cohort: Cohort, dimension: str, actor, custom_key: str = ""
) -> list[SubGroupProposal]:
    """The sub-groups "one per <dimension>" would create, with how many of the cohort's
    active members each would hold. Saves nothing; a fixed number of queries.

    Organizers only, as generating them is: the preview counts the members of each level,
    region or team, which only those who may cut the groups need to see.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can create sub-groups."))
    if dimension not in SubGroup.Dimension.values:
        raise ValidationError({"dimension": _("Unknown dimension “%(d)s”.") % {"d": dimension}})
    members = Membership.objects.filter(cohort=cohort, status=Status.ACTIVE)
    existing = set(cohort.subgroups.values_list("slug", flat=True))
    proposals = []
    if dimension == SubGroup.Dimension.CUSTOM:
        if not custom_key:
            raise ValidationError({"custom_key": _("Name the profile attribute to group by.")})
        counts: dict[str, int] = {}
        for attributes in members.values_list("user__profile__attributes", flat=True):
            value = (attributes or {}).get(custom_key)
            if value not in (None, ""):
                counts[str(value)] = counts.get(str(value), 0) + 1
        for value, count in sorted(counts.items()):
            slug = slugify(f"{custom_key}-{value}")[:80] or f"{custom_key}-group"
            proposals.append(
                SubGroupProposal(value, slug, dimension, None, value, count, slug in existing)
            )
        return proposals
    name = DIMENSION_FIELDS[dimension]
    rows = (
        members.filter(**{f"user__profile__{name}__isnull": False})
        .values(
            f"user__profile__{name}", f"user__profile__{name}__name", f"user__profile__{name}__code"
        )
        .annotate(count=Count("pk"))
        .order_by(f"user__profile__{name}__name")
    )
    for row in rows:
        slug = slugify(f"{name}-{row[f'user__profile__{name}__code']}")[:80]
        proposals.append(
            SubGroupProposal(
                name=row[f"user__profile__{name}__name"],
                slug=slug,
                dimension=dimension,
                value_id=row[f"user__profile__{name}"],
                custom_value="",
                member_count=row["count"],
                exists=slug in existing,
            )
        )
    return proposals


def subgroups_generate(
    *,
    cohort: Cohort,
    dimension: str,
    actor,
    custom_key: str = "",
    add_members: bool = True,
    opens_at: datetime.datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[SubGroup]:
    """Create one sub-group per value of ``dimension`` among the cohort's members and
    (by default) put each member in theirs as wave 1. Each new group is recorded in the
    cohort's audit log. ``progress(stage, done, total)``, when given, hears after each
    group is filled (a background job shows it).

    Safe to repeat: groups that exist already are skipped, members already in are kept.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can create sub-groups."))
    proposals = subgroups_preview(
        cohort=cohort, dimension=dimension, custom_key=custom_key, actor=actor
    )
    created: list[SubGroup] = []
    with transaction.atomic():
        for proposal in proposals:
            if proposal.exists:
                continue
            subgroup = SubGroup(
                cohort=cohort,
                name=proposal.name,
                slug=proposal.slug,
                dimension=dimension,
                opens_at=opens_at,
            )
            if dimension == SubGroup.Dimension.CUSTOM:
                subgroup.custom_key = custom_key
                subgroup.custom_value = proposal.custom_value
            else:
                setattr(subgroup, f"{DIMENSION_FIELDS[dimension]}_id", proposal.value_id)
            subgroup.save()
            created.append(subgroup)
        MembershipEvent.objects.bulk_create(
            MembershipEvent(
                cohort=cohort,
                action=Action.SUBGROUP_CREATED,
                actor=actor if actor is not None and actor.is_authenticated else None,
                subgroup=subgroup,
                changes={**audit_fields(subgroup, sorted(SUBGROUP_FIELDS)), "generated": True},
            )
            for subgroup in created
        )
        if add_members:
            for filled, subgroup in enumerate(created, start=1):
                if dimension == SubGroup.Dimension.CUSTOM:
                    members = [
                        m
                        for m in Membership.objects.filter(
                            cohort=cohort, status=Status.ACTIVE
                        ).select_related("user__profile")
                        if str(
                            (
                                getattr(m.user, "profile", None) and m.user.profile.attributes or {}
                            ).get(custom_key, "")
                        )
                        == subgroup.custom_value
                    ]
                else:
                    field_name = DIMENSION_FIELDS[dimension]
                    members = list(
                        Membership.objects.filter(
                            cohort=cohort,
                            status=Status.ACTIVE,
                            **{
                                f"user__profile__{field_name}_id": getattr(
                                    subgroup, f"{field_name}_id"
                                )
                            },
                        )
                    )
                subgroup_memberships_add(
                    subgroup=subgroup, memberships=members, actor=actor, wave=1
                )
                if progress is not None:
                    progress("adding", filled, len(created))
    return created


def subgroup_memberships_add(
    *, subgroup: SubGroup, memberships: list[Membership], actor, wave: int | None
) -> list[Membership]:
    """Put cohort members into a sub-group in bulk; returns those newly added."""
    already = set(
        SubGroupMembership.objects.filter(
            subgroup=subgroup, membership__in=memberships
        ).values_list("membership_id", flat=True)
    )
    fresh = [m for m in memberships if m.pk not in already]
    if wave is None:
        wave = (subgroup.memberships.aggregate(top=Max("wave"))["top"] or 0) + 1 if fresh else 1
    now = timezone.now()
    SubGroupMembership.objects.bulk_create(
        [
            SubGroupMembership(
                subgroup=subgroup, membership=m, status=Status.ACTIVE, wave=wave, joined_at=now
            )
            for m in fresh
        ]
    )
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                cohort_id=subgroup.cohort_id,
                membership=m,
                subgroup=subgroup,
                actor=actor,
                action=Action.WAVE_ADDED,
                changes={"wave": wave},
            )
            for m in fresh
        ]
    )
    return fresh


def subgroup_add_next_wave(*, subgroup: SubGroup, users: Iterable, actor) -> list[Membership]:
    """Add the next wave of the cohort's active members to a sub-group.

    Sub-groups widen gradually: each call numbers its wave one above the last. People
    who are not active cohort members, or already in, are skipped. Organizers and core.
    """
    cohort = subgroup.cohort
    if not permissions.can_manage_memberships(actor, cohort):
        raise PermissionDenied(_("Only organizers and the core team can add people."))
    user_ids = [getattr(u, "pk", u) for u in users]
    with transaction.atomic():
        subgroup = SubGroup.objects.select_for_update().get(pk=subgroup.pk)
        memberships = list(
            Membership.objects.filter(cohort=cohort, user_id__in=user_ids, status=Status.ACTIVE)
        )
        return subgroup_memberships_add(
            subgroup=subgroup, memberships=memberships, actor=actor, wave=None
        )
