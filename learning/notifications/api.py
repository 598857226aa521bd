"""Inbox endpoints: a person's own notifications, their unread count and preferences.

Nobody sees another person's notifications: an id that is not yours answers 404, the
same as one that does not exist.
"""

import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, WallClock, input_values
from learning.notifications import selectors, services
from learning.notifications.kinds import notification_kinds
from learning.notifications.services.preferences import MARK_READ_MAX_IDS

router = Router(tags=["inbox"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    payload: dict
    created_at: dt.datetime
    read_at: dt.datetime | None


class UnreadOut(Schema):
    unread: int


class MarkReadIn(Schema):
    ids: list[Id] | None = Field(
        None,
        description=(f"At most {MARK_READ_MAX_IDS} ids; leave out to mark everything read."),
    )


class MarkedOut(Schema):
    marked: int


class PreferenceSchema(Schema):
    email_enabled: bool = True
    webhook_enabled: bool = True
    # Wall-clock HH:MM: a time with an offset cannot be stored, and `format: time`
    # would promise one.
    quiet_hours_start: WallClock | None = None
    quiet_hours_end: WallClock | None = None
    muted_kinds: list[str] = []


@router.get("", response=list[NotificationOut], summary="My notifications, newest first")
@paginate
def notification_list(request, unread: bool = False):
    return selectors.inbox_for(user=request.user, unread_only=unread)


@router.get("/unread-count", response=UnreadOut, summary="How many are unread")
def unread_count(request):
    return {"unread": selectors.unread_count(user=request.user)}


@router.post(
    "/read",
    response={200: MarkedOut, **ERROR_RESPONSES},
    summary="Mark notifications read: the given ids, or all when ids is left out",
)
def mark_read(request, payload: MarkReadIn):
    marked = services.inbox_mark_read(user=request.user, notification_ids=payload.ids)
    return Status(200, {"marked": marked})


class KindOut(Schema):
    kind: str
    label: str
    group: str
    description: str
    default_channels: list[str]
    muted: bool


@router.get(
    "/preferences/kinds",
    response=list[KindOut],
    summary="What I can be notified about, in my language, with where each kind goes",
)
def preference_kinds(request):
    muted = set(selectors.preference_for(user=request.user).muted_kinds or [])
    return [
        {
            "kind": kind.code,
            "label": str(kind.label),
            "group": str(kind.group),
            "description": str(kind.description),
            "default_channels": list(kind.default_channels),
            "muted": kind.code in muted,
        }
        for kind in notification_kinds()
    ]


@router.get("/preferences", response=PreferenceSchema, summary="My delivery preferences")
def preference_get(request):
    return selectors.preference_for(user=request.user)


@router.put(
    "/preferences",
    response={200: PreferenceSchema, **ERROR_RESPONSES},
    summary="Replace my delivery preferences",
)
def preference_put(request, payload: PreferenceSchema):
    return Status(200, services.preference_update(user=request.user, **input_values(payload)))
