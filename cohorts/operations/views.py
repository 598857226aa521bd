"""The operations room's member pages (phone first), under /cohorts/<slug>/operations/:
the room with its search, the week's plan and the duty roster; editing a post; the
evaluations; inviting a member into planning and answering the invitation."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import permissions
from cohorts.models import Cohort, Membership
from cohorts.operations import selectors, services
from cohorts.operations.forms import (
    AssessmentForm,
    PlanItemForm,
    PlanningInviteForm,
    RoomPostForm,
    RosterShiftForm,
)
from cohorts.operations.models import (
    Evaluation,
    PlanItem,
    PlanningInvitation,
    RoomPost,
    RosterShift,
)
from cohorts.pages_selectors import cohort_or_404
from learning.forms import add_service_errors

ROOM_PAGE = 20
WEEK = datetime.timedelta(days=7)


def _room_cohort(request, slug: str) -> Cohort:
    cohort = cohort_or_404(request, slug)
    if not services.may_enter_room(request.user, cohort):
        raise PermissionDenied(_("Only the operations team enters its room."))
    return cohort


def _lead_cohort(request, slug: str) -> Cohort:
    cohort = cohort_or_404(request, slug)
    if not services.may_lead(request.user, cohort):
        raise PermissionDenied(_("Only the core team, the organizers and HR see this."))
    return cohort


def _week(request, cohort: Cohort):
    return services.week_parse(request.GET.get("week") or request.POST.get("week")) or (
        services.week_of(cohort)
    )


def _room_url(cohort: Cohort, week=None) -> str:
    url = services.room_url(cohort)
    return f"{url}?{urlencode({'week': week.isoformat()})}" if week else url


@login_required
def room(request, slug: str):
    """The room: post form, search box, paged posts; the week's plan; the duty roster."""
    cohort = _room_cohort(request, slug)
    week = _week(request, cohort)
    team, days = selectors.duty_roster(cohort)
    form, status = RoomPostForm(), 200
    if request.method == "POST":
        form = RoomPostForm(request.POST)
        if form.is_valid():
            try:
                services.room_post_create(cohort=cohort, author=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Posted in the operations room."))
                return redirect(_room_url(cohort))
        status = 400
    query = " ".join(request.GET.get("q", "").split())[: selectors.SEARCH_MAX]
    kind = request.GET.get("kind", "")
    page = Paginator(selectors.room_posts(cohort, query=query, kind=kind), ROOM_PAGE).get_page(
        request.GET.get("page")
    )
    plan = selectors.weekly_plan(cohort, week)
    this_week = services.week_of(cohort)
    return render(
        request,
        "operations/room.html",
        {
            "cohort": cohort,
            "form": form,
            "page": page,
            "query": query,
            "kind": kind if kind in RoomPost.Kind.values else "",
            "kinds": RoomPost.Kind.choices,
            "paging": urlencode({k: v for k, v in (("q", query), ("kind", kind)) if v}),
            "plan": plan,
            "items": list(plan.items.all()) if plan else [],
            "week": week,
            "this_week": this_week,
            "previous_week": week - WEEK,
            "next_week": week + WEEK,
            "item_form": PlanItemForm(team=team),
            "team": team,
            "days": days,
            "roster_form": RosterShiftForm(team=team),
            "leads": services.may_lead(request.user, cohort),
        },
        status=status,
    )


def _post(cohort: Cohort, post_id) -> RoomPost:
    post = get_object_or_404(RoomPost, pk=post_id, cohort=cohort)
    post.cohort = cohort
    return post


@login_required
def post_edit(request, slug: str, post_id: int):
    cohort = _room_cohort(request, slug)
    post = _post(cohort, post_id)
    refusal = services.room_post_edit_check(post=post, actor=request.user)
    if refusal:
        raise PermissionDenied(refusal)
    status = 200
    if request.method == "POST":
        form = RoomPostForm(request.POST)
        if form.is_valid():
            try:
                services.room_post_edit(post=post, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The post is changed."))
                return redirect(f"{services.room_url(cohort)}#post-{post.pk}")
        status = 400
    else:
        form = RoomPostForm(initial={"kind": post.kind, "title": post.title, "body": post.body})
    return render(
        request,
        "operations/post_edit.html",
        {"cohort": cohort, "post": post, "form": form},
        status=status,
    )


@login_required
@require_POST
def post_pin(request, slug: str, post_id: int):
    cohort = _room_cohort(request, slug)
    post = _post(cohort, post_id)
    services.room_post_pin(post=post, actor=request.user, pinned=request.POST.get("pinned") == "1")
    return redirect(f"{services.room_url(cohort)}#post-{post.pk}")


@login_required
@require_POST
def plan_item_add(request, slug: str):
    cohort = _room_cohort(request, slug)
    week = _week(request, cohort)
    form = PlanItemForm(request.POST, team=services.team_memberships(cohort))
    if form.is_valid():
        try:
            services.plan_item_add(
                cohort=cohort,
                week=week,
                actor=request.user,
                text=form.cleaned_data["text"],
                owner_id=form.cleaned_data["owner"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        messages.success(request, _("Added to the week's plan."))
    return redirect(_room_url(cohort, week) + "#plan")


@login_required
@require_POST
def plan_item_done(request, slug: str, item_id: int):
    cohort = _room_cohort(request, slug)
    item = get_object_or_404(
        PlanItem.objects.select_related("plan"), pk=item_id, plan__cohort=cohort
    )
    item.plan.cohort = cohort
    services.plan_item_done(item=item, actor=request.user, done=request.POST.get("done") != "0")
    return redirect(_room_url(cohort, item.plan.week) + "#plan")


@login_required
@require_POST
def roster_set(request, slug: str):
    cohort = _room_cohort(request, slug)
    refusal = services.roster_set_check(cohort=cohort, actor=request.user)
    if refusal:
        raise PermissionDenied(refusal)
    form = RosterShiftForm(request.POST, team=services.team_memberships(cohort))
    if form.is_valid():
        try:
            services.roster_shift_set(
                cohort=cohort,
                actor=request.user,
                weekday=form.cleaned_data["weekday"],
                person_id=form.cleaned_data["person"],
                duty=form.cleaned_data["duty"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        messages.success(request, _("The duty roster is changed."))
    return redirect(services.room_url(cohort) + "#roster")


@login_required
@require_POST
def roster_remove(request, slug: str, shift_id: int):
    cohort = _room_cohort(request, slug)
    shift = get_object_or_404(RosterShift, pk=shift_id, cohort=cohort)
    shift.cohort = cohort
    services.roster_shift_remove(shift=shift, actor=request.user)
    return redirect(services.room_url(cohort) + "#roster")


@login_required
def evaluations(request, slug: str):
    """The evaluation periods and, for the one chosen, each member's duties done and
    assessment (the core team, the organizers and HR)."""
    cohort = _lead_cohort(request, slug)
    rounds = list(selectors.evaluation_rounds(cohort))
    chosen = None
    wanted = request.GET.get("round")
    for round_ in rounds:
        if wanted is None or str(round_.pk) == wanted:
            chosen = round_
            break
    rows = list(selectors.round_evaluations(chosen)) if chosen else []
    for row in rows:
        row.refusal = (
            services.evaluation_assess_check(evaluation=row, actor=request.user) if chosen else None
        )
    return render(
        request,
        "operations/evaluations.html",
        {
            "cohort": cohort,
            "rounds": rounds,
            "chosen": chosen,
            "rows": rows,
            "form": AssessmentForm(),
            "may_start": permissions.is_organizer(request.user, cohort),
        },
    )


@login_required
@require_POST
def evaluation_assess(request, slug: str, evaluation_id: int):
    cohort = _lead_cohort(request, slug)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("round"), pk=evaluation_id, round__cohort=cohort
    )
    evaluation.round.cohort = cohort
    form = AssessmentForm(request.POST)
    url = (
        f"{services.evaluations_url(cohort)}?round={evaluation.round_id}#evaluation-{evaluation.pk}"
    )
    if not form.is_valid():
        messages.error(
            request,
            _("Assessment: %(error)s") % {"error": " ".join(form.errors.get("assessment", []))},
        )
        return redirect(url)
    try:
        services.evaluation_assess(
            evaluation=evaluation, actor=request.user, assessment=form.cleaned_data["assessment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is saved."))
    return redirect(url)


@login_required
@require_POST
def evaluation_start(request, slug: str):
    """HR or an organizer evaluates the last whole period now (or the one they give)."""
    cohort = cohort_or_404(request, slug)
    if not permissions.is_organizer(request.user, cohort):
        raise PermissionDenied(_("Only HR and the organizers start an evaluation."))
    try:
        start = datetime.date.fromisoformat(request.POST.get("start", ""))
        end = datetime.date.fromisoformat(request.POST.get("end", ""))
    except ValueError:
        messages.error(request, _("Period: give the first and last day as dates."))
        return redirect(services.evaluations_url(cohort))
    try:
        round_, created = services.evaluation_round_start(
            cohort=cohort, start=start, end=end, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(services.evaluations_url(cohort))
    if created:
        messages.success(request, _("The evaluation is started."))
    else:
        messages.info(request, _("This period has been evaluated already."))
    return redirect(f"{services.evaluations_url(cohort)}?round={round_.pk}")


@login_required
def planning_invite(request, slug: str, membership_id: int):
    """Invite a key member into the planning team (core team and organizers)."""
    cohort = _lead_cohort(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, cohort=cohort
    )
    membership.cohort = cohort
    refusal = services.planning_invite_check(
        cohort=cohort, membership=membership, actor=request.user
    )
    form, status = PlanningInviteForm(), 200
    if request.method == "POST" and refusal is None:
        form = PlanningInviteForm(request.POST)
        if form.is_valid():
            try:
                services.planning_invite(
                    cohort=cohort,
                    membership=membership,
                    actor=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is invited into planning.") % {"name": membership.user},
                )
                return redirect(services.room_url(cohort))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "operations/planning_invite.html",
        {
            "cohort": cohort,
            "membership": membership,
            "form": form,
            "refusal": " ".join(refusal.messages) if isinstance(refusal, ValidationError) else None,
        },
        status=status,
    )


@login_required
@require_POST
def planning_answer(request, slug: str, invitation_id: int):
    """The invited member accepts or declines, from their queue."""
    cohort = cohort_or_404(request, slug)
    invitation = get_object_or_404(
        PlanningInvitation.objects.select_related("membership"),
        pk=invitation_id,
        cohort=cohort,
        membership__user=request.user,
    )
    accept = request.POST.get("accept") == "1"
    try:
        services.planning_invitation_answer(
            invitation=invitation, actor=request.user, accept=accept
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cohorts:queue")
    if accept:
        messages.success(request, _("Welcome to the planning team."))
        return redirect(services.room_url(cohort))
    messages.info(request, _("You declined the invitation."))
    return redirect("cohorts:queue")
