"""Who may see and do what in cohorts: the one place these rules are written.

Views, the API, selectors and services all ask here, so a rule changes in one spot.

- Staff HR with the cohort model permissions count as organizers of every cohort.
- A cohort's *staff* are its organizers and its operations team (core, planning, helpers):
  they see every sub-group, its content and its members.
- A sub-group's content and members are visible only to its active members and the
  cohort's staff. A hidden sub-group is not even listed for people who could not join it.
- Membership changes: organizers and core. Moderation: organizers, core and the enforcers
  named in the current group rules.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from cohorts.eligibility import entry_rule_check
from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
    Membership,
    SubGroup,
    SubGroupMembership,
)
from learning.models import User

ACTIVE = Membership.Status.ACTIVE
Role = Membership.Role


def is_hr_organizer(user) -> bool:
    """Staff HR with the cohort model permissions organize every cohort."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and user.has_perm("cohorts.change_cohort")
    )


def or_hr(hr: bool | Exists, rule: Q) -> Q | None:
    """``rule``, or no filter at all for HR: ``hr`` is the viewer's standing when it is
    known (``is_hr_organizer``), or its SQL form (``hr_organizer_exists``) in a read
    compiled once for any viewer. ``None`` means everything."""
    if hr is True:
        return None
    return rule if hr is False else Q(hr) | rule


def hr_organizer_exists(user) -> Exists:
    """``is_hr_organizer`` as SQL (``hr_organizers``), for a read compiled once for any
    viewer (``learning.registry.viewer_counts``)."""
    return Exists(hr_organizers().filter(pk=user.pk))


def membership_for(user, cohort: Cohort) -> Membership | None:
    """The user's membership in the cohort, whatever its status (one query, cached)."""
    if user is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_cohort_memberships", {})
    if cohort.pk not in cache:
        cache[cohort.pk] = Membership.objects.filter(cohort=cohort, user=user).first()
    return cache[cohort.pk]


def forget_memberships(user) -> None:
    """Drop the per-request membership cache after a service changed it."""
    if user is not None:
        user.__dict__.pop("_cohort_memberships", None)
        user.__dict__.pop("_cohort_enforcers", None)
        user.__dict__.pop("_cohort_subgroups", None)


def with_standing(cohorts: QuerySet[Cohort], *, viewer_id: int) -> QuerySet[Cohort]:
    """``cohorts`` each read with the viewer's standing in it: their membership (whatever
    its status, ``viewer_membership``) and whether the group rules in force name them an
    enforcer (``viewer_enforces``). The viewer is only a value filtered on, so the read
    may be compiled once for any viewer (``cohorts.pages_selectors.cohort_page``)."""
    viewer = User(pk=viewer_id)
    return cohorts.annotate(
        viewer_membership=FilteredRelation("memberships", condition=Q(memberships__user=viewer)),
        viewer_enforces=Exists(_versions_enforced_by(viewer, cohort=OuterRef("pk"))),
    ).select_related("viewer_membership")


def standing_keep(user, cohort: Cohort | None) -> Cohort | None:
    """Keep the standing that ``with_standing`` read for the request (as
    ``membership_for`` keeps what it reads), so that every rule a page then asks
    (``is_member``, ``is_cohort_staff``, ``can_moderate``…) costs no query; the viewer's
    sub-groups, read when first asked, are kept too. Only pages and endpoints call this,
    each with its own ``request.user``, so nothing kept outlives a request."""
    if cohort is not None:
        # Left unset when the join finds no row.
        membership = getattr(cohort, "viewer_membership", None)
        if membership is not None:
            membership.cohort = cohort
        user.__dict__.setdefault("_cohort_memberships", {})[cohort.pk] = membership
        user.__dict__.setdefault("_cohort_enforcers", {})[cohort.pk] = cohort.viewer_enforces
        user.__dict__.setdefault("_cohort_subgroups", {})[cohort.pk] = None
    return cohort


