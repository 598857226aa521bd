"""Admin screens of guest sessions beyond the ViewSets' lists and forms: the session's
status buttons, its segments, invitations and secret links, its summary; generating a
series; the guest pipeline.

Wagtail already requires admin access for these URLs. Each view finds its session among
those of the cohorts the person organizes (any other is a 404), then the service checks
its own rules; a refusal comes back as a message naming the problem, never a 500.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cohorts.sessions import selectors, services
from cohorts.sessions.admin_access import organizes_a_cohort
from cohorts.sessions.admin_display import guest_works_at, session_guests, session_when
from cohorts.sessions.admin_forms import (
    InvitationTransitionForm,
    InviteForm,
    PipelineForm,
    SegmentFormSet,
    SeriesForm,
    SessionTransitionForm,
    SummaryForm,
    segments_of,
)
from cohorts.sessions.models import Guest, GuestInvitation, Session
from learning.forms import add_service_errors


def session_edit_url(session: Session) -> str:
    return reverse("wagtailsnippets_guest_sessions_session:edit", args=[session.pk])


def _refusal(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do that.")


def _organizer(request) -> None:
    if not organizes_a_cohort(request.user):
        raise PermissionDenied


def _session(request, pk: int) -> Session:
    _organizer(request)
    return get_object_or_404(selectors.sessions_for_admin(request.user), pk=pk)


def _invitation(request, pk: int) -> GuestInvitation:
    _organizer(request)
    return get_object_or_404(
        GuestInvitation.objects.select_related("session__cohort", "guest__employee"),
        pk=pk,
        session__in=selectors.sessions_for_admin(request.user),
    )


def _form_refused(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@require_POST
def session_transition(request, pk: int):
    """One of the session's status buttons: confirm, go live, done, back to planned,
    cancel (with the reason members are told)."""
    session = _session(request, pk)
    form = SessionTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status to move the session to."))
        return redirect(session_edit_url(session))
    to = form.cleaned_data["status"]
    try:
        session = services.session_transition(
            session=session, actor=request.user, to=to, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(
            request,
            _("The session stays “%(status)s”: %(reason)s")
            % {"status": session.get_status_display(), "reason": _refusal(error)},
        )
    else:
        messages.success(
            request,
            _("“%(session)s” is now “%(status)s”.")
            % {"session": session, "status": session.get_status_display()},
        )
    return redirect(session_edit_url(session))


@require_POST
def segments_save(request, pk: int):
    """The evening's segments, in order, replaced at once through ``segments_replace``."""
    session = _session(request, pk)
    formset = SegmentFormSet(request.POST, prefix="segments")
    if not formset.is_valid():
        for position, row in enumerate(formset.forms, start=1):
            for field, errors in row.errors.items():
                messages.error(
                    request,
                    _("Segment %(position)d, %(field)s: %(errors)s")
                    % {
                        "position": position,
                        "field": row.fields[field].label if field in row.fields else "",
                        "errors": " ".join(errors),
                    },
                )
        for error in formset.non_form_errors():
            messages.error(request, error)
        return redirect(session_edit_url(session) + "#segments")
    try:
        services.segments_replace(
            session=session, actor=request.user, segments=segments_of(formset)
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The segments are saved."))
    return redirect(session_edit_url(session) + "#segments")


@require_POST
def invitation_create(request, pk: int):
    """Ask a guest from the guest list to speak at this session."""
    session = _session(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(session_edit_url(session) + "#invitations")
    try:
        invitation = services.invitation_create(
            session=session,
            guest=form.cleaned_data["guest"],
            actor=request.user,
            message=form.cleaned_data["message"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request, _("%(guest)s is invited.") % {"guest": invitation.guest.display_name}
        )
    return redirect(session_edit_url(session) + "#invitations")


@require_POST
def invitation_transition(request, pk: int):
    """An invitation's buttons: confirmed, briefed, talk given, thanked, withdrawn…"""
    invitation = _invitation(request, pk)
    form = InvitationTransitionForm(request.POST)
    back = session_edit_url(invitation.session) + "#invitations"
    if not form.is_valid():
        messages.error(request, _("Choose a status to move the invitation to."))
        return redirect(back)
    try:
        invitation = services.invitation_transition(
            invitation=invitation, actor=request.user, to=form.cleaned_data["status"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("%(guest)s: “%(status)s”.")
            % {"guest": invitation.guest.display_name, "status": invitation.get_status_display()},
        )
    return redirect(back)


@require_POST
def invitation_link_mint(request, pk: int):
    """A new secret link for an outside guest, shown on this one page and never again:
    only its digest is kept, so HR copies it now or makes another."""
    invitation = _invitation(request, pk)
    back = session_edit_url(invitation.session) + "#invitations"
    try:
        token = services.invitation_link_mint(invitation=invitation, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
        return redirect(back)
    invitation.refresh_from_db()
    response = TemplateResponse(
        request,
        "cohorts/sessions/admin/link_once.html",
        {
            "page_title": _("The guest's link"),
            "header_icon": "link",
            "invitation": invitation,
            "link": services.guest_answer_url(token),
            "back_url": back,
        },
    )
    # The page holds a secret: never kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def invitation_link_email(request, pk: int):
    """E-mail the outside guest a new link, which nobody here sees."""
    invitation = _invitation(request, pk)
    try:
        services.invitation_link_email(
            invitation=invitation, actor=request.user, language=translation.get_language()
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("A new link is on its way to %(email)s; the previous one no longer works.")
            % {"email": invitation.guest.email},
        )
    return redirect(session_edit_url(invitation.session) + "#invitations")


@require_POST
def invitation_link_revoke(request, pk: int):
    """The outside guest's link stops working at once."""
    invitation = _invitation(request, pk)
    try:
        services.invitation_link_revoke(invitation=invitation, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("The link of %(guest)s no longer works.") % {"guest": invitation.guest.display_name},
        )
    return redirect(session_edit_url(invitation.session) + "#invitations")


@require_POST
def summary_save(request, pk: int):
    """Save the summary's draft; with "publish", publish it too (feed, library, people)."""
    session = _session(request, pk)
    back = session_edit_url(session) + "#summary"
    form = SummaryForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect(back)
    try:
        summary = services.summary_save(session=session, actor=request.user, **form.texts())
        if "publish" in request.POST:
            summary = services.summary_publish(summary=summary, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("The summary is published.")
            if summary.status == summary.Status.PUBLISHED
            else _("The summary's draft is saved."),
        )
    return redirect(back)


def series_generate(request):
    """One planned slot per evening across a range of the cohort's dates."""
    _organizer(request)
    form = SeriesForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                series = services.series_generate(
                    cohort=data["cohort"],
                    actor=request.user,
                    first_date=data["first_date"],
                    last_date=data["last_date"],
                    skip_weekdays=data["skip_weekdays"],
                    holidays=data["holidays"],
                    subgroup=data["subgroup"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, _refusal(error))
            else:
                created = series.sessions.count()
                messages.success(
                    request,
                    _(
                        "%(count)d evenings scheduled in %(cohort)s, %(first)s to %(last)s; "
                        "evenings that already had a session were left as they were."
                    )
                    % {
                        "count": created,
                        "cohort": series.cohort.name,
                        "first": series.first_date.isoformat(),
                        "last": series.last_date.isoformat(),
                    },
                )
                return redirect(
                    reverse("wagtailsnippets_guest_sessions_session:list")
                    + f"?cohort={series.cohort_id}"
                )
        status = 400
    return TemplateResponse(
        request,
        "cohorts/sessions/admin/series_generate.html",
        {"page_title": _("Generate a series"), "header_icon": "date", "form": form},
        status=status,
    )


def guest_pipeline(request):
    """The guest list by tier in the seeds' order of asking, each guest with their
    invitations by status; the open evenings still without a confirmed guest; and the
    cohort's outstanding newcomers to ask, with why."""
    _organizer(request)
    form = PipelineForm(request.GET or None, user=request.user)
    cohort, days = None, PipelineForm.base_fields["days"].initial
    if form.is_bound and form.is_valid():
        cohort = form.cleaned_data["cohort"]
        days = form.cleaned_data["days"] or days
    pipeline = services.guest_pipeline(cohort=cohort)
    soon = selectors.sessions_soon(request.user, days=days)
    if cohort is not None:
        soon = soon.filter(cohort=cohort)
    soon = list(soon[:100])
    clashes = services.session_clashes(soon, warn_days=days)
    unfilled = [s for s in soon if any(c.code == "unfilled" for c in clashes.get(s.pk, ()))]
    statuses = [(value, GuestInvitation.Status(value).label) for value in GuestInvitation.Status]
    return TemplateResponse(
        request,
        "cohorts/sessions/admin/pipeline.html",
        {
            "page_title": _("Guest pipeline"),
            "header_icon": "list-ol",
            "form": form,
            "days": days,
            "cohort": cohort,
            "tiers": [
                (
                    tier,
                    Guest.Tier(tier).label,
                    [
                        {
                            "guest": entry["guest"],
                            "works_at": guest_works_at(entry["guest"]),
                            "counts": [
                                (label, entry["invitations"][value])
                                for value, label in statuses
                                if entry["invitations"].get(value)
                            ],
                        }
                        for entry in pipeline[tier]
                    ],
                )
                for tier in Guest.Tier.values
            ],
            "unfilled": [
                (session, session_when(session), session_guests(session)) for session in unfilled
            ],
            "suggestions": (
                services.newcomer_guest_suggestions(cohort=cohort) if cohort is not None else None
            ),
            "add_guest_url": reverse("guest_sessions_guest:add"),
        },
    )
