"""Admin screens of mentoring beyond the ViewSets' lists: matching runs (start, review
with explanations, lock, change, re-run, publish, discard) and deciding re-pair
requests. Wagtail requires admin access for these URLs; the services check that the
person organizes the cohort."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cohorts import permissions
from learning.forms import add_service_errors
from mentors import selectors, services
from mentors.admin_forms import (
    ExclusionForm,
    MatchRunStartForm,
    PairChangeForm,
    RepairDecisionForm,
    WeightsForm,
)
from mentors.explain import parts_label, unmatched_label
from mentors.models import MatchProposal, MatchRun, RepairRequest

PROPOSALS_PER_PAGE = 100


def _refusal(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do that.")


def _run_for(request, pk: int) -> MatchRun:
    return get_object_or_404(selectors.match_runs_for(request.user), pk=pk)


def run_index(request):
    """The matching runs of the cohorts the viewer organizes."""
    page = Paginator(selectors.match_runs_for(request.user), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "mentors/admin/run_index.html",
        {"page_title": _("Matching runs"), "header_icon": "group", "page": page},
    )


def run_start(request):
    """Choose a cohort and tune the weights, then run the engine."""
    form = MatchRunStartForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = services.match_run_start(
                    actor=request.user,
                    cohort=form.cleaned_data["cohort"],
                    weights=form.weights(),
                    return_url=reverse("mentors_runs:index"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, _refusal(error))
                status = 403
            else:
                if outcome.job is not None:
                    return redirect("learning_job", job_id=outcome.job.pk)
                return redirect("mentors_runs:review", pk=outcome.result.pk)
    return TemplateResponse(
        request,
        "mentors/admin/run_start.html",
        {"page_title": _("Match mentors"), "header_icon": "group", "form": form},
        status=status,
    )


def run_review(request, pk: int):
    """The proposed pairs with their explanations, the newcomers left out and why, and
    what HR can do: lock, change, re-run with other weights, publish or discard."""
    run = _run_for(request, pk)
    page = Paginator(selectors.run_proposals(run), PROPOSALS_PER_PAGE).get_page(
        request.GET.get("p")
    )
    rows = [{"proposal": row, "why": parts_label(row.parts)} for row in page]
    unmatched = [
        {**item, "why": unmatched_label(item["reason"], item.get("counts"))}
        for item in selectors.run_unmatched(run)
    ]
    change_form = PairChangeForm()
    return TemplateResponse(
        request,
        "mentors/admin/run_review.html",
        {
            "page_title": _("Review the matching"),
            "header_icon": "group",
            "run": run,
            "page": page,
            "rows": rows,
            "unmatched": unmatched,
            "unmatched_count": len(run.unmatched),
            "change_form": change_form,
            "exclusion_form": ExclusionForm(prefix="exclude"),
            "exclusions": selectors.cohort_exclusions(run.cohort)[:50],
            "weights_form": WeightsForm(initial=run.weights),
            "media": change_form.media,
        },
    )


def _valid(form) -> None:
    """A button's small form, or its problems as one refusal (shown as a message)."""
    if not form.is_valid():
        raise ValidationError(
            [message for problems in form.errors.values() for message in problems]
        )


def _after(request, run: MatchRun, done):
    try:
        message = done()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        if message:
            messages.success(request, message)
    return redirect("mentors_runs:review", pk=run.pk)


@require_POST
def proposal_lock(request, pk: int, proposal_pk: int):
    run = _run_for(request, pk)
    proposal = get_object_or_404(
        MatchProposal.objects.select_related("run__cohort"), pk=proposal_pk, run=run
    )
    locked = request.POST.get("locked") == "1"

    def done():
        services.proposal_lock(actor=request.user, proposal=proposal, locked=locked)
        return _("The pair is locked.") if locked else _("The pair is unlocked.")

    return _after(request, run, done)


@require_POST
def proposal_change(request, pk: int):
    run = _run_for(request, pk)
    form = PairChangeForm(request.POST)

    def done():
        _valid(form)
        services.proposal_change(actor=request.user, run=run, **form.cleaned_data)
        return _("The pair is changed and locked.")

    return _after(request, run, done)


@require_POST
def exclusion_add(request, pk: int):
    run = _run_for(request, pk)
    form = ExclusionForm(request.POST, prefix="exclude")

    def done():
        _valid(form)
        services.match_exclusion_add(actor=request.user, cohort=run.cohort, **form.cleaned_data)
        return _("The pair is excluded; run again to apply it.")

    return _after(request, run, done)


@require_POST
def run_rerun(request, pk: int):
    run = _run_for(request, pk)
    form = WeightsForm(request.POST)

    def done():
        _valid(form)
        weights = services.weights_clean(form.weights()).as_dict()
        if weights != run.weights:
            MatchRun.objects.filter(pk=run.pk).update(weights=weights)
            run.weights = weights
        outcome = services.match_run_rerun(actor=request.user, run=run)
        if outcome.job is not None:
            return _("The matching runs again in the background.")
        return _("The matching ran again around the locked pairs.")

    return _after(request, run, done)


@require_POST
def run_publish(request, pk: int):
    run = _run_for(request, pk)

    def done():
        counts = services.match_run_publish(actor=request.user, run=run)
        return (
            _("Published: %(started)d new pairs, %(ended)d ended, %(kept)d kept. Everyone is told.")
            % counts
        )

    return _after(request, run, done)


@require_POST
def run_discard(request, pk: int):
    run = _run_for(request, pk)

    def done():
        services.match_run_discard(actor=request.user, run=run)
        return _("The run is discarded.")

    return _after(request, run, done)


def repair_decide(request, pk: int):
    """HR's decision on one re-pair request: grant (with a new mentor, optionally) or
    decline, with a note to the person who asked."""
    request_row = get_object_or_404(
        RepairRequest.objects.select_related(
            "pairing__cohort",
            "pairing__mentor__profile",
            "pairing__mentee__profile",
            "requested_by__profile",
        ).filter(pairing__cohort__in=permissions.cohorts_organized_by(request.user)),
        pk=pk,
    )
    form = RepairDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.repair_request_decide(
                    actor=request.user, request=request_row, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, _refusal(error))
                status = 403
            else:
                messages.success(request, _("The request is decided; both sides are told."))
                return redirect("mentors_repairrequest:index")
    return TemplateResponse(
        request,
        "mentors/admin/repair_decide.html",
        {
            "page_title": _("Decide a re-pair request"),
            "header_icon": "group",
            "item": request_row,
            "form": form,
        },
        status=status,
    )
