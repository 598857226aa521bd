"""The operations team on a phone: the core member opens the team's room, fills in the
week's plan and marks an item done beside the decisions and the duty roster; HR reads
the evaluations of the team in the admin. In each of Guild's languages."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership
from cohorts.operations import services
from cohorts.operations.demo_texts import POSTS, ROSTER, WEEKS
from cohorts.operations.models import Evaluation
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = {
    "en": (
        "Winter sales intake",
        "Dana Kim",
        "Sam Okafor",
        "Priya Nair",
        "Call the two quiet sub-groups",
    ),
    "zh-hans": ("冬季销售新人营", "陈静", "李伟", "张敏", "联系两个不活跃的小组"),
    "ru": (
        "Зимний набор продавцов",
        "Ольга Смирнова",
        "Иван Петров",
        "Анна Козлова",
        "Позвонить двум тихим подгруппам",
    ),
    "el": (
        "Χειμερινή ομάδα πωλήσεων",
        "Μαρία Παπαδοπούλου",
        "Νίκος Γεωργίου",
        "Ελένη Δημητρίου",
        "Κλήση στις δύο ήσυχες υποομάδες",
    ),
}


def _room(language, hr):
    name, core_name, helper_name, planner_name, _item = PEOPLE[language]
    today = timezone.localdate()
    cohort = CohortFactory(
        name=name,
        status=Cohort.Status.RUNNING,
        time_zone=settings.TIME_ZONE,
        start_date=today - dt.timedelta(days=40),
        end_date=today + dt.timedelta(days=40),
    )

    def person(full_name, role, duty=""):
        user = EmployeeProfileFactory(full_name=full_name, preferred_language=language).user
        Membership.objects.create(
            cohort=cohort,
            user=user,
            status="active",
            role=role,
            helper_duty=duty,
            joined_at=timezone.now(),
        )
        return user

    core = person(core_name, "core")
    helper = person(helper_name, "helper", ROSTER[language][0])
    planner = person(planner_name, "planning")
    for kind, title, body in POSTS[language]:
        services.room_post_create(cohort=cohort, author=core, kind=kind, title=title, body=body)
    week = services.week_of(cohort)
    focus, items = WEEKS[language][-1]
    services.weekly_plan_focus_set(cohort=cohort, week=week, actor=core, focus=focus)
    for number, text in enumerate(items):
        owner = (helper, planner, core)[number % 3]
        services.plan_item_add(cohort=cohort, week=week, actor=core, text=text, owner_id=owner.pk)
    for weekday, duty in enumerate(ROSTER[language]):
        services.roster_shift_set(
            cohort=cohort,
            actor=core,
            weekday=weekday,
            person_id=(helper, planner)[weekday % 2].pk,
            duty=duty,
        )
    for back in (2, 1):
        start = week - dt.timedelta(weeks=4 * back)
        services.evaluation_round_start(
            cohort=cohort, start=start, end=start + dt.timedelta(days=27), actor=hr
        )
    return cohort, core, helper


@pytest.mark.parametrize("language", list(PEOPLE))
def test_the_core_team_plans_the_week_in_its_room(
    page, desktop_page, login, screenshot, hr, language
):
    hr.profile.preferred_language = language
    hr.profile.save(update_fields=["preferred_language"])
    cohort, core, helper = _room(language, hr)
    item = PEOPLE[language][4]

    # On a phone, the core member adds to the week's plan and marks the first item done
    login(page, core)
    page.goto(reverse("operations:room", args=[cohort.slug]))
    page.fill("#id_text", item)
    page.select_option("#id_owner", str(helper.pk))
    with page.expect_navigation():
        page.locator("#plan form.post-box button[type=submit]").click()
    plan = page.get_by_test_id("weekly-plan")
    assert item in plan.inner_text()
    with page.expect_navigation():
        page.get_by_test_id("plan-item").first.locator("button").click()
    assert page.get_by_test_id("plan-item").first.locator(".pill").count() == 1
    assert POSTS[language][2][1] in page.get_by_test_id("room-posts").inner_text()
    assert ROSTER[language][3] in page.get_by_test_id("duty-roster").inner_text()
    assert core.username not in page.locator("main").inner_text()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"operations-room-{language}")

    # HR reads the evaluations in the admin, the last period's waiting
    first = Evaluation.objects.filter(round__cohort=cohort).order_by("round__end", "pk").first()
    services.evaluation_assess(evaluation=first, actor=hr, assessment="✓")
    login(desktop_page, hr, admin=True)
    desktop_page.goto("/admin/operations/evaluations/")
    assert PEOPLE[language][2] in desktop_page.locator("main").inner_text()
    screenshot(desktop_page, f"operations-admin-evaluations-{language}")
