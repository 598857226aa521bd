"""Slow down password and token guessing: failed authentications, counted per account and
per client address, lock both for a while.

One rule for every way in: the site's sign-in page, the Wagtail admin's, and bearer tokens
on the API. Each failed attempt counts against the account named (when there is one) and
against the address it came from; once either has ``GUILD_AUTH_FAILURES_PER_ACCOUNT`` or
``GUILD_AUTH_FAILURES_PER_ADDRESS`` failures within the last
``GUILD_AUTH_THROTTLE_WINDOW_SECONDS``, every attempt for it is refused before any
password or token is looked at, the right one included, until enough old failures leave
the window.

The window slides and a refused attempt is not counted, so nobody can lock an account
for longer than the window by trying while it is locked: an attacker who keeps going
gets a few guesses per window, the owner gets their account back when the attacker
stops.

Counters live in Django's cache, in buckets of a fifteenth of the window: ``incr`` is
atomic on Redis, so parallel guesses are all counted; on the file cache a few may be
lost under heavy parallelism, which only makes the limit slightly softer.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext

BUCKETS_PER_WINDOW = 15


class Throttled(Exception):
    """Too many failed authentications for this account or address: wait ``retry_after``."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        self.message = ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        super().__init__(self.message)


def client_address(request) -> str:
    """The address a request came from, as far as we can trust it.

    Behind ``GUILD_PROXY_COUNT`` trusted proxies, the client is the address the outermost
    of them appended to ``X-Forwarded-For``; anything further left was written by the
    client and proves nothing. An IPv6 client is counted by its /64, which one subscriber
    usually holds whole.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.GUILD_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def auth_throttle_check(*, request, username: str | None = None) -> None:
    """Raise ``Throttled`` if this address, or the account named ``username``, is locked.

    Call it before looking at a password or token. Reads the cache only; safe to repeat.
    """
    wait = max(_wait(key, limit) for key, limit in _counters(request, username))
    if wait > 0:
        raise Throttled(retry_after=wait)


def auth_failure_record(*, request, username: str | None = None) -> None:
    """Count one failed authentication against the address and the account named.

    Call it after a wrong password or an unknown token; counting a username that does not
    exist is deliberate, so that the answers never tell which accounts exist. Not
    idempotent: each call is one more failure.
    """
    window, bucket_seconds = _window()
    bucket = int(time.time() // bucket_seconds)
    for key, _limit in _counters(request, username):
        counter_hit(f"{key}:{bucket}", timeout=window + bucket_seconds)


def counter_hit(key: str, *, timeout: int) -> int:
    """Add one to the cache counter ``key`` (kept ``timeout`` seconds); returns the count.

    ``add()`` then ``incr()``: incr is atomic on Redis and never resets a parallel count.
    """
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:
        # Evicted between add() and incr(): start again at one.
        cache.set(key, 1, timeout=timeout)
        return 1


def _counters(request, username: str | None) -> list[tuple[str, int]]:
    counters = [
        (_key("address", client_address(request)), settings.GUILD_AUTH_FAILURES_PER_ADDRESS)
    ]
    if username:
        # Case-folded so that "Ada" and "ada" share one count, whatever the backend accepts.
        counters.append(
            (_key("account", username.strip().casefold()), settings.GUILD_AUTH_FAILURES_PER_ACCOUNT)
        )
    return counters


def _key(kind: str, value: str) -> str:
    # Hashed: usernames and addresses may hold characters a cache key must not.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"guild:auth-failures:{kind}:{digest}"


def _window() -> tuple[int, int]:
    window = max(1, int(settings.GUILD_AUTH_THROTTLE_WINDOW_SECONDS))
    return window, max(1, math.ceil(window / BUCKETS_PER_WINDOW))


def _wait(key: str, limit: int) -> int:
    """Seconds until ``key`` has fewer than ``limit`` failures in the window; 0 if it has."""
    window, bucket_seconds = _window()
    now = time.time()
    current = int(now // bucket_seconds)
    count = math.ceil(window / bucket_seconds)
    buckets = list(range(current - count + 1, current + 1))
    found = cache.get_many([f"{key}:{bucket}" for bucket in buckets])
    counts = [found.get(f"{key}:{bucket}", 0) for bucket in buckets]
    total = sum(counts)
    if total < limit:
        return 0
    # Oldest first: each bucket leaves the window `count` buckets after it began.
    for bucket, failures in zip(buckets, counts, strict=True):
        total -= failures
        if total < limit:
            return max(1, math.ceil((bucket + count) * bucket_seconds - now))
    # Only a limit below one gets here: it locks for a whole window.
    return window
