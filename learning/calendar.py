"""Calendars: a single ``.ics`` per event and each person's subscribable feed.

Layer 0 knows nothing about sessions: apps above register what goes in a person's
calendar through the ``guild_calendar_events`` hook, ``fn(user) -> Iterable[
CalendarEvent]`` (guest sessions do). Events are written in UTC, which every calendar
reads correctly whatever its own zone; each has a UID that never changes and a
``SEQUENCE`` its app raises when something people see changes, so calendar apps update
the event in place; a cancelled one stays in the feed as ``STATUS:CANCELLED`` so that
subscribers see it go.

The feed's address carries a secret token (32 random bytes). Only its HMAC digest is
stored: the address is shown once when made, a new one retires the old, and a revoked
or unknown one answers 404.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail import hooks

from learning.notifications.models import CalendarFeed

TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 100
PRODUCT_ID = "-//Guild//Guild calendar//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    tentative: bool = False
    changed_at: dt.datetime | None = None
    alarm_minutes: int | None = 30


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def ics_build(events: Iterable[CalendarEvent], *, name: str = "", base_url: str = "") -> bytes:
    """An iCalendar document of ``events`` (RFC 5545), times in UTC."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    now = timezone.now()
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", _utc(item.changed_at or now))
        event.add("dtstart", _utc(item.starts_at))
        event.add("dtend", _utc(item.ends_at))
        event.add("summary", item.title)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", f"{base_url}{item.url}")
        if item.cancelled:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "TENTATIVE" if item.tentative else "CONFIRMED")
            if item.alarm_minutes:
                alarm = icalendar.Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", item.title)
                alarm.add("trigger", dt.timedelta(minutes=-item.alarm_minutes))
                event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_events_for(user) -> list[CalendarEvent]:
    """Everything the apps put in ``user``'s calendar, by start."""
    events: list[CalendarEvent] = []
    for fn in hooks.get_hooks("guild_calendar_events"):
        events.extend(fn(user))
    return sorted(events, key=lambda event: (event.starts_at, event.uid))


def _digest(token: str) -> str:
    return salted_hmac("guild.calendar.feed", token, algorithm="sha256").hexdigest()


def calendar_feed_create(*, user) -> str:
    """Make ``user``'s feed address (replacing any earlier one); returns its path, which
    holds the secret and is shown once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        CalendarFeed.objects.create(user=user, token_digest=_digest(token))
    return reverse("calendar_feed", kwargs={"token": token})


def calendar_feed_revoke(*, user) -> bool:
    """Stop ``user``'s feed address from working; True when there was one."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_feed_user(token: str):
    """The active user a feed token belongs to, or None (unknown, revoked, inactive).
    Notes the fetch, at most once an hour."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_digest=_digest(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_fetched_at is None or now - feed.last_fetched_at > dt.timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
    return feed.user
