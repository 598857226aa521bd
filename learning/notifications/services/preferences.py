"""The member's side: reading their inbox and choosing how notifications reach them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.models import User
from learning.notifications.kinds import notification_kind
from learning.notifications.models import Notification, NotificationPreference

# Most ids one call may mark read: a page of the inbox is far fewer, and "everything"
# is asked for without ids. Bounds the query's IN list (SQLite allows 32,766 parameters).
MARK_READ_MAX_IDS = 500


@transaction.atomic
def inbox_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read: the given ones, or all when ``None``.

    Raises ``Notification.DoesNotExist`` when an id is not one of the user's (so nobody
    learns whether someone else's id exists), and ``ValidationError`` on ``ids`` for more
    than ``MARK_READ_MAX_IDS`` of them. Already-read ones keep their first read time:
    safe to repeat. Returns how many became read.
    """
    mine = Notification.objects.filter(recipient=user)
    if notification_ids is not None:
        wanted = set(notification_ids)
        if len(wanted) > MARK_READ_MAX_IDS:
            raise ValidationError(
                {
                    "ids": _(
                        "Mark at most %(count)d notifications read at once, "
                        "or all of them without ids."
                    )
                    % {"count": MARK_READ_MAX_IDS}
                }
            )
        if mine.filter(pk__in=wanted).count() != len(wanted):
            raise Notification.DoesNotExist(_("Notification not found."))
        mine = mine.filter(pk__in=wanted)
    return mine.filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(
    *,
    user: User,
    email_enabled: bool,
    webhook_enabled: bool,
    quiet_hours_start: dt.time | None = None,
    quiet_hours_end: dt.time | None = None,
    muted_kinds: list[str] | None = None,
) -> NotificationPreference:
    """Replace ``user``'s notification preferences; applies to deliveries not yet sent.

    Quiet hours need both ends (or neither) and must differ; muted kinds must be
    registered (``learning.notifications.kinds``) and not essential. Safe to repeat.
    """
    errors: dict[str, list[str]] = {}
    if (quiet_hours_start is None) != (quiet_hours_end is None):
        errors["quiet_hours_end"] = [_("Give both the start and the end of quiet hours.")]
    elif quiet_hours_start is not None and quiet_hours_start == quiet_hours_end:
        errors["quiet_hours_end"] = [_("Quiet hours must end at a different time.")]
    kinds = list(dict.fromkeys(k.strip() for k in (muted_kinds or []) if k.strip()))
    unknown = [kind for kind in kinds if notification_kind(kind) is None]
    essential = [
        kind for kind in kinds if kind not in unknown and notification_kind(kind).essential
    ]
    if unknown:
        errors["muted_kinds"] = [_("“%(kind)s” is not a notification kind.") % {"kind": unknown[0]}]
    elif essential:
        errors["muted_kinds"] = [
            _("“%(kind)s” concerns your account and is always sent.") % {"kind": essential[0]}
        ]
    if errors:
        raise ValidationError(errors)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email_enabled": email_enabled,
            "webhook_enabled": webhook_enabled,
            "quiet_hours_start": quiet_hours_start,
            "quiet_hours_end": quiet_hours_end,
            "muted_kinds": kinds,
        },
    )
    return preference
