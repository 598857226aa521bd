from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyDigest(models.Model):
    """That a person's digest of one week was sent: written in the same transaction as
    its notification, unique per (person, week), so a second beat tick or a second worker
    finds it and sends nothing. ``week`` is the Monday of the ISO week the digest covers,
    on the person's own clock."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="weekly_digests",
        verbose_name=_("person"),
    )
    week = models.DateField(_("week starting"))
    notification = models.ForeignKey(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notification"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-week", "person"]
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="digest_once_a_week")
        ]
        indexes = [models.Index(fields=["week"], name="digest_week")]

    def __str__(self) -> str:
        return f"{self.person} · {self.week}"
