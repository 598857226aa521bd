"""Check-ins and points: what a cohort asks its members to do each day or week, what they
submitted, who was nudged, and the points ledger every rewarded action writes to.

The rules (periods on the cohort's clock, lateness, streaks, points) live in
``cohorts.engagement.services``; the models hold data and what the database can check:
one check-in per member per task per period, one nudge or reminder per person per
period, one ledger entry per rule, cause and person.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import Cohort

DEFAULT_DUE = datetime.time(21, 0)
DEFAULT_SUPERVISOR_DUTY = "check-in"


class CheckinTask(models.Model):
    """Something a cohort's members do and report every day or every week (the seeds'
    reading check-in: book, title, word count and what they took from it)."""

    class Kind(models.TextChoices):
        READING = "reading", _("Reading check-in")
        FREE = "free", _("Free-form check-in")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week")

    class Lateness(models.TextChoices):
        LATE_WINDOW = "late_window", _("Accept late within some hours, marked late")
        REFUSE = "refuse", _("Refuse after the due time")
        END_OF_DAY = "end_of_day", _("Accept until the end of the day, marked late")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="checkin_tasks", verbose_name=_("cohort")
    )
    title = models.CharField(_("title"), max_length=150)
    instructions = models.TextField(_("instructions"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.READING)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    weekday = models.PositiveSmallIntegerField(
        _("due on"),
        choices=Weekday.choices,
        default=Weekday.FRIDAY,
        help_text=_("For a weekly check-in: the day of the week it is due."),
    )
    due_time = models.TimeField(
        _("due at"), default=DEFAULT_DUE, help_text=_("On the cohort's clock (its time zone).")
    )
    lateness = models.CharField(
        _("late check-ins"),
        max_length=12,
        choices=Lateness.choices,
        default=Lateness.LATE_WINDOW,
    )
    late_hours = models.PositiveSmallIntegerField(
        _("late window in hours"),
        default=3,
        help_text=_("How long after the due time a late check-in is still accepted."),
    )
    reminder_time = models.TimeField(
        _("remind at"),
        null=True,
        blank=True,
        help_text=_(
            "On the cohort's clock: who has not checked in by then is reminded once. "
            "Leave empty for no reminder."
        ),
    )
    supervisor_duty = models.CharField(
        _("supervising duty"),
        max_length=120,
        default=DEFAULT_SUPERVISOR_DUTY,
        help_text=_(
            "Helpers whose duty contains these words supervise this check-in; organizers, "
            "the core and the planning team always may."
        ),
    )
    starts_on = models.DateField(
        _("first day"), null=True, blank=True, help_text=_("Empty: the cohort's start date.")
    )
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Empty: the cohort's end date.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["cohort", "due_time", "pk"]
        verbose_name = _("check-in task")
        verbose_name_plural = _("check-in tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="checkin_task_weekday"
            ),
            models.CheckConstraint(
                condition=Q(late_hours__lte=72), name="checkin_task_late_hours_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CheckinPeriod(models.Model):
    """One day (or week) of a task, with its instants on the cohort's clock at the time it
    was opened: when it opens, when the check-in is due, and when it stops taking any.

    ``closed_at`` and ``reminded_at`` mark the beat's work as done for the period, so the
    reminder and the missed check-in penalty happen once.
    """

    task = models.ForeignKey(
        CheckinTask, on_delete=models.CASCADE, related_name="periods", verbose_name=_("task")
    )
    day = models.DateField(
        _("day"), help_text=_("The day it is due (a weekly check-in: its due day).")
    )
    opens_at = models.DateTimeField(_("opens at"))
    due_at = models.DateTimeField(_("due at"))
    closes_at = models.DateTimeField(_("closes at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["task", "-day"]
        verbose_name = _("check-in period")
        verbose_name_plural = _("check-in periods")
        constraints = [
            models.UniqueConstraint(fields=["task", "day"], name="checkin_period_once"),
        ]
        indexes = [models.Index(fields=["closes_at", "closed_at"], name="checkin_period_due")]

    def __str__(self) -> str:
        return f"{self.task} · {self.day}"


class Checkin(models.Model):
    """A member's check-in for one period of a task: editable until the period closes."""

    task = models.ForeignKey(
        CheckinTask, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("task")
    )
    period = models.ForeignKey(
        CheckinPeriod, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("period")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("person"),
    )
    book = models.CharField(_("book"), max_length=200, blank=True)
    chapter = models.CharField(
        pgettext_lazy("of a book's part read", "title"),
        max_length=200,
        blank=True,
        help_text=_("The chapter or section read."),
    )
    text = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(
        _("word count"),
        default=0,
        editable=False,
        help_text=_(
            "Counted by Guild: each Chinese, Japanese or Korean character counts as one "
            "word, as Chinese word counts do; other languages count words between spaces."
        ),
    )
    image = models.ImageField(_("photo"), upload_to="checkins/%Y/%m/", blank=True, max_length=200)
    late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["period", "person"], name="checkin_once_per_period"),
        ]
        indexes = [models.Index(fields=["person", "task"], name="checkin_person_task")]

    def __str__(self) -> str:
        return f"{self.person} · {self.period}"


class CheckinNudge(models.Model):
    """A person told that a check-in is waiting: nudged by a helper, or reminded by the
    beat. One of each kind per person per period, whoever clicks and however often."""

    class Kind(models.TextChoices):
        NUDGE = "nudge", _("Nudge from a helper")
        REMINDER = "reminder", _("Reminder")

    period = models.ForeignKey(
        CheckinPeriod, on_delete=models.CASCADE, related_name="nudges", verbose_name=_("period")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checkin_nudges",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("check-in nudge")
        verbose_name_plural = _("check-in nudges")
        constraints = [
            models.UniqueConstraint(fields=["period", "person", "kind"], name="checkin_nudge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person} · {self.period}"


class PointsRule(models.Model):
    """A cohort's own points for one rule (HR sets them; a penalty is negative), or the
    rule switched off there. Without a row the rule's declared default applies."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="points_rules", verbose_name=_("cohort")
    )
    rule = models.CharField(_("rule"), max_length=60)
    points = models.IntegerField(_("points"))
    enabled = models.BooleanField(_("counts"), default=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["cohort", "rule"]
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "rule"], name="points_rule_once"),
            models.CheckConstraint(
                condition=Q(points__gte=-1000, points__lte=1000), name="points_rule_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.rule}"


class PointsEntry(models.Model):
    """One line of the ledger: who earned (or lost) how many points in which cohort, by
    which rule and because of what. Unique on rule, cause and person, so a repeated
    action counts once; an undone one is withdrawn (kept, with ``withdrawn_at``) and a
    redone one counts again on the same line."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="points_entries",
        verbose_name=_("person"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="points_entries", verbose_name=_("cohort")
    )
    rule = models.CharField(_("rule"), max_length=60)
    points = models.IntegerField(_("points"))
    cause_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("cause type")
    )
    cause_id = models.PositiveBigIntegerField(_("cause id"))
    occurred_at = models.DateTimeField(_("occurred at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "cause_type", "cause_id", "person"], name="points_entry_once"
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "person"], name="points_cohort_person"),
            models.Index(fields=["person", "-occurred_at"], name="points_person_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.points:+d} ({self.rule})"

    @property
    def counts(self) -> bool:
        return self.withdrawn_at is None