def _active_role(user, cohort: Cohort) -> str | None:
    membership = membership_for(user, cohort)
    if membership is None or membership.status != ACTIVE:
        return None
    return membership.role


def is_member(user, cohort: Cohort) -> bool:
    return is_hr_organizer(user) or _active_role(user, cohort) is not None


def is_organizer(user, cohort: Cohort) -> bool:
    return is_hr_organizer(user) or _active_role(user, cohort) == Role.ORGANIZER


def is_cohort_staff(user, cohort: Cohort) -> bool:
    """Organizers and the operations team (core, planning, helpers)."""
    return is_hr_organizer(user) or _active_role(user, cohort) in Membership.STAFF_ROLES


def cohorts_visible_to(
    user, cohorts: QuerySet[Cohort] | None = None, *, hr: bool | None = None
) -> QuerySet[Cohort]:
    """Cohorts ``user`` may see listed (of ``cohorts``, default all): drafts only to HR
    and to their own members. ``hr`` gives the viewer's standing when it is known (a read
    compiled once for a stand-in viewer)."""
    queryset = (Cohort.objects.all() if cohorts is None else cohorts).select_related("program")
    if is_hr_organizer(user) if hr is None else hr:
        return queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    # EXISTS rather than a join on memberships: the join made one row per member of
    # every cohort, which DISTINCT then had to fold back (and which multiplied any
    # count annotated on top).
    runs_it = Membership.objects.filter(
        cohort=OuterRef("pk"), user=user, role__in=Membership.STAFF_ROLES
    )
    return queryset.filter(~Q(status=Cohort.Status.DRAFT) | Exists(runs_it))


def can_view_cohort(user, cohort: Cohort) -> bool:
    """Whether the cohort's page (name, dates, program) may be shown to the user."""
    return cohorts_visible_to(user).filter(pk=cohort.pk).exists()


def can_view_cohort_content(user, cohort: Cohort) -> bool:
    """The feed, the members directory and the home page: active members and HR."""
    return is_member(user, cohort)


def cohorts_organized_by(user) -> QuerySet[Cohort]:
    """The cohorts ``user`` organizes (``is_organizer``), as one query: every cohort for
    HR, the ones with their active organizer membership for anyone else."""
    if is_hr_organizer(user):
        return Cohort.objects.all()
    if user is None or not user.is_authenticated:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        memberships__user=user, memberships__status=ACTIVE, memberships__role=Role.ORGANIZER
    )


def can_manage_memberships(user, cohort: Cohort) -> bool:
    return is_hr_organizer(user) or _active_role(user, cohort) in {Role.ORGANIZER, Role.CORE}


def can_change_cohort(user, cohort: Cohort) -> bool:
    """Transitions, sub-group generation and group rules: organizers only."""
    return is_organizer(user, cohort)


def charter_enforcer_ids(version: CharterVersion | None) -> set[int]:
    if version is None:
        return set()
    return {user.pk for user in version.enforcers.all()}


def can_moderate(user, cohort: Cohort) -> bool:
    """Organizers, core, and the enforcers named in the current group rules."""
    if is_hr_organizer(user) or _active_role(user, cohort) in {Role.ORGANIZER, Role.CORE}:
        return True
    if _active_role(user, cohort) is None:
        return False
    kept = user.__dict__.get("_cohort_enforcers", {})
    if cohort.pk in kept:  # read with the cohort for this request (``standing_keep``)
        return kept[cohort.pk]
    return _versions_enforced_by(user, cohort=cohort).exists()


def _versions_enforced_by(user, *, cohort) -> QuerySet[CharterVersion]:
    """The group rules in force in ``cohort`` (its own, its sub-groups') that name
    ``user`` an enforcer. Only the versions in force count: an enforcer dropped from the
    new rules stops moderating when they are published."""
    return CharterVersion.objects.filter(
        Q(charter__cohort=cohort) | Q(charter__subgroup__cohort=cohort),
        published_at__isnull=False,
        charter__current_version=F("pk"),
        enforcers=user,
    )


