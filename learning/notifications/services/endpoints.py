"""Webhook endpoints: adding, changing and removing where a person's notifications go."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning.models import User
from learning.notifications.models import WebhookEndpoint
from learning.notifications.services.addresses import webhook_url_check
from learning.registry import organizes_something
from learning.services import ORGANIZER_GROUP

WEBHOOKS_PER_USER = 10

# Their secrets come from the chat platform's bot settings; we never make one up.
PLATFORM_SIGNED = {WebhookEndpoint.Flavor.FEISHU, WebhookEndpoint.Flavor.DINGTALK}


def webhook_endpoint_manage_check(*, user: User) -> None:
    """Refuse (``PermissionDenied``) unless ``user`` may add or re-point webhooks.

    Webhooks carry notifications out of Guild and make the server send requests to
    addresses people type in, so they are for people who organize something: staff, the
    "Organizers" group, or whoever a higher app says organizes there
    (``guild_user_organizes``); newcomers read their inbox and e-mail. No side effects:
    pages call it to decide whether to offer the form.
    """
    if user.is_authenticated and (
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name=ORGANIZER_GROUP).exists()
        or organizes_something(user)
    ):
        return
    raise PermissionDenied(_("Webhooks are for people who organize a programme or a cohort."))


def _endpoint_fields_check(*, name: str, url: str, flavor: str) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the endpoint a name.")]
    elif len(name) > 80:
        errors["name"] = [_("The name is longer than 80 characters.")]
    if flavor not in WebhookEndpoint.Flavor.values:
        errors["flavor"] = [_("Choose one of the listed kinds of webhook.")]
    if len(url) > 500:
        errors["url"] = [_("The address is longer than 500 characters.")]
    else:
        errors.update(webhook_url_check(url))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def webhook_endpoint_create(
    *, owner: User, name: str, url: str, flavor: str = "generic", secret: str = ""
) -> tuple[WebhookEndpoint, str]:
    """Add a personal webhook; returns it with its signing secret, to be shown once.

    A secret is generated unless one is given; Feishu and DingTalk use the secret their
    bot settings show (or none). Raises ``PermissionDenied`` for someone who organizes
    nothing (``webhook_endpoint_manage_check``) and ``ValidationError`` for a bad address,
    an unknown flavor or more than ten endpoints. Each call adds one.
    """
    webhook_endpoint_manage_check(user=owner)
    _endpoint_fields_check(name=name, url=url, flavor=flavor)
    if WebhookEndpoint.objects.filter(owner=owner).count() >= WEBHOOKS_PER_USER:
        raise ValidationError({"url": [_("You can have at most ten webhooks.")]})
    secret = secret.strip()
    if not secret and flavor not in PLATFORM_SIGNED:
        secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint.objects.create(
        owner=owner, name=name.strip(), url=url, flavor=flavor, secret=secret
    )
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    user: User,
    name: str | None = None,
    url: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Rename, re-point or pause one of ``user``'s webhooks (the secret stays).

    Raises ``PermissionDenied`` for someone else's endpoint and for an owner who no
    longer organizes anything. Safe to repeat.
    """
    if endpoint.owner_id != user.pk and not user.is_superuser:
        raise PermissionDenied(_("This webhook belongs to someone else."))
    webhook_endpoint_manage_check(user=user)
    new_name = endpoint.name if name is None else name
    new_url = endpoint.url if url is None else url
    _endpoint_fields_check(name=new_name, url=new_url, flavor=endpoint.flavor)
    endpoint.name, endpoint.url = new_name.strip(), new_url
    if active is not None:
        endpoint.active = active
    endpoint.save(update_fields=["name", "url", "active"])
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, user: User) -> None:
    """Remove one of ``user``'s webhooks with its deliveries: nothing more goes there.

    Raises ``PermissionDenied`` for someone else's endpoint. Owners may always remove
    their own, even once they organize nothing any more.
    """
    if endpoint.owner_id != user.pk and not user.is_superuser:
        raise PermissionDenied(_("This webhook belongs to someone else."))
    endpoint.delete()
