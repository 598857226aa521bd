"""HR plans the nightly guest sessions in the admin: a two-week series on the cohort's
clock, guests of every tier, what still needs a guest, in each of Guild's languages."""

import datetime as dt

import pytest
from django.utils import timezone

from cohorts.models import Membership, Post, SubGroup
from cohorts.sessions import services
from cohorts.sessions.models import Guest, Session
from tests.browser.test_journey_cohorts import _tall_screenshot
from tests.cohorts.factories import CohortFactory
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Per language: the cohort, then (name, title) of the CEO, the CFO, the partner, the guest
# from a company sharing our users, and two newcomers who stand out.
PEOPLE = {
    "en": (
        "Winter new-hire intake",
        ("Margaret Cole", "Chief executive officer"),
        ("David Lin", "Chief financial officer"),
        ("Nikos Georgiou", "Aegean Logistics"),
        ("Sara Lindqvist", "Nordic Retail Group"),
        ("Chen Jie", "Priya Nair"),
    ),
    "zh-hans": (
        "冬季新员工营",
        ("王芳", "首席执行官"),
        ("李伟", "首席财务官"),
        ("赵磊", "华东物流"),
        ("孙丽", "联华零售"),
        ("陈洁", "郭志强"),
    ),
    "ru": (
        "Зимний набор новичков",
        ("Ольга Смирнова", "Генеральный директор"),
        ("Иван Петров", "Финансовый директор"),
        ("Дмитрий Орлов", "Балтийская логистика"),
        ("Анна Козлова", "Северная розница"),
        ("Мария Волкова", "Сергей Иванов"),
    ),
    "el": (
        "Χειμερινή ομάδα νεοπροσλήψεων",
        ("Ελένη Παπαδάκη", "Διευθύνουσα σύμβουλος"),
        ("Νίκος Πέτρου", "Οικονομικός διευθυντής"),
        ("Γιώργος Βλάχος", "Αιγαίο Logistics"),
        ("Μαρία Κωνσταντίνου", "Ελληνικό Λιανεμπόριο"),
        ("Δημήτρης Αλεξίου", "Κατερίνα Νικολάου"),
    ),
}


def _plan(hr, language):
    """A cohort on Shanghai's clock with a two-week series and guests at every stage."""
    cohort_name, ceo, cfo, partner, shared, newcomers = PEOPLE[language]
    today = timezone.localdate()
    cohort = CohortFactory(
        name=cohort_name,
        time_zone="Asia/Shanghai",
        start_date=today,
        end_date=today + dt.timedelta(days=42),
    )
    first = today + dt.timedelta(days=1)
    series = services.series_generate(
        cohort=cohort,
        actor=hr,
        first_date=first,
        last_date=first + dt.timedelta(days=13),
        skip_weekdays=[7],
        holidays=[first + dt.timedelta(days=9)],
    )
    evenings = list(series.sessions.order_by("starts_at"))

    def employee_guest(name, title, tier):
        profile = EmployeeProfileFactory(full_name=name, title=title)
        return services.guest_create(actor=hr, tier=tier, employee=profile)

    chief = employee_guest(*ceo, Guest.Tier.EXECUTIVE)
    finance = employee_guest(*cfo, Guest.Tier.EXECUTIVE)
    aegean = services.guest_create(
        actor=hr, tier=Guest.Tier.PARTNER, name=partner[0], organization=partner[1]
    )
    nordic = services.guest_create(
        actor=hr, tier=Guest.Tier.SHARED_USERS, name=shared[0], organization=shared[1]
    )

    def invite(session, guest, *moves):
        invitation = services.invitation_create(session=session, guest=guest, actor=hr)
        for to in moves:
            invitation = services.invitation_transition(invitation=invitation, actor=hr, to=to)
        return invitation

    invite(evenings[0], chief, "confirmed", "briefed")
    services.session_update(
        session=evenings[0], actor=hr, changes={"title": "How we won our first bank"}
    )
    services.session_transition(session=evenings[0], actor=hr, to="confirmed")
    invite(evenings[1], aegean)
    invite(evenings[2], finance, "declined")
    invite(evenings[3], nordic, "confirmed")
    invite(evenings[5], finance, "confirmed")
    # The directors' sub-group meets the same night as the first evening, with the same
    # guest: a clash HR must see.
    directors = SubGroup.objects.create(cohort=cohort, name="Directors", slug="directors")
    extra = services.session_create(
        cohort=cohort, actor=hr, date=evenings[0].date, subgroup=directors, title="Directors"
    )
    invite(extra, chief)
    for count, name in zip((4, 2), newcomers, strict=True):
        user = EmployeeProfileFactory(full_name=name).user
        Membership.objects.create(cohort=cohort, user=user, status="active")
        for n in range(count):
            Post.objects.create(cohort=cohort, author=user, body=f"What I learned today ({n})")
    return cohort


@pytest.mark.parametrize("language", list(PEOPLE))
def test_hr_sees_the_evenings_and_the_guest_pipeline(desktop_page, login, screenshot, hr, language):
    page = desktop_page
    hr.profile.preferred_language = language
    hr.profile.save()
    cohort = _plan(hr, language)
    chief, newcomer = PEOPLE[language][1][0], PEOPLE[language][5][0]
    login(page, hr, admin=True)

    # The evenings, as a calendar on the cohort's clock, with what needs fixing
    page.goto(f"/admin/snippets/guest_sessions/session/?cohort={cohort.pk}")
    table = page.locator("table.listing")
    assert "19:30–21:00\nAsia/Shanghai" in table.inner_text()
    assert chief in table.inner_text()
    assert page.locator("[data-testid=clash-guest_twice]").count() == 2
    assert page.locator("[data-testid=clash-unfilled]").count() >= 1
    assert Session.objects.filter(cohort=cohort).count() == table.locator("tbody tr").count()
    _tall_screenshot(page, screenshot, f"admin-sessions-{language}")

    # The pipeline by tier, the evenings without a guest, the newcomers to ask
    page.goto(f"/admin/cohorts/guest-pipeline/?cohort={cohort.pk}&days=14")
    assert chief in page.get_by_test_id("tier-1").inner_text()
    assert newcomer in page.get_by_test_id("suggestions").inner_text()
    assert page.get_by_test_id("unfilled").locator("tbody tr").count() >= 1
    _tall_screenshot(page, screenshot, f"admin-guest-pipeline-{language}")

    if language == "en":
        # One evening's desk: status, guests and their links, segments, the summary
        first = Session.objects.filter(cohort=cohort, subgroup=None).order_by("starts_at")[1]
        page.goto(f"/admin/snippets/guest_sessions/session/edit/{first.pk}/")
        page.get_by_test_id(f"mint-{first.invitations.get().pk}").click()
        link = page.get_by_test_id("guest-link").input_value()
        assert "/sessions/invite/" in link
        page.go_back()
        page.reload()
        assert link not in page.content()
        _tall_screenshot(page, screenshot, "admin-session-edit")
