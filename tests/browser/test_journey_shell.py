"""The shell, end to end in a real browser: sign in, home, inbox, language; the admin."""

import pytest

from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _notify(user) -> str | None:
    """Put one unread notification in the inbox; None while the outbox is not built yet."""
    try:
        from learning.notifications.services import notification_send
    except ImportError:
        return None
    title = "Your mentor left you a welcome note"
    notification_send(
        recipient=user,
        kind="guild.notice",
        title=title,
        body="Bring one question from your first week to tonight's session.",
    )
    return title


def _html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def _home_tab(page) -> str:
    return page.locator(".tabbar a").first.inner_text().strip()


def _switch_language(page, label: str) -> None:
    # The footer switcher submits itself on change; the POST redirects back to this page.
    with page.expect_navigation():
        page.select_option("#language-select", label=label)


def test_an_employee_signs_in_reads_the_inbox_and_switches_language(page, login, screenshot):
    profile = EmployeeProfileFactory(
        user__username="lin.mei", full_name="Lin Mei", title="Account executive"
    )

    note = _notify(profile.user)

    page.goto("/login/")
    page.fill("#id_username", profile.user.username)
    screenshot(page, "login")
    login(page, profile.user)

    assert page.locator("main h1").inner_text() == "Lin Mei"
    assert page.get_by_text("Account executive").is_visible()
    screenshot(page, "home")

    page.locator(".tabbar").get_by_role("link", name="Inbox").click()
    page.wait_for_url("**/inbox/")
    assert page.locator("main h1").inner_text() == "Inbox"
    if note:
        assert page.get_by_text(note).is_visible()
        assert page.get_by_test_id("unread-count").inner_text() == "1"
    screenshot(page, "inbox")

    page.goto("/")
    _switch_language(page, "简体中文")
    assert _html_lang(page) == "zh-hans"
    assert page.locator("main h1").inner_text() == "Lin Mei"
    # Django's own catalogue already translates "Home"; Guild's strings follow later.
    assert _home_tab(page) != "Home"
    profile.refresh_from_db()
    assert profile.preferred_language == "zh-hans"
    screenshot(page, "home-zh")

    _switch_language(page, "English")
    assert _html_lang(page) == "en"
    assert _home_tab(page) == "Home"
    profile.refresh_from_db()
    assert profile.preferred_language == "en"


def test_an_organizer_signs_in_to_the_admin_branded_guild(desktop_page, hr_user, login, screenshot):
    page = desktop_page

    login(page, hr_user, admin=True)

    assert page.url.endswith("/admin/")
    assert page.locator("h1").first.inner_text().strip() == "Guild"
    assert "Guild" in page.title()
    assert "Wagtail" not in page.title()
    screenshot(page, "admin-dashboard")


def test_a_wrong_password_keeps_the_employee_on_the_sign_in_form(page):
    profile = EmployeeProfileFactory()

    page.goto("/login/")
    page.fill("#id_username", profile.user.username)
    page.fill("#id_password", "not the password")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()

    assert page.url.endswith("/login/")
    assert page.locator(".form-error").is_visible()
    assert page.locator("main h1").inner_text() == "Sign in to Guild"
