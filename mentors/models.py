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

from cohorts.models import Cohort


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
