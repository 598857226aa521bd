"""The "Notifications" admin menu and the shell's unread badge.

Notifications and deliveries are read-only here: they are written by services (so they
are never sent twice) and the only admin action is giving failed deliveries another go.
Webhook secrets never appear in a list, a form or an inspect page.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from learning import registry
from learning.admin_base import ServiceOwnedPolicy
from learning.notifications import selectors, services
from learning.notifications.models import Delivery, Notification, WebhookEndpoint


@hooks.register("guild_viewer_counts")
def unread_viewer_count(user):
    return {"unread": registry.count_of(selectors.unread(user=user))}


@hooks.register("guild_shell_badges")
def unread_badge(request) -> dict[str, int]:
    return {"unread": registry.viewer_counts(request)["unread"]}


# Rows of the outbox change through services, never through a form; webhooks are added
# by their owners (their address is checked and a secret made).
register_permission_policy(Notification, ServiceOwnedPolicy(Notification))
register_permission_policy(Delivery, ServiceOwnedPolicy(Delivery))
register_permission_policy(WebhookEndpoint, ServiceOwnedPolicy(WebhookEndpoint, refused={"add"}))


class NotificationFilterSet(WagtailFilterSet):
    kind = django_filters.CharFilter(label=gettext_lazy("Kind"), lookup_expr="exact")
    unread = django_filters.BooleanFilter(
        label=gettext_lazy("Unread"), field_name="read_at", lookup_expr="isnull"
    )

    class Meta:
        model = Notification
        fields = ["kind"]


class NotificationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("recipient")


class NotificationViewSet(ModelViewSet):
    model = Notification
    icon = "mail"
    menu_label = gettext_lazy("Notifications")
    index_view_class = NotificationIndexView
    filterset_class = NotificationFilterSet
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["recipient", "kind", "title", "body", "url", "payload", "created_at"]
    copy_view_enabled = False
    form_fields = ["title"]


class DeliveryFilterSet(WagtailFilterSet):
    kind = django_filters.CharFilter(
        label=gettext_lazy("Kind"), field_name="notification__kind", lookup_expr="exact"
    )

    class Meta:
        model = Delivery
        fields = ["status", "channel"]


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.deliveries_for_admin()

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Retry failed"),
                url=reverse("notifications_retry_failed"),
                icon_name="rotate",
            ),
        ]


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "resubmit"
    menu_label = gettext_lazy("Deliveries")
    index_view_class = DeliveryIndexView
    filterset_class = DeliveryFilterSet
    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at", "sent_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "uuid",
        "notification",
        "channel",
        "endpoint",
        "status",
        "attempts",
        "last_error",
        "claimed_until",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    copy_view_enabled = False
    form_fields = ["status"]


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = gettext_lazy("Webhooks")
    list_display = ["name", "owner", "flavor", "active", "created_at"]
    list_filter = ["flavor", "active"]
    # Never the secret, never the address: the owner changes those on their own page.
    form_fields = ["name", "active"]
    inspect_view_enabled = True
    inspect_view_fields = ["name", "owner", "flavor", "url", "active", "created_at"]
    copy_view_enabled = False


class NotificationsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Notifications")
    menu_icon = "mail"
    menu_order = 900
    items = (NotificationViewSet("outbox_notifications"), DeliveryViewSet("outbox_deliveries"))
    items = (*items, WebhookEndpointViewSet("outbox_webhooks"))


@hooks.register("register_admin_viewset")
def register_notifications_group():
    return NotificationsGroup()


def retry_failed(request):
    """Confirm, then give every failed delivery (of one channel, if given) a fresh start."""
    if not request.user.has_perm("notifications.change_delivery"):
        raise PermissionDenied
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    channel = request.GET.get("channel") or request.POST.get("channel") or ""
    if channel:
        failed = failed.filter(channel=channel)
    if request.method == "POST":
        count = services.deliveries_retry_failed(delivery_ids=failed.values_list("pk", flat=True))
        messages.success(
            request, _("%(count)d failed deliveries will be tried again.") % {"count": count}
        )
        return redirect("outbox_deliveries:index")
    return render(
        request,
        "notifications/admin/retry_failed.html",
        {
            "page_title": _("Retry failed deliveries"),
            "header_icon": "rotate",
            "count": failed.count(),
            "channel": channel,
        },
    )


@hooks.register("register_admin_urls")
def register_retry_url():
    return [
        path(
            "notifications/retry-failed/",
            retry_failed,
            name="notifications_retry_failed",
        )
    ]
