"""The inbox pages: the list of notifications and the delivery preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.forms import add_service_errors
from learning.notifications import selectors, services
from learning.notifications.forms import PreferenceForm, WebhookEndpointForm
from learning.notifications.kinds import notification_kinds_grouped
from learning.notifications.models import Notification, WebhookEndpoint

PAGE_SIZE = 20


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(
        selectors.inbox_for(user=request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "notifications": page.object_list, "unread_only": unread_only},
    )


def _back_to_inbox(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request):
    if request.POST.get("all"):
        services.inbox_mark_read(user=request.user)
        messages.success(request, _("Everything is marked as read."))
        return _back_to_inbox(request)
    try:
        ids = [int(value) for value in request.POST.getlist("notification")]
        services.inbox_mark_read(user=request.user, notification_ids=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (ValueError, Notification.DoesNotExist) as exc:
        raise Http404 from exc
    return _back_to_inbox(request)


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark one notification read and follow its link (only to this site)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.inbox_mark_read(user=request.user, notification_ids=[notification.pk])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


def _preferences_page(request, *, form=None, webhook_form=None, new_secret="", status=200):
    preference = selectors.preference_for(user=request.user)
    try:
        services.webhook_endpoint_manage_check(user=request.user)
        webhooks_refused = ""
    except PermissionDenied as refused:
        webhooks_refused = str(refused)
    if form is None:
        form = PreferenceForm(
            initial={
                "email_enabled": preference.email_enabled,
                "webhook_enabled": preference.webhook_enabled,
                "quiet_hours_start": preference.quiet_hours_start,
                "quiet_hours_end": preference.quiet_hours_end,
                "muted_kinds": preference.muted_kinds or [],
            }
        )
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "webhook_form": webhook_form or WebhookEndpointForm(),
            "kind_groups": notification_kinds_grouped(),
            "endpoints": selectors.webhook_endpoints_for(user=request.user),
            "new_secret": new_secret,
            "webhooks_refused": webhooks_refused,
        },
        status=status,
    )


@login_required
def preferences(request):
    if request.method != "POST":
        return _preferences_page(request)
    form = PreferenceForm(request.POST)
    if form.is_valid():
        try:
            services.preference_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return _preferences_page(request, form=form, status=400)


@login_required
@require_POST
def webhook_add(request):
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint, secret = services.webhook_endpoint_create(
                owner=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Webhook “%(name)s” added.") % {"name": endpoint.name})
            # Rendered, not redirected: the secret is shown this once and stored nowhere
            # else (not in the session, not in a message).
            return _preferences_page(request, new_secret=secret)
    return _preferences_page(request, webhook_form=form, status=400)


@login_required
@require_POST
def webhook_delete(request, pk: int):
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, owner=request.user)
    services.webhook_endpoint_delete(endpoint=endpoint, user=request.user)
    messages.success(request, _("Webhook “%(name)s” removed.") % {"name": endpoint.name})
    return redirect(reverse("notifications:preferences"))
