"""The member pages of guest sessions (phone first): the cohort's schedule, a session,
its live room, the single ``.ics``, and the guest's invitation pages.

A hidden sub-group's session is 404 to whoever may not see the sub-group, exactly like
the sub-group itself; a whole-cohort session is open to any signed-in employee, who
comes as a listener when they are not a member (the seeds' veterans pulled in by the
announcement).

The room's readers poll ``room_updates``. It is built to cost no database query when
nothing changed and one shared snapshot when something did: the room page hands the
reader a signed ticket (session and person, valid for the evening), the
room's version comes from the cache, and the snapshot is cached per version.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cohorts import permissions
from cohorts.pages_selectors import cohort_or_404
from cohorts.sessions import selectors, services
from cohorts.sessions.forms import (
    FeedbackForm,
    GuestAnswerForm,
    QuestionForm,
    RoomPostForm,
    RsvpForm,
)
from cohorts.sessions.models import Attendance, GuestInvitation, RoomPost, RoomQuestion, Session
from cohorts.sessions.uploads import room_media_response
from learning.calendar import ics_build
from learning.forms import add_service_errors

ROOM_TICKET_SALT = "guild.sessions.room-ticket"
ROOM_TICKET_AGE = 6 * 60 * 60
ROOM_SNAPSHOT_TTL = 60 * 60


def _session(request, slug: str, session_id: int) -> Session:
    """The session with what its page shows, or 404 when the viewer may not see it."""
    cohort = cohort_or_404(request, slug)
    session = selectors.session_page(cohort=cohort, session_id=session_id, user=request.user)
    if session is None or not services.session_visible_to(request.user, session):
        raise Http404(_("No such session."))
    return session


@login_required
def schedule(request, slug: str):
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    upcoming, past = selectors.cohort_schedule(cohort=cohort, user=request.user)
    return render(
        request,
        "sessions/schedule.html",
        {"cohort": cohort, "upcoming": upcoming, "past": past},
    )


@login_required
def session_detail(request, slug: str, session_id: int):
    session = _session(request, slug, session_id)
    user = request.user
    attended = Attendance.objects.filter(session=session, user=user).exists()
    summary = getattr(session, "summary", None)
    context = {
        "cohort": session.cohort,
        "session": session,
        "rsvp_form": RsvpForm(initial={"answer": session.my_rsvp}),
        "feedback_form": FeedbackForm() if attended else None,
        "summary": summary if summary and summary.status == "published" else None,
        "share_text": services.session_share_text(session, base_url=_base_url(request)),
        "is_member": permissions.can_view_cohort_content(user, session.cohort),
        "may_run": permissions.can_change_cohort(user, session.cohort),
    }
    return render(request, "sessions/session.html", context)


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@login_required
@require_POST
def rsvp(request, slug: str, session_id: int):
    session = _session(request, slug, session_id)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose going, maybe or not going."))
    else:
        try:
            services.rsvp_set(
                session=session, user=request.user, answer=form.cleaned_data["answer"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Your answer is saved."))
    return redirect("sessions:detail", slug=slug, session_id=session.pk)


@login_required
@require_POST
def feedback(request, slug: str, session_id: int):
    session = _session(request, slug, session_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_give(session=session, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Thank you for your feedback."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("sessions:detail", slug=slug, session_id=session.pk)


@login_required
def session_ics(request, slug: str, session_id: int):
    session = _session(request, slug, session_id)
    body = ics_build([selectors.session_calendar_event(session)], base_url=_base_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def room_ticket(session: Session, user) -> str:
    return signing.TimestampSigner(salt=ROOM_TICKET_SALT).sign(f"{session.pk}:{user.pk}")


def _ticket_session_id(ticket: str) -> int | None:
    try:
        value = signing.TimestampSigner(salt=ROOM_TICKET_SALT).unsign(
            ticket, max_age=ROOM_TICKET_AGE
        )
    except signing.BadSignature:
        return None
    session_id, _user_id = value.split(":", 1)
    return int(session_id)


@login_required
def room(request, slug: str, session_id: int):
    session = _session(request, slug, session_id)
    user = request.user
    speaker = services.room_speaker(user, session)
    post_form, question_form = RoomPostForm(), QuestionForm()
    status = 200
    if request.method == "POST":
        try:
            if "ask" in request.POST:
                question_form = QuestionForm(request.POST)
                if question_form.is_valid():
                    services.room_question_ask(
                        session=session, author=user, body=question_form.cleaned_data["body"]
                    )
                    return redirect("sessions:room", slug=slug, session_id=session.pk)
            elif speaker:
                post_form = RoomPostForm(request.POST, request.FILES)
                if post_form.is_valid():
                    services.room_post_create(
                        session=session, author=user, **post_form.cleaned_data
                    )
                    return redirect("sessions:room", slug=slug, session_id=session.pk)
        except ValidationError as error:
            add_service_errors(question_form if "ask" in request.POST else post_form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            status = 403
        status = status if status != 200 else 400
    if session.status == Session.Status.LIVE:
        services.attendance_record(session=session, user=user)
    snapshot = selectors.room_snapshot(session)
    return render(
        request,
        "sessions/room.html",
        {
            "cohort": session.cohort,
            "session": session,
            "snapshot": snapshot,
            "speaker": speaker,
            "post_form": post_form,
            "question_form": question_form,
            "ticket": room_ticket(session, user),
            "version": services.room_version(session.pk),
        },
        status=status,
    )


@require_GET
@never_cache
def room_updates(request, session_id: int):
    """What changed in the room since the reader's version: 204 when nothing did (no
    database query), else the room's snapshot at the current version (one shared
    computation per version)."""
    if _ticket_session_id(request.GET.get("ticket", "")) != session_id:
        return JsonResponse({"detail": "ticket"}, status=403)
    version = services.room_version(session_id)
    if request.GET.get("v") == str(version):
        return HttpResponse(status=204)
    key = f"guild:session-room:{session_id}:snapshot:{version}"
    snapshot = cache.get(key)
    if snapshot is None:
        session = Session.objects.filter(pk=session_id).first()
        if session is None:
            raise Http404
        snapshot = selectors.room_snapshot(session)
        cache.set(key, snapshot, ROOM_SNAPSHOT_TTL)
    return JsonResponse({"version": version, **snapshot})


@login_required
@require_POST
def question_vote(request, slug: str, session_id: int, question_id: int):
    session = _session(request, slug, session_id)
    question = RoomQuestion.objects.filter(session=session, pk=question_id).first()
    if question is None:
        raise Http404
    try:
        services.room_question_vote(question=question, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("sessions:room", slug=slug, session_id=session.pk)


@login_required
@require_POST
def question_answered(request, slug: str, session_id: int, question_id: int):
    session = _session(request, slug, session_id)
    question = RoomQuestion.objects.filter(session=session, pk=question_id).first()
    if question is None:
        raise Http404
    try:
        services.room_question_answered(question=question, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect("sessions:room", slug=slug, session_id=session.pk)


@login_required
def room_media(request, slug: str, session_id: int, post_id: int, kind: str):
    """A room image or voice clip, only to those who may see the session."""
    session = _session(request, slug, session_id)
    post = RoomPost.objects.filter(session=session, pk=post_id).first()
    if post is None:
        raise Http404
    return room_media_response(post, kind)


def guest_answer(request, token: str):
    """An outside guest's invitation, opened by its secret link: no account needed.
    The page offers only this invitation's answer; a dead link gets one message."""
    invitation = services.invitation_by_token(token)
    form = GuestAnswerForm(request.POST or None)
    status = 200
    if invitation is not None and request.method == "POST":
        if form.is_valid():
            try:
                invitation = services.invitation_answer_by_token(
                    token=token,
                    accept=form.cleaned_data["accept"] == "yes",
                    answer=form.cleaned_data["answer"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
                status = 400
        else:
            status = 400
    response = render(
        request,
        "sessions/guest_answer.html",
        {"invitation": invitation, "form": form, "answered": request.method == "POST"},
        status=status if invitation is not None else 404,
    )
    # The secret is in the address: no other site may see it in a Referer header. Not
    # "no-referrer", which makes browsers send "Origin: null" with the form, and CSRF
    # protection then refuses the guest's answer.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_invitation(request, invitation_id: int):
    """An employee guest's own invitation, answered while signed in."""
    invitation = (
        GuestInvitation.objects.select_related("session__cohort", "guest__employee")
        .filter(pk=invitation_id, guest__employee__user=request.user)
        .first()
    )
    if invitation is None:
        raise Http404
    form = GuestAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        to = "confirmed" if form.cleaned_data["accept"] == "yes" else "declined"
        try:
            services.invitation_transition(
                invitation=invitation,
                actor=request.user,
                to=to,
                answer=form.cleaned_data["answer"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Thank you: the organizers are told."))
            return redirect(reverse("sessions_invitation", kwargs={"invitation_id": invitation.pk}))
    return render(
        request,
        "sessions/guest_answer.html",
        {"invitation": invitation, "form": form, "signed_in": True},
    )
