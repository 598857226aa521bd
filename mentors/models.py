"""Mentors: who is paired with whom in a cohort.

``Pairing`` is the published result that everything else reads (the Q&A board asks
"who is this newcomer's mentor?"). How pairs are proposed, reviewed and published lives
in the matching engine and its services; the model only holds the pair and the
invariant a database can check: a newcomer has at most one active mentor per cohort.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import AuditEvent, Cohort


class Pairing(models.Model):
    """A veteran paired with a newcomer in one cohort."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("pairing status", "Active")
        ENDED = "ended", pgettext_lazy("pairing status", "Ended")

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="pairings", verbose_name=_("cohort")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentee_pairings",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_pairings",
        verbose_name=_("newcomer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "started_at", "id"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "mentee"],
                condition=Q(status="active"),
                name="pairing_one_active_mentor_per_newcomer",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="pairing_not_with_oneself"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class MentorRule(models.Model):
    """Who may mentor in a program or a cohort: a minimum tenure and a minimum level.

    A cohort's own rule wins over its program's; with neither, the defaults below hold
    (``mentors.services.eligibility``). Veterans come from the whole directory, not only
    from the cohort's members.
    """

    DEFAULT_MIN_TENURE_MONTHS = 12

    program = models.OneToOneField(
        "cohorts.ProgramPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_rule",
        verbose_name=_("program"),
    )
    cohort = models.OneToOneField(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_rule",
        verbose_name=_("cohort"),
    )
    min_tenure_months = models.PositiveSmallIntegerField(
        _("minimum tenure (months)"),
        default=DEFAULT_MIN_TENURE_MONTHS,
        help_text=_("Months since the hire date, counted on the cohort's start date."),
    )
    min_level = models.ForeignKey(
        "learning.Level",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minimum level"),
    )

    class Meta:
        verbose_name = _("mentor rule")
        verbose_name_plural = _("mentor rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=True, cohort__isnull=False)
                | Q(program__isnull=False, cohort__isnull=True),
                name="mentor_rule_program_or_cohort",
            )
        ]

    def __str__(self) -> str:
        return str(self.cohort or self.program)


class MentorProfile(models.Model):
    """A veteran's offer to mentor: how many at once, what they know, where and in which
    languages, when they are free, and whether they are open to new mentees now."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("mentor"),
    )
    opted_in = models.BooleanField(
        _("open to new mentees"),
        default=True,
        help_text=_("Turn this off to take no new mentees; current ones stay."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("mentees at once"), default=3, help_text=_("From 1 to 20.")
    )
    products = models.JSONField(
        _("products"), default=list, blank=True, help_text=_("Products you know well.")
    )
    skills = models.JSONField(
        _("skills"), default=list, blank=True, help_text=_("e.g. negotiation, pricing.")
    )
    regions = models.ManyToManyField(
        "learning.Region",
        blank=True,
        related_name="mentor_profiles",
        verbose_name=_("regions"),
        help_text=_("Regions you know besides your own."),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Languages you mentor in besides your preferred one."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=200,
        blank=True,
        help_text=_("When mentees can reach you, e.g. weekday evenings."),
    )
    contact = models.CharField(
        _("how to reach me"),
        max_length=200,
        blank=True,
        help_text=_("A phone number, a chat handle or a room; your e-mail is shown anyway."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=20), name="mentor_capacity_1_to_20"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def tags(self) -> list[str]:
        return [*self.products, *self.skills]


class MatchExclusion(models.Model):
    """A pair HR rules out of a cohort's matching (a conflict of interest, a bad
    history): the engine never proposes it."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="match_exclusions", verbose_name=_("cohort")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("newcomer"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentor"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("matching exclusion")
        verbose_name_plural = _("matching exclusions")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "mentee", "mentor"], name="match_exclusion_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ≠ {self.mentee}"


