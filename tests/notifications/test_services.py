"""The outbox services: sending, delivering, retries, quiet hours, preferences, webhooks."""

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.parse
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from learning.notifications import services
from learning.notifications.models import (
    Delivery,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)
from learning.notifications.services import delivery as delivery_module
from learning.notifications.services import transport
from tests.learning.factories import EmployeeProfileFactory, UserFactory
from tests.notifications.factories import NotificationFactory, WebhookEndpointFactory
from tests.notifications.fakes import FakeResponse

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _send(recipient, **overrides):
    fields = {
        "recipient": recipient,
        "kind": "guild.notice",
        "title": "Guest session tonight",
        "body": "Our CFO talks about pricing at 19:30.",
        "url": "/cohorts/",
    }
    fields.update(overrides)
    return services.notification_send(**fields)


def _delivery(notification, channel):
    return notification.deliveries.get(channel=channel)


# --- notification_send ----------------------------------------------------------------------


def test_send_writes_inapp_as_sent_and_queues_email_and_each_webhook_after_commit(
    employee, django_capture_on_commit_callbacks, queued
):
    WebhookEndpointFactory.create_batch(2, owner=employee.user)
    WebhookEndpointFactory(owner=employee.user, active=False)

    with django_capture_on_commit_callbacks() as callbacks:
        notification = _send(employee.user)

    channels = sorted(notification.deliveries.values_list("channel", "status"))
    assert channels == [
        ("email", "pending"),
        ("inapp", "sent"),
        ("webhook", "pending"),
        ("webhook", "pending"),
    ]
    assert queued == []
    for callback in callbacks:
        callback()
    pending = set(notification.deliveries.filter(status="pending").values_list("pk", flat=True))
    assert [(set(ids), queue) for ids, queue in queued] == [(pending, "urgent")]


def test_send_respects_switched_off_channels_and_muted_kinds(employee):
    WebhookEndpointFactory(owner=employee.user)
    services.preference_update(user=employee.user, email_enabled=False, webhook_enabled=True)

    assert set(_send(employee.user).deliveries.values_list("channel", flat=True)) == {
        "inapp",
        "webhook",
    }

    services.preference_update(
        user=employee.user,
        email_enabled=True,
        webhook_enabled=True,
        muted_kinds=["guild.notice"],
    )
    assert list(_send(employee.user).deliveries.values_list("channel", flat=True)) == ["inapp"]


def test_send_with_a_used_dedupe_key_returns_the_first_and_writes_nothing(employee):
    first = _send(employee.user, dedupe_key="session-7:reminder:u1")

    again = _send(employee.user, title="Another title", dedupe_key="session-7:reminder:u1")

    assert again.pk == first.pk
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "Cohort Announcement"}, "kind"),
        ({"url": "/" + "x" * 500}, "url"),
    ],
)
def test_send_refuses_bad_input_and_saves_nothing(employee, overrides, field):
    with pytest.raises(ValidationError) as error:
        _send(employee.user, **overrides)

    assert field in error.value.message_dict
    assert Notification.objects.count() == 0