def can_approve(user, *, rule: EntryRule | None, cohort: Cohort) -> bool:
    """The rule's approver decides requests; organizers always may."""
    if is_organizer(user, cohort):
        return True
    if rule is None:
        return False
    if rule.approver == EntryRule.Approver.CORE:
        return _active_role(user, cohort) == Role.CORE
    if rule.approver == EntryRule.Approver.PERSON:
        return rule.approver_user_id is not None and rule.approver_user_id == user.pk
    return False


def subgroup_ids_of(user, cohort: Cohort) -> QuerySet:
    """Ids of the cohort's sub-groups where the user is an active member, as a subquery.

    Filtering on the membership's cohort lets the database start from the user's one
    membership (the (cohort, user) unique index); filtering only through the sub-groups
    walked every member of every sub-group (7 ms at 10,000 members, on every page).
    """
    return (
        SubGroupMembership.objects.filter(
            subgroup__cohort=cohort,
            membership__cohort=cohort,
            membership__user=user,
            membership__status=ACTIVE,
            status=ACTIVE,
        )
        .order_by()
        .values_list("subgroup_id", flat=True)
    )


def subgroup_member_ids(user, cohort: Cohort) -> set[int]:
    """Ids of the cohort's sub-groups where the user is an active member (one query)."""
    if user is None or not user.is_authenticated:
        return set()
    kept = user.__dict__.get("_cohort_subgroups", {})
    if cohort.pk not in kept:
        return set(subgroup_ids_of(user, cohort))
    # A page's request (``standing_keep``): read once, then kept.
    if kept[cohort.pk] is None:
        kept[cohort.pk] = set(subgroup_ids_of(user, cohort))
    return kept[cohort.pk]


def can_view_subgroup_content(user, subgroup: SubGroup) -> bool:
    """Posts and members of a sub-group: its active members and the cohort's staff."""
    if is_cohort_staff(user, subgroup.cohort):
        return True
    return subgroup.pk in subgroup_member_ids(user, subgroup.cohort)


def subgroups_listed_for(user, cohort: Cohort) -> QuerySet[SubGroup]:
    """Sub-groups the user may see listed (not their content).

    Only the cohort's active members see its sub-groups at all. Staff see all. Others
    see the visible ones, those they belong to, and hidden ones whose entry rule they
    meet; a directors-only group stays unknown to everyone else.
    """
    queryset = SubGroup.objects.filter(cohort=cohort)
    if is_cohort_staff(user, cohort):
        return queryset
    if not is_member(user, cohort):
        return queryset.none()
    mine = subgroup_member_ids(user, cohort)
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    eligible_hidden: list[int] = []
    if profile is not None:
        hidden = (
            queryset.filter(hidden_from_non_eligible=True)
            .exclude(pk__in=mine)
            .select_related("entry_rule__min_level", "entry_rule__max_level")
            .prefetch_related(
                "entry_rule__regions",
                "entry_rule__subsidiaries",
                "entry_rule__departments",
                "entry_rule__project_teams",
            )
        )
        for subgroup in hidden:
            rule = getattr(subgroup, "entry_rule", None)
            if rule is None or entry_rule_check(rule=rule, profile=profile).ok:
                eligible_hidden.append(subgroup.pk)
    return queryset.filter(
        Q(hidden_from_non_eligible=False) | Q(pk__in=mine) | Q(pk__in=eligible_hidden)
    )


def can_see_subgroup(user, subgroup: SubGroup) -> bool:
    return subgroups_listed_for(user, subgroup.cohort).filter(pk=subgroup.pk).exists()


def can_post(user, cohort: Cohort, *, subgroup: SubGroup | None, announcement: bool) -> bool:
    """Members post; announcements only by organizers and the operations team."""
    if announcement and not is_cohort_staff(user, cohort):
        return False
    if subgroup is not None:
        return can_view_subgroup_content(user, subgroup)
    return is_member(user, cohort)


