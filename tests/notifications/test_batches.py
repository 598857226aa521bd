"""The outbox in batches: one claim, one load, one SMTP connection, outcomes in bulk;
routing between the urgent and the bulk queue; a dispatcher that does not re-queue."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from learning.notifications import services
from learning.notifications.models import Delivery, Notification
from learning.notifications.services.channels import email as email_channel
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import WebhookEndpointFactory
from tests.notifications.fakes import CountingEmailBackend, FakeResponse

pytestmark = pytest.mark.django_db


def _people(n: int, *, webhook: bool = True) -> list:
    users = [profile.user for profile in EmployeeProfileFactory.create_batch(n)]
    if webhook:
        for user in users:
            WebhookEndpointFactory(owner=user)
    return users


def _announce(users, **overrides) -> list[int]:
    fields = {"recipients": users, "kind": "guild.notice", "title": "Guest session tonight"}
    fields.update(overrides)
    services.notification_send_many(**fields)
    return list(
        Delivery.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True)
    )


@pytest.fixture
def counting_mail(settings):
    settings.EMAIL_BACKEND = "tests.notifications.fakes.CountingEmailBackend"
    CountingEmailBackend.opened = 0
    return CountingEmailBackend


# --- one batch ----------------------------------------------------------------------------------


def test_a_batch_sends_every_email_over_one_connection_and_marks_all_sent(
    posts, counting_mail, queued
):
    ids = _announce(_people(5))

    outcomes = services.deliveries_attempt(delivery_ids=ids)

    assert set(outcomes.values()) == {"sent"}
    assert counting_mail.opened == 1
    assert len(mail.outbox) == 5
    assert len(posts) == 5
    assert not Delivery.objects.exclude(status="sent").exists()


def test_a_batch_renders_each_language_once_and_every_message_as_if_built_alone(
    posts, queued, monkeypatch
):
    # given people in two languages, one with a name that HTML must escape, one nameless
    users = _people(4, webhook=False)
    profiles = [user.profile for user in users]
    profiles[0].full_name = 'Zoë <b>"Ops"</b> & Co'
    profiles[1].preferred_language = "ru"
    profiles[2].full_name = ""
    for profile in profiles:
        profile.save()
    ids = _announce(users, body="Doors open at 19:15.\nBring questions.", url="/inbox/")
    renders = []
    original = email_channel.render_to_string

    def counting(template, context):
        renders.append(template)
        return original(template, context)

    monkeypatch.setattr(email_channel, "render_to_string", counting)

    # when one batch sends them
    assert set(services.deliveries_attempt(delivery_ids=ids).values()) == {"sent"}

    # then each (language, named or not) renders the two templates once, not per person
    assert len(renders) == 2 * 3
    # and each message reads as the templates render it for that person alone
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for message in mail.outbox:
        profile = next(p for p in profiles if p.email in message.to)
        with translation.override(profile.preferred_language):
            context = {
                "notification": Notification.objects.get(
                    recipient=profile.user, title="Guest session tonight"
                ),
                "name": profile.full_name,
                "link": base + "/inbox/",
                "link_label": "",
                "essential": False,
                "preferences_link": base + "/inbox/preferences/",
            }
            assert message.body == original("notifications/email/notification.txt", context)
            assert message.alternatives[0][0] == original(
                "notifications/email/notification.html", context
            )
    assert "Zo\u00eb &lt;b&gt;&quot;Ops&quot;&lt;/b&gt; &amp; Co" in "".join(
        m.alternatives[0][0] for m in mail.outbox
    )


def test_two_batches_racing_over_the_same_ids_send_each_delivery_once(posts, queued):
    ids = _announce(_people(6))
    rival = {}
    original = posts.append

    def post_while_a_rival_batch_runs(call):
        # Mid-send, another worker gets a task for overlapping ids (a repeat, or the
        # dispatcher's): everything is claimed by the first batch, so it sends nothing.
        if not rival:
            rival.update(services.deliveries_attempt(delivery_ids=ids[3:] + ids[:3]))
        original(call)

    posts.append = post_while_a_rival_batch_runs

    first = services.deliveries_attempt(delivery_ids=ids)
    again = services.deliveries_attempt(delivery_ids=ids)

    assert set(first.values()) == {"sent"}
    assert set(rival.values()) == {"noop"}
    assert set(again.values()) == {"noop"}
    assert len(posts) == 6
    assert len(mail.outbox) == 6
    webhook_ids = [call["headers"]["X-Guild-Delivery"] for call in posts]
    assert len(set(webhook_ids)) == 6


def test_outcomes_in_one_batch_are_written_per_delivery(posts, queued, settings):
    settings.GUILD_NOTIFICATIONS_MAX_ATTEMPTS = 2
    users = _people(4)
    ids = _announce(users)
    # Switched off after the notice was sent, before its e-mail went.
    services.preference_update(user=users[3], email_enabled=False, webhook_enabled=True)
    webhooks = list(Delivery.objects.filter(pk__in=ids, channel="webhook").order_by("pk"))
    Delivery.objects.filter(pk=webhooks[1].pk).update(attempts=1)
    posts.answers.extend(
        [FakeResponse(), FakeResponse(500, "down"), FakeResponse(503, "busy"), FakeResponse()]
    )

    outcomes = services.deliveries_attempt(delivery_ids=ids)

    by_id = {d.pk: d for d in Delivery.objects.filter(pk__in=ids)}
    assert [outcomes[w.pk] for w in webhooks] == ["sent", "failed", "retry", "sent"]
    assert (by_id[webhooks[1].pk].status, by_id[webhooks[1].pk].attempts) == ("failed", 2)
    assert by_id[webhooks[1].pk].last_error == "HTTP 500: down"
    retry = by_id[webhooks[2].pk]
    assert (retry.status, retry.attempts, retry.last_error) == ("pending", 1, "HTTP 503: busy")
    assert retry.next_attempt_at > timezone.now()
    assert retry.claimed_until is None
    skipped = Delivery.objects.get(notification__recipient=users[3], channel="email")
    assert (skipped.status, skipped.last_error) == ("skipped", "e-mail switched off")


def test_a_batch_costs_the_same_queries_for_10_and_100_deliveries(posts, queued):
    def queries(n: int) -> int:
        Delivery.objects.all().delete()
        ids = _announce(_people(n // 2))
        assert len(ids) == n
        with CaptureQueriesContext(connection) as captured:
            outcomes = services.deliveries_attempt(delivery_ids=ids)
        assert set(outcomes.values()) == {"sent"}
        return len(captured)

    assert queries(10) == queries(100) <= 4


def test_the_lease_of_a_slow_batch_is_renewed_and_a_lost_one_is_not_sent(posts, queued, settings):
    settings.GUILD_NOTIFICATIONS_LEASE_SECONDS = 0
    ids = _announce(_people(2), title="Slow receivers")
    webhooks = list(Delivery.objects.filter(pk__in=ids, channel="webhook").order_by("pk"))
    original = posts.append

    def taken_over(call):
        # While the first webhook was on the wire, another worker took the second one.
        Delivery.objects.filter(pk=webhooks[1].pk).update(lease_token=None)
        original(call)

    posts.append = taken_over

    outcomes = services.deliveries_attempt(delivery_ids=ids)

    assert outcomes[webhooks[0].pk] == "sent"
    assert outcomes[webhooks[1].pk] == "noop"
    assert len(posts) == 1


# --- routing ------------------------------------------------------------------------------------


def test_a_large_fan_out_goes_to_the_bulk_queue_in_batches_and_a_single_notice_does_not(
    settings, queued, django_capture_on_commit_callbacks
):
    settings.GUILD_OUTBOX_BATCH_SIZE = 4
    users = _people(5)

    with django_capture_on_commit_callbacks(execute=True):
        _announce(users)
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(recipient=users[0], kind="guild.notice", title="Room 4")

    fan_out, single = queued[:-1], queued[-1]
    assert [(len(ids), queue) for ids, queue in fan_out] == [(4, "bulk")] * 2 + [(2, "bulk")]
    assert (len(single[0]), single[1]) == (2, "urgent")


def test_essential_kinds_take_the_urgent_queue_however_many_they_reach(
    settings, queued, django_capture_on_commit_callbacks
):
    from learning.accounts.invitations import INVITATION_KIND

    settings.GUILD_OUTBOX_BATCH_SIZE = 2
    users = _people(5, webhook=False)

    with django_capture_on_commit_callbacks(execute=True):
        _announce(users, kind=INVITATION_KIND, title="Welcome to Guild")

    assert [queue for _ids, queue in queued] == ["urgent"] * 3


# --- dispatcher ---------------------------------------------------------------------------------


def test_the_dispatcher_leaves_queued_deliveries_to_their_tasks(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ids = _announce(_people(3))
    assert len(queued) == 1
    queued.clear()

    assert services.outbox_dispatch_pending() == 0

    # The stamps run out (the broker lost the task): queued once, then left alone again.
    Delivery.objects.filter(pk__in=ids).update(queued_until=timezone.now())
    assert services.outbox_dispatch_pending() == 6
    assert services.outbox_dispatch_pending() == 0
    assert [sorted(batch) for batch, _queue in queued] == [sorted(ids)]


def test_a_retry_is_queued_again_by_the_dispatcher_once_it_is_due(posts, queued, settings):
    ids = _announce(_people(1))
    posts.answers.append(FakeResponse(500, "down"))
    services.deliveries_attempt(delivery_ids=ids)
    webhook = Delivery.objects.get(pk__in=ids, channel="webhook")
    assert webhook.status == "pending"

    assert services.outbox_dispatch_pending() == 0  # its backoff has not run out
    Delivery.objects.filter(pk=webhook.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert services.outbox_dispatch_pending() == 1
    assert queued == [([webhook.pk], "urgent")]


# --- workers keep their database connection -----------------------------------------------------


def test_a_worker_keeps_its_database_connection_between_tasks():
    from celery.fixups.django import DjangoWorkerFixup

    from learning.celery import app
    from learning.notifications.tasks import deliveries_attempt_task

    fixup = DjangoWorkerFixup(app)
    task = deliveries_attempt_task
    task.push_request(is_eager=False)
    try:
        with transaction.atomic():
            pass
        for _ in range(5):
            fixup.on_task_prerun(sender=task)
            fixup.on_task_postrun(sender=task)
    finally:
        task.pop_request()

    assert connection.connection is not None


def test_concurrent_webhooks_a_slow_receiver_holds_up_only_itself(
    posts, queued, settings, django_assert_max_num_queries
):
    # given eight webhooks, each receiver taking 0.3 s to answer
    settings.GUILD_WEBHOOK_CONCURRENCY = 8
    ids = _announce(_people(8))
    answering = posts.append

    def slow(call):
        time.sleep(0.3)
        answering(call)

    posts.append = slow

    # when one batch sends them: the threads reach no database, the batch a fixed few
    started = time.monotonic()
    with django_assert_max_num_queries(12):
        outcomes = services.deliveries_attempt(delivery_ids=ids)
    took = time.monotonic() - started

    # then all go at once, not one after another (8 × 0.3 s)
    assert set(outcomes.values()) == {"sent"}
    assert len(posts) == 8
    assert took < 8 * 0.3 / 2
