"""Notification kinds: everything Guild may notify about, declared by the app that sends it.

A kind is one definition (its code, a label in the member's own words, a group, an
optional description and the channels it uses beyond the inbox), registered once by the
app that sends it, at start-up, from a ``notification_kinds`` module its ``AppConfig``
imports in ``ready()`` (``cohorts/notification_kinds.py`` is the example to copy)::

    notification_kind_register("cohort.invited", group=_("My cohorts"),
                               label=_("I am invited to a cohort"))

Sending an unregistered kind is refused (``ValidationError`` on ``kind``), so a typo or
a missing registration fails the first test that sends it. The member's preference page
and the preferences API list the registry; nothing outside it may be muted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.functional import Promise

from learning.notifications.models import Channel, Notification, kind_validator

# Beyond the inbox, which shows every notification whatever the kind says.
OUTSIDE_CHANNELS = (Channel.EMAIL, Channel.WEBHOOK)


@dataclass(frozen=True)
class NotificationKind:
    """One thing Guild may notify about.

    ``default_channels``: where beyond the inbox the kind goes unless the member keeps it
    in the inbox only (an empty tuple: inbox only, nothing for the member to choose).

    ``essential``: a message about the account itself (an invitation, a password reset)
    that the person asked for or cannot do without. It goes whatever their switches,
    muted kinds and quiet hours say, and is not offered for muting.

    ``secret_link``: for a link that opens an account, ``fn(notification) -> site path``
    called when a message is built for sending, so that the secret in it is never
    stored in the outbox (where HR's notification screens could read it). It may raise
    ``DeliveryRefused`` when the link no longer applies. ``link_label`` words the link.
    """

    code: str
    label: str | Promise
    group: str | Promise
    description: str | Promise = ""
    default_channels: tuple[str, ...] = OUTSIDE_CHANNELS
    essential: bool = False
    secret_link: Callable[[Notification], str] | None = None
    link_label: str | Promise = ""

    @property
    def leaves_the_inbox(self) -> bool:
        return bool(self.default_channels)

    @property
    def mutable(self) -> bool:
        """Whether a member may keep it in the inbox only."""
        return self.leaves_the_inbox and not self.essential

    @property
    def default_channel_labels(self) -> list[str]:
        return [str(Channel(channel).label) for channel in self.default_channels]


_kinds: dict[str, NotificationKind] = {}


def notification_kind_register(
    code: str,
    *,
    label: str | Promise,
    group: str | Promise,
    description: str | Promise = "",
    default_channels: Iterable[str] = OUTSIDE_CHANNELS,
    essential: bool = False,
    secret_link: Callable[[Notification], str] | None = None,
    link_label: str | Promise = "",
) -> NotificationKind:
    """Declare a kind; returns it. Call at import time of an app's ``notification_kinds``.

    Registering the same definition again is harmless (modules can be imported twice);
    a different definition under a code already taken raises ``ImproperlyConfigured``,
    because one code must mean one thing everywhere.
    """
    try:
        kind_validator(code)
    except ValidationError as exc:
        raise ImproperlyConfigured(f"Notification kind {code!r}: {exc.messages[0]}") from exc
    channels = tuple(dict.fromkeys(default_channels))
    unknown = set(channels) - set(OUTSIDE_CHANNELS)
    if unknown:
        raise ImproperlyConfigured(
            f"Notification kind {code!r}: unknown channels {sorted(unknown)}; "
            f"choose among {list(OUTSIDE_CHANNELS)} (the inbox is always included)."
        )
    kind = NotificationKind(
        code=code,
        label=label,
        group=group,
        description=description,
        default_channels=channels,
        essential=essential,
        secret_link=secret_link,
        link_label=link_label,
    )
    existing = _kinds.get(code)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Notification kind {code!r} is registered twice.")
    _kinds[code] = kind
    return kind


def notification_kind(code: str) -> NotificationKind | None:
    """The registered kind with this code, or None."""
    return _kinds.get(code)


def notification_kinds() -> list[NotificationKind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_kinds.values())


def notification_kinds_grouped() -> list[tuple[str, list[NotificationKind]]]:
    """Registered kinds by group (in the member's language), groups in first-seen order."""
    groups: dict[str, list[NotificationKind]] = {}
    for kind in _kinds.values():
        groups.setdefault(str(kind.group), []).append(kind)
    return list(groups.items())
