"""Member pages of mentoring (phone first): my mentoring (my mentor, my mentees), my
mentor profile (opt in, capacity, what I know), and asking to be paired again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from learning.forms import add_service_errors
from mentors import selectors, services
from mentors.forms import MentorProfileFields, RepairAskForm
from mentors.models import MentorProfile, Pairing


@login_required
def mine(request):
    """The pairs I am in: my mentors with how to reach them, and my mentees."""
    pairings = list(selectors.my_pairings(request.user))
    return render(
        request,
        "mentors/mine.html",
        {
            "as_mentee": [p for p in pairings if p.mentee_id == request.user.pk],
            "as_mentor": [p for p in pairings if p.mentor_id == request.user.pk],
            "profile": MentorProfile.objects.filter(user=request.user).first(),
        },
    )


@login_required
def profile(request):
    """Opt in as a mentor, or change what my mentor profile says."""
    current = MentorProfile.objects.prefetch_related("regions").filter(user=request.user).first()
    form = MentorProfileFields(
        request.POST or None, initial=MentorProfileFields.initial_of(current)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.mentor_profile_save(
                    actor=request.user, user=request.user, changes=form.changes()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your mentor profile is saved."))
                return redirect("mentors:mine")
    return render(
        request, "mentors/profile.html", {"form": form, "profile": current}, status=status
    )


@login_required
def repair(request, pairing_id: int):
    """Ask HR to pair me with someone else, with a reason (the pair's two people only)."""
    pairing = get_object_or_404(
        Pairing.objects.select_related("cohort", "mentor__profile", "mentee__profile"),
        pk=pairing_id,
    )
    if request.user.pk not in (pairing.mentor_id, pairing.mentee_id):
        raise Http404
    problem = services.repair_request_check(actor=request.user, pairing=pairing)
    form = RepairAskForm(request.POST or None)
    status = 200
    if request.method == "POST" and not problem:
        status = 400
        if form.is_valid():
            try:
                services.repair_request_create(
                    actor=request.user, pairing=pairing, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                messages.success(request, _("Your request is sent; HR will answer you."))
                return redirect("mentors:mine")
    other = pairing.mentor if pairing.mentee_id == request.user.pk else pairing.mentee
    return render(
        request,
        "mentors/repair.html",
        {"pairing": pairing, "other": other, "form": form, "problem": problem},
        status=status,
    )
