import socket

import pytest

from learning.notifications.services import transport
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import organizer_make
from tests.notifications.fakes import Calls, FakeResponse


@pytest.fixture
def organizer(db):
    """An employee who organizes programmes: in the "Organizers" group, not staff."""
    profile = EmployeeProfileFactory(title="Programme organizer")
    organizer_make(profile.user)
    return profile


@pytest.fixture
def posts(monkeypatch, settings):
    """Every webhook request the services make, answered 200 unless told otherwise.

    Host names resolve to one public address, without asking a DNS server. Webhooks go
    one at a time in the sending thread, so that the answers are given in order
    (``test_concurrent_webhooks`` covers several in flight).
    """
    settings.GUILD_WEBHOOK_CONCURRENCY = 1
    calls = Calls()

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    answers = calls.answers

    def fake_post(url, data, headers, timeout, allow_redirects):
        calls.append({"url": url, "body": data, "headers": headers, "timeout": timeout})
        return answers.pop(0) if answers else FakeResponse()

    monkeypatch.setattr(transport.http_session(), "post", fake_post)
    return calls


@pytest.fixture
def queued(monkeypatch, settings):
    """Every batch handed to the broker: (ids, "urgent" or "bulk")."""
    from learning.notifications import tasks

    batches = []
    names = {settings.CELERY_TASK_DEFAULT_QUEUE: "urgent", settings.GUILD_OUTBOX_BULK_QUEUE: "bulk"}

    def apply_async(args, queue):
        batches.append((args[0], names[queue]))

    monkeypatch.setattr(tasks.deliveries_attempt_task, "apply_async", apply_async)
    return batches
