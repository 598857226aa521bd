"""Nightly guest sessions: the evening itself, its guests and who comes.

A ``Session`` is one evening of a cohort (19:30–21:00 in the cohort's time zone by
default): a talk by a guest, then questions and answers. Its wall-clock date and times are
what HR types; ``starts_at`` and ``ends_at`` are the same instants in UTC, kept in step by
the services, so that the dispatcher and calendars never do time-zone arithmetic in SQL.

Guests come in the seeds' order of tiers (``Guest.Tier``): internal executives first,
outstanding newcomers last. A ``GuestInvitation`` asks one guest to speak at one session
and moves through ``GuestInvitation.Status``; an outside guest answers it through a secret
link, kept only as a digest.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import RichTextField

from cohorts.models import Cohort, SubGroup
from learning.models import EmployeeProfile


class SessionFormat(models.TextChoices):
    ROOM = "room", _("Live room in Guild")
    LINK = "link", _("External meeting link")
    IN_PERSON = "in_person", _("In person")


class SessionSeries(models.Model):
    """A run of evenings generated at once: one slot per evening between two dates."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="session_series", verbose_name=_("cohort")
    )
    subgroup = models.ForeignKey(
        SubGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_series",
        verbose_name=_("sub-group"),
    )
    first_date = models.DateField(_("first evening"))
    last_date = models.DateField(_("last evening"))
    skip_weekdays = models.JSONField(
        _("weekdays without a session"),
        default=list,
        blank=True,
        help_text=_("ISO weekday numbers: 1 is Monday, 7 is Sunday."),
    )
    holidays = models.JSONField(_("holidays"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-first_date", "-pk"]
        verbose_name = _("session series")
        verbose_name_plural = _("session series")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="series_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort} {self.first_date.isoformat()}–{self.last_date.isoformat()}"


class Session(models.Model):
    """One evening's guest session of a cohort, or of one of its sub-groups."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("session status", "Planned")
        CONFIRMED = "confirmed", pgettext_lazy("session status", "Confirmed")
        LIVE = "live", pgettext_lazy("session status", "Live")
        DONE = "done", pgettext_lazy("session status", "Done")
        CANCELLED = "cancelled", pgettext_lazy("session status", "Cancelled")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    subgroup = models.ForeignKey(
        SubGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("sub-group"),
        help_text=_("Leave empty for the whole cohort."),
    )
    series = models.ForeignKey(
        SessionSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("series"),
    )
    date = models.DateField(pgettext_lazy("of an event", "date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    starts_at = models.DateTimeField(_("starts (UTC)"), editable=False)
    ends_at = models.DateTimeField(_("ends (UTC)"), editable=False)
    title = models.CharField(pgettext_lazy("of a session", "title"), max_length=200, blank=True)
    description = models.TextField(_("what it is about"), blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("host"),
    )
    summary_writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_to_summarize",
        verbose_name=_("summary written by"),
        help_text=_("The helper on summary duty; reminded first if no summary is published."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=SessionFormat.choices, default=SessionFormat.ROOM
    )
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    seat_limit = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True, editable=False)
    # Calendars: a UID that never changes and a SEQUENCE raised on every change people see.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    # When the announcement and the day's reminder are due (UTC), computed from the
    # cohort's settings; the dispatcher reads these, ``SessionDispatch`` records the sends.
    announce_at = models.DateTimeField(_("announcement due at"), null=True, editable=False)
    remind_at = models.DateTimeField(_("reminder due at"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("guest session")
        verbose_name_plural = _("guest sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_instants_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(format="link") | ~Q(meeting_url=""),
                name="session_link_has_url",
            ),
            models.CheckConstraint(
                condition=~Q(format="in_person") | ~Q(place=""),
                name="session_in_person_has_place",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "starts_at"]),
            models.Index(fields=["status", "announce_at"]),
            models.Index(fields=["status", "remind_at"]),
        ]

    def __str__(self) -> str:
        if self.title:
            return self.title
        day = formats.date_format(self.date, "DATE_FORMAT")
        return str(_("Guest session on %(date)s") % {"date": day})

    @property
    def is_open(self) -> bool:
        """Planned, confirmed or live: people can still come."""
        return self.status in (self.Status.PLANNED, self.Status.CONFIRMED, self.Status.LIVE)


class SessionSegment(models.Model):
    """A part of the evening, in order: by default the guest's talk, then Q&A."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        QA = "qa", _("Questions and answers")
        OTHER = "other", _("Other")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="segments",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("of a segment", "title"), max_length=150, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"))

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="segment_has_minutes")
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Guest(models.Model):
    """Someone who may speak at a session: an employee, or a person from outside."""

    class Tier(models.IntegerChoices):
        # The seeds' order of asking: each tier is tried before the next.
        EXECUTIVE = 1, _("Internal executive")
        PARTNER = 2, _("Long-standing partner or familiar guest")
        SHARED_USERS = 3, _("From a company whose users overlap ours")
        NEWCOMER = 4, _("Outstanding newcomer")

    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    employee = models.ForeignKey(
        EmployeeProfile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guest_entries",
        verbose_name=_("employee"),
        help_text=_("Leave empty for a guest from outside the company."),
    )
    name = models.CharField(pgettext_lazy("a person's", "name"), max_length=150, blank=True)
    organization = models.CharField(_("organization"), max_length=150, blank=True)
    job_title = models.CharField(
        pgettext_lazy("a person's", "job title"), max_length=150, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    bio = models.TextField(_("about the guest"), blank=True)
    note = models.TextField(_("internal note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["tier", "name", "pk"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.CheckConstraint(
                condition=Q(employee__isnull=False) | ~Q(name=""), name="guest_has_a_name"
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(employee__isnull=False),
                name="guest_employee_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.employee_id is not None:
            return self.employee.full_name
        return self.name

    @property
    def is_outside(self) -> bool:
        return self.employee_id is None


class GuestInvitation(models.Model):
    """One guest asked to speak at one session, and how far that has come."""

    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("a guest invitation", "Invited")
        CONFIRMED = "confirmed", pgettext_lazy("a guest invitation", "Confirmed")
        DECLINED = "declined", pgettext_lazy("a guest invitation", "Declined")
        BRIEFED = "briefed", pgettext_lazy("a guest invitation", "Briefed")
        DELIVERED = "delivered", pgettext_lazy("a guest invitation", "Talk given")
        THANKED = "thanked", pgettext_lazy("a guest invitation", "Thanked")
        WITHDRAWN = "withdrawn", pgettext_lazy("a guest invitation", "Withdrawn")

    # The guest said yes (and may since have been briefed, spoken or been thanked).
    COMING = (Status.CONFIRMED, Status.BRIEFED, Status.DELIVERED, Status.THANKED)

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    guest = models.ForeignKey(
        Guest, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("guest")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    message = models.TextField(_("message to the guest"), blank=True)
    answer = models.TextField(_("the guest's answer"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The outside guest's link: HMAC digest only (see services.guests), never the token.
    token_digest = models.CharField(
        _("link digest"), max_length=64, blank=True, db_index=True, editable=False
    )
    token_expires_at = models.DateTimeField(
        _("link expires at"), null=True, blank=True, editable=False
    )
    token_revoked_at = models.DateTimeField(
        _("link revoked at"), null=True, blank=True, editable=False
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["session__starts_at", "guest__tier", "pk"]
        verbose_name = _("guest invitation")
        verbose_name_plural = _("guest invitations")
        constraints = [
            models.UniqueConstraint(fields=["session", "guest"], name="invitation_once_per_session")
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.guest} → {self.session}"


class Rsvp(models.Model):
    """Whether a member (or a listener from outside the cohort) plans to come."""

    class Answer(models.TextChoices):
        GOING = "going", _("Going")
        MAYBE = "maybe", _("Maybe")
        NOT_GOING = "not_going", _("Not going")

    # The answers that count someone in: they hear of changes and cancellations.
    COMING = (Answer.GOING, Answer.MAYBE)

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="rsvps",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_rsvps",
        verbose_name=_("person"),
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    listener = models.BooleanField(
        _("listener from outside the cohort"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="rsvp_once")]
        indexes = [models.Index(fields=["session", "answer"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_answer_display()}"


class SessionDispatch(models.Model):
    """A message about a session that has been sent: the announcement, the day's reminder,
    a change or a cancellation.

    Written in the same transaction as the notifications it stands for, under a unique
    ``(session, kind, sequence)``: a second beat tick, a restart or a crashed worker can
    neither send it twice (the row exists) nor lose it (neither exists).
    """

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        REMINDER = "reminder", _("Reminder")
        CHANGE = "change", pgettext_lazy("a message about a session", "Change")
        CANCELLATION = "cancellation", _("Cancellation")
        # Summary reminders: the helper on summary duty first, then the organizers.
        SUMMARY_DUTY = "summary_duty", _("Summary reminder to the duty helper")
        SUMMARY_ORGANIZER = "summary_organizer", _("Summary reminder to the organizers")
        UNFILLED = "unfilled", _("Reminder of an evening without a guest")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="dispatches",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "sent_at", "pk"]
        verbose_name = _("session message")
        verbose_name_plural = _("session messages")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind", "sequence"], name="session_dispatch_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.session}"


def _room_upload_path(instance, filename: str) -> str:
    # A random name: the uploader's file name never reaches the disk or a URL.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"session-room/{instance.session_id}/{uuid.uuid4().hex}.{suffix}"


def room_storage():
    """Room uploads are private: served only through the room's permission check."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.GUILD_PRIVATE_ROOT, base_url=None)


class RoomPost(models.Model):
    """Something the guest or the host puts in the live room: text, an image, a voice clip."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="room_posts",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("author"),
    )
    segment = models.CharField(
        _("segment"), max_length=10, choices=SessionSegment.Kind.choices, default="talk"
    )
    body = models.TextField(_("text"), blank=True)
    image = models.FileField(
        _("image"), upload_to=_room_upload_path, storage=room_storage, blank=True
    )
    audio = models.FileField(
        _("voice clip"), upload_to=_room_upload_path, storage=room_storage, blank=True
    )
    audio_type = models.CharField(_("voice clip type"), max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("room post")
        verbose_name_plural = _("room posts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(image="") | ~Q(audio=""), name="room_post_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.body[:60] or str(_("(media)"))


class RoomQuestion(models.Model):
    """A member's question in the Q&A segment; others upvote it, the host answers it."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked by"),
    )
    body = models.TextField(_("question"))
    votes = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    # Set when an unanswered question is handed on (to the cohort's Q&A board, through
    # the ``guild_session_question_handoff`` hook); the receiver's own reference.
    handed_on_to = models.CharField(_("handed on to"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "-votes", "pk"]
        verbose_name = _("room question")
        verbose_name_plural = _("room questions")

    def __str__(self) -> str:
        return self.body[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(
        RoomQuestion, on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="question_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class Attendance(models.Model):
    """Who was there: in the live room, or checked in (at the door or by the host)."""

    class Source(models.TextChoices):
        ROOM = "room", _("In the live room")
        CHECK_IN = "check_in", _("Checked in")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_attendance",
        verbose_name=_("person"),
    )
    source = models.CharField(_("how"), max_length=10, choices=Source.choices)
    first_seen_at = models.DateTimeField(_("first seen at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "first_seen_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.session}"


class Feedback(models.Model):
    """An attendee's rating (1–5) and comment."""

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_feedback",
        verbose_name=_("person"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["session", "-created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.rating}"


class Summary(models.Model):
    """What was said, written afterwards by HR or the helper on summary duty: key points,
    the questions and answers, actions. Published, it goes to the cohort's feed and to
    the program's library (which the knowledge base shows through a hook)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("a summary", "Draft")
        PUBLISHED = "published", pgettext_lazy("a summary", "Published")

    session = models.OneToOneField(
        Session,
        on_delete=models.CASCADE,
        related_name="summary",
        verbose_name=pgettext_lazy("a guest session", "session"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    key_points = models.TextField(_("key points"), blank=True)
    questions_and_answers = models.TextField(_("questions and answers"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    body = RichTextField(
        _("more"),
        blank=True,
        help_text=_("Anything else, with images and links to recordings."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["-session__starts_at"]
        verbose_name = _("session summary")
        verbose_name_plural = _("session summaries")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return str(_("Summary of %(session)s") % {"session": self.session})