def can_view_post(user, post) -> bool:
    """A post is seen where its feed is seen; a hidden one only by moderators."""
    if post.subgroup_id is not None:
        if not can_view_subgroup_content(user, post.subgroup):
            return False
    elif not can_view_cohort_content(user, post.cohort):
        return False
    return not post.hidden or can_moderate(user, post.cohort)


def organizes_any_cohort(user) -> bool:
    """HR, and whoever organizes a cohort or sits on its core team (one query): the
    people who may point Guild's notices at their own chat channels."""
    if is_hr_organizer(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, status=ACTIVE, role__in=[Role.ORGANIZER, Role.CORE]
    ).exists()


# --- Who a waiting thing waits on --------------------------------------------------------
# The rules above answer "may this person act?"; these answer "who should be told?", and
# must agree with them: everyone listed here may act, and nobody is left out.


def hr_organizers() -> QuerySet:
    """Active staff who organize every cohort (``is_hr_organizer``), as one query."""
    granted = Permission.objects.filter(codename="change_cohort", content_type__app_label="cohorts")
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=granted)
            | Q(groups__permissions__in=granted)
        )
        .distinct()
    )


def _active_in_roles(cohort: Cohort, roles) -> QuerySet:
    return User.objects.filter(
        cohort_memberships__cohort=cohort,
        cohort_memberships__status=ACTIVE,
        cohort_memberships__role__in=list(roles),
        is_active=True,
    )


def request_approvers(*, rule: EntryRule | None, cohort: Cohort) -> list:
    """Who decides a waiting request under ``rule``: the approver it names (the named
    person, or the core team), else the cohort's organizers; and when that role has
    nobody in it, HR, so that a request never waits on nobody (``can_approve``)."""
    if rule is not None and rule.approver == EntryRule.Approver.PERSON and rule.approver_user_id:
        named = [rule.approver_user] if rule.approver_user.is_active else []
    elif rule is not None and rule.approver == EntryRule.Approver.CORE:
        named = list(_active_in_roles(cohort, [Role.CORE]))
    else:
        named = list(_active_in_roles(cohort, [Role.ORGANIZER]))
    return named or list(hr_organizers())


def approver_role_empty(*, rule: EntryRule | None, cohort: Cohort) -> bool:
    """Whether the approver a rule needing approval names has nobody in the role."""
    if rule is None or not rule.approval_required:
        return False
    if rule.approver == EntryRule.Approver.PERSON:
        return not (rule.approver_user_id and rule.approver_user.is_active)
    if rule.approver == EntryRule.Approver.CORE:
        return not _active_in_roles(cohort, [Role.CORE]).exists()
    # HR organizes every cohort, so "an organizer" always has someone.
    return False


def report_enforcers(
    cohort: Cohort, *, subgroup: SubGroup | None = None, excluding: set[int] = frozenset()
) -> list:
    """Who decides a report (``can_moderate``): the enforcers named in the rules in force
    (the sub-group's too, for a post there), else the organizers and the core team, else
    HR; never the people in ``excluding`` (whom the report is about, who filed it)."""
    charters = Q(charter__cohort=cohort)
    if subgroup is not None:
        charters |= Q(charter__subgroup=subgroup)
    in_force = CharterVersion.objects.filter(
        charters, published_at__isnull=False, charter__current_version=F("pk")
    )
    named = User.objects.filter(
        is_active=True,
        pk__in=in_force.values("enforcers"),
        cohort_memberships__cohort=cohort,
        cohort_memberships__status=ACTIVE,
    ).exclude(pk__in=excluding)
    people = list(named) or list(
        _active_in_roles(cohort, [Role.ORGANIZER, Role.CORE]).exclude(pk__in=excluding)
    )
    return people or list(hr_organizers().exclude(pk__in=excluding))
