"""Reads for cohorts: querysets shaped for the page or API that shows them.

Every selector here costs a fixed number of queries whatever the cohort's size: related
rows come with ``select_related``/``prefetch_related`` and counts are annotated.
Selectors that show members-only data check ``cohorts.permissions`` and raise
``PermissionDenied`` (or ``DoesNotExist`` for what the viewer may not even know exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import (
    OPERATIONS_TEAM_THRESHOLD,
    CharterVersion,
    Cohort,
    EntryRule,
    Membership,
    MembershipEvent,
    Post,
    ProgramPage,
    Report,
    SubGroup,
    SubGroupMembership,
)
from learning.models import User
from learning.statements import prepared

ACTIVE = Membership.Status.ACTIVE


def _active_count(model, key: str, outer: str):
    rows = (
        model.objects.filter(**{key: OuterRef(outer), "status": ACTIVE})
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def cohort_member_count(outer: str = "pk"):
    """The active members of the cohort whose id is ``outer``, to annotate rows with.

    A correlated subquery: one index range count per row listed. ``Count`` over a join
    grouped every membership of every cohort listed (and DISTINCT-sorted them), which
    cost tens of milliseconds per list at 10,000 members.
    """
    return _active_count(Membership, "cohort", outer)


def subgroup_member_count(outer: str = "pk"):
    """The active members of the sub-group whose id is ``outer`` (see
    ``cohort_member_count``). Being a subquery, it also counts everyone when the rows were
    filtered on the viewer's own sub-group memberships, where a ``Count`` would reuse
    that join and count only the viewer.
    """
    return _active_count(SubGroupMembership, "subgroup", outer)


def programs_live() -> QuerySet[ProgramPage]:
    """Published programs, for lists."""
    return ProgramPage.objects.live().order_by("title")


def program_cohorts_visible(*, program: ProgramPage, user) -> QuerySet[Cohort]:
    """The program's cohorts that ``user`` may see (drafts only for organizers)."""
    return (
        permissions.cohorts_visible_to(user).filter(program=program).order_by("start_date", "name")
    )


def cohorts_visible(*, user) -> QuerySet[Cohort]:
    """Cohorts the user may see listed, with their active member count."""
    return permissions.cohorts_visible_to(user).annotate(member_count=cohort_member_count())


@prepared
def _memberships_of(limit: int | None, *, user: int) -> QuerySet[Membership]:
    memberships = (
        Membership.objects.filter(
            user_id=user,
            status__in=[
                Membership.Status.ACTIVE,
                Membership.Status.INVITED,
                Membership.Status.REQUESTED,
            ],
        )
        .select_related("cohort__program")
        .annotate(member_count=cohort_member_count("cohort_id"))
        .order_by("-cohort__start_date", "cohort__name", "pk")
    )
    return memberships if limit is None else memberships[:limit]


