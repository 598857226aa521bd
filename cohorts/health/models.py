"""Operations goals: a measurable target per cohort, on a metric of the registry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort


class HealthGoal(models.Model):
    """The operations team's goal for one metric of a cohort: reach ``target`` by
    ``due_on`` (or stay under it, for a metric where lower is better)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="health_goals", verbose_name=_("cohort")
    )
    # A code of the metrics registry (``cohorts.health.metrics``): apps declare metrics
    # through a hook, so the choices are checked by ``goal_set``, not by the database.
    metric = models.CharField(_("metric"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=10, decimal_places=1)
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        ordering = ["cohort", "due_on", "metric"]
        verbose_name = _("operations goal")
        verbose_name_plural = _("operations goals")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "metric"], name="health_goal_once_per_metric"
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0), name="health_goal_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.metric} · {self.target}"
