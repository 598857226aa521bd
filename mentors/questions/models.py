"""The Q&A board of a cohort: questions, their answers, votes, and the escalation of the
ones nobody answers in time.

A ``Question`` belongs to a cohort and at most one sub-group; it is seen where that
sub-group's content is seen (``mentors.questions.access``). The asker's mentor at the
time of asking is kept on the question (``mentor``): the mentor is told first, and the
scorecard reads it without walking pairings that may have changed since.

Counters (``votes``, ``answer_count``) and the first answer's time are kept on the
question by the services, so that a list costs one query whatever the board's size.

A ``QuestionEscalation`` row is a step of the escalation that was sent, unique per
``(question, level)`` and written in the same transaction as its notifications, as
``guest_sessions.SessionDispatch`` is: a step is sent once, whatever the beat does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import AuditEvent, Cohort, Report, SubGroup

# Until HR sets a cohort's board: a day to answer, and helpers whose duty says "Q&A".
DEFAULT_ANSWER_HOURS = 24
DEFAULT_DUTY = "Q&A"


class QuestionBoardSettings(models.Model):
    """How a cohort's board holds people to answering: the hours a question may wait
    before each step of the escalation, and which helpers are on Q&A duty."""

    cohort = models.OneToOneField(
        Cohort,
        on_delete=models.CASCADE,
        related_name="question_board_settings",
        verbose_name=_("cohort"),
    )
    answer_within_hours = models.PositiveSmallIntegerField(
        _("answer within (hours)"),
        default=DEFAULT_ANSWER_HOURS,
        help_text=_(
            "A question without an answer after this many hours goes to the helpers on "
            "question duty; after twice as long to the planning team; after three times as long "
            "to the core team."
        ),
    )
    helper_duty_match = models.CharField(
        _("question duty of helpers"),
        max_length=120,
        default=DEFAULT_DUTY,
        help_text=_("Helpers whose duty contains these words are on question duty."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("question board settings")
        verbose_name_plural = _("question board settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_within_hours__gte=1), name="board_answer_within_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.cohort)


class QuestionTag(models.Model):
    """A word questions are filed under (a product, a skill), shared by every board."""

    name = models.CharField(pgettext_lazy("a tag's", "name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A member's question on the cohort's board."""

    class Level(models.IntegerChoices):
        NONE = 0, pgettext_lazy("escalation level", "Not escalated")
        HELPERS = 1, _("Helpers on question duty")
        PLANNING = 2, _("Planning team")
        CORE = 3, _("Core team")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="questions", verbose_name=_("cohort")
    )
    subgroup = models.ForeignKey(
        SubGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("sub-group"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_questions",
        verbose_name=_("asked by"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentee_questions",
        verbose_name=_("asker's mentor"),
    )
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    tags = models.ManyToManyField(
        QuestionTag, blank=True, related_name="questions", verbose_name=_("tags")
    )
    votes = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    answer_count = models.PositiveIntegerField(_("answers"), default=0, editable=False)
    first_answer_at = models.DateTimeField(
        _("first answered at"), null=True, blank=True, editable=False
    )
    mentor_replied_at = models.DateTimeField(
        _("mentor first replied at"), null=True, blank=True, editable=False
    )
    accepted_answer = models.OneToOneField(
        "Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_for",
        verbose_name=_("accepted answer"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=Level.choices, default=Level.NONE, editable=False
    )
    hidden = models.BooleanField(_("hidden by moderation"), default=False)
    # Where a question came from when another part handed it on (a live-room question):
    # unique, so handing the same one on twice makes one question.
    source = models.CharField(_("came from"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["cohort", "-created_at"]),
            models.Index(fields=["cohort", "first_answer_at", "created_at"]),
            models.Index(fields=["mentor", "cohort"]),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    """An answer to a question, by anyone who can see it."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_answers",
        verbose_name=_("answered by"),
    )
    body = models.TextField(_("answer"))
    helpful = models.BooleanField(_("marked helpful"), default=False)
    hidden = models.BooleanField(_("hidden by moderation"), default=False)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        ordering = ["question", "created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.body[:60]


class QuestionVote(models.Model):
    """One person's upvote of a question: at most one each, held by the database."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="vote_rows", verbose_name=_("question")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("voter"),
    )
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question vote")
        verbose_name_plural = _("question votes")
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="board_vote_once")]

    def __str__(self) -> str:
        return f"{self.user} ↑ {self.question}"


class QuestionEscalation(models.Model):
    """A step of a question's escalation that was sent (see the module docstring)."""

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("question"),
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Question.Level.choices)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["question", "level"]
        verbose_name = _("question escalation")
        verbose_name_plural = _("question escalations")
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="board_escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.get_level_display()}"


class QuestionEvent(AuditEvent):
    """The board's audit log: who asked, answered, accepted, escalated or reported what."""

    class Action(models.TextChoices):
        ASKED = "asked", _("Asked")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Answer accepted")
        HELPFUL = "helpful", _("Answer marked helpful")
        ESCALATED = "escalated", _("Escalated")
        REPORTED = "reported", _("Reported")
        HIDDEN = "hidden", _("Hidden by moderation")
        PROPOSED_AS_CASE = "proposed_as_case", _("Proposed as a case")
        HANDED_ON = "handed_on", _("Handed on from a guest session")
        SETTINGS = "settings", _("Board settings changed")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="question_events", verbose_name=_("cohort")
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("question"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = _("question board event")
        verbose_name_plural = _("question board events")
        indexes = [models.Index(fields=["cohort", "-created_at"])]


class QuestionReport(models.Model):
    """Ties a cohort ``Report`` to the question or answer it is about, so the cohort's
    report queue can show it and a decision can hide it (``cohorts`` knows neither)."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="board_subject", verbose_name=_("report")
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("question"),
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("answer"),
    )

    class Meta:
        verbose_name = _("question board report")
        verbose_name_plural = _("question board reports")

    def __str__(self) -> str:
        return str(self.report)
