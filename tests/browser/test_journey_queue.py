"""An organizer finds what waits on them on their phone and decides it in one tap, in each
of Guild's languages."""

import pytest

from cohorts import services
from cohorts.models import EntryRule, Membership
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory, EntryRuleFactory, charter_published
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = {
    "en": ("Helen Park", "Tomás Ortega", "Aisha Bello"),
    "zh-hans": ("罗超", "王芳", "郭志强"),
    "ru": ("Ольга Смирнова", "Иван Петров", "Дмитрий Орлов"),
    "el": ("Ελένη Παπαδάκη", "Νίκος Πέτρου", "Γιώργος Βλάχος"),
}


@pytest.mark.parametrize("language", list(NAMES))
def test_an_organizer_decides_from_the_queue_on_a_phone(
    page, login, screenshot, site_home, language
):
    # Given a cohort whose requests need approval, a request and a report waiting
    organizer_name, asker_name, reporter_name = NAMES[language]
    organizer = EmployeeProfileFactory(full_name=organizer_name, preferred_language=language)
    cohort = CohortFactory(name="Winter sales sprint")
    Membership.objects.create(
        cohort=cohort, user=organizer.user, role=Membership.Role.ORGANIZER, status="active"
    )
    rules = charter_published(cohort=cohort, owner=organizer.user, enforcers=[organizer.user])
    EntryRuleFactory(cohort=cohort, approval_required=True, approver=EntryRule.Approver.ORGANIZER)
    asker = EmployeeProfileFactory(full_name=asker_name, title="Account executive")
    services.membership_request(cohort=cohort, user=asker.user, accept_rules_version=rules.number)
    reporter = EmployeeProfileFactory(full_name=reporter_name).user
    offender = EmployeeProfileFactory().user
    for user in (reporter, offender):
        Membership.objects.create(cohort=cohort, user=user, status="active")
    services.report_create(
        cohort=cohort,
        reporter=reporter,
        target_member=Membership.objects.get(cohort=cohort, user=offender),
        reason="Adverts in the group, three times this week.",
    )

    # When the organizer opens their queue from the navigation
    login(page, organizer.user)
    page.locator(".tabbar a[href='/cohorts/queue/']").click()
    page.wait_for_url("**/cohorts/queue/")

    # Then the request and the report are there, named, each one tap from a decision
    requests = page.get_by_test_id("queue-requests")
    assert asker_name in requests.inner_text()
    assert asker.user.username not in page.content()
    assert "Adverts in the group" in page.get_by_test_id("queue-reports").inner_text()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"queue-{language}")

    with page.expect_navigation():
        requests.locator("button[value=approve]").click()
    assert asker_name not in page.get_by_test_id("queue-requests").inner_text()
    assert Membership.objects.get(cohort=cohort, user=asker.user).status == "active"
