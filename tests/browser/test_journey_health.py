"""The cohort health dashboard: the core team reads it on a phone (numbers, goals, trends
as charts, sub-groups compared, key members, what members say), and HR reads the same in
the admin, in English, Chinese, Russian and Greek."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cohorts.health.services import goal_set
from cohorts.models import Membership
from learning.models import EmployeeProfile
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.health.world import NOW, Clock, cohort_with_weeks, name_in
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = {
    "en": ("Winter sales intake", "Dana Kim", ("Priya Nair", "Sam Okafor", "Lena Brandt")),
    "zh-hans": ("冬季销售新人营", "陈静", ("王芳", "李伟", "张敏")),
    "ru": ("Зимний набор продаж", "Ольга Смирнова", ("Иван Петров", "Анна Козлова", "Павел Орлов")),
    "el": (
        "Χειμερινή ομάδα πωλήσεων",
        "Ελένη Γεωργίου",
        ("Νίκος Παππάς", "Μαρία Αντωνίου", "Γιώργος Νικολάου"),
    ),
}


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, NOW)


def _cohort(language: str, clock):
    name, core_name, others = NAMES[language]
    cohort = cohort_with_weeks(60, clock)
    cohort.name = name
    cohort.save(update_fields=["name"])
    name_in(cohort, language)
    # The busiest members get names in the language of the page.
    for index, person in enumerate(others, start=1):
        Membership.objects.filter(cohort=cohort, sort_name=f"Person {index}").update(
            sort_name=person
        )
    core = EmployeeProfileFactory(full_name=core_name, preferred_language=language).user
    Membership.objects.create(
        cohort=cohort, user=core, role=Membership.Role.CORE, status="active", joined_at=NOW
    )
    organizer = Membership.objects.get(cohort=cohort, role=Membership.Role.ORGANIZER).user
    for metric, target in (
        ("active_rate", 60),
        ("checkin_completion", 50),
        ("questions_answered", 90),
    ):
        goal_set(
            actor=organizer,
            cohort=cohort,
            metric=metric,
            target=target,
            due_on=dt.date(2026, 12, 18),
        )
    return cohort, core


@pytest.mark.parametrize("language", list(NAMES))
def test_the_core_team_reads_the_cohort_health_on_a_phone(page, login, screenshot, clock, language):
    cohort, core = _cohort(language, clock)
    login(page, core)

    page.goto(reverse("cohorts:home", args=[cohort.slug]))
    page.get_by_test_id("health-link").click()
    page.wait_for_url(f"**/cohorts/{cohort.slug}/health/")

    dashboard = page.get_by_test_id("health-dashboard")
    assert dashboard.locator("svg").count() >= 6
    assert page.get_by_test_id("goal-active_rate").is_visible()
    assert page.get_by_test_id("key-member").first.is_visible()
    assert NAMES[language][2][0] in page.get_by_test_id("key-members").inner_text()
    # Each chart's numbers are there for those who cannot see it.
    page.get_by_test_id("chart").first.locator("summary").click()
    assert page.get_by_test_id("chart").first.locator("table").is_visible()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"health-{language}")


@pytest.mark.parametrize("language", list(NAMES))
def test_hr_reads_the_cohort_health_in_the_admin(
    desktop_page, login, screenshot, clock, hr, language
):
    cohort, _core = _cohort(language, clock)
    EmployeeProfile.objects.filter(user=hr).update(preferred_language=language)
    from django.contrib.auth.models import Permission

    hr.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cohorts", codename__endswith="cohort")
    )
    login(desktop_page, hr, admin=True)

    desktop_page.goto(reverse("cohorts_cohort:index"))
    desktop_page.goto(reverse("health_cohort", args=[cohort.pk]))

    assert desktop_page.get_by_test_id("health-dashboard").locator("svg").count() >= 6
    assert desktop_page.get_by_test_id("goal-questions_answered").is_visible()
    screenshot(desktop_page, f"health-admin-{language}")
