"""HR sets someone's manager through the employee chooser modal, in a real browser."""

import pytest

from learning.models import EmployeeProfile
from learning.services import organizer_group_ensure
from tests.learning.factories import EmployeeProfileFactory, SubsidiaryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_picks_a_manager_in_the_chooser(desktop_page, login, screenshot, site_home):
    # given: HR, a new sales rep, and a few people who could lead them
    hr = UserFactory(username="helen.park", is_staff=True)
    hr.groups.add(organizer_group_ensure())
    athens = SubsidiaryFactory(name="Meridian Hellas")
    lead = EmployeeProfileFactory(
        full_name="Katerina Vlachou", title="Regional sales director", subsidiary=athens
    )
    for name, title in [
        ("Kostas Andreou", "Account executive"),
        ("Wang Fang", "Solutions engineer"),
        ("Pavel Smirnov", "Key account manager"),
    ]:
        EmployeeProfileFactory(full_name=name, title=title, subsidiary=athens)
    rep = EmployeeProfileFactory(full_name="Nikolaos Petrou", subsidiary=athens)
    page = desktop_page
    login(page, hr, admin=True)

    # when: HR opens the rep's form, searches the chooser and picks the director
    page.goto(f"/admin/people/employees/edit/{rep.pk}/")
    page.get_by_role("button", name="Choose an employee").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_placeholder("Name, employee id or e-mail").fill("vlach")
    modal.get_by_text("Account executive").wait_for(state="detached")
    screenshot(page, "admin-employee-chooser")
    modal.get_by_role("link", name=str(lead)).click()
    page.locator(".modal-dialog").wait_for(state="hidden")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    # then
    assert EmployeeProfile.objects.get(pk=rep.pk).manager_id == lead.pk
