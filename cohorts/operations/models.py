"""The operations team's room: posts (plans, decisions, roster notes, notes), the weekly
plan and its items, the weekly duty roster, evaluations of the operations members and
invitations into the planning tier. Writes go through ``services``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import Cohort, Membership

# The duties the evaluation counts (``learning.registry`` hook ``guild_duty_counts``), by
# code; a code a higher layer adds without a label here shows as it is.
DUTY_LABELS = {
    "checkins_supervised": _("Check-ins supervised (nudges sent)"),
    "questions_triaged": _("Questions triaged"),
    "summaries_written": _("Session summaries written"),
    "room_posts": _("Posts in the operations room"),
    "plan_items_done": _("Weekly plan items done"),
}


def _day(day) -> str:
    """A date in the viewer's locale, as every date on a page."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def search_text_of(*parts: str) -> str:
    """What the room's search matches against: the words case-folded, so that one
    ``LIKE`` finds Chinese, Cyrillic and Greek alike (SQLite folds ASCII only)."""
    return " ".join(part for part in parts if part).casefold()


class RoomPost(models.Model):
    """A record in the operations room: a plan, a decision, a duty-roster note or a note."""

    class Kind(models.TextChoices):
        PLAN = "plan", pgettext_lazy("a room post", "Plan")
        DECISION = "decision", _("Decision")
        ROSTER = "roster", _("Duty roster")
        NOTE = "note", pgettext_lazy("a room post", "Note")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="room_posts", verbose_name=_("cohort")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta:
        ordering = ["-pinned", "-created_at", "-pk"]
        verbose_name = _("operations room post")
        verbose_name_plural = _("operations room posts")
        indexes = [
            models.Index(fields=["cohort", "-pinned", "-created_at", "-id"], name="room_order"),
            models.Index(fields=["author", "created_at"], name="room_author_time"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = search_text_of(self.title, self.body)
        super().save(*args, **kwargs)


class WeeklyPlan(models.Model):
    """The team's plan for one week (Monday on the cohort's clock), filled in by the team."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="weekly_plans", verbose_name=_("cohort")
    )
    week = models.DateField(_("week of"), help_text=_("The Monday the week starts on."))
    focus = models.CharField(_("focus of the week"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        ordering = ["cohort", "-week"]
        verbose_name = _("weekly plan")
        verbose_name_plural = _("weekly plans")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "week"], name="weekly_plan_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {_day(self.week)}"


class PlanItem(models.Model):
    """One thing to do in the week, with its owner from the operations team."""

    plan = models.ForeignKey(
        WeeklyPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    text = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        indexes = [models.Index(fields=["owner", "done_at"], name="plan_item_owner_done")]

    def __str__(self) -> str:
        return self.text


class PlanReminder(models.Model):
    """The reminder that a coming week has no plan, sent once per cohort and week."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="+", verbose_name=_("cohort")
    )
    week = models.DateField(_("week of"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly plan reminder")
        verbose_name_plural = _("weekly plan reminders")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "week"], name="plan_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {_day(self.week)}"


class RosterShift(models.Model):
    """Who is on duty on which day of the week (a standing roster, not per week)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="roster_shifts", verbose_name=_("cohort")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    duty = models.CharField(_("duty"), max_length=120, blank=True)

    class Meta:
        ordering = ["cohort", "weekday", "pk"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "weekday", "person"], name="roster_shift_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()}: {self.person}"


class EvaluationRound(models.Model):
    """One evaluation period of a cohort's operations team (every few weeks, or started
    by HR), with a record per operations member."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="evaluation_rounds", verbose_name=_("cohort")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), help_text=_("The last day of the period."))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        ordering = ["cohort", "-end"]
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "start", "end"], name="evaluation_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {_day(self.start)} – {_day(self.end)}"


class Evaluation(models.Model):
    """One operations member's duties done in a period, as counted when the period was
    evaluated, and the short assessment the core team or HR writes."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("evaluation period"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    helper_duty = models.CharField(_("helper duty"), max_length=120, blank=True)
    counts = models.JSONField(_("duties done"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("duties done in all"), default=0)
    assessment = models.TextField(_("assessment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "-total", "pk"]
        verbose_name = _("operations evaluation")
        verbose_name_plural = _("operations evaluations")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="evaluation_once_per_round")
        ]
        indexes = [models.Index(fields=["assessed_at"], name="evaluation_waiting")]

    def __str__(self) -> str:
        return f"{self.person} · {self.round}"

    def duties(self) -> list[tuple[str, int]]:
        """The duties counted, named in the viewer's language."""
        return [(str(DUTY_LABELS.get(code, code)), n) for code, n in sorted(self.counts.items())]

    def duties_text(self) -> str:
        return "; ".join(f"{label}: {n}" for label, n in self.duties()) or "—"

    duties_text.short_description = _("duties done")


class PlanningInvitation(models.Model):
    """A key member invited into the planning tier; they accept or decline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="planning_invitations",
        verbose_name=_("cohort"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="planning_invitations",
        verbose_name=_("member"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation into planning")
        verbose_name_plural = _("invitations into planning")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(status="pending"),
                name="planning_invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} → {self.cohort}"
