"""Cohorts end to end: HR sets one up in the admin, a newcomer joins it on a phone."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from cohorts import services
from cohorts.models import CharterVersion, Cohort, Membership, Post, SubGroup
from tests.cohorts.factories import CohortFactory, program_page
from tests.learning.factories import (
    EmployeeProfileFactory,
    RegionFactory,
    SubsidiaryFactory,
    level_ladder,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULES = (
    "1. Every question from a newcomer gets an answer from a veteran within a day.\n"
    "2. Stay on topic: selling, our products and our customers.\n"
    "3. No advertising, no forwarding chains.\n"
    "4. Evening sessions start at 19:30 sharp; questions wait for the Q&A."
)

PEOPLE = [
    ("Zhou Lan", "East", "Account executive"),
    ("Marco Rossi", "East", "Sales engineer"),
    ("Aisha Bello", "East", "Inside sales"),
    ("Chen Jie", "East", "Account executive"),
    ("Sofia Alves", "West", "Key account manager"),
    ("Tomás Ortega", "West", "Sales representative"),
    ("Yuki Sato", "West", "Solutions consultant"),
    ("Priya Nair", "West", "Inside sales"),
]


@pytest.fixture
def organizer(hr_user):
    organizers, _ = Group.objects.get_or_create(name="Organizers")
    organizers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="cohorts"),
    )
    hr_user.groups.add(organizers)
    hr_user.profile.full_name = "Helen Park"
    hr_user.profile.save()
    return hr_user


@pytest.fixture
def directory(site_home):
    ladder = level_ladder()
    regions = {name: RegionFactory(code=name.lower(), name=name) for name in ("East", "West")}
    company = SubsidiaryFactory(code="meridian-trading", name="Meridian Trading")
    for full_name, region, title in PEOPLE:
        EmployeeProfileFactory(
            full_name=full_name,
            region=regions[region],
            subsidiary=company,
            title=title,
            level=ladder["associate"],
        )
    return regions


def _tall_screenshot(page, screenshot, name: str) -> None:
    # A full-page capture leaves fixed bars where the window was (the phone's tab bar in
    # mid-page) and stops at the window in the admin, which scrolls inside its own panel:
    # make the window as tall as the page instead.
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(document.documentElement.scrollHeight,"
        " (document.querySelector('main') || {}).scrollHeight || 0)"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 80)})
    screenshot(page, name)
    page.set_viewport_size(size)


def _choose(page, selector: str, value: str) -> None:
    page.locator(selector).select_option(value)


def _admin_creates_the_cohort(page, login, screenshot, organizer, program, regions):
    login(page, organizer, admin=True)

    page.goto(reverse("cohorts_cohort:add"))
    _choose(page, "#id_program", str(program.pk))
    page.fill("#id_name", "November new-hire intake")
    page.press("#id_name", "Tab")
    # The slug follows the name as it is typed; HR shortens it.
    expect(page.locator("#id_slug")).to_have_value("november-new-hire-intake")
    page.fill("#id_slug", "november-intake")
    page.fill(
        "#id_description",
        "Six weeks to learn our products, meet the people behind them and close a first deal.",
    )
    page.fill("#id_start_date", "2026-11-02")
    page.keyboard.press("Escape")
    page.fill("#id_end_date", "2026-12-11")
    page.keyboard.press("Escape")
    _choose(page, "#id_time_zone", "Asia/Shanghai")
    page.fill("#id_session_start", "19:30")
    page.keyboard.press("Escape")
    page.fill("#id_session_end", "21:00")
    page.keyboard.press("Escape")
    page.locator("#id_name").click()  # closes any open date or time picker
    _tall_screenshot(page, screenshot, "admin-cohort-create")
    with page.expect_navigation():
        page.get_by_role("button", name="Create").first.click()
    cohort = Cohort.objects.get(slug="november-intake")

    # The group rules, written and published before the cohort opens.
    page.goto(reverse("cohorts_charterversion:add"))
    _choose(page, "#id_cohort", str(cohort.pk))
    page.fill("#id_body", RULES)
    # The owner is picked by name in the person chooser.
    page.get_by_role("button", name="Choose a person").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_placeholder("Name, employee id or e-mail").fill(organizer.profile.full_name)
    expect(modal.locator("tbody tr")).to_have_count(1)
    screenshot(page, "admin-person-chooser")
    modal.get_by_role("link", name=organizer.profile.full_name).first.click()
    modal.wait_for(state="hidden")
    # The enforcers too, several at once if need be.
    page.locator("#id_enforcer_rows-OPEN_MODAL").click()
    modal.get_by_placeholder("Name, employee id or e-mail").fill(organizer.profile.full_name)
    expect(modal.locator("tbody tr")).to_have_count(1)
    modal.locator("tbody tr input[type=checkbox]").check()
    modal.locator("[data-multiple-choice-submit]").click()
    modal.wait_for(state="hidden")
    with page.expect_navigation():
        page.get_by_role("button", name="Create").first.click()
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    assert CharterVersion.objects.get(charter__cohort=cohort).published_at is not None

    # Everyone in the East and West regions joins by rule: preview first, then add.
    for region in regions.values():
        page.goto(reverse("cohorts_memberships_add_by_rule"))
        _choose(page, "#id_cohort", str(cohort.pk))
        _choose(page, "#id_region", str(region.pk))
        with page.expect_navigation():
            page.get_by_test_id("preview").click()
        assert page.get_by_test_id("preview-table").is_visible()
        with page.expect_navigation():
            page.get_by_test_id("confirm").click()
    assert cohort.memberships.count() == len(PEOPLE)

    # One sub-group per region: the preview saves nothing.
    page.goto(reverse("cohorts_subgroups_generate"))
    _choose(page, "#id_cohort", str(cohort.pk))
    _choose(page, "#id_dimension", "region")
    with page.expect_navigation():
        page.get_by_test_id("preview").click()
    assert page.get_by_test_id("preview-table").is_visible()
    assert not SubGroup.objects.filter(cohort=cohort).exists()
    _tall_screenshot(page, screenshot, "admin-subgroups-preview")
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()
    assert set(SubGroup.objects.filter(cohort=cohort).values_list("name", flat=True)) == {
        "East",
        "West",
    }

    # Open it from its edit page.
    page.goto(reverse("cohorts_cohort:edit", args=[cohort.pk]))
    with page.expect_navigation():
        page.get_by_test_id("transition-open").click()
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.OPEN

    # Two more cohorts, so the list shows more than the one just made.
    CohortFactory(
        name="Key accounts sales sprint",
        slug="key-accounts-sprint",
        program=program_page(title="Sales enablement", kind="sales"),
        status=Cohort.Status.RUNNING,
    )
    CohortFactory(
        name="January new-hire intake",
        slug="january-intake",
        program=program,
        status=Cohort.Status.DRAFT,
        start_date=datetime.date(2027, 1, 4),
        end_date=datetime.date(2027, 2, 12),
    )
    page.goto(reverse("cohorts_cohort:index"))
    assert page.get_by_text("November new-hire intake").first.is_visible()
    screenshot(page, "admin-cohort-list")
    return cohort


def test_hr_sets_up_a_cohort_and_a_newcomer_joins_on_a_phone(
    page, desktop_page, login, screenshot, organizer, directory
):
    program = program_page(title="New-hire onboarding")
    cohort = _admin_creates_the_cohort(
        desktop_page, login, screenshot, organizer, program, directory
    )
    services.post_create(
        cohort=cohort,
        author=organizer,
        kind=Post.Kind.ANNOUNCEMENT,
        body="Tonight at 19:30: our CFO on how we price a deal. Bring one question.",
    )
    newcomer = EmployeeProfileFactory(
        user__username="li.wei",
        full_name="Li Wei",
        title="Sales representative",
        region=directory["East"],
    )

    login(page, newcomer.user)
    page.locator(".tabbar").get_by_role("link", name="My cohorts").click()
    page.wait_for_url("**/cohorts/")
    page.get_by_test_id("open-cohort").filter(has_text="November new-hire intake").get_by_role(
        "link", name="Join"
    ).click()
    page.wait_for_url("**/november-intake/join/")
    assert page.get_by_test_id("entry-ok").is_visible()
    page.check("#id_accept_rules")
    page.fill(
        "#id_introduction",
        "Hi all, I'm Li Wei. I just joined the East sales team from a logistics company. "
        "I want to learn how we run discovery calls.",
    )
    _tall_screenshot(page, screenshot, "cohort-join")
    with page.expect_navigation():
        page.get_by_role("button", name="Join the cohort").click()

    assert page.url.endswith("/cohorts/november-intake/")
    membership = Membership.objects.get(cohort=cohort, user=newcomer.user)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.rules_accepted_version is not None
    assert page.get_by_text("I want to learn how we run discovery calls.").is_visible()
    assert page.get_by_text("Tonight at 19:30").is_visible()
    _tall_screenshot(page, screenshot, "cohort-home")

    page.get_by_role("link", name="Members").first.click()
    page.wait_for_url("**/november-intake/members/")
    assert page.get_by_test_id("member").count() == len(PEOPLE) + 1
    _tall_screenshot(page, screenshot, "cohort-members")
