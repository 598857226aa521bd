"""HR's health pages in the Wagtail admin: the cohorts to choose from, one cohort's
dashboard (with its goals and export), and a program's cohorts compared."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import permissions
from cohorts.health import charts, services
from cohorts.health.export import FORMATS, HealthExport
from cohorts.health.forms import goal_form_save
from cohorts.health.models import HealthGoal
from cohorts.health.presenting import dashboard_page_context
from cohorts.health.selectors import cohort_health, program_health
from cohorts.models import Cohort, ProgramPage


def cohorts_run_by(user):
    """The cohorts whose dashboards ``user`` may read: all for HR, else those they
    organize or run as the operations team."""
    cohorts = Cohort.objects.select_related("program").order_by("program__title", "start_date")
    if permissions.is_hr_organizer(user):
        return cohorts
    return cohorts.filter(
        memberships__user=user,
        memberships__status="active",
        memberships__role__in=permissions.Membership.STAFF_ROLES,
    )


def _cohort(request, cohort_id: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=cohort_id)
    if not permissions.is_cohort_staff(request.user, cohort):
        raise PermissionDenied(_("Only the cohort's organizers and operations team see this."))
    return cohort


def index(request):
    cohorts = list(cohorts_run_by(request.user))
    return TemplateResponse(
        request,
        "health/admin_index.html",
        {"cohorts": cohorts, "page_title": _("Cohort health"), "header_icon": "view"},
    )


def _page(request, cohort, form=None, status=200):
    context = dashboard_page_context(
        request.user,
        cohort,
        form=form,
        goal_set_url=reverse("health_goal_set", args=[cohort.pk]),
        goal_remove_url=lambda pk: reverse("health_goal_remove", args=[cohort.pk, pk]),
        export_url=lambda fmt: reverse("health_export", args=[cohort.pk, fmt]),
    )
    context["page_title"] = _("Health of %(cohort)s") % {"cohort": cohort.name}
    context["header_icon"] = "view"
    return TemplateResponse(request, "health/admin_dashboard.html", context, status=status)


def cohort_dashboard(request, cohort_id: int):
    return _page(request, _cohort(request, cohort_id))


@require_POST
def goal_set(request, cohort_id: int):
    cohort = _cohort(request, cohort_id)
    if not services.can_set_goals(request.user, cohort):
        raise PermissionDenied(_("Only the organizers and the core and planning teams set goals."))
    form = goal_form_save(request, cohort)
    if form is None:
        messages.success(request, _("The goal is set."))
        return redirect("health_cohort", cohort.pk)
    return _page(request, cohort, form=form, status=400)


@require_POST
def goal_remove(request, cohort_id: int, goal_id: int):
    cohort = _cohort(request, cohort_id)
    goal = get_object_or_404(HealthGoal, pk=goal_id, cohort=cohort)
    goal.cohort = cohort
    services.goal_remove(actor=request.user, goal=goal)
    messages.success(request, _("The goal is removed."))
    return redirect("health_cohort", cohort.pk)


def export(request, cohort_id: int, export_format: str):
    if export_format not in FORMATS:
        raise Http404(_("No such file format."))
    return HealthExport(cohort_health(_cohort(request, cohort_id))).response(export_format)


def program_dashboard(request, program_id: int):
    """A program's cohorts side by side, each metric a bar chart."""
    program = get_object_or_404(ProgramPage, pk=program_id)
    cohorts = [c for c in cohorts_run_by(request.user).filter(program=program)]
    if not cohorts:
        raise PermissionDenied(_("You run none of this program's cohorts."))
    comparisons = program_health(cohorts)
    return TemplateResponse(
        request,
        "health/admin_program.html",
        {
            "program": program,
            "cohorts": cohorts,
            "charts": [charts.bar_chart(c) for c in comparisons],
            "page_title": _("Cohorts of %(program)s") % {"program": program.title},
            "header_icon": "view",
        },
    )
