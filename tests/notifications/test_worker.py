"""The outbox through a real Celery worker: exactly-once marking, crashes, retries.

A tiny HTTP server in a thread plays the webhook receiver and counts requests per
``X-Guild-Delivery``. The worker writes e-mail to files (``GUILD_TEST_MAIL_DIR``), counted
by the same header.
"""

import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from learning.notifications import services
from learning.notifications.models import Delivery
from learning.notifications.tasks import deliveries_attempt_task
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import WebhookEndpointFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DEADLINE = 90


class Receiver:
    """A webhook receiver: answers ``status``; can hold the ``hold_at``-th request (1 is the
    first) until released."""

    def __init__(self, *, status: int = 200, hold_at: int | None = None, delay: float = 0):
        self.status = status
        self.hold_at = hold_at
        self.counts: Counter[str] = Counter()
        self.arrivals: list[tuple[str, float]] = []
        self.held_arrived = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                delivery = self.headers.get("X-Guild-Delivery", "")
                with receiver.lock:
                    receiver.counts[delivery] += 1
                    receiver.arrivals.append((delivery, time.monotonic()))
                    held = len(receiver.arrivals) == receiver.hold_at
                if held:
                    receiver.held_arrived.set()
                    receiver.release.wait(timeout=DEADLINE)
                time.sleep(delay)
                answer = b"receiver says no" if receiver.status >= 400 else b"ok"
                try:
                    self.send_response(receiver.status)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the sender died while we held its request

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _wait_for(condition, *, dispatch: bool = False, message: str = ""):
    """Poll ``condition`` until true; optionally run the dispatcher between polls."""
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting: {message}")
        if dispatch:
            services.outbox_dispatch_pending()
        time.sleep(0.3)


def _all_finished(ids) -> bool:
    return not Delivery.objects.filter(pk__in=ids).exclude(status__in=["sent", "failed"]).exists()


def _notify(user, n: int = 1) -> list[int]:
    with transaction.atomic():
        notifications = [
            services.notification_send(
                recipient=user, kind="guild.notice", title=f"Session {i} starts soon"
            )
            for i in range(n)
        ]
    return list(
        Delivery.objects.filter(notification__in=notifications).values_list("pk", flat=True)
    )


def _person_with_webhook(url: str):
    person = EmployeeProfileFactory()
    WebhookEndpointFactory(owner=person.user, url=url)
    return person.user


def _mailed(mail_dir) -> Counter[str]:
    """How many times each delivery was e-mailed, by the header receivers drop repeats by."""
    return Counter(
        uuid
        for path in mail_dir.iterdir()
        for uuid in re.findall(r"^X-Guild-Delivery: (\S+)$", path.read_text(), re.MULTILINE)
    )


def _marked_sent(worker, uuid) -> int:
    logs = "".join(
        (worker.log_dir / f"worker-{n}.log").read_text(errors="replace")
        for n in range(1, worker.starts + 1)
    )
    return len(re.findall(rf"Delivery {uuid} marked sent", logs))


def test_each_channel_is_delivered_once_and_repeated_tasks_send_nothing_again(
    celery_worker_process,
):
    with Receiver() as receiver:
        user = _person_with_webhook(receiver.url)

        ids = _notify(user)
        _wait_for(lambda: _all_finished(ids), message="first delivery")

        deliveries_attempt_task.delay(ids)
        for delivery_id in ids:
            deliveries_attempt_task.delay([delivery_id])
        services.outbox_dispatch_pending()
        # The worker takes tasks in order: once a later notification is delivered, the
        # repeats above have run.
        barrier = _notify(user)
        _wait_for(lambda: _all_finished(barrier), message="barrier delivery")

    deliveries = {d.channel: d for d in Delivery.objects.filter(pk__in=ids)}
    assert set(deliveries) == {"inapp", "email", "webhook"}
    assert all(d.status == "sent" and d.attempts == 0 for d in deliveries.values())
    assert receiver.counts[str(deliveries["webhook"].uuid)] == 1
    for channel in ("email", "webhook"):
        assert _marked_sent(celery_worker_process, deliveries[channel].uuid) == 1


