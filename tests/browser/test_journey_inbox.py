"""The inbox on a phone: read notifications, then choose how the rest arrive."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone

from learning.notifications.models import Notification, NotificationPreference, WebhookEndpoint
from learning.notifications.services import notification_send
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import organizer_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = [
    (
        "guild.notice",
        "Tonight at 19:30: pricing without discounts",
        "Our CFO walks through three real negotiations, then takes your questions.",
    ),
    (
        "guild.notice",
        "Your mentor answered your question",
        "Start with the customer's renewal date, not with the product sheet.",
    ),
    (
        "guild.notice",
        "Day 5 check-in is open",
        "Share one thing you learned from a customer call this week.",
    ),
]

AGES = [
    datetime.timedelta(hours=3),
    datetime.timedelta(days=1, hours=2),
    datetime.timedelta(minutes=12),
]


@pytest.fixture
def newcomer(site_home):
    profile = EmployeeProfileFactory(
        user__username="chen.yu", full_name="Chen Yu", title="Sales representative"
    )
    # Webhooks are for people who organize something; Chen runs the team's chat room.
    organizer_make(profile.user)
    # As the app sends them: in the transaction of the change that causes them.
    with transaction.atomic():
        sent = [
            notification_send(recipient=profile.user, kind=kind, title=title, body=body)
            for kind, title, body in NOTES
        ]
    # Spread over the last day, as an inbox is; the newest comes first.
    now = timezone.now()
    for notification, age in zip(sent, AGES, strict=True):
        Notification.objects.filter(pk=notification.pk).update(created_at=now - age)
    return profile.user


def _tall_screenshot(page, screenshot, name: str) -> None:
    # A full-page capture leaves the phone's fixed tab bar in mid-page: make the window
    # as tall as the page instead.
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    screenshot(page, name)
    page.set_viewport_size(size)


def _unread_badge(page):
    return page.get_by_test_id("unread-count")


def _small_tap_targets(page) -> list[str]:
    """Links, buttons and fields in the page's main part that a thumb would miss."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'main a, main button, main input:not([type=hidden]), main select, main label.check'
        )].filter(e => e.offsetParent !== null)
          .map(e => [e, e.getBoundingClientRect()])
          .filter(([e, box]) => box.height < 44 && !e.closest('label.check'))
          .map(([e, box]) => `${e.tagName} ${(e.innerText || e.name).trim()}: ${box.height}px`)"""
    )


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_an_employee_reads_the_inbox_and_sets_preferences_on_a_phone(
    page, login, screenshot, newcomer
):
    login(page, newcomer)

    page.locator(".tabbar").get_by_role("link", name="Inbox").click()
    page.wait_for_url("**/inbox/")
    items = page.get_by_test_id("notification")
    assert items.count() == 3
    assert items.first.get_by_text("12 minutes ago").is_visible()
    assert _unread_badge(page).inner_text() == "3"
    assert _no_horizontal_scroll(page)
    assert _small_tap_targets(page) == []
    _tall_screenshot(page, screenshot, "inbox-phone")

    # One read: its "Mark read" goes, the badge counts down.
    answer = items.filter(has_text="Your mentor answered your question")
    with page.expect_navigation():
        answer.get_by_role(
            "button", name="Mark “Your mentor answered your question” as read"
        ).click()
    assert (
        page.get_by_test_id("notification")
        .filter(has_text="Your mentor answered")
        .filter(has=page.get_by_role("button", name="Mark read"))
        .count()
        == 0
    )
    assert _unread_badge(page).inner_text() == "2"

    # Then all of them: the badge goes away.
    with page.expect_navigation():
        page.get_by_role("button", name="Mark all as read").click()
    assert page.get_by_text("Everything is marked as read.").is_visible()
    assert _unread_badge(page).count() == 0
    assert page.get_by_role("button", name=re.compile("^Mark .* as read$")).count() == 0
    assert not newcomer.notifications.filter(read_at__isnull=True).exists()

    # Preferences: no e-mail, quiet from ten at night to seven in the morning.
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/inbox/preferences/")
    page.get_by_label("Send me e-mail").uncheck()
    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_label("Quiet until").fill("07:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("Your notification settings are saved.").is_visible()
    assert not page.get_by_label("Send me e-mail").is_checked()
    assert page.get_by_label("Quiet from").input_value() == "22:00"

    preference = NotificationPreference.objects.get(user=newcomer)
    assert preference.email_enabled is False
    assert preference.webhook_enabled is True
    assert preference.quiet_hours_start == datetime.time(22, 0)
    assert preference.quiet_hours_end == datetime.time(7, 0)

    # A personal Slack webhook: its signing secret is shown this once.
    page.get_by_label("Name", exact=True).fill("My sales channel")
    page.get_by_label("Kind", exact=True).select_option(label="Slack")
    page.get_by_label("Address", exact=True).fill(
        "https://hooks.slack.com/services/T000/B000/guildtest"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Add webhook").click()
    secret = page.get_by_test_id("new-secret")
    assert secret.is_visible()
    shown = secret.locator("code").inner_text().strip()
    assert page.get_by_text("My sales channel", exact=True).is_visible()
    assert _no_horizontal_scroll(page)
    assert _small_tap_targets(page) == []
    _tall_screenshot(page, screenshot, "inbox-preferences")

    endpoint = WebhookEndpoint.objects.get(owner=newcomer)
    assert endpoint.flavor == WebhookEndpoint.Flavor.SLACK
    assert endpoint.url == "https://hooks.slack.com/services/T000/B000/guildtest"
    assert endpoint.secret == shown
    assert len(shown) >= 32

    # Shown once: the page after a reload no longer holds it.
    page.goto("/inbox/preferences/")
    assert page.get_by_test_id("new-secret").count() == 0
    assert shown not in page.content()
