"""Recognition: kudos, how each person likes to be recognized, spotlight awards, the
weekly prompts and the welcome prompts.

A ``Kudos`` thanks one or several members of a cohort. It is *public* (in the cohort's
feed, on the wall) only when every receiver likes public recognition; otherwise it is
*private*: seen by the giver, the receivers and, for moderation, the organizers
(``cohorts.recognition.selectors.kudos_visible_to`` is the one rule). An ``Award`` is one
round of a spotlight that HR defines for a cohort: nominations in one window, votes in
the next, winners announced when HR closes it. Writes go through ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import Cohort, Membership, Post, ProgramPage, Report


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Publicly, in the cohort's feed")
    PRIVATE = "private", _("Privately, just to me")


class RecognitionPreference(models.Model):
    """How a person likes to be recognized (public unless they say otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recognition_preference",
        verbose_name=_("person"),
    )
    visibility = models.CharField(
        _("I like to be recognized"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    note = models.CharField(
        _("a note for whoever thanks me"),
        max_length=200,
        blank=True,
        help_text=_("For example: I prefer a quiet thank-you to a big announcement."),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("recognition preference")
        verbose_name_plural = _("recognition preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_visibility_display()}"


class KudosValue(models.Model):
    """A value or tag kudos may name, defined by HR for a program (the defaults in
    ``cohorts.recognition.values`` apply to a program without any)."""

    program = models.ForeignKey(
        ProgramPage,
        on_delete=models.CASCADE,
        related_name="kudos_values",
        verbose_name=_("program"),
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = _("kudos value")
        verbose_name_plural = _("kudos values")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="kudos_value_code_once")
        ]

    def __str__(self) -> str:
        return self.label


class Kudos(models.Model):
    """A thank-you from one member of a cohort to one or several others."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="kudos", verbose_name=_("cohort")
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kudos_given",
        verbose_name=pgettext_lazy("kudos given by", "from"),
    )
    receivers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="KudosReceiver",
        related_name="kudos_received",
        verbose_name=pgettext_lazy("kudos given to", "to"),
    )
    message = models.TextField(_("message"))
    value = models.CharField(_("value"), max_length=40, blank=True)
    visibility = models.CharField(
        pgettext_lazy("who sees kudos", "visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    # Which weekly prompt it answered, if any (a prompt's code).
    prompt = models.CharField(_("prompt"), max_length=20, blank=True)
    # The public kudos' post in the cohort's feed.
    post = models.OneToOneField(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kudos",
        verbose_name=_("feed post"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    hidden = models.BooleanField(
        pgettext_lazy("hidden by moderation", "hidden"),
        default=False,
        help_text=_("Hidden by a moderator's decision on a report."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("given at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        indexes = [
            models.Index(fields=["cohort", "visibility", "-created_at"]),
            models.Index(fields=["giver", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None and not self.hidden


class KudosReceiver(models.Model):
    """One receiver of one kudos."""

    kudos = models.ForeignKey(
        Kudos, on_delete=models.CASCADE, related_name="receiver_rows", verbose_name=_("kudos")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("receiver"),
    )

    class Meta:
        verbose_name = _("kudos receiver")
        verbose_name_plural = _("kudos receivers")
        constraints = [
            models.UniqueConstraint(fields=["kudos", "user"], name="kudos_receiver_once")
        ]
        indexes = [models.Index(fields=["user", "kudos"])]

    def __str__(self) -> str:
        return str(self.user)


class KudosReport(models.Model):
    """Ties a cohort ``Report`` (about the giver's membership) to the kudos reported."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="kudos_link", verbose_name=_("report")
    )
    kudos = models.ForeignKey(
        Kudos, on_delete=models.CASCADE, related_name="reports", verbose_name=_("kudos")
    )

    class Meta:
        verbose_name = _("kudos report")
        verbose_name_plural = _("kudos reports")

    def __str__(self) -> str:
        return f"{self.report} · {self.kudos}"


class Award(models.Model):
    """One round of a spotlight award in a cohort, as HR defines it."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="awards", verbose_name=_("cohort")
    )
    name = models.CharField(pgettext_lazy("a thing's", "name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    nominations_open_at = models.DateTimeField(_("nominations open"))
    nominations_close_at = models.DateTimeField(_("nominations close"))
    voting_open_at = models.DateTimeField(_("voting opens"))
    voting_close_at = models.DateTimeField(_("voting closes"))
    winners_count = models.PositiveSmallIntegerField(
        _("number of winners"), default=1, help_text=_("Ties for the last place all win.")
    )
    closed_at = models.DateTimeField(_("announced at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("announced by"),
    )
    # When the organizers were told that voting closed and the round waits for them
    # (``awards_counting_notify``): once per round.
    counting_notified_at = models.DateTimeField(
        _("organizers told voting closed"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["-voting_close_at", "-pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.CheckConstraint(
                condition=Q(nominations_close_at__gt=F("nominations_open_at")),
                name="award_nominations_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(voting_open_at__gte=F("nominations_open_at")),
                name="award_voting_after_nominations_open",
            ),
            models.CheckConstraint(
                condition=Q(voting_close_at__gt=F("voting_open_at")),
                name="award_voting_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(winners_count__gte=1), name="award_has_a_winner_place"
            ),
        ]
        indexes = [models.Index(fields=["cohort", "closed_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Nomination(models.Model):
    """A member's nomination of another member of the cohort for an award, with a reason."""

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("award")
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nominations_received",
        verbose_name=_("nominee"),
    )
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nominations_made",
        verbose_name=_("nominated by"),
    )
    reason = models.TextField(_("reason"))
    winner = models.BooleanField(_("winner"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("nominated at"))

    class Meta:
        ordering = ["award", "created_at", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "nominee", "nominator"], name="nomination_once_per_nominator"
            )
        ]
        indexes = [models.Index(fields=["award", "nominee"])]

    def __str__(self) -> str:
        return f"{self.nominee} · {self.award}"


