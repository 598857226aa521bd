"""The operations team's dashboard on the site (phone first), under
/cohorts/<slug>/health/: the cohort's health, its goals (set and removed here by the
organizers, core and planning teams) and the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import permissions
from cohorts.health import services
from cohorts.health.export import FORMATS, HealthExport
from cohorts.health.forms import goal_form_save
from cohorts.health.models import HealthGoal
from cohorts.health.presenting import dashboard_page_context
from cohorts.health.selectors import cohort_health
from cohorts.models import Cohort
from cohorts.pages_selectors import cohort_or_404


def staff_cohort(request, slug: str) -> Cohort:
    """The cohort if the viewer runs it (organizers, the operations team, HR): 404 if
    they may not see it at all, 403 if they see it but do not run it."""
    cohort = cohort_or_404(request, slug)
    if not permissions.is_cohort_staff(request.user, cohort):
        raise PermissionDenied(_("Only the cohort's organizers and operations team see this."))
    return cohort


def _page(request, cohort, form=None, status=200):
    context = dashboard_page_context(
        request.user,
        cohort,
        form=form,
        goal_set_url=reverse("health:goal_set", args=[cohort.slug]),
        goal_remove_url=lambda pk: reverse("health:goal_remove", args=[cohort.slug, pk]),
        export_url=lambda fmt: reverse("health:export", args=[cohort.slug, fmt]),
    )
    return render(request, "health/dashboard.html", context, status=status)


@login_required
def dashboard(request, slug: str):
    return _page(request, staff_cohort(request, slug))


@login_required
@require_POST
def goal_set(request, slug: str):
    cohort = staff_cohort(request, slug)
    if not services.can_set_goals(request.user, cohort):
        raise PermissionDenied(_("Only the organizers and the core and planning teams set goals."))
    form = goal_form_save(request, cohort)
    if form is None:
        messages.success(request, _("The goal is set."))
        return redirect("health:dashboard", slug=cohort.slug)
    return _page(request, cohort, form=form, status=400)


@login_required
@require_POST
def goal_remove(request, slug: str, goal_id: int):
    cohort = staff_cohort(request, slug)
    goal = get_object_or_404(HealthGoal, pk=goal_id, cohort=cohort)
    goal.cohort = cohort
    services.goal_remove(actor=request.user, goal=goal)
    messages.success(request, _("The goal is removed."))
    return redirect("health:dashboard", slug=cohort.slug)


@login_required
def export(request, slug: str, export_format: str):
    if export_format not in FORMATS:
        raise Http404(_("No such file format."))
    cohort = staff_cohort(request, slug)
    return HealthExport(cohort_health(cohort)).response(export_format)
