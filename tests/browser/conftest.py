"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work on our machines, so the journeys use the
``chromium`` Debian package (``./guild test`` installs it). Without it they skip, saying why.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise
# refuse the ORM calls the tests make to set up data and check what the browser saved.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct horse battery staple"  # what tests.learning.factories.UserFactory sets

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}

# Long enough for a cold live server on a busy two-core machine, short enough that a
# missing element fails the test instead of hanging CI.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (./guild test does)"
        # CI installs it, so there a missing browser is a broken machine, not a skip.
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy blocked to the test (see _new_page).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.guildReportCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
        `at ${event.sourceFile || document.location.href}:${event.lineNumber}` +
        (event.sample ? ` (${event.sample})` : "")
    );
});
"""


def _new_page(browser, live_server, options):
    """A fresh context and page that record every CSP violation and CSP console error."""
    context = browser.new_context(base_url=live_server.url, **{"locale": "en-US", **options})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    violations: list[str] = []
    context.expose_binding(
        "guildReportCspViolation", lambda source, text: violations.append(f"{text}")
    )
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    # The console also catches what happens before the listener is in place.
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page, violations


def _assert_no_csp_violations(violations: list[str]) -> None:
    if violations:
        pytest.fail(
            "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)),
            pytrace=False,
        )


@pytest.fixture
def page(browser, live_server, site_home):
    """A phone: a fresh browser context (no cookies) per test, 390x844 at 2x, touch.

    The test fails if the page broke the Content-Security-Policy anywhere.
    """
    context, page, violations = _new_page(browser, live_server, PHONE)
    yield page
    context.close()
    _assert_no_csp_violations(violations)


@pytest.fixture
def desktop_page(browser, live_server, site_home):
    """A laptop-sized window for the Wagtail admin, where organizers work; fails on any
    Content-Security-Policy violation, as ``page`` does."""
    context, page, violations = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()
    _assert_no_csp_violations(violations)


@pytest.fixture
def site_home(transactional_db):
    """The home page at the site root (tests/conftest.py puts it back after each flush)."""
    from learning.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def hr(site_home):
    """HR as the installation makes them: staff, in the Organizers group, with a profile."""
    from learning.services import organizer_group_ensure
    from tests.learning.factories import EmployeeProfileFactory, UserFactory

    user = UserFactory(username="helen.park", is_staff=True)
    user.groups.add(organizer_group_ensure())
    EmployeeProfileFactory(
        user=user, employee_id="HR001", full_name="Helen Park", title="HR business partner"
    )
    return user


def sign_in(page, user, *, admin: bool = False, password: str = PASSWORD) -> None:
    """Sign ``user`` in through the real form: the site's /login/ or the admin's."""
    page.goto("/admin/login/" if admin else "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    if page.url.rstrip("/").endswith("/login"):
        raise AssertionError(f"{user.username} could not sign in: still on {page.url}")


def save_screenshot(page, name: str) -> Path:
    """Save a full-page PNG to docs/screenshots/<name>.png (the README shows them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


@pytest.fixture
def login():
    """``login(page, user, admin=False)``: sign in through the real form."""
    return sign_in


@pytest.fixture
def screenshot():
    """``screenshot(page, name)``: a full-page PNG in docs/screenshots/."""
    return save_screenshot
