"""Admin screens of cohorts beyond the ViewSets' lists and forms.

Status transitions, generating sub-groups from the directory (preview, then confirm),
adding members by rule (preview, then add), publishing group rules and deciding reports.
Wagtail already requires admin access for these URLs; each view checks the model
permission, then the service checks the cohort's own rules. Previews save nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cohorts import jobs as cohorts_jobs
from cohorts import services
from cohorts.forms import (
    AddByRuleForm,
    ReportDecisionForm,
    SubGroupPlanForm,
    TransitionForm,
)
from cohorts.models import CharterVersion, Cohort, Report
from learning.forms import add_service_errors

PREVIEW_ROWS = 50


def _require(request, *perms: str) -> None:
    if not all(request.user.has_perm(f"cohorts.{perm}") for perm in perms):
        raise PermissionDenied


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do that.")


@require_POST
def cohort_transition(request, pk: int):
    """One of the edit page's status buttons: open, start, close or back to draft."""
    _require(request, "change_cohort")
    cohort = get_object_or_404(Cohort, pk=pk)
    form = TransitionForm(request.POST)
    edit_url = reverse("cohorts_cohort:edit", args=[cohort.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a status to move the cohort to."))
        return redirect(edit_url)
    try:
        cohort = services.cohort_transition(
            cohort=cohort,
            to_status=form.cleaned_data["status"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request,
            _("The cohort stays %(status)s: %(reason)s")
            % {"status": cohort.get_status_display().lower(), "reason": _refusal(error)},
        )
    else:
        messages.success(
            request,
            _("“%(cohort)s” is now %(status)s.")
            % {"cohort": cohort.name, "status": cohort.get_status_display().lower()},
        )
    return redirect(edit_url)


def subgroups_generate(request):
    """Pick a cohort and a dimension, see the sub-groups that would be made, confirm."""
    _require(request, "add_subgroup")
    data = request.POST if request.method == "POST" else request.GET or None
    form = SubGroupPlanForm(data, initial={"add_members": True})
    proposals = None
    status = 200
    if data is not None and form.is_valid():
        cohort = form.cleaned_data["cohort"]
        plan = {
            "cohort": cohort,
            "dimension": form.cleaned_data["dimension"],
            "custom_key": form.cleaned_data["custom_key"],
        }
        try:
            if request.method == "POST" and "confirm" in request.POST:
                done_url = reverse("cohorts_subgroup:index") + f"?cohort={cohort.pk}"
                add_members = form.cleaned_data["add_members"]
                outcome = cohorts_jobs.subgroups_generate_run(
                    **plan, actor=request.user, add_members=add_members, return_url=done_url
                )
                if outcome.job is not None:
                    return redirect("learning_job", job_id=outcome.job.pk)
                messages.success(
                    request,
                    _("%(count)d sub-groups created in %(cohort)s.")
                    % {"count": len(outcome.result), "cohort": cohort.name},
                )
                return redirect(done_url)
            proposals = services.subgroups_preview(**plan, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        except PermissionDenied as error:
            form.add_error(None, _refusal(error))
            status = 403
    elif data is not None:
        status = 400
    return TemplateResponse(
        request,
        "cohorts/admin/subgroups_generate.html",
        {
            "page_title": _("Generate sub-groups from the directory"),
            "header_icon": "group",
            "form": form,
            "proposals": proposals,
            "new_count": sum(1 for p in proposals or [] if not p.exists),
        },
        status=status,
    )


def memberships_add_by_rule(request):
    """Choose conditions, see who qualifies (and is not in yet), then add them all."""
    _require(request, "add_membership")
    data = request.POST if request.method == "POST" else None
    form = AddByRuleForm(data)
    candidates = None
    total = 0
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            cohort = form.cleaned_data["cohort"]
            subgroup = form.cleaned_data["subgroup"]
            try:
                if "confirm" in request.POST:
                    done_url = (
                        reverse("wagtailsnippets_cohorts_membership:list") + f"?cohort={cohort.pk}"
                    )
                    outcome = cohorts_jobs.memberships_add_by_rule_run(
                        actor=request.user,
                        conditions=form.conditions(),
                        cohort=None if subgroup else cohort,
                        subgroup=subgroup,
                        reason=form.cleaned_data["reason"],
                        return_url=done_url,
                    )
                    if outcome.job is not None:
                        return redirect("learning_job", job_id=outcome.job.pk)
                    messages.success(
                        request,
                        _("%(count)d people added to %(target)s.")
                        % {"count": len(outcome.result), "target": subgroup or cohort},
                    )
                    return redirect(done_url)
                queryset = services.memberships_add_by_rule_preview(
                    cohort=cohort, conditions=form.conditions(), actor=request.user
                )
                total = queryset.count()
                candidates = list(queryset[:PREVIEW_ROWS])
                status = 200
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, _refusal(error))
                status = 403
    return TemplateResponse(
        request,
        "cohorts/admin/add_by_rule.html",
        {
            "page_title": _("Add members by rule"),
            "header_icon": "user",
            "form": form,
            "candidates": candidates,
            "total": total,
            "preview_rows": PREVIEW_ROWS,
        },
        status=status,
    )


@require_POST
def charter_publish(request, pk: int):
    """Put a written version of the group rules in force."""
    _require(request, "change_charterversion")
    version = get_object_or_404(CharterVersion.objects.select_related("charter"), pk=pk)
    try:
        services.charter_publish(version=version, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request, _("Version %(number)d is now in force.") % {"number": version.number}
        )
    return redirect("cohorts_charterversion:inspect", pk=version.pk)


def report_decide(request, pk: int):
    """The enforcer's decision on one report: dismiss, warn, mute until, or remove."""
    _require(request, "change_report")
    report = (
        Report.objects.select_related(
            "cohort", "reporter__profile", "target_member__user__profile", "target_post"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    form = ReportDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.report_decide(report=report, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, _refusal(error))
                status = 403
            else:
                messages.success(request, _("The report is decided; the reporter is told."))
                return redirect("cohorts_report:index")
    return TemplateResponse(
        request,
        "cohorts/admin/report_decide.html",
        {
            "page_title": _("Decide a report"),
            "header_icon": "warning",
            "report": report,
            "form": form,
        },
        status=status,
    )
