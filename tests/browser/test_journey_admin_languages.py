"""HR decides a report and names the enforcers of group rules in the admin, in each of
Guild's languages; the screenshots go to docs/screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cohorts import services
from cohorts.models import CharterVersion, Membership, Report
from tests.cohorts.factories import CohortFactory, charter_published
from tests.learning.factories import DepartmentFactory, EmployeeProfileFactory, SubsidiaryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a company in each language calls the two jobs and departments of the namesakes.
JOBS = {
    "en": (("Key account lead", "Sales"), ("Controller", "Finance")),
    "zh-hans": (("大客户经理", "销售部"), ("财务主管", "财务部")),
    "ru": (("Менеджер по ключевым клиентам", "Отдел продаж"), ("Контролёр", "Финансы")),
    "el": (("Υπεύθυνη μεγάλων πελατών", "Πωλήσεις"), ("Ελέγκτρια", "Οικονομικά")),
}
# Two people of one name in different departments: the chooser must tell them apart.
PEOPLE = {
    "en": ("Ioanna Papadaki", "Aisha Bello", "Tomás Ortega"),
    "zh-hans": ("王芳", "郭志强", "罗超"),
    "ru": ("Ольга Смирнова", "Иван Петров", "Дмитрий Орлов"),
    "el": ("Ελένη Παπαδάκη", "Νίκος Πέτρου", "Γιώργος Βλάχος"),
}
OFFICES = {
    "en": "Meridian London",
    "zh-hans": "深圳分公司",
    "ru": "Московский офис",
    "el": "Γραφείο Αθήνας",
}
REASON = {
    "en": "Adverts in the group, three times this week.",
    "zh-hans": "本周在群里发了三次广告。",
    "ru": "Реклама в группе, уже третий раз за неделю.",
    "el": "Διαφημίσεις στην ομάδα, τρίτη φορά αυτή την εβδομάδα.",
}


COHORTS = {
    "en": "Winter sales sprint",
    "zh-hans": "深圳分公司 · 销售新兵营",
    "ru": "Москва: школа новичков",
    "el": "Αθήνα: νέοι συνάδελφοι",
}


@pytest.fixture
def organizer(hr, language):
    """HR, organizer of a cohort whose rules are in force, named in their language."""
    cohort = CohortFactory(name=COHORTS[language])
    Membership.objects.create(cohort=cohort, user=hr, role=Membership.Role.ORGANIZER)
    charter_published(cohort=cohort, owner=hr, enforcers=[hr])
    return hr


def _speaks(user, language):
    user.profile.preferred_language = language
    user.profile.save(update_fields=["preferred_language"])


@pytest.mark.parametrize("language", list(PEOPLE))
def test_hr_decides_a_report_in_their_language(
    desktop_page, login, screenshot, organizer, language
):
    page = desktop_page
    _speaks(organizer, language)
    cohort = Membership.objects.get(user=organizer).cohort
    reporter_name, offender_name, _other = PEOPLE[language]
    reporter = EmployeeProfileFactory(full_name=reporter_name).user
    offender = EmployeeProfileFactory(full_name=offender_name).user
    for user in (reporter, offender):
        Membership.objects.create(cohort=cohort, user=user, status="active")
    report = services.report_create(
        cohort=cohort,
        reporter=reporter,
        target_member=Membership.objects.get(cohort=cohort, user=offender),
        reason=REASON[language],
    )

    login(page, organizer, admin=True)
    page.goto(reverse("cohorts_report:inspect", args=[report.pk]))
    body = page.locator("main").inner_text()
    assert reporter_name in body
    assert offender_name in body
    assert REASON[language] in body
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('cohorts_report_decide', args=[report.pk])}']").click()
    assert REASON[language] in page.locator("main").inner_text()
    # Nothing is decided in advance: the outcome starts unchosen.
    assert page.locator("select[name=outcome]").input_value() == ""
    screenshot(page, f"admin-report-{language}")

    page.locator("select[name=outcome]").select_option("warn")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    report.refresh_from_db()
    assert report.status == Report.Status.ACTIONED


@pytest.mark.parametrize("language", list(PEOPLE))
def test_hr_names_enforcers_in_the_people_chooser(
    desktop_page, login, screenshot, organizer, language
):
    page = desktop_page
    _speaks(organizer, language)
    cohort = Membership.objects.get(user=organizer).cohort
    namesake, second_name, _other = PEOPLE[language]
    (lead, sales_name), (controller, finance_name) = JOBS[language]
    sales, finance = DepartmentFactory(name=sales_name), DepartmentFactory(name=finance_name)
    office = SubsidiaryFactory(name=OFFICES[language])
    wanted = EmployeeProfileFactory(
        full_name=namesake, title=lead, department=sales, subsidiary=office
    )
    EmployeeProfileFactory(
        full_name=namesake, title=controller, department=finance, subsidiary=office
    )
    second = EmployeeProfileFactory(
        full_name=second_name, title=lead, department=sales, subsidiary=office
    )

    login(page, organizer, admin=True)
    page.goto(reverse("cohorts_charterversion:add"))
    page.locator("#id_cohort").select_option(str(cohort.pk))
    page.fill("#id_body", "1. Be kind.\n2. Stay on topic.")
    modal = page.locator(".modal-dialog")
    # The owner: one person, chosen by name.
    page.locator("#id_owner-chooser .unchosen [data-chooser-action-choose]").click()
    modal.locator("input[name=q]").fill(organizer.profile.full_name)
    expect(modal.locator("tbody tr")).to_have_count(1)
    modal.locator("tbody tr a").first.click()
    modal.wait_for(state="hidden")
    # The enforcers: several, each told apart by title and department.
    page.locator("#id_enforcer_rows-OPEN_MODAL").click()
    modal.locator("input[name=q]").fill(namesake)
    expect(modal.locator("tbody tr")).to_have_count(2)
    rows = modal.locator("tbody").inner_text()
    assert lead in rows
    assert controller in rows
    assert finance_name in rows
    modal.locator("tbody tr", has_text=lead).locator("input[type=checkbox]").check()
    screenshot(page, f"admin-people-chooser-{language}")
    modal.locator("[data-multiple-choice-submit]").click()
    modal.wait_for(state="hidden")
    page.locator("#id_enforcer_rows-OPEN_MODAL").click()
    modal.locator("input[name=q]").fill(second_name)
    expect(modal.locator("tbody tr")).to_have_count(1)
    modal.locator("tbody tr input[type=checkbox]").check()
    modal.locator("[data-multiple-choice-submit]").click()
    modal.wait_for(state="hidden")
    with page.expect_navigation():
        page.locator(".footer button[type=submit]").first.click()

    version = CharterVersion.objects.filter(charter__cohort=cohort).order_by("-number").first()
    assert version.number == 2
    assert set(version.enforcers.all()) == {wanted.user, second.user}
