"""Cohort endpoints: programs, cohorts, sub-groups, rules, memberships, reports, posts.

The views only translate HTTP: they find the object the caller may see (404 otherwise,
so hidden things stay unknown), then call a selector or a service, which check the
permissions in ``cohorts.permissions``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.conf import settings as ninja_settings
from pydantic import Field

from cohorts import jobs as cohorts_jobs
from cohorts import permissions, selectors, services
from cohorts.models import (
    Cohort,
    Membership,
    Post,
    Report,
    SubGroup,
    SubGroupMembership,
)
from learning import jobs
from learning.api import ERROR_RESPONSES
from learning.api.jobs import JobOut
from learning.api.schemas import PersonOut

router = Router(tags=["cohorts"])

Paginator = import_string(ninja_settings.PAGINATION_CLASS)
paginator = Paginator()


def _page(request, queryset, pagination) -> dict:
    page = paginator.paginate_queryset(queryset, pagination=pagination, request=request)
    return {"items": list(page["items"]), "count": page["count"]}


def _person(user) -> dict | None:
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is None:
        return None
    return {
        "employee_id": profile.employee_id,
        "full_name": profile.full_name,
        "title": profile.title,
    }


# --- Schemas ---------------------------------------------------------------------------


class ProgramOut(Schema):
    id: int
    title: str
    slug: str
    kind: str
    group_wide: bool
    url: str | None

    @staticmethod
    def resolve_url(obj) -> str | None:
        return obj["url"] if isinstance(obj, dict) else obj.url


class StreamItemOut(Schema):
    type: str
    value: object


class CohortOut(Schema):
    id: int
    slug: str
    name: str
    program_id: int
    program_title: str
    status: str
    start_date: datetime.date
    end_date: datetime.date
    time_zone: str
    session_start: datetime.time
    session_end: datetime.time
    capacity: int | None
    group_wide: bool
    member_count: int | None = None

    @staticmethod
    def resolve_program_title(obj) -> str:
        return obj["program_title"] if isinstance(obj, dict) else obj.program.title


class ProgramDetailOut(ProgramOut):
    description: str
    curriculum: list[StreamItemOut]
    resources: list[StreamItemOut]
    cohorts: list[CohortOut]


class MembershipMineOut(Schema):
    id: int
    role: str
    status: str
    helper_duty: str
    wave: int
    joined_at: datetime.datetime | None
    muted_until: datetime.datetime | None


class CohortDetailOut(CohortOut):
    description: str
    membership: MembershipMineOut | None
    rules_version: int | None
    needs_rules_acceptance: bool
    allowed_transitions: list[str]
    warnings: list[str]


class TransitionIn(Schema):
    status: str = Field(description="`open`, `running`, `closed` or back to `draft`.")
    reason: str = Field("", max_length=500)


class SubGroupOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    dimension: str
    dimension_value: str | None
    hidden_from_non_eligible: bool
    opens_at: datetime.datetime | None
    capacity: int | None
    member_count: int

    @staticmethod
    def resolve_dimension_value(obj) -> str | None:
        value = obj.dimension_value
        return str(value) if value not in (None, "") else None


class SubGroupPlanIn(Schema):
    dimension: SubGroup.Dimension
    custom_key: str = Field("", max_length=60)


class SubGroupGenerateIn(SubGroupPlanIn):
    add_members: bool = True
    opens_at: datetime.datetime | None = None


class SubGroupProposalOut(Schema):
    name: str
    slug: str
    dimension: str
    value_id: int | None
    custom_value: str
    member_count: int
    exists: bool


class CharterOut(Schema):
    version: int
    body: str
    published_at: datetime.datetime
    owner: PersonOut | None
    enforcers: list[PersonOut]
    accepted: bool


class AcceptIn(Schema):
    version: int


class JoinIn(Schema):
    accept_rules_version: int | None = Field(
        None, description="The version number of the group rules in force, if any."
    )


class MemberOut(Schema):
    id: int
    role: str
    status: str
    helper_duty: str
    wave: int
    joined_at: datetime.datetime | None
    person: PersonOut | None


class MemberPageOut(Schema):
    items: list[MemberOut]
    count: int


class DecisionIn(Schema):
    reason: str = Field("", max_length=1000)


class RoleIn(Schema):
    role: Membership.Role
    helper_duty: str = Field("", max_length=120)
    reason: str = Field("", max_length=500)


class ReportIn(Schema):
    target_membership_id: int | None = None
    target_post_id: int | None = None
    reason: str = Field(max_length=4000)
    rule_excerpt: str = Field("", max_length=2000)


class ReportOut(Schema):
    id: int
    cohort_slug: str
    status: str
    outcome: str
    note: str
    reason: str
    rule_excerpt: str
    mute_until: datetime.datetime | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_cohort_slug(obj) -> str:
        return obj.cohort.slug


class ReportReviewOut(ReportOut):
    reporter: PersonOut | None
    target: PersonOut | None
    target_membership_id: int | None
    target_post_id: int | None

    @staticmethod
    def resolve_reporter(obj):
        return _person(obj.reporter)

    @staticmethod
    def resolve_target(obj):
        return _person(obj.target_member.user) if obj.target_member_id else None

    @staticmethod
    def resolve_target_membership_id(obj):
        return obj.target_member_id


class ReportPageOut(Schema):
    items: list[ReportOut]
    count: int


class ReportReviewPageOut(Schema):
    items: list[ReportReviewOut]
    count: int


class DecideIn(Schema):
    outcome: Report.Outcome
    note: str = Field("", max_length=2000)
    mute_until: datetime.datetime | None = None


class PostIn(Schema):
    body: str = Field(max_length=10000)
    kind: Post.Kind = Post.Kind.POST


class PostOut(Schema):
    id: int
    kind: str
    body: str
    created_at: datetime.datetime
    hidden: bool
    subgroup_id: int | None
    author: PersonOut | None

    @staticmethod
    def resolve_author(obj):
        return _person(obj.author)


class PostPageOut(Schema):
    items: list[PostOut]
    count: int


class CohortPageOut(Schema):
    items: list[CohortOut]
    count: int


# --- Lookups ---------------------------------------------------------------------------


def _cohort(request, slug: str) -> Cohort:
    return get_object_or_404(permissions.cohorts_visible_to(request.user), slug=slug)


def _subgroup(request, cohort: Cohort, slug: str) -> SubGroup:
    return selectors.subgroup_get(cohort=cohort, slug=slug, user=request.user)


def _membership(request, membership_id: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("cohort", "user"), pk=membership_id
    )
    if membership.user_id != request.user.pk and not permissions.can_view_cohort_content(
        request.user, membership.cohort
    ):
        raise Membership.DoesNotExist
    return membership


def _member_out(membership: Membership) -> dict:
    return {
        "id": membership.pk,
        "role": membership.role,
        "status": membership.status,
        "helper_duty": membership.helper_duty,
        "wave": membership.wave,
        "joined_at": membership.joined_at,
        "person": _person(membership.user),
    }


def _stream(value) -> list[dict]:
    return [
        {"type": child.block_type, "value": child.block.get_api_representation(child.value)}
        for child in value
    ]


# --- Programs --------------------------------------------------------------------------


@router.get("/programs/", response={200: list[ProgramOut], **ERROR_RESPONSES}, summary="Programs")
def programs_list(request):
    return list(selectors.programs_live())


@router.get(
    "/programs/{program_id}",
    response={200: ProgramDetailOut, **ERROR_RESPONSES},
    summary="One program, its curriculum and its cohorts",
)
def program_detail(request, program_id: int):
    program = get_object_or_404(selectors.programs_live(), pk=program_id)
    return {
        "id": program.pk,
        "title": program.title,
        "slug": program.slug,
        "kind": program.kind,
        "group_wide": program.group_wide,
        "url": program.url,
        "description": program.description,
        "curriculum": _stream(program.curriculum),
        "resources": _stream(program.resources),
        "cohorts": list(selectors.program_cohorts_visible(program=program, user=request.user)),
    }


# --- Cohorts ---------------------------------------------------------------------------


@router.get(
    "/cohorts/", response={200: CohortPageOut, **ERROR_RESPONSES}, summary="Cohorts I can see"
)
def cohorts_list(request, pagination: Query[Paginator.Input]):
    return _page(request, selectors.cohorts_visible(user=request.user), pagination)


@router.get(
    "/cohorts/{slug}", response={200: CohortDetailOut, **ERROR_RESPONSES}, summary="One cohort"
)
def cohort_detail(request, slug: str):
    cohort = _cohort(request, slug)
    membership = permissions.membership_for(request.user, cohort)
    charter = selectors.charter_current(cohort=cohort)
    staff = permissions.is_cohort_staff(request.user, cohort)
    return {
        **{
            name: getattr(cohort, name)
            for name in CohortOut.model_fields
            if name not in {"program_title", "member_count"}
        },
        "program_title": cohort.program.title,
        "member_count": cohort.memberships.filter(status=Membership.Status.ACTIVE).count(),
        "description": cohort.description,
        "membership": membership,
        "rules_version": charter.number if charter else None,
        "needs_rules_acceptance": bool(
            charter
            and membership is not None
            and membership.status == Membership.Status.ACTIVE
            and membership.rules_accepted_version_id != charter.pk
        ),
        "allowed_transitions": (
            services.cohort_allowed_transitions(cohort)
            if permissions.can_change_cohort(request.user, cohort)
            else []
        ),
        "warnings": selectors.cohort_health_warnings(cohort) if staff else [],
    }


@router.post(
    "/cohorts/{slug}/transition",
    response={200: CohortOut, **ERROR_RESPONSES},
    summary="Open, start, close (organizers)",
)
def cohort_transition(request, slug: str, payload: TransitionIn):
    cohort = _cohort(request, slug)
    return services.cohort_transition(
        cohort=cohort, to_status=payload.status, actor=request.user, reason=payload.reason
    )


# --- Sub-groups ------------------------------------------------------------------------


@router.get(
    "/cohorts/{slug}/subgroups/",
    response={200: list[SubGroupOut], **ERROR_RESPONSES},
    summary="Sub-groups I can see",
)
def subgroups_list(request, slug: str):
    # Literal paths (preview, generate) are declared before "{subgroup_slug}" so that
    # they are matched first.
    cohort = _cohort(request, slug)
    if not permissions.is_member(request.user, cohort):
        raise PermissionDenied(_("Only members of this cohort can see its sub-groups."))
    return list(selectors.subgroups_visible(cohort=cohort, user=request.user))


@router.post(
    "/cohorts/{slug}/subgroups/preview",
    response={200: list[SubGroupProposalOut], **ERROR_RESPONSES},
    summary="What “one sub-group per …” would create (organizers; saves nothing)",
)
def subgroups_preview(request, slug: str, payload: SubGroupPlanIn):
    cohort = _cohort(request, slug)
    if not permissions.can_change_cohort(request.user, cohort):
        raise PermissionDenied(_("Only organizers can plan sub-groups."))
    return services.subgroups_preview(
        cohort=cohort, dimension=payload.dimension, custom_key=payload.custom_key
    )


class JobStartedOut(Schema):
    job: JobOut = Field(description="The background job doing the work.")


@router.post(
    "/cohorts/{slug}/subgroups/generate",
    response={201: list[SubGroupOut], 202: JobStartedOut, **ERROR_RESPONSES},
    summary="Create one sub-group per level, region, subsidiary… (organizers)",
    description=(
        "When more than `GUILD_INLINE_BULK_MAX` members (200 by default) would be placed "
        "in the new sub-groups, the work runs as a background job (202): poll "
        "`GET /api/v1/jobs/{id}` until it is finished."
    ),
)
def subgroups_generate(request, slug: str, payload: SubGroupGenerateIn):
    cohort = _cohort(request, slug)
    outcome = cohorts_jobs.subgroups_generate_run(
        cohort=cohort,
        dimension=payload.dimension,
        custom_key=payload.custom_key,
        actor=request.user,
        add_members=payload.add_members,
        opens_at=payload.opens_at,
    )
    if outcome.job is not None:
        return Status(202, {"job": jobs.job_status(job=outcome.job)})
    created = outcome.result
    return Status(
        201,
        list(
            selectors.subgroups_visible(cohort=cohort, user=request.user).filter(
                pk__in=[s.pk for s in created]
            )
        ),
    )


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}",
    response={200: SubGroupOut, **ERROR_RESPONSES},
    summary="One sub-group",
)
def subgroup_detail(request, slug: str, subgroup_slug: str):
    return _subgroup(request, _cohort(request, slug), subgroup_slug)


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/members",
    response={200: MemberPageOut, **ERROR_RESPONSES},
    summary="A sub-group's members (its members and the cohort's staff)",
)
def subgroup_members(request, slug: str, subgroup_slug: str, pagination: Query[Paginator.Input]):
    subgroup = _subgroup(request, _cohort(request, slug), subgroup_slug)
    page = _page(
        request, selectors.subgroup_members(subgroup=subgroup, viewer=request.user), pagination
    )
    return {
        "items": [
            {**_member_out(row.membership), "status": row.status, "wave": row.wave}
            for row in page["items"]
        ],
        "count": page["count"],
    }


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/join",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Join a sub-group (checked against its entry rule)",
)
def subgroup_join(request, slug: str, subgroup_slug: str, payload: JoinIn):
    subgroup = _subgroup(request, _cohort(request, slug), subgroup_slug)
    row = services.subgroup_membership_request(
        subgroup=subgroup, user=request.user, accept_rules_version=payload.accept_rules_version
    )
    return {**_member_out(row.membership), "status": row.status, "wave": row.wave}


@router.post(
    "/subgroup-requests/{request_id}/approve",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Approve a request to join a sub-group",
)
def subgroup_request_approve(request, request_id: int, payload: DecisionIn):
    return _subgroup_decide(request, request_id, payload, approve=True)


@router.post(
    "/subgroup-requests/{request_id}/reject",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Reject a request to join a sub-group",
)
def subgroup_request_reject(request, request_id: int, payload: DecisionIn):
    return _subgroup_decide(request, request_id, payload, approve=False)


def _subgroup_decide(request, request_id: int, payload: DecisionIn, *, approve: bool):
    row = get_object_or_404(
        SubGroupMembership.objects.select_related("subgroup__cohort", "membership__user"),
        pk=request_id,
    )
    if not permissions.can_see_subgroup(request.user, row.subgroup):
        raise SubGroupMembership.DoesNotExist
    row = services.subgroup_membership_decide(
        subgroup_membership=row, actor=request.user, approve=approve, reason=payload.reason
    )
    return {**_member_out(row.membership), "status": row.status, "wave": row.wave}


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/posts",
    response={200: PostPageOut, **ERROR_RESPONSES},
    summary="A sub-group's feed",
)
def subgroup_posts(request, slug: str, subgroup_slug: str, pagination: Query[Paginator.Input]):
    cohort = _cohort(request, slug)
    subgroup = _subgroup(request, cohort, subgroup_slug)
    return _page(
        request,
        selectors.posts_visible(cohort=cohort, user=request.user, subgroup=subgroup),
        pagination,
    )


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/posts",
    response={201: PostOut, **ERROR_RESPONSES},
    summary="Post to a sub-group",
)
def subgroup_post_create(request, slug: str, subgroup_slug: str, payload: PostIn):
    cohort = _cohort(request, slug)
    subgroup = _subgroup(request, cohort, subgroup_slug)
    post = services.post_create(
        cohort=cohort, subgroup=subgroup, author=request.user, body=payload.body, kind=payload.kind
    )
    return Status(201, post)


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="The sub-group's rules in force (to read before joining)",
)
def subgroup_rules(request, slug: str, subgroup_slug: str):
    subgroup = _subgroup(request, _cohort(request, slug), subgroup_slug)
    return _charter_out(request, selectors.charter_current(subgroup=subgroup))


@router.post(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/rules/accept",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="Accept the sub-group's rules in force",
)
def subgroup_rules_accept(request, slug: str, subgroup_slug: str, payload: AcceptIn):
    subgroup = _subgroup(request, _cohort(request, slug), subgroup_slug)
    if not permissions.can_view_subgroup_content(request.user, subgroup):
        raise PermissionDenied(_("Join the sub-group first."))
    services.charter_accept(user=request.user, subgroup=subgroup, version_number=payload.version)
    return _charter_out(request, selectors.charter_current(subgroup=subgroup))


# --- Group rules -----------------------------------------------------------------------


def _charter_out(request, version) -> dict:
    if version is None:
        raise Http404(_("There are no group rules yet."))
    return {
        "version": version.number,
        "body": version.body,
        "published_at": version.published_at,
        "owner": _person(version.owner),
        "enforcers": [p for p in (_person(u) for u in version.enforcers.all()) if p],
        "accepted": version.acceptances.filter(user=request.user).exists(),
    }


@router.get(
    "/cohorts/{slug}/rules",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="The group rules in force, who set them and who enforces them",
)
def cohort_rules(request, slug: str):
    return _charter_out(request, selectors.charter_current(cohort=_cohort(request, slug)))


@router.post(
    "/cohorts/{slug}/rules/accept",
    response={200: CharterOut, **ERROR_RESPONSES},
    summary="Accept the group rules in force",
)
def cohort_rules_accept(request, slug: str, payload: AcceptIn):
    cohort = _cohort(request, slug)
    services.charter_accept(user=request.user, cohort=cohort, version_number=payload.version)
    return _charter_out(request, selectors.charter_current(cohort=cohort))


# --- Memberships -----------------------------------------------------------------------


@router.post(
    "/cohorts/{slug}/join",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Join a cohort (or accept an invitation); checked against its entry rule",
)
def cohort_join(request, slug: str, payload: JoinIn):
    membership = services.membership_request(
        cohort=_cohort(request, slug),
        user=request.user,
        accept_rules_version=payload.accept_rules_version,
    )
    return _member_out(membership)


@router.get(
    "/cohorts/{slug}/members",
    response={200: MemberPageOut, **ERROR_RESPONSES},
    summary="The cohort's members directory (members only)",
)
def cohort_members(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = _cohort(request, slug)
    page = _page(request, selectors.cohort_members(cohort=cohort, viewer=request.user), pagination)
    return {"items": [_member_out(m) for m in page["items"]], "count": page["count"]}


@router.post(
    "/memberships/{membership_id}/approve",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Approve a request to join",
)
def membership_approve(request, membership_id: int, payload: DecisionIn):
    membership = services.membership_approve(
        membership=_membership(request, membership_id), actor=request.user, reason=payload.reason
    )
    return _member_out(membership)


@router.post(
    "/memberships/{membership_id}/reject",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Reject a request to join",
)
def membership_reject(request, membership_id: int, payload: DecisionIn):
    membership = services.membership_reject(
        membership=_membership(request, membership_id), actor=request.user, reason=payload.reason
    )
    return {**_member_out(membership), "id": membership_id, "status": "rejected"}


@router.post(
    "/memberships/{membership_id}/leave",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Leave a cohort",
)
def membership_leave(request, membership_id: int):
    membership = services.membership_leave(
        membership=_membership(request, membership_id), actor=request.user
    )
    return _member_out(membership)


@router.post(
    "/memberships/{membership_id}/remove",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Remove a member (organizers and core)",
)
def membership_remove(request, membership_id: int, payload: DecisionIn):
    membership = services.membership_remove(
        membership=_membership(request, membership_id), actor=request.user, reason=payload.reason
    )
    return _member_out(membership)


@router.post(
    "/memberships/{membership_id}/role",
    response={200: MemberOut, **ERROR_RESPONSES},
    summary="Change a member's role (organizers)",
)
def membership_role(request, membership_id: int, payload: RoleIn):
    membership = services.membership_set_role(
        membership=_membership(request, membership_id),
        role=payload.role,
        helper_duty=payload.helper_duty,
        actor=request.user,
        reason=payload.reason,
    )
    return _member_out(membership)


# --- Reports ---------------------------------------------------------------------------


@router.post(
    "/cohorts/{slug}/reports",
    response={201: ReportOut, **ERROR_RESPONSES},
    summary="Report a member or a post for breaking the group rules",
)
def report_create(request, slug: str, payload: ReportIn):
    cohort = _cohort(request, slug)
    target_member = target_post = None
    if payload.target_membership_id is not None:
        target_member = Membership.objects.filter(
            cohort=cohort, pk=payload.target_membership_id
        ).first()
        if target_member is None:
            raise ValidationError({"target_membership_id": _("This person is not in this cohort.")})
    if payload.target_post_id is not None:
        target_post = Post.objects.filter(cohort=cohort, pk=payload.target_post_id).first()
        if target_post is None:
            raise ValidationError({"target_post_id": _("This post is not in this cohort.")})
    try:
        report = services.report_create(
            cohort=cohort,
            reporter=request.user,
            reason=payload.reason,
            rule_excerpt=payload.rule_excerpt,
            target_member=target_member,
            target_post=target_post,
        )
    except ValidationError as error:
        # The service names its arguments; the client sent ids.
        raise ValidationError(
            {
                REPORT_FIELDS.get(name, name): messages
                for name, messages in error.message_dict.items()
            }
        ) from None
    return Status(201, report)


REPORT_FIELDS = {"target_member": "target_membership_id", "target_post": "target_post_id"}


@router.get(
    "/reports/mine",
    response={200: ReportPageOut, **ERROR_RESPONSES},
    summary="Reports I filed and their outcome",
)
def reports_mine(request, pagination: Query[Paginator.Input]):
    return _page(request, selectors.reports_mine(user=request.user), pagination)


@router.get(
    "/cohorts/{slug}/reports",
    response={200: ReportReviewPageOut, **ERROR_RESPONSES},
    summary="Reports to review (enforcers and organizers)",
)
def reports_review(
    request, slug: str, pagination: Query[Paginator.Input], status: Report.Status | None = None
):
    cohort = _cohort(request, slug)
    return _page(
        request,
        selectors.reports_to_review(cohort=cohort, user=request.user, status=status),
        pagination,
    )


@router.post(
    "/reports/{report_id}/decide",
    response={200: ReportReviewOut, **ERROR_RESPONSES},
    summary="Decide a report: dismiss, warn, mute until, remove",
)
def report_decide(request, report_id: int, payload: DecideIn):
    report = get_object_or_404(Report.objects.select_related("cohort"), pk=report_id)
    if not permissions.can_moderate(request.user, report.cohort):
        raise Report.DoesNotExist
    report = services.report_decide(
        report=report,
        actor=request.user,
        outcome=payload.outcome,
        note=payload.note,
        mute_until=payload.mute_until,
    )
    return Report.objects.select_related(
        "cohort", "reporter__profile", "target_member__user__profile"
    ).get(pk=report.pk)


# --- Posts -----------------------------------------------------------------------------


@router.get(
    "/cohorts/{slug}/posts",
    response={200: PostPageOut, **ERROR_RESPONSES},
    summary="The cohort's feed",
)
def cohort_posts(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = _cohort(request, slug)
    return _page(request, selectors.posts_visible(cohort=cohort, user=request.user), pagination)


@router.post(
    "/cohorts/{slug}/posts",
    response={201: PostOut, **ERROR_RESPONSES},
    summary="Post to the cohort's feed",
)
def cohort_post_create(request, slug: str, payload: PostIn):
    cohort = _cohort(request, slug)
    if payload.kind == Post.Kind.INTRODUCTION:
        membership = permissions.membership_for(request.user, cohort)
        if membership is None or membership.status != Membership.Status.ACTIVE:
            raise PermissionDenied(_("Only members can introduce themselves."))
        return Status(201, services.introduction_post(membership=membership, body=payload.body))
    post = services.post_create(
        cohort=cohort, author=request.user, body=payload.body, kind=payload.kind
    )
    return Status(201, post)
