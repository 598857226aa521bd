"""The inbox pages, the shell badge, the inbox API and the admin of the outbox."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from learning.notifications.models import Delivery, NotificationPreference, WebhookEndpoint
from tests.learning.factories import UserFactory
from tests.notifications.factories import (
    NotificationFactory,
    WebhookEndpointFactory,
    organizer_make,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/inbox"


@pytest.fixture
def member(client, employee):
    client.force_login(employee.user)
    return employee.user


# --- pages ----------------------------------------------------------------------------------


def test_inbox_needs_sign_in(client):
    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert reverse("login") in response.headers["Location"]


def test_inbox_shows_only_my_notifications_newest_first_unread_marked(client, member):
    NotificationFactory(recipient=member, title="Older and read", read_at=dt.datetime.now(dt.UTC))
    NotificationFactory(recipient=member, title="Newest and unread")
    NotificationFactory(title="Someone else's")

    page = client.get(reverse("notifications:inbox")).content.decode()

    assert page.index("Newest and unread") < page.index("Older and read")
    assert "Someone else" not in page
    assert page.count('class="inbox-item unread"') == 1
    assert 'data-testid="unread-count">1<' in page


def test_inbox_empty_state(client, member):
    page = client.get(reverse("notifications:inbox")).content.decode()

    assert 'data-testid="inbox-empty"' in page


def test_inbox_paginates(client, member):
    NotificationFactory.create_batch(25, recipient=member)

    first = client.get(reverse("notifications:inbox")).content.decode()
    second = client.get(reverse("notifications:inbox") + "?page=2").content.decode()

    assert first.count('data-testid="notification"') == 20
    assert second.count('data-testid="notification"') == 5


@pytest.mark.parametrize("size", [3, 30])
def test_inbox_page_queries_do_not_grow_with_the_inbox(
    client, member, size, django_assert_max_num_queries
):
    NotificationFactory.create_batch(size, recipient=member)

    with django_assert_max_num_queries(9):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_mark_one_and_all_read(client, member):
    first, second, third = NotificationFactory.create_batch(3, recipient=member)

    client.post(reverse("notifications:mark_read"), {"notification": first.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None

    client.post(reverse("notifications:mark_read"), {"all": "1"})
    third.refresh_from_db()
    assert third.read_at is not None


def test_marking_someone_elses_notification_is_not_found(client, member):
    theirs = NotificationFactory()

    response = client.post(reverse("notifications:mark_read"), {"notification": theirs.pk})
    opened = client.post(reverse("notifications:open", args=[theirs.pk]))

    assert (response.status_code, opened.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_only_local_links(client, member):
    local = NotificationFactory(recipient=member, url="/cohorts/")
    foreign = NotificationFactory(recipient=member, url="https://evil.example/")

    assert client.post(reverse("notifications:open", args=[local.pk])).headers["Location"] == (
        "/cohorts/"
    )
    assert client.post(reverse("notifications:open", args=[foreign.pk])).headers[
        "Location"
    ] == reverse("notifications:inbox")
    local.refresh_from_db()
    assert local.read_at is not None


def test_preferences_are_saved(client, member):
    response = client.post(
        reverse("notifications:preferences"),
        {
            "webhook_enabled": "on",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:30",
            "muted_kinds": ["guild.notice", "cohort.rules_changed"],
        },
    )

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=member)
    assert preference.email_enabled is False
    assert preference.quiet_hours_end == dt.time(7, 30)
    assert preference.muted_kinds == ["guild.notice", "cohort.rules_changed"]


def test_preferences_with_half_quiet_hours_show_the_problem_and_save_nothing(client, member):
    response = client.post(reverse("notifications:preferences"), {"quiet_hours_start": "22:00"})

    assert response.status_code == 400
    assert "Give both the start and the end of quiet hours." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_adding_a_webhook_shows_its_secret_once(client, member):
    organizer_make(member)
    response = client.post(
        reverse("notifications:webhook_add"),
        {"name": "Sales room", "flavor": "slack", "url": "https://hooks.slack.com/services/T/B"},
    )

    endpoint = WebhookEndpoint.objects.get(owner=member)
    assert response.status_code == 200
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in client.get(reverse("notifications:preferences")).content.decode()


def test_adding_a_webhook_with_a_plain_http_address_is_refused(client, member, settings):
    settings.GUILD_WEBHOOK_ALLOW_PRIVATE = False
    organizer_make(member)

    response = client.post(
        reverse("notifications:webhook_add"),
        {"name": "Room", "flavor": "generic", "url": "http://hooks.example.com/x"},
    )

    assert response.status_code == 400
    assert "must start with https://" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_only_the_owner_can_remove_a_webhook(client, member):
    mine = WebhookEndpointFactory(owner=member)
    theirs = WebhookEndpointFactory()

    assert client.post(reverse("notifications:webhook_delete", args=[theirs.pk])).status_code == (
        404
    )
    assert client.post(reverse("notifications:webhook_delete", args=[mine.pk])).status_code == 302
    assert list(WebhookEndpoint.objects.all()) == [theirs]


# --- API --------------------------------------------------------------------------------------


def test_api_needs_credentials(client):
    response = client.get(API)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_api_lists_my_notifications_with_a_bearer_token(client, employee):
    _token, plaintext = APIToken.create_token(user=employee.user, name="phone")
    NotificationFactory(recipient=employee.user, title="Mine")
    NotificationFactory(title="Theirs")

    response = client.get(API, headers={"Authorization": f"Bearer {plaintext}"})

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["items"][0]["title"] == "Mine"


def test_api_filters_unread_and_counts_them(client, member):
    NotificationFactory(recipient=member, read_at=dt.datetime.now(dt.UTC))
    NotificationFactory.create_batch(2, recipient=member)

    assert client.get(API, {"unread": "true"}).json()["count"] == 2
    assert client.get(API + "/unread-count").json() == {"unread": 2}


@pytest.mark.parametrize("size", [3, 40])
def test_api_list_queries_do_not_grow_with_the_inbox(
    client, member, size, django_assert_max_num_queries
):
    NotificationFactory.create_batch(size, recipient=member)

    with django_assert_max_num_queries(6):
        assert client.get(API).json()["count"] == size


def test_api_marks_given_ids_or_all_read(client, member):
    first, *_rest = NotificationFactory.create_batch(3, recipient=member)

    one = client.post(API + "/read", {"ids": [first.pk]}, content_type="application/json")
    rest = client.post(API + "/read", {}, content_type="application/json")

    assert (one.json(), rest.json()) == ({"marked": 1}, {"marked": 2})


def test_api_mark_read_of_someone_elses_notification_is_404_and_changes_nothing(client, member):
    mine = NotificationFactory(recipient=member)
    theirs = NotificationFactory()

    response = client.post(
        API + "/read", {"ids": [mine.pk, theirs.pk]}, content_type="application/json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_read_takes_at_most_500_ids_with_a_clear_error(client, member):
    mine = NotificationFactory(recipient=member)
    too_many = [mine.pk, *range(10**9, 10**9 + 500)]

    api = client.post(API + "/read", {"ids": too_many}, content_type="application/json")
    page = client.post(reverse("notifications:mark_read"), {"notification": too_many}, follow=True)

    assert api.status_code == 400
    assert "500" in api.json()["error"]["fields"]["ids"][0]
    assert "500" in page.content.decode()
    assert page.redirect_chain
    assert page.redirect_chain[0][1] == 302
    mine.refresh_from_db()
    assert mine.read_at is None


def test_api_preferences_round_trip(client, member):
    assert client.get(API + "/preferences").json()["email_enabled"] is True

    response = client.put(
        API + "/preferences",
        {
            "email_enabled": False,
            "webhook_enabled": True,
            "quiet_hours_start": "21:00",
            "quiet_hours_end": "08:00",
            "muted_kinds": ["cohort.rules_changed"],
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert client.get(API + "/preferences").json() == {
        "email_enabled": False,
        "webhook_enabled": True,
        "quiet_hours_start": "21:00",
        "quiet_hours_end": "08:00",
        "muted_kinds": ["cohort.rules_changed"],
    }


def test_api_preferences_refuse_bad_input_with_the_field(client, member):
    response = client.put(
        API + "/preferences",
        {"email_enabled": True, "webhook_enabled": True, "quiet_hours_start": "21:00"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "quiet_hours_end" in response.json()["error"]["fields"]
    assert not NotificationPreference.objects.exists()


# --- admin ------------------------------------------------------------------------------------


def test_admin_lists_deliveries_filters_them_and_retries_failed_ones(
    client, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    notification = NotificationFactory(kind="session.reminder")
    failed = Delivery.objects.create(
        notification=notification, channel="email", status="failed", attempts=5
    )

    listing = client.get(
        reverse("outbox_deliveries:index"), {"status": "failed", "kind": "session.reminder"}
    )
    assert listing.status_code == 200
    assert client.get(reverse("notifications_retry_failed")).status_code == 200
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("notifications_retry_failed"))

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)


def test_admin_never_shows_a_webhook_secret(client, superuser):
    client.force_login(superuser)
    endpoint = WebhookEndpointFactory(secret="do-not-show-me")

    pages = [
        client.get(reverse("outbox_webhooks:index")),
        client.get(reverse("outbox_webhooks:edit", args=[endpoint.pk])),
        client.get(reverse("outbox_webhooks:inspect", args=[endpoint.pk])),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert all("do-not-show-me" not in page.content.decode() for page in pages)


def test_retry_failed_is_for_people_who_may_change_deliveries(client, hr_user):
    client.force_login(hr_user)

    assert client.get(reverse("notifications_retry_failed")).status_code in {302, 403}


def test_notifications_in_the_admin_are_read_only(client, superuser):
    client.force_login(superuser)
    notification = NotificationFactory(recipient=UserFactory())

    assert client.get(reverse("outbox_notifications:index")).status_code == 200
    assert client.get(reverse("outbox_notifications:edit", args=[notification.pk])).status_code in {
        302,
        403,
    }