class MatchRun(models.Model):
    """One run of the matching engine for a cohort: its weights, where it stands, and
    once solved the proposed pairs (``MatchProposal``) and the newcomers left out."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("match run status", "Queued")
        RUNNING = "running", pgettext_lazy("match run status", "Running")
        PROPOSED = "proposed", pgettext_lazy("match run status", "Ready for review")
        PUBLISHED = "published", pgettext_lazy("match run status", "Published")
        FAILED = "failed", pgettext_lazy("match run status", "Failed")
        DISCARDED = "discarded", pgettext_lazy("match run status", "Discarded")

    OPEN = frozenset({Status.QUEUED, Status.RUNNING, Status.PROPOSED})

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("cohort")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    job = models.ForeignKey(
        "learning.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background job"),
    )
    total = models.FloatField(_("total fit"), default=0)
    unmatched = models.JSONField(_("newcomers left out"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return _("Matching of %(cohort)s, %(when)s") % {
            "cohort": self.cohort,
            "when": self.created_at.date() if self.created_at else "",
        }

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class MatchProposal(models.Model):
    """A pair a run proposes, with the parts of its fit; HR may lock it (a re-run keeps
    it) or change its mentor (which locks it)."""

    class Source(models.TextChoices):
        ENGINE = "engine", _("Proposed by the engine")
        HR = "hr", _("Chosen by HR")
        PUBLISHED = "published", _("Already paired")

    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("run")
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("newcomer"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentor"),
    )
    score = models.FloatField(_("fit"), default=0)
    parts = models.JSONField(_("why"), default=list, blank=True)
    locked = models.BooleanField(pgettext_lazy("a proposed pair", "locked"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENGINE
    )

    class Meta:
        ordering = ["run", "mentor", "mentee"]
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="match_proposal_once")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class RepairRequest(models.Model):
    """A mentee or mentor asking to be paired with someone else, and HR's decision."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("re-pair request status", "Waiting")
        GRANTED = "granted", pgettext_lazy("re-pair request status", "Granted")
        DECLINED = "declined", pgettext_lazy("re-pair request status", "Declined")

    pairing = models.ForeignKey(
        Pairing,
        on_delete=models.CASCADE,
        related_name="repair_requests",
        verbose_name=_("pairing"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked by"),
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("re-pair request")
        verbose_name_plural = _("re-pair requests")
        constraints = [
            models.UniqueConstraint(
                fields=["pairing"],
                condition=Q(status="open"),
                name="repair_request_one_open_per_pairing",
            )
        ]

    def __str__(self) -> str:
        return str(self.pairing)


class PairingEvent(AuditEvent):
    """The mentoring audit log: every run, lock, change, publication, request and
    decision, with who did it, when and why."""

    class Action(models.TextChoices):
        PROFILE_SAVED = "profile_saved", _("Mentor profile saved")
        RULE_SET = "rule_set", _("Mentor rule set")
        EXCLUSION_ADDED = "exclusion_added", _("Pair excluded")
        RUN_STARTED = "run_started", _("Matching started")
        RUN_SOLVED = "run_solved", _("Matching solved")
        RUN_FAILED = "run_failed", _("Matching failed")
        RUN_DISCARDED = "run_discarded", _("Matching discarded")
        PAIR_LOCKED = "pair_locked", _("Pair locked")
        PAIR_UNLOCKED = "pair_unlocked", _("Pair unlocked")
        PAIR_CHANGED = "pair_changed", _("Pair changed")
        PUBLISHED = "published", _("Pairs published")
        PAIRING_STARTED = "pairing_started", _("Pairing started")
        PAIRING_ENDED = "pairing_ended", _("Pairing ended")
        REPAIR_ASKED = "repair_asked", _("Re-pairing asked")
        REPAIR_DECIDED = "repair_decided", _("Re-pairing decided")

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pairing_events",
        verbose_name=_("cohort"),
    )
    run = models.ForeignKey(
        MatchRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("run"),
    )
    pairing = models.ForeignKey(
        Pairing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("pairing"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)

    class Meta(AuditEvent.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("mentoring event")
        verbose_name_plural = _("mentoring events")
        indexes = [models.Index(fields=["cohort", "created_at"])]