def my_cohorts(*, user, limit: int | None = None) -> QuerySet[Membership]:
    """The user's memberships (active, invited or waiting), newest cohort first, the
    first ``limit`` of them if given: rows to list, not to refine (compiled once per
    process, ``learning.statements``: my cohorts and the home page's panel ask)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return _memberships_of(limit, user=user.pk)


def charter_current(*, cohort: Cohort | None = None, subgroup: SubGroup | None = None):
    """The version of the group rules in force (with its enforcers), or None."""
    lookup = {"charter__cohort": cohort} if cohort is not None else {"charter__subgroup": subgroup}
    return (
        CharterVersion.objects.filter(published_at__isnull=False, **lookup)
        .select_related("owner__profile")
        .prefetch_related("enforcers")
        .order_by("-number")
        .first()
    )


def charter_in_force(cohort: Cohort) -> CharterVersion | None:
    """``charter_current(cohort=cohort)`` without its enforcers. A cohort read by
    ``pages_selectors.cohort_pages`` brings it along (through the charter's pointer to
    the version in force, set when a version is published): no query then."""
    if not hasattr(cohort, "rules_in_force_id"):
        return charter_current(cohort=cohort)
    if cohort.rules_in_force_id is None:
        return None
    return cohort.rules_charter.current_version


def rules_acceptance_pending(*, record, charter: CharterVersion | None) -> bool:
    """Whether the member behind ``record`` (a cohort or sub-group membership) has yet to
    accept the group rules in force: until they do, they read but do not post."""
    return bool(
        charter is not None
        and record is not None
        and record.status == ACTIVE
        and record.rules_accepted_version_id != charter.pk
    )


@dataclass
class CohortHome:
    cohort: Cohort
    membership: Membership | None
    member_count: int
    announcements: list[Post]
    my_subgroups: list[SubGroup]
    charter: CharterVersion | None
    needs_rules_acceptance: bool
    # Filled in by the sessions and mentoring features when they exist.
    upcoming: list = field(default_factory=list)
    mentor: object | None = None

    @property
    def is_newcomer(self) -> bool:
        """Sections about being brought along (your mentor) are for newcomers only: a
        mentor or an organizer is not told their mentor will appear."""
        return self.membership is not None and self.membership.role == Membership.Role.NEWCOMER

    warnings: list[str] = field(default_factory=list)
    # The conversation: the latest posts to the whole cohort that are not announcements.
    feed: list[Post] = field(default_factory=list)


@prepared
def _home_posts(moderator: bool, announcements: int, feed: int, *, cohort: int):
    in_cohort = Cohort(pk=cohort)
    announced = feed_posts(cohort=in_cohort, moderator=False).filter(kind=Post.Kind.ANNOUNCEMENT)[
        :announcements
    ]
    talk = feed_posts(cohort=in_cohort, moderator=moderator).exclude(kind=Post.Kind.ANNOUNCEMENT)[
        :feed
    ]
    return (
        Post.objects.filter(Q(pk__in=announced.values("pk")) | Q(pk__in=talk.values("pk")))
        .select_related("author__profile")
        .order_by("-created_at", "-pk")
    )


@prepared
def _subgroups_of(*, user: int, cohort: int) -> QuerySet[SubGroup]:
    mine = permissions.subgroup_ids_of(User(pk=user), Cohort(pk=cohort))
    return (
        SubGroup.objects.filter(cohort_id=cohort, pk__in=mine)
        .annotate(member_count=subgroup_member_count())
        .order_by("name")
    )


def cohort_home(*, cohort: Cohort, user, announcements: int = 5, feed: int = 10) -> CohortHome:
    """What a member's cohort home shows: latest announcements, the conversation, their
    sub-groups, whether they must (re-)accept the group rules, and for staff the health
    warnings.

    The announcements and the conversation are read in one query: each list's newest
    ids are picked by its own indexed ``LIMIT`` subquery, and the rows of both fetched
    together. That read and the viewer's sub-groups are compiled once per process
    (``learning.statements``): a member's cohort home is the page they open most.
    """
    if not permissions.can_view_cohort_content(user, cohort):
        raise PermissionDenied(_("Only members of this cohort can see its home page."))
    membership = permissions.membership_for(user, cohort)
    charter = charter_in_force(cohort)
    member_count = getattr(cohort, "member_count", None)
    if member_count is None:
        member_count = cohort.memberships.filter(status=ACTIVE).count()
    moderator = permissions.can_moderate(user, cohort)
    posts = list(_home_posts(moderator, announcements, feed, cohort=cohort.pk))
    latest = [post for post in posts if post.kind == Post.Kind.ANNOUNCEMENT]
    mine = list(_subgroups_of(user=user.pk, cohort=cohort.pk))
    needs = rules_acceptance_pending(record=membership, charter=charter)
    warnings = cohort_health_warnings(cohort) if permissions.is_cohort_staff(user, cohort) else []
    return CohortHome(
        cohort=cohort,
        membership=membership,
        member_count=member_count,
        announcements=latest,
        my_subgroups=mine,
        charter=charter,
        needs_rules_acceptance=needs,
        warnings=warnings,
        feed=[post for post in posts if post.kind != Post.Kind.ANNOUNCEMENT],
    )


def cohort_health_warnings(cohort: Cohort) -> list[str]:
    """Problems an organizer should fix, as sentences (shown in the admin and home).

    Above ~200 members one organizer cannot keep a group alive: it needs an operations
    team (core, planning, helpers). Requests must never wait on nobody: a rule whose
    approver role is empty falls back to HR, and says so here. A fixed few queries; a
    cohort read with its ``member_count`` (the cohort home's) asks about the operations
    team only when it is large enough to need one.
    """
    active = cohort.memberships.filter(status=ACTIVE)
    operations = Q(role__in=Membership.OPERATIONS_ROLES)
    members = getattr(cohort, "member_count", None)
    if members is None:
        counts = active.aggregate(members=Count("pk"), operations=Count("pk", filter=operations))
        members, short_of_team = counts["members"], not counts["operations"]
    else:
        short_of_team = (
            members > OPERATIONS_TEAM_THRESHOLD and not active.filter(operations).exists()
        )
    warnings = []
    if members > OPERATIONS_TEAM_THRESHOLD and short_of_team:
        warnings.append(
            _(
                "This cohort has %(count)d members and no operations team. Above "
                "%(threshold)d members, appoint core, planning and helper members."
            )
            % {"count": members, "threshold": OPERATIONS_TEAM_THRESHOLD}
        )
    if cohort.status != Cohort.Status.DRAFT and charter_in_force(cohort) is None:
        warnings.append(_("This cohort has no published group rules."))
    rules = EntryRule.objects.filter(
        Q(cohort=cohort) | Q(subgroup__cohort=cohort), approval_required=True
    ).select_related("approver_user", "subgroup")
    for rule in rules:
        if permissions.approver_role_empty(rule=rule, cohort=cohort):
            warnings.append(
                _(
                    "Requests to join %(group)s wait for %(approver)s, but nobody holds that "
                    "role: HR decides them until someone does."
                )
                % {
                    "group": rule.subgroup.name if rule.subgroup_id else cohort.name,
                    "approver": rule.get_approver_display().lower(),
                }
            )
    return warnings


def _member_rows(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    return queryset.select_related(
        "user__profile__level",
        "user__profile__region",
        "user__profile__subsidiary",
        "user__profile__department",
    ).order_by("sort_name", "pk")


def cohort_members(*, cohort: Cohort, viewer) -> QuerySet[Membership]:
    """The cohort's members directory for a viewer (active members only).

    Members and organizers see it; staff also see pending requests and invitations.
    """
    if not permissions.can_view_cohort_content(viewer, cohort):
        raise PermissionDenied(_("Only members of this cohort can see who is in it."))
    statuses = [ACTIVE]
    if permissions.can_manage_memberships(viewer, cohort):
        statuses += [Membership.Status.REQUESTED, Membership.Status.INVITED]
    return _member_rows(Membership.objects.filter(cohort=cohort, status__in=statuses))


def subgroups_visible(*, cohort: Cohort, user) -> QuerySet[SubGroup]:
    """Sub-groups the user may see listed, with member counts.

    Hidden sub-groups are left out for those who could not join them.
    """
    return (
        permissions.subgroups_listed_for(user, cohort)
        .select_related("level", "region", "subsidiary", "project_team")
        .annotate(member_count=subgroup_member_count())
        .order_by("name")
    )


def subgroup_get(*, cohort: Cohort, slug: str, user) -> SubGroup:
    """One sub-group the user may see listed; ``DoesNotExist`` otherwise (never a hint
    that a hidden group exists).
    """
    return subgroups_visible(cohort=cohort, user=user).get(slug=slug)


def subgroup_members(*, subgroup: SubGroup, viewer) -> QuerySet[SubGroupMembership]:
    """A sub-group's members: visible only to its members and the cohort's staff."""
    if not permissions.can_view_subgroup_content(viewer, subgroup):
        raise PermissionDenied(_("Only members of this sub-group can see who is in it."))
    statuses = [ACTIVE]
    if permissions.can_manage_memberships(viewer, subgroup.cohort):
        statuses.append(Membership.Status.REQUESTED)
    return (
        SubGroupMembership.objects.filter(
            subgroup=subgroup, status__in=statuses, membership__status=ACTIVE
        )
        .select_related(
            "membership__user__profile__level",
            "membership__user__profile__region",
            "membership__user__profile__subsidiary",
        )
        .order_by("membership__sort_name", "pk")
    )


def posts_visible(*, cohort: Cohort, user, subgroup: SubGroup | None = None) -> QuerySet[Post]:
    """The feed of a cohort (its own posts) or of one sub-group, newest first.

    Hidden posts are left out except for moderators.
    """
    if subgroup is not None:
        if not permissions.can_view_subgroup_content(user, subgroup):
            raise PermissionDenied(_("Only members of this sub-group can read its posts."))
    elif not permissions.can_view_cohort_content(user, cohort):
        raise PermissionDenied(_("Only members of this cohort can read its posts."))
    return feed_posts(
        cohort=cohort, subgroup=subgroup, moderator=permissions.can_moderate(user, cohort)
    )


def feed_posts(*, cohort: Cohort, subgroup: SubGroup | None = None, moderator: bool):
    """The posts of a cohort's own feed or of one sub-group's, newest first, hidden ones
    left out except for moderators (``posts_visible`` asks who may read them)."""
    if subgroup is not None:
        queryset = Post.objects.filter(cohort=cohort, subgroup=subgroup)
    else:
        queryset = Post.objects.filter(cohort=cohort, subgroup__isnull=True)
    if not moderator:
        queryset = queryset.filter(hidden=False)
    return queryset.select_related("author__profile").order_by("-created_at", "-pk")


def reports_mine(*, user) -> QuerySet[Report]:
    """Reports the user filed, with their outcome (members see what came of them)."""
    return (
        Report.objects.filter(reporter=user)
        .select_related("cohort", "target_member__user__profile", "decided_by__profile")
        .order_by("-created_at", "-pk")
    )


def reports_to_review(*, cohort: Cohort, user, status: str | None = None) -> QuerySet[Report]:
    """A cohort's reports for its enforcers and organizers."""
    if not permissions.can_moderate(user, cohort):
        raise PermissionDenied(_("Only the enforcers of the group rules can review reports."))
    queryset = Report.objects.filter(cohort=cohort)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related(
        "reporter__profile",
        "target_member__user__profile",
        "target_post",
        "decided_by__profile",
    ).order_by("-created_at", "-pk")


def cohort_events(*, cohort: Cohort, user) -> QuerySet[MembershipEvent]:
    """The cohort's audit log, for its organizers and core team."""
    if not permissions.can_manage_memberships(user, cohort):
        raise PermissionDenied(_("Only organizers can read the cohort's history."))
    return MembershipEvent.objects.filter(cohort=cohort).select_related(
        "actor__profile", "membership__user__profile", "subgroup", "report"
    )


def memberships_with_subgroups(*, cohort: Cohort) -> QuerySet[Membership]:
    """Active members with their sub-groups prefetched (for admin lists and exports)."""
    return _member_rows(Membership.objects.filter(cohort=cohort, status=ACTIVE)).prefetch_related(
        Prefetch(
            "subgroup_memberships",
            queryset=SubGroupMembership.objects.filter(status=ACTIVE).select_related("subgroup"),
        )
    )
