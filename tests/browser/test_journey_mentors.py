"""Mentor pairing, in each of Guild's languages: on a phone a newcomer finds their mentor
and how to reach them on the cohort home, and the mentor finds their mentees under My
mentoring; in the admin HR reviews a matching run's proposed pairs with the reasons for
each and who was left out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership
from mentors import services
from tests.browser.test_journey_cohorts import _tall_screenshot as _admin_screenshot
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory, charter_published
from tests.learning.factories import EmployeeProfileFactory, RegionFactory, level_ladder
from tests.mentors.factories import MentorProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Per language: the cohort, the region the pair shares, the newcomers (name, title), the
# mentors (name, title, how to reach them, when they are free).
CONTENT = {
    "en": {
        "cohort": "Spring sales intake",
        "region": "Northern Europe",
        "newcomers": (
            ("Tomás Ortega", "Account executive"),
            ("Priya Nair", "Sales development representative"),
            ("Chen Jie", "Inside sales representative"),
        ),
        "mentors": (
            ("Margaret Cole", "Senior account director", "Chat: @mcole", "Weekday evenings"),
            ("David Lin", "Key account manager", "Phone: +44 20 7946 0000", "Friday mornings"),
        ),
    },
    "zh-hans": {
        "cohort": "春季销售新人营",
        "region": "华东区",
        "newcomers": (("王芳", "客户经理"), ("李伟", "销售代表"), ("陈洁", "电话销售代表")),
        "mentors": (
            ("罗超", "高级客户总监", "企业微信：luochao", "工作日晚上"),
            ("周敏", "大客户经理", "电话：021 5555 0100", "周五上午"),
        ),
    },
    "ru": {
        "cohort": "Весенний набор продавцов",
        "region": "Северо-Запад",
        "newcomers": (
            ("Иван Петров", "Менеджер по работе с клиентами"),
            ("Мария Волкова", "Менеджер по продажам"),
            ("Сергей Иванов", "Специалист по продажам"),
        ),
        "mentors": (
            (
                "Ольга Смирнова",
                "Старший директор по продажам",
                "Телеграм: @osmirnova",
                "По будням вечером",
            ),
            (
                "Дмитрий Орлов",
                "Менеджер ключевых клиентов",
                "Тел.: +7 812 555 01 00",
                "В пятницу утром",
            ),
        ),
    },
    "el": {
        "cohort": "Ανοιξιάτικη ομάδα πωλητών",
        "region": "Βόρεια Ελλάδα",
        "newcomers": (
            ("Νίκος Πέτρου", "Υπεύθυνος πελατών"),
            ("Μαρία Κωνσταντίνου", "Στέλεχος πωλήσεων"),
            ("Δημήτρης Αλεξίου", "Πωλητής γραφείου"),
        ),
        "mentors": (
            (
                "Ελένη Παπαδάκη",
                "Ανώτερη διευθύντρια πελατών",
                "Chat: @epapadaki",
                "Καθημερινές το απόγευμα",
            ),
            (
                "Γιώργος Βλάχος",
                "Υπεύθυνος μεγάλων πελατών",
                "Τηλ.: +30 2310 555 010",
                "Παρασκευή πρωί",
            ),
        ),
    },
}


def _intake(hr, language: str):
    """A running cohort of three newcomers, two veterans with one place each (so one
    newcomer is left out), and a matching run ready for review. The first newcomer and
    the first mentor share a region, which the explanation names."""
    text = CONTENT[language]
    ladder = level_ladder()
    today = timezone.localdate()
    region = RegionFactory(code=f"north-{language}", name=text["region"])
    cohort = CohortFactory(
        name=text["cohort"],
        status=Cohort.Status.RUNNING,
        start_date=today - dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=60),
    )
    newcomers = []
    for index, (name, title) in enumerate(text["newcomers"]):
        profile = EmployeeProfileFactory(
            full_name=name,
            title=title,
            preferred_language=language,
            level=ladder["associate"],
            **({"region": region} if index == 0 else {}),
        )
        Membership.objects.create(cohort=cohort, user=profile.user, status="active")
        newcomers.append(profile.user)
    mentors = []
    for index, (name, title, contact, availability) in enumerate(text["mentors"]):
        profile = EmployeeProfileFactory(
            full_name=name,
            title=title,
            preferred_language=language,
            level=ladder["senior"],
            hire_date=dt.date(2017, 5, 2),
            **({"region": region} if index == 0 else {}),
        )
        MentorProfileFactory(
            user=profile.user, capacity=1, contact=contact, availability=availability
        )
        mentors.append(profile.user)
    rules = charter_published(cohort=cohort, owner=hr, enforcers=[hr])
    Membership.objects.filter(cohort=cohort).update(rules_accepted_version=rules)
    run = services.match_run_start(actor=hr, cohort=cohort).result
    return cohort, run, newcomers, mentors


def _username_shown(text: str, user) -> bool:
    """Whether the account name shows outside the e-mail address it is part of."""
    return user.username in text.replace(user.email, "")


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_newcomer_finds_their_mentor_and_the_mentor_their_mentee(
    page, login, screenshot, hr, language
):
    text = CONTENT[language]
    cohort, run, newcomers, mentors = _intake(hr, language)
    services.match_run_publish(actor=hr, run=run)
    mentor_name, _title, contact, availability = text["mentors"][0]

    # The newcomer opens the cohort home: the mentor, by name, and how to reach them
    login(page, newcomers[0])
    page.goto(f"/cohorts/{cohort.slug}/")
    card = page.get_by_test_id("my-mentor")
    card_text = card.inner_text()
    assert mentor_name in card_text
    assert mentors[0].profile.email in card_text
    assert contact in card_text
    assert availability in card_text
    assert not _username_shown(card_text, mentors[0])
    assert card.get_by_role("link", name=mentors[0].profile.email).get_attribute("href") == (
        f"mailto:{mentors[0].profile.email}"
    )
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"mentors-home-card-{language}")

    # The mentor, who is not in the cohort, finds the mentee under My mentoring
    page.context.clear_cookies()
    login(page, mentors[0])
    page.goto(reverse("mentors:mine"))
    mentees = page.get_by_test_id("my-mentees").inner_text()
    assert text["newcomers"][0][0] in mentees
    assert text["newcomers"][0][1] in mentees
    assert text["cohort"] in mentees
    assert not _username_shown(mentees, newcomers[0])
    assert page.get_by_test_id("my-mentors").count() == 0  # not told they lack a mentor
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"mentors-mine-{language}")


@pytest.mark.parametrize("language", list(CONTENT))
def test_hr_reviews_the_proposed_pairs_and_why(desktop_page, login, screenshot, hr, language):
    page = desktop_page
    hr.profile.preferred_language = language
    hr.profile.save()
    text = CONTENT[language]
    _cohort, run, newcomers, _mentors = _intake(hr, language)
    login(page, hr, admin=True)

    page.goto(reverse("mentors_runs:review", args=[run.pk]))
    proposals = page.get_by_test_id("proposals")
    rows = proposals.locator("tbody tr")
    assert rows.count() == 2
    first = rows.filter(has_text=text["newcomers"][0][0])
    assert text["mentors"][0][0] in first.inner_text()
    assert text["region"] in first.inner_text()  # the reason: the region they share
    left_out = page.get_by_test_id("unmatched").inner_text()
    assert sum(name in left_out for name, _title in text["newcomers"]) == 1
    assert not any(_username_shown(page.content(), user) for user in newcomers)
    _admin_screenshot(page, screenshot, f"admin-matching-review-{language}")
