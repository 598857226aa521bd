"""The outbox: notifications, one delivery row per channel, preferences and webhooks.

A ``Notification`` is what happened, written in the same transaction as the change that
caused it; the in-app inbox reads it directly. Each ``Delivery`` is one attempt-tracked
job to carry it out of the building (e-mail, a webhook) or, for the in-app channel, a
record that it was shown. Deliveries are claimed with a lease so that a crashed worker's
work is picked up again by the dispatcher (see ``learning.notifications.services``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

kind_validator = RegexValidator(
    r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$",
    _("Use lowercase words separated by dots, such as cohort.announcement."),
)


class Notification(models.Model):
    """Something a person should hear about, shown in their inbox and sent on."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=80, validators=[kind_validator])
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    # The caller's name for the event ("session-42:reminder:user-7"): a second send with
    # the same key is the same event and must not notify twice.
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=200, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["kind"], name="notification_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.TextChoices):
    INAPP = "inapp", _("In-app")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class Delivery(models.Model):
    """Carrying one notification through one channel (and, for webhooks, one endpoint).

    ``status`` moves pending (queued for a worker until ``queued_until``) → sending
    (claimed, with a lease until ``claimed_until``) → sent, or back to pending with a
    later ``next_attempt_at`` after a failure, or to failed after too many attempts.
    ``skipped`` means the channel no longer applies (switched off, no address, endpoint
    gone inactive).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    # Stable across retries: receivers drop repeats by it (X-Guild-Delivery, Message-ID).
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    endpoint = models.ForeignKey(
        "WebhookEndpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("webhook endpoint"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The claim: whoever holds ``lease_token`` until ``claimed_until`` may send and mark.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    lease_token = models.UUIDField(
        null=True, blank=True, editable=False, verbose_name=_("lease token")
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A task for this row waits in the broker until then: the dispatcher queues it again
    # only after that, so a backlog is never queued twice. A claim sets it to "now".
    queued_until = models.DateTimeField(_("queued until"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # One delivery per notification and channel; webhooks get one per endpoint,
            # so that one failing endpoint never makes another receive a repeat.
            models.UniqueConstraint(
                fields=["notification", "channel"],
                condition=Q(endpoint__isnull=True),
                name="delivery_one_per_channel",
            ),
            models.UniqueConstraint(
                fields=["notification", "endpoint"],
                condition=Q(endpoint__isnull=False),
                name="delivery_one_per_endpoint",
            ),
            models.CheckConstraint(
                condition=Q(channel="webhook", endpoint__isnull=False)
                | (~Q(channel="webhook") & Q(endpoint__isnull=True)),
                name="delivery_endpoint_only_for_webhooks",
            ),
        ]
        indexes = [
            # The dispatcher's two questions: what is due and not already queued (rows
            # with a live queue stamp are skipped inside the index), and whose lease ran
            # out.
            models.Index(
                fields=["queued_until", "next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_due_unqueued",
            ),
            models.Index(
                fields=["claimed_until"],
                condition=Q(status="sending"),
                name="delivery_lease",
            ),
            models.Index(fields=["status", "channel"], name="delivery_status_channel"),
        ]

    def __str__(self) -> str:
        channel, status = self.get_channel_display(), self.get_status_display()
        return f"{channel} · {self.notification_id} · {status}"


class NotificationPreference(models.Model):
    """How a person wants to be reached. No row means the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email_enabled = models.BooleanField(_("e-mail"), default=True)
    webhook_enabled = models.BooleanField(_("webhooks"), default=True)
    # Kinds the person does not want by e-mail or webhook; the inbox still shows them.
    muted_kinds = models.JSONField(_("muted kinds"), default=list, blank=True)
    # Local times in the profile's time zone; start after end means across midnight.
    quiet_hours_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                | Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False),
                name="preference_quiet_hours_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def has_quiet_hours(self) -> bool:
        return (
            self.quiet_hours_start is not None
            and self.quiet_hours_end is not None
            and self.quiet_hours_start != self.quiet_hours_end
        )


class WebhookEndpoint(models.Model):
    """A chat room or service that receives a person's notifications."""

    class Flavor(models.TextChoices):
        GENERIC = "generic", _("Generic JSON")
        SLACK = "slack", _("Slack")
        TEAMS = "teams", _("Microsoft Teams")
        FEISHU = "feishu", _("Feishu / Lark")
        WECOM = "wecom", _("WeCom")
        DINGTALK = "dingtalk", _("DingTalk")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("owner"),
    )
    name = models.CharField(pgettext_lazy("a thing's", "name"), max_length=80)
    flavor = models.CharField(
        _("flavor"), max_length=10, choices=Flavor.choices, default=Flavor.GENERIC
    )
    url = models.URLField(_("URL"), max_length=500)
    # Signs every request; never shown again after creation.
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    active = models.BooleanField(pgettext_lazy("webhook endpoint", "active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["owner", "active"], name="webhook_owner_active")]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A person's subscribable calendar address: a secret token, kept only as a digest.

    Calendar apps fetch the feed without signing in, so the token is the whole key: it is
    shown once when made (``learning.calendar.calendar_feed_create``); making a new one
    retires the old, and revoking it makes the address answer 404.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token_digest = models.CharField(_("address digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