def test_send_many_costs_the_same_queries_for_few_and_many_recipients(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    few = [EmployeeProfileFactory().user for _ in range(3)]
    many = [EmployeeProfileFactory().user for _ in range(40)]
    WebhookEndpointFactory(owner=many[0])

    with django_assert_max_num_queries(8):
        assert services.notification_send_many(recipients=few, kind="guild.notice", title="Hi") == 3
    with (
        django_assert_max_num_queries(8),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        assert (
            services.notification_send_many(recipients=many, kind="guild.notice", title="Hi") == 40
        )

    assert Delivery.objects.filter(notification__recipient__in=many).count() == 40 * 2 + 1
    assert len(callbacks) == 1  # 41 deliveries queued as one batch


def test_send_many_with_a_dedupe_key_only_reaches_people_it_missed(
    django_capture_on_commit_callbacks,
):
    people = [EmployeeProfileFactory().user for _ in range(3)]
    services.notification_send_many(
        recipients=people[:2], kind="guild.notice", title="Welcome", dedupe_key="cohort-3:open"
    )

    created = services.notification_send_many(
        recipients=people, kind="guild.notice", title="Welcome", dedupe_key="cohort-3:open"
    )

    assert created == 1
    assert Notification.objects.filter(recipient=people[2]).get().dedupe_key == (
        f"cohort-3:open:{people[2].pk}"
    )


# --- delivery_attempt ---------------------------------------------------------------------


def test_email_is_sent_once_with_a_stable_message_id_in_the_recipients_language(
    employee, monkeypatch
):
    employee.preferred_language = "ru"
    employee.save()
    notification = _send(employee.user)
    delivery = _delivery(notification, "email")
    languages = []
    original = delivery_module.email_message_build

    def spy(**kwargs):
        languages.append(translation.get_language())
        return original(**kwargs)

    monkeypatch.setattr(delivery_module, "email_message_build", spy)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert services.delivery_attempt(delivery_id=delivery.pk) == "noop"

    assert languages == ["ru"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    assert message.subject == "Guest session tonight"
    assert message.extra_headers["Message-ID"] == services.email_message_id(delivery)
    assert str(delivery.uuid) in message.extra_headers["Message-ID"]
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert delivery.sent_at is not None


def test_webhook_delivery_posts_once_and_a_second_run_sends_nothing(employee, posts):
    endpoint = WebhookEndpointFactory(owner=employee.user)
    delivery = _delivery(_send(employee.user), "webhook")

    assert services.delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert services.delivery_attempt(delivery_id=delivery.pk) == "noop"

    assert len(posts) == 1
    assert endpoint.url == "https://hooks.example.com/guild"
    assert posts[0]["url"] == "https://93.184.216.34/guild"
    assert posts[0]["headers"]["Host"] == "hooks.example.com"
    assert posts[0]["headers"]["X-Guild-Delivery"] == str(delivery.uuid)


def test_failing_webhook_backs_off_then_fails_with_the_status_and_an_excerpt(
    employee, posts, settings
):
    settings.GUILD_NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS = 10
    WebhookEndpointFactory(owner=employee.user)
    delivery = _delivery(_send(employee.user), "webhook")
    posts.answers.extend(FakeResponse(500, "database on fire") for _ in range(3))

    before = timezone.now()
    assert services.delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "HTTP 500: database on fire"
    assert before + dt.timedelta(seconds=10) <= delivery.next_attempt_at

    assert services.delivery_attempt(delivery_id=delivery.pk) == "noop"  # not due yet
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.next_attempt_at >= timezone.now() + dt.timedelta(seconds=19)

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "HTTP 500" in delivery.last_error


def test_chat_platforms_answering_200_with_an_error_code_count_as_failures(employee, posts):
    WebhookEndpointFactory(owner=employee.user, flavor="dingtalk")
    delivery = _delivery(_send(employee.user), "webhook")
    posts.answers.append(FakeResponse(200, '{"errcode":310000}', {"errcode": 310000}))

    assert services.delivery_attempt(delivery_id=delivery.pk) == "retry"


def test_backoff_doubles_from_the_base(settings):
    settings.GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS = 60

    assert [services.delivery_backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


def test_a_live_lease_blocks_other_attempts_and_an_expired_one_is_taken_over(employee, posts):
    WebhookEndpointFactory(owner=employee.user)
    delivery = _delivery(_send(employee.user), "webhook")
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending", claimed_until=timezone.now() + dt.timedelta(minutes=1)
    )

    assert services.delivery_attempt(delivery_id=delivery.pk) == "noop"

    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert services.delivery_attempt(delivery_id=delivery.pk) == "sent"
    assert len(posts) == 1


def test_a_worker_whose_lease_was_taken_over_does_not_mark_the_delivery(
    employee, monkeypatch, settings
):
    # The stand-in for the other worker writes through the test's own connection.
    settings.GUILD_WEBHOOK_CONCURRENCY = 1
    WebhookEndpointFactory(owner=employee.user)
    delivery = _delivery(_send(employee.user), "webhook")

    def slow_send(request):
        # Meanwhile the lease ran out and another worker claimed the delivery.
        Delivery.objects.filter(pk=delivery.pk).update(lease_token=None)

    monkeypatch.setattr(transport, "webhook_post", slow_send)

    assert services.delivery_attempt(delivery_id=delivery.pk) == "noop"
    delivery.refresh_from_db()
    assert delivery.status == "sending"
    assert delivery.sent_at is None


def test_channels_switched_off_after_sending_are_skipped(employee, posts):
    WebhookEndpointFactory(owner=employee.user)
    notification = _send(employee.user)
    services.preference_update(user=employee.user, email_enabled=False, webhook_enabled=False)

    for channel in ("email", "webhook"):
        assert services.delivery_attempt(delivery_id=_delivery(notification, channel).pk) == (
            "skipped"
        )

    assert posts == []
    assert mail.outbox == []


# --- quiet hours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local_now", "expected_end"),
    [
        ((2026, 11, 2, 23, 30), (2026, 11, 3, 7, 0)),
        ((2026, 11, 3, 6, 59), (2026, 11, 3, 7, 0)),
        ((2026, 11, 2, 22, 0), (2026, 11, 3, 7, 0)),
        ((2026, 11, 3, 7, 0), None),
        ((2026, 11, 3, 12, 0), None),
    ],
)
def test_quiet_hours_across_midnight(local_now, expected_end):
    end = services.quiet_hours_end(
        now=dt.datetime(*local_now, tzinfo=SHANGHAI),
        start=dt.time(22, 0),
        end=dt.time(7, 0),
        tz=SHANGHAI,
    )

    assert end == (dt.datetime(*expected_end, tzinfo=SHANGHAI) if expected_end else None)


def test_quiet_hours_within_one_day_and_in_another_time_zone():
    moscow = zoneinfo.ZoneInfo("Europe/Moscow")
    # 13:30 in Shanghai is 08:30 in Moscow: inside Moscow's 08:00–09:00 quiet hour.
    now = dt.datetime(2026, 11, 3, 13, 30, tzinfo=SHANGHAI)

    end = services.quiet_hours_end(now=now, start=dt.time(8), end=dt.time(9), tz=moscow)

    assert end == dt.datetime(2026, 11, 3, 9, 0, tzinfo=moscow)
    assert services.quiet_hours_end(now=now, start=dt.time(8), end=dt.time(9), tz=SHANGHAI) is None


def test_quiet_hours_defer_email_to_their_end_in_the_profile_time_zone(employee):
    employee.time_zone = "Europe/Athens"
    employee.save()
    athens = zoneinfo.ZoneInfo("Europe/Athens")
    local_now = timezone.now().astimezone(athens)
    start = (local_now - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (local_now + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    services.preference_update(
        user=employee.user,
        email_enabled=True,
        webhook_enabled=True,
        quiet_hours_start=start,
        quiet_hours_end=end,
    )
    delivery = _delivery(_send(employee.user), "email")

    assert services.delivery_attempt(delivery_id=delivery.pk) == "deferred"

    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.claimed_until is None
    assert delivery.next_attempt_at.astimezone(athens).time() == end
    assert delivery.next_attempt_at > timezone.now()
    assert mail.outbox == []


# --- webhook bodies and signatures -------------------------------------------------------------


SECRET = "s3cret"
DINGTALK_URL = "https://hooks.example.com/x?access_token=abc"


def _request(flavor, secret=SECRET, url=DINGTALK_URL):
    user = UserFactory()
    endpoint = WebhookEndpointFactory(owner=user, flavor=flavor, secret=secret, url=url)
    notification = NotificationFactory(recipient=user, title="Pricing talk", body="Bring questions")
    delivery = Delivery.objects.create(
        notification=notification, channel="webhook", endpoint=endpoint
    )
    request = services.webhook_request_build(
        delivery=delivery, endpoint=endpoint, now=1_800_000_000.5
    )
    return delivery, request, json.loads(request.body)


@pytest.mark.parametrize("flavor", ["generic", "slack", "teams", "feishu", "wecom", "dingtalk"])
def test_every_flavor_carries_the_delivery_id_and_the_guild_signature(flavor):
    delivery, request, _body = _request(flavor)

    expected = hmac.new(b"s3cret", b"1800000000." + request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Guild-Delivery"] == str(delivery.uuid)
    assert request.headers["X-Guild-Timestamp"] == "1800000000"
    assert request.headers["X-Guild-Signature"] == f"sha256={expected}"


def test_generic_body_describes_the_notification():
    delivery, _request_, body = _request("generic")

    assert body["id"] == str(delivery.uuid)
    assert body["title"] == "Pricing talk"
    assert body["url"].endswith("/cohorts/")


def test_slack_teams_and_wecom_bodies_follow_their_formats():
    assert _request("slack")[2]["text"].startswith("*Pricing talk*\nBring questions")
    teams = _request("teams")[2]
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["body"][0]["text"] == "Pricing talk"
    wecom = _request("wecom")[2]
    assert wecom["msgtype"] == "markdown"
    assert wecom["markdown"]["content"].startswith("**Pricing talk**")


def test_feishu_body_is_signed_with_timestamp_and_secret():
    body = _request("feishu")[2]

    key = b"1800000000\ns3cret"
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body["timestamp"] == "1800000000"
    assert body["sign"] == expected
    assert body["msg_type"] == "text"
    assert "Pricing talk" in body["content"]["text"]


def test_dingtalk_signs_in_the_query_string():
    _delivery_, request, body = _request("dingtalk")

    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)
    message = b"1800000000500\ns3cret"
    expected = base64.b64encode(hmac.new(b"s3cret", message, hashlib.sha256).digest()).decode()
    assert query["access_token"] == ["abc"]
    assert query["timestamp"] == ["1800000000500"]
    assert query["sign"] == [expected]
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "Pricing talk"


def test_without_a_secret_nothing_is_signed():
    _delivery_, request, body = _request("feishu", secret="")

    assert "sign" not in body
    assert "X-Guild-Signature" not in request.headers


# --- dispatcher -------------------------------------------------------------------------------


def test_dispatch_queues_due_deliveries_and_expired_claims_only(employee, queued):
    WebhookEndpointFactory(owner=employee.user)
    now = timezone.now()
    due = _delivery(_send(employee.user), "email")
    expired = _delivery(_send(employee.user), "email")
    Delivery.objects.filter(pk=expired.pk).update(
        status="sending", claimed_until=now - dt.timedelta(seconds=1)
    )
    live = _delivery(_send(employee.user), "email")
    Delivery.objects.filter(pk=live.pk).update(
        status="sending", claimed_until=now + dt.timedelta(minutes=1)
    )
    later = _delivery(_send(employee.user), "email")
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=now + dt.timedelta(minutes=5))
    Delivery.objects.filter(channel="webhook").update(status="failed")
    # Their tasks were lost with the broker: the queue stamps ran out.
    Delivery.objects.update(queued_until=now)

    assert services.outbox_dispatch_pending() == 2
    assert [(sorted(ids), queue) for ids, queue in queued] == [
        (sorted([due.pk, expired.pk]), "urgent")
    ]


def test_retry_failed_resets_only_failed_deliveries(employee, django_capture_on_commit_callbacks):
    notification = _send(employee.user)
    email = _delivery(notification, "email")
    Delivery.objects.filter(pk=email.pk).update(status="failed", attempts=5)

    with django_capture_on_commit_callbacks() as callbacks:
        count = services.deliveries_retry_failed(
            delivery_ids=[email.pk, _delivery(notification, "inapp").pk]
        )

    assert count == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 0)
    assert len(callbacks) == 1


# --- inbox and preferences -----------------------------------------------------------------------


def test_mark_read_marks_only_the_users_own_and_refuses_other_peoples_ids(employee):
    mine = NotificationFactory.create_batch(2, recipient=employee.user)
    theirs = NotificationFactory()

    with pytest.raises(Notification.DoesNotExist):
        services.inbox_mark_read(user=employee.user, notification_ids=[mine[0].pk, theirs.pk])
    assert Notification.objects.filter(read_at__isnull=False).count() == 0

    assert services.inbox_mark_read(user=employee.user, notification_ids=[mine[0].pk]) == 1
    assert services.inbox_mark_read(user=employee.user) == 1
    assert services.inbox_mark_read(user=employee.user) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"quiet_hours_start": dt.time(22)}, "quiet_hours_end"),
        ({"quiet_hours_start": dt.time(22), "quiet_hours_end": dt.time(22)}, "quiet_hours_end"),
        ({"muted_kinds": ["Not A Kind"]}, "muted_kinds"),
    ],
)
def test_preference_update_refuses_bad_input_and_saves_nothing(employee, fields, error_field):
    with pytest.raises(ValidationError) as error:
        services.preference_update(
            user=employee.user, email_enabled=False, webhook_enabled=True, **fields
        )

    assert error_field in error.value.message_dict
    assert not NotificationPreference.objects.exists()