BATCH = 10


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def celery_worker_env(mail_dir):
    return {
        "GUILD_TEST_MAIL_DIR": str(mail_dir),
        "GUILD_OUTBOX_BATCH_SIZE": str(BATCH),
        "GUILD_NOTIFICATIONS_LEASE_SECONDS": "3",
    }


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_repeats_only_that_batch(
    celery_worker_process, mail_dir, settings
):
    settings.GUILD_OUTBOX_BATCH_SIZE = BATCH
    people = 30
    # Batches are e-mail then webhook per person, 5 people a batch: the 8th request is the
    # third webhook of the second batch, whose e-mails have gone and been marked.
    with Receiver(hold_at=8) as receiver:
        users = [_person_with_webhook(receiver.url) for _ in range(people)]
        with transaction.atomic():
            services.notification_send_many(
                recipients=users, kind="guild.notice", title="Guest session tonight"
            )
        assert receiver.held_arrived.wait(timeout=DEADLINE), celery_worker_process.log()

        celery_worker_process.kill()
        receiver.release.set()
        celery_worker_process.start()
        deliveries = Delivery.objects.exclude(channel="inapp")
        _wait_for(
            lambda: _all_finished(deliveries.values_list("pk", flat=True)),
            dispatch=True,
            message="after the crash",
        )

    deliveries = list(deliveries.select_related("notification"))
    assert len(deliveries) == 2 * people
    assert {d.status for d in deliveries} == {"sent"}
    webhooks = {str(d.uuid) for d in deliveries if d.channel == "webhook"}
    emails = {str(d.uuid) for d in deliveries if d.channel == "email"}
    # Every person once per channel, counted by the id receivers drop repeats by.
    assert set(receiver.counts) == webhooks
    assert {d.notification.recipient_id for d in deliveries if d.channel == "webhook"} == {
        u.pk for u in users
    }
    mailed = _mailed(mail_dir)
    assert set(mailed) == emails
    assert set(mailed.values()) == {1}
    # On the wire, only what the killed batch had sent and not yet marked went twice.
    repeated = {uuid for uuid, count in receiver.counts.items() if count > 1}
    assert 1 <= len(repeated) <= BATCH // 2
    assert max(receiver.counts.values()) == 2
    for delivery in deliveries:
        assert _marked_sent(celery_worker_process, delivery.uuid) == 1


def test_an_urgent_notice_overtakes_a_large_fan_out_already_queued(celery_worker_process, settings):
    settings.GUILD_OUTBOX_BATCH_SIZE = BATCH
    # 40 people: 80 deliveries, 8 batches on the bulk queue, each held ~0.25 s by the
    # receiver; then one notice to one more person on the urgent queue.
    with Receiver(delay=0.05) as receiver:
        crowd = [_person_with_webhook(receiver.url) for _ in range(40)]
        urgent_person = _person_with_webhook(receiver.url)
        with transaction.atomic():
            services.notification_send_many(
                recipients=crowd, kind="guild.notice", title="Everyone: new schedule"
            )
        urgent = _notify(urgent_person)
        _wait_for(
            lambda: _all_finished(Delivery.objects.values_list("pk", flat=True)),
            message="fan-out and urgent notice",
        )

    webhook = str(Delivery.objects.get(pk__in=urgent, channel="webhook").uuid)
    order = [uuid for uuid, _at in receiver.arrivals]
    assert len(order) == 41
    # It waited for the batch in hand at most, not for the 7 queued before it.
    assert order.index(webhook) < 2 * (BATCH // 2)


@pytest.mark.parametrize("celery_worker_env", [{"GUILD_NOTIFICATIONS_LEASE_SECONDS": "3"}])
def test_a_worker_killed_mid_delivery_leaves_a_lease_the_dispatcher_takes_over(
    celery_worker_process,
):
    with Receiver(hold_at=1) as receiver:
        user = _person_with_webhook(receiver.url)
        ids = _notify(user, n=3)
        assert receiver.held_arrived.wait(timeout=DEADLINE), celery_worker_process.log()

        celery_worker_process.kill()
        receiver.release.set()
        in_flight = receiver.arrivals[0][0]
        assert Delivery.objects.get(uuid=in_flight).status == "sending"

        celery_worker_process.start()
        _wait_for(lambda: _all_finished(ids), dispatch=True, message="after the crash")

    deliveries = list(Delivery.objects.filter(pk__in=ids))
    assert {d.status for d in deliveries} == {"sent"}
    webhooks = {str(d.uuid) for d in deliveries if d.channel == "webhook"}
    assert set(receiver.counts) == webhooks
    # The documented crash window: the receiver had the request when the worker died,
    # so it gets it once more, under the same X-Guild-Delivery id to drop it by.
    assert receiver.counts[in_flight] == 2
    assert all(receiver.counts[uuid] == 1 for uuid in webhooks - {in_flight})
    for delivery in deliveries:
        if delivery.channel != "inapp":
            assert _marked_sent(celery_worker_process, delivery.uuid) == 1


@pytest.mark.parametrize(
    "celery_worker_env",
    [
        {
            "GUILD_NOTIFICATIONS_MAX_ATTEMPTS": "3",
            "GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS": "0.5",
        }
    ],
)
def test_a_failing_webhook_is_retried_with_backoff_then_marked_failed(celery_worker_process):
    with Receiver(status=500) as receiver:
        user = _person_with_webhook(receiver.url)
        ids = _notify(user)
        webhook = Delivery.objects.get(pk__in=ids, channel="webhook")

        _wait_for(lambda: _all_finished(ids), dispatch=True, message="webhook to fail")

    webhook.refresh_from_db()
    assert (webhook.status, webhook.attempts) == ("failed", 3)
    assert webhook.last_error == "HTTP 500: receiver says no"
    times = [at for uuid, at in receiver.arrivals if uuid == str(webhook.uuid)]
    assert len(times) == 3
    # Never sooner than the backoff: 0.5 s after the first failure, 1 s after the second.
    assert times[1] - times[0] >= 0.5
    assert times[2] - times[1] >= 1.0
    assert Delivery.objects.get(pk__in=ids, channel="email").status == "sent"
