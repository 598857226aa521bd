"""The check-ins and points API: a cohort's check-in tasks, my check-in (submit or edit)
with my streaks, who has not checked in and the nudge (for those who supervise), the
points ledger and the leaderboards.

As in ``cohorts.api``, the views only translate HTTP: a cohort or sub-group the caller may
not see is 404; the services check the rest.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, UploadedFile

from cohorts import permissions
from cohorts.api.lookups import cohort_visible, require, subgroup_visible
from cohorts.api.routing import Paginator, page_of
from cohorts.engagement import selectors, services
from cohorts.engagement.api.schemas import (
    CheckinIn,
    CheckinOut,
    CheckinTaskOut,
    LeaderboardOut,
    LedgerOut,
    MissingPageOut,
    MyCheckinsOut,
    NudgeOut,
)
from cohorts.engagement.models import Checkin, CheckinTask
from cohorts.models import Membership
from cohorts.sessions.uploads import room_media_response
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of

router = Router(tags=["check-ins and points"])
LEADERBOARD_MAX = 100


def _task(cohort, task_id: int) -> CheckinTask:
    task = get_object_or_404(CheckinTask, pk=task_id, cohort=cohort, active=True)
    task.cohort = cohort
    return task


def _member(request, slug: str):
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_view_cohort_content(request.user, cohort),
        _("Only the cohort's members see this."),
    )
    return cohort


def task_out(task: CheckinTask) -> dict:
    day = services.period_current_day(task)
    times = services.period_times(task, day) if day else None
    return {
        "id": task.pk,
        "title": task.title,
        "instructions": task.instructions,
        "kind": task.kind,
        "frequency": task.frequency,
        "weekday": task.weekday,
        "due_time": task.due_time,
        "time_zone": task.cohort.time_zone,
        "lateness": task.lateness,
        "late_hours": task.late_hours,
        "today": day,
        "due_at": times.due_at if times else None,
        "closes_at": times.closes_at if times else None,
    }


def checkin_out(checkin: Checkin, *, slug: str) -> dict:
    return {
        "id": checkin.pk,
        "task_id": checkin.task_id,
        "day": checkin.period.day,
        "book": checkin.book,
        "chapter": checkin.chapter,
        "text": checkin.text,
        "word_count": checkin.word_count,
        "late": checkin.late,
        "has_photo": bool(checkin.image),
        "photo_url": (
            f"/api/v1/cohorts/{slug}/checkins/{checkin.pk}/photo" if checkin.image else None
        ),
        "submitted_at": checkin.submitted_at,
    }


@router.get(
    "/cohorts/{slug}/checkin-tasks",
    response={200: list[CheckinTaskOut], **ERROR_RESPONSES},
    summary="The cohort's check-in tasks, with today's period",
)
def checkin_tasks_list(request, slug: str):
    cohort = _member(request, slug)
    return [task_out(task) for task in selectors.tasks_of(cohort)]


@router.put(
    "/cohorts/{slug}/checkin-tasks/{task_id}/my-checkin",
    response={200: CheckinOut, **ERROR_RESPONSES},
    summary="Check in, or change my check-in, for a period (active members)",
    description=(
        "One check-in per member per period: sending again edits it until the period "
        "closes. After the due time it is marked late, or refused, by the cohort's "
        "policy. To send a photo, send the same fields as a multipart form with POST."
    ),
)
def checkin_submit(request, slug: str, task_id: Id, payload: CheckinIn):
    return _submit(request, slug, task_id, payload, photo=None)


@router.post(
    "/cohorts/{slug}/checkin-tasks/{task_id}/my-checkin",
    response={200: CheckinOut, **ERROR_RESPONSES},
    summary="Check in with a photo, or change my check-in (multipart form, active members)",
    description=(
        "The same as PUT, as a multipart form with an optional `photo` (JPEG, PNG, WebP or "
        "GIF, recognised by its bytes, under the size limit), for a free-form task. A new "
        "photo replaces the one before; leaving it out keeps it."
    ),
)
def checkin_submit_with_photo(
    request,
    slug: str,
    task_id: Id,
    payload: Form[CheckinIn],
    photo: File[UploadedFile] = None,
):
    return _submit(request, slug, task_id, payload, photo=photo)


def _submit(request, slug: str, task_id: int, payload: CheckinIn, *, photo) -> dict:
    cohort = cohort_visible(request, slug)
    membership = permissions.membership_for(request.user, cohort)
    require(
        membership is not None and membership.status == Membership.Status.ACTIVE,
        _("Only the cohort's members check in."),
    )
    task = _task(cohort, task_id)
    try:
        checkin = services.checkin_submit(
            task=task,
            user=request.user,
            day=payload.day,
            book=payload.book,
            chapter=payload.chapter,
            text=payload.text,
            image=photo,
        )
    except ValidationError as error:
        # The service names the model's field (``image``); the API calls it ``photo``.
        if hasattr(error, "error_dict") and "image" in error.error_dict:
            fields = error.message_dict
            fields["photo"] = fields.pop("image")
            raise ValidationError(fields) from None
        raise
    return checkin_out(checkin, slug=cohort.slug)


@router.get(
    "/cohorts/{slug}/checkins/{checkin_id}/photo",
    response={200: None, **ERROR_RESPONSES},
    summary="A check-in's photo",
    description=(
        "To its author and to those who supervise its task (as on the check-in page); "
        "answered with the image's own type. 404 for anyone else or a check-in without one."
    ),
)
def checkin_photo(request, slug: str, checkin_id: Id):
    cohort = cohort_visible(request, slug)
    checkin = get_object_or_404(
        Checkin.objects.select_related("task"), pk=checkin_id, task__cohort=cohort
    )
    checkin.task.cohort = cohort
    if not services.checkin_photo_readable(checkin=checkin, user=request.user):
        raise Http404
    return room_media_response(checkin, "image")


@router.get(
    "/cohorts/{slug}/checkins/mine",
    response={200: MyCheckinsOut, **ERROR_RESPONSES},
    summary="My streaks and recent check-ins in the cohort",
)
def my_checkins(request, slug: str):
    cohort = _member(request, slug)
    rows, recent = selectors.my_checkins(cohort=cohort, user=request.user)
    return {
        "streaks": [
            {"task_id": row.task.pk, "streak": row.streak, "done_today": row.done} for row in rows
        ],
        "recent": [checkin_out(checkin, slug=cohort.slug) for checkin in recent],
    }


def _supervised(request, slug: str, task_id: int) -> CheckinTask:
    cohort = cohort_visible(request, slug)
    task = _task(cohort, task_id)
    require(
        services.may_supervise(request.user, task),
        _("Only the helpers on check-in duty and the organizers see this."),
    )
    return task


@router.get(
    "/cohorts/{slug}/checkin-tasks/{task_id}/missing",
    response={200: MissingPageOut, **ERROR_RESPONSES},
    summary="Who has not checked in for today's period (helpers on duty, organizers)",
)
def checkin_missing(request, slug: str, task_id: Id):
    task = _supervised(request, slug, task_id)
    day = services.period_current_day(task)
    if day is None:
        return {"day": None, "expected": 0, "done": 0, "late": 0, "items": []}
    period = services.period_get(task, day)
    counts = selectors.period_counts(period)
    return {
        "day": day,
        **counts,
        "items": [
            {"person": person_of(m.user), "nudged": m.nudged}
            for m in selectors.supervision_list(period)
        ],
    }


@router.post(
    "/cohorts/{slug}/checkin-tasks/{task_id}/nudge",
    response={200: NudgeOut, **ERROR_RESPONSES},
    summary="Nudge everyone who has not checked in (once per person per period)",
)
def checkin_nudge(request, slug: str, task_id: Id):
    task = _supervised(request, slug, task_id)
    return {"nudged": services.checkin_nudge(task=task, actor=request.user)}


def _ledger(request, cohort, person, pagination) -> dict:
    page = page_of(request, selectors.ledger_of(cohort=cohort, person=person), pagination)
    lines = selectors.ledger(page["items"])
    return {
        "total": selectors.points_total(cohort=cohort, person=person),
        "count": page["count"],
        "items": [
            {
                "id": line.entry.pk,
                "rule": line.entry.rule,
                "label": line.label,
                "points": line.entry.points,
                "counts": line.entry.counts,
                "cause_type": ContentType.objects.get_for_id(line.entry.cause_type_id).model,
                "cause_id": line.entry.cause_id,
                "cause": line.cause_text,
                "cause_url": line.cause_url,
                "occurred_at": line.entry.occurred_at,
            }
            for line in lines
        ],
    }


@router.get(
    "/cohorts/{slug}/points/mine",
    response={200: LedgerOut, **ERROR_RESPONSES},
    summary="My points ledger in the cohort, each entry with its cause",
)
def points_mine(request, slug: str, pagination: Query[Paginator.Input]):
    cohort = _member(request, slug)
    return _ledger(request, cohort, request.user, pagination)


@router.get(
    "/cohorts/{slug}/points/members/{membership_id}",
    response={200: LedgerOut, **ERROR_RESPONSES},
    summary="A member's points ledger (the member, and the cohort's organizers)",
)
def points_of_member(request, slug: str, membership_id: Id, pagination: Query[Paginator.Input]):
    cohort = cohort_visible(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, cohort=cohort
    )
    if membership.user_id != request.user.pk:
        if not permissions.can_view_cohort_content(request.user, cohort):
            raise Http404
        if not permissions.can_change_cohort(request.user, cohort):
            raise PermissionDenied(_("Only the cohort's organizers read another's ledger."))
    return _ledger(request, cohort, membership.user, pagination)


def _board_out(board, mine) -> dict:
    def standing(s):
        return {"rank": s.rank, "person": person_of(s.user), "points": s.points}

    return {"top": [standing(s) for s in board], "me": standing(mine) if mine else None}


@router.get(
    "/cohorts/{slug}/leaderboard",
    response={200: LeaderboardOut, **ERROR_RESPONSES},
    summary="The cohort's leaderboard: the top and my own rank",
)
def leaderboard(request, slug: str, top: int = Query(10, ge=1, le=LEADERBOARD_MAX)):
    cohort = _member(request, slug)
    return _board_out(*selectors.leaderboard(cohort=cohort, viewer=request.user, top=top))


@router.get(
    "/cohorts/{slug}/subgroups/{subgroup_slug}/leaderboard",
    response={200: LeaderboardOut, **ERROR_RESPONSES},
    summary="A sub-group's leaderboard (its members and the cohort's staff)",
)
def subgroup_leaderboard(
    request, slug: str, subgroup_slug: str, top: int = Query(10, ge=1, le=LEADERBOARD_MAX)
):
    cohort = cohort_visible(request, slug)
    subgroup = subgroup_visible(request, cohort, subgroup_slug)
    require(
        permissions.can_view_subgroup_content(request.user, subgroup),
        _("Only the sub-group's members see its leaderboard."),
    )
    board, mine = selectors.leaderboard(
        cohort=cohort, subgroup=subgroup, viewer=request.user, top=top
    )
    return _board_out(board, mine)
