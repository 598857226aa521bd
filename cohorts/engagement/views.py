"""The member pages of check-ins and points (phone first), under /cohorts/<slug>/: my
check-ins, the helpers' list of who has not checked in, the leaderboards and my points."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import permissions
from cohorts import selectors as cohort_selectors
from cohorts.engagement import selectors, services
from cohorts.engagement.forms import CheckinForm, NudgeForm
from cohorts.engagement.models import Checkin, CheckinTask
from cohorts.models import Cohort, SubGroup
from cohorts.pages_selectors import cohort_or_404
from cohorts.sessions.uploads import room_media_response
from learning.forms import add_service_errors

LEDGER_PAGE = 25
LEADERBOARD_TOP = 10


def _member_cohort(request, slug: str) -> Cohort:
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        raise PermissionDenied(_("Only the cohort's members see this."))
    return cohort


def _task(cohort: Cohort, task_id) -> CheckinTask:
    try:
        task_id = int(task_id)
    except (TypeError, ValueError):
        raise Http404(_("No such check-in.")) from None
    task = get_object_or_404(CheckinTask.objects.filter(cohort=cohort, active=True), pk=task_id)
    task.cohort = cohort
    return task


@login_required
def checkins(request, slug: str):
    """My check-ins: today's for each task (a form, or what I sent), my streaks, and my
    recent check-ins."""
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    form, status, failed_task = None, 200, None
    if request.method == "POST":
        form = CheckinForm(request.POST, request.FILES)
        if form.is_valid():
            task = _task(cohort, form.cleaned_data["task"])
            try:
                services.checkin_submit(
                    task=task,
                    user=request.user,
                    book=form.cleaned_data["book"],
                    chapter=form.cleaned_data["chapter"],
                    text=form.cleaned_data["text"],
                    image=form.cleaned_data["image"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your check-in is saved."))
                return redirect("engagement:checkins", slug=cohort.slug)
        failed_task = form.data.get("task")
        status = 400
    rows, recent = selectors.my_checkins(cohort=cohort, user=request.user)
    for row in rows:
        if form is not None and str(row.task.pk) == str(failed_task):
            row.form = form
        else:
            initial = {"task": row.task.pk}
            if row.checkin is not None:
                initial.update(
                    book=row.checkin.book, chapter=row.checkin.chapter, text=row.checkin.text
                )
            row.form = CheckinForm(initial=initial, auto_id=f"id_{row.task.pk}_%s")
        row.refusal = services.checkin_submit_check(task=row.task, user=request.user)
        row.supervises = services.may_supervise(request.user, row.task)
    return render(
        request,
        "engagement/checkins.html",
        {"cohort": cohort, "rows": rows, "recent": recent},
        status=status,
    )


@login_required
@require_POST
def checkin_delete(request, slug: str, checkin_id: int):
    cohort = cohort_or_404(request, slug)
    checkin = get_object_or_404(
        Checkin.objects.select_related("period", "task"),
        pk=checkin_id,
        task__cohort=cohort,
        person=request.user,
    )
    try:
        services.checkin_delete(checkin=checkin, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your check-in is taken back."))
    return redirect("engagement:checkins", slug=cohort.slug)


@login_required
def checkin_photo(request, slug: str, checkin_id: int):
    """A check-in's photo, to its author and to those who supervise the task."""
    cohort = cohort_or_404(request, slug)
    checkin = get_object_or_404(
        Checkin.objects.select_related("task"), pk=checkin_id, task__cohort=cohort
    )
    checkin.task.cohort = cohort
    if not services.checkin_photo_readable(checkin=checkin, user=request.user):
        raise Http404(_("No such check-in."))
    return room_media_response(checkin, "image")


@login_required
def supervise(request, slug: str):
    """For the helpers on check-in duty: who has not checked in for today's period, with
    one button that nudges them all through the outbox."""
    cohort = _member_cohort(request, slug)
    tasks = [t for t in selectors.tasks_of(cohort) if services.may_supervise(request.user, t)]
    if not tasks:
        raise PermissionDenied(_("Only the helpers on check-in duty and the organizers see this."))
    task = tasks[0]
    if request.GET.get("task"):
        task = next((t for t in tasks if str(t.pk) == request.GET["task"]), None)
        if task is None:
            raise Http404(_("No such check-in."))
    day = services.period_current_day(task)
    missing, counts, period = [], None, None
    if day is not None:
        period = services.period_get(task, day)
        missing = list(selectors.supervision_list(period))
        counts = selectors.period_counts(period)
    return render(
        request,
        "engagement/supervise.html",
        {
            "cohort": cohort,
            "tasks": tasks,
            "task": task,
            "period": period,
            "missing": missing,
            "counts": counts,
            "waiting": sum(1 for m in missing if not m.nudged),
        },
    )


@login_required
@require_POST
def nudge(request, slug: str):
    cohort = _member_cohort(request, slug)
    form = NudgeForm(request.POST)
    if not form.is_valid():
        raise Http404(_("No such check-in."))
    task = _task(cohort, form.cleaned_data["task"])
    try:
        count = services.checkin_nudge(task=task, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            messages.success(
                request,
                _("Nudged %(count)s people; each hears it once today.") % {"count": count},
            )
        else:
            messages.info(request, _("Everyone waiting has been nudged already."))
    return redirect(f"{request.path.rsplit('nudge/', 1)[0]}?task={task.pk}")


@login_required
def leaderboard(request, slug: str):
    """The cohort's leaderboard, or a sub-group's (``?group=<slug>``): the top and my own
    rank."""
    cohort = _member_cohort(request, slug)
    groups = list(permissions.subgroups_listed_for(request.user, cohort).order_by("name"))
    subgroup = None
    if request.GET.get("group"):
        try:
            subgroup = cohort_selectors.subgroup_get(
                cohort=cohort, slug=request.GET["group"], user=request.user
            )
        except SubGroup.DoesNotExist:
            raise Http404(_("No such sub-group.")) from None
        if not permissions.can_view_subgroup_content(request.user, subgroup):
            raise PermissionDenied(_("Only the sub-group's members see its leaderboard."))
    board, mine = selectors.leaderboard(
        cohort=cohort, subgroup=subgroup, viewer=request.user, top=LEADERBOARD_TOP
    )
    return render(
        request,
        "engagement/leaderboard.html",
        {
            "cohort": cohort,
            "board": board,
            "mine": mine,
            "mine_shown": mine is not None and any(s.user.pk == request.user.pk for s in board),
            "subgroup": subgroup,
            "groups": [g for g in groups if permissions.can_view_subgroup_content(request.user, g)],
        },
    )


@login_required
def my_points(request, slug: str):
    """My ledger in the cohort: each entry with its rule, points and cause (linked)."""
    cohort = _member_cohort(request, slug)
    page = Paginator(selectors.ledger_of(cohort=cohort, person=request.user), LEDGER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "engagement/my_points.html",
        {
            "cohort": cohort,
            "page": page,
            "lines": selectors.ledger(list(page.object_list)),
            "total": selectors.points_total(cohort=cohort, person=request.user),
        },
    )
