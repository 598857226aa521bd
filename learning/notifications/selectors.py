"""Reads of the outbox: a person's inbox, their unread count, preferences and webhooks."""

from django.db.models import QuerySet

from learning.models import User
from learning.notifications.models import (
    Delivery,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)


def inbox_for(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    """``user``'s notifications, newest first; nobody else's, ever.

    The inbox shows only the notification's own columns, so a page costs one query
    (plus the count for pagination) whatever its size.
    """
    notifications = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def unread_count(*, user: User) -> int:
    """How many of ``user``'s notifications are unread: one COUNT on a partial index."""
    if not user.is_authenticated:
        return 0
    return unread(user=user).count()


def unread(*, user: User) -> QuerySet[Notification]:
    """``user``'s unread notifications (the partial index's rows)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def preference_for(*, user: User) -> NotificationPreference:
    """``user``'s preferences, or unsaved defaults when they never changed them."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def webhook_endpoints_for(*, user: User) -> QuerySet[WebhookEndpoint]:
    """``user``'s own webhook endpoints, by name."""
    return WebhookEndpoint.objects.filter(owner=user).order_by("name", "id")


def deliveries_for_admin() -> QuerySet[Delivery]:
    """Deliveries with their notification, recipient and endpoint joined (admin lists)."""
    return Delivery.objects.select_related("notification__recipient", "endpoint")