# --- webhook endpoints ----------------------------------------------------------------------------


def test_webhook_create_makes_a_secret_shown_once_except_for_platform_signed_flavors(organizer):
    endpoint, secret = services.webhook_endpoint_create(
        owner=organizer.user, name="Sales room", url="https://hooks.slack.com/services/T/B/X"
    )
    feishu, feishu_secret = services.webhook_endpoint_create(
        owner=organizer.user,
        name="Feishu",
        url="https://open.feishu.cn/open-apis/bot/v2/hook/abc",
        flavor="feishu",
    )

    assert len(secret) >= 32
    assert endpoint.secret == secret
    assert (feishu_secret, feishu.secret) == ("", "")


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",
        "https://127.0.0.1/x",
        "https://10.1.2.3/x",
        "https://[::1]/x",
        "https://localhost:8080/x",
        "ftp://hooks.example.com/x",
        "not a url",
    ],
)
def test_webhook_create_refuses_insecure_or_private_addresses(organizer, url, settings):
    settings.GUILD_WEBHOOK_ALLOW_PRIVATE = False

    with pytest.raises(ValidationError) as error:
        services.webhook_endpoint_create(owner=organizer.user, name="Room", url=url)

    assert "url" in error.value.message_dict
    assert not WebhookEndpoint.objects.exists()