class Vote(models.Model):
    """One voter's vote in one award round: for a nominee."""

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="votes", verbose_name=_("award")
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="award_votes",
        verbose_name=_("voter"),
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="award_votes_received",
        verbose_name=_("nominee"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("voted at"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["award", "voter"], name="vote_once_per_round"),
            models.CheckConstraint(condition=~Q(voter=F("nominee")), name="vote_not_for_self"),
        ]
        indexes = [models.Index(fields=["award", "nominee"])]

    def __str__(self) -> str:
        return f"{self.voter} → {self.nominee}"


class PromptRound(models.Model):
    """That a cohort's weekly recognition prompt went out for one week: written in the
    same transaction as its notifications, unique per (cohort, week), so a second beat
    tick finds it and sends nothing."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="prompt_rounds", verbose_name=_("cohort")
    )
    week = models.DateField(_("week starting"))
    prompt = models.CharField(_("prompt"), max_length=20)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-week", "cohort"]
        verbose_name = _("weekly recognition prompt")
        verbose_name_plural = _("weekly recognition prompts")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "week"], name="prompt_round_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.week}"


class WelcomePrompt(models.Model):
    """A newcomer's introduction waiting for a greeting from the helper on welcome duty.

    One per membership (a retried hook finds it); it leaves the helpers' queue once
    someone greets the newcomer.
    """

    membership = models.OneToOneField(
        Membership,
        on_delete=models.CASCADE,
        related_name="welcome_prompt",
        verbose_name=_("newcomer"),
    )
    introduction = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("introduction"),
    )
    greeters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="welcome_prompts",
        blank=True,
        verbose_name=_("asked to greet"),
    )
    greeted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("greeted by"),
    )
    greeted_at = models.DateTimeField(_("greeted at"), null=True, blank=True)
    greeting = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("greeting"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("welcome prompt")
        verbose_name_plural = _("welcome prompts")
        indexes = [models.Index(fields=["greeted_at"])]

    def __str__(self) -> str:
        return str(self.membership)
