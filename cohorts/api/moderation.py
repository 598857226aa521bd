"""Reports: filed by members, reviewed and decided by the enforcers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Status

from cohorts import permissions, selectors, services
from cohorts.api.lookups import cohort_visible
from cohorts.api.routing import Paginator, page_of, router
from cohorts.api.schemas import (
    DecideIn,
    ReportIn,
    ReportOut,
    ReportPageOut,
    ReportReviewOut,
    ReportReviewPageOut,
)
from cohorts.models import (
    Membership,
    Post,
    Report,
)
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id


@router.post(
    "/cohorts/{slug}/reports",
    response={201: ReportOut, **ERROR_RESPONSES},
    summary="Report a member or a post for breaking the group rules",
)
def report_create(request, slug: str, payload: ReportIn):
    cohort = cohort_visible(request, slug)
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
    return page_of(request, selectors.reports_mine(user=request.user), pagination)


@router.get(
    "/cohorts/{slug}/reports",
    response={200: ReportReviewPageOut, **ERROR_RESPONSES},
    summary="Reports to review (enforcers and organizers)",
)
def reports_review(
    request, slug: str, pagination: Query[Paginator.Input], status: Report.Status | None = None
):
    cohort = cohort_visible(request, slug)
    return page_of(
        request,
        selectors.reports_to_review(cohort=cohort, user=request.user, status=status),
        pagination,
    )


@router.post(
    "/reports/{report_id}/decide",
    response={200: ReportReviewOut, **ERROR_RESPONSES},
    summary="Decide a report: dismiss, warn, mute until, remove",
)
def report_decide(request, report_id: Id, payload: DecideIn):
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