def test_webhook_create_refuses_a_blank_name_and_an_unknown_flavor(organizer):
    with pytest.raises(ValidationError) as error:
        services.webhook_endpoint_create(
            owner=organizer.user, name=" ", url="https://hooks.example.com/x", flavor="pager"
        )

    assert set(error.value.message_dict) == {"name", "flavor"}


def test_only_the_owner_may_change_or_remove_a_webhook(employee, organizer):
    endpoint = WebhookEndpointFactory(owner=organizer.user)

    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_update(endpoint=endpoint, user=employee.user, active=False)
    with pytest.raises(PermissionDenied):
        services.webhook_endpoint_delete(endpoint=endpoint, user=employee.user)

    updated = services.webhook_endpoint_update(
        endpoint=endpoint, user=endpoint.owner, name="Paused room", active=False
    )
    assert (updated.name, updated.active) == ("Paused room", False)
    services.webhook_endpoint_delete(endpoint=endpoint, user=endpoint.owner)
    assert not WebhookEndpoint.objects.exists()


def test_text_is_written_in_each_recipients_own_language(db):
    from django.utils.translation import gettext as _

    russian = EmployeeProfileFactory(preferred_language="ru")
    greek = EmployeeProfileFactory(preferred_language="el")
    english = EmployeeProfileFactory(preferred_language="en")
    title = services.in_recipient_language(lambda: _("Inbox"))

    with translation.override("zh-hans"):  # the sender's language must not leak
        services.notification_send(recipient=russian.user, kind="guild.notice", title=title)
        services.notification_send_many(
            recipients=[greek.user, english.user], kind="guild.notice", title=title
        )

    titles = dict(
        Notification.objects.values_list("recipient__profile__preferred_language", "title")
    )
    assert titles == {"ru": "Входящие", "el": "Εισερχόμενα", "en": "Inbox"}
