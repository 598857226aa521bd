"""Check-ins on a phone: a newcomer does today's reading check-in (in English and in
Chinese, where every character counts as a word), the helper on check-in duty nudges
whoever has not checked in, and the cohort's leaderboard shows the points."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cohorts.engagement.models import Checkin, CheckinTask
from cohorts.engagement.services import award, checkin_submit
from cohorts.models import Cohort, Membership
from learning.notifications.models import Notification
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = {
    "en": {
        "cohort": "Winter sales intake",
        "task": "Daily reading check-in",
        "member": "Tomás Ortega",
        "others": ("Priya Nair", "Sam Okafor"),
        "helper": "Dana Kim",
        "book": "SPIN Selling",
        "chapter": "Implication questions",
        "text": "Asking what a problem costs makes the need bigger than any slide can.",
        "words": 13,
    },
    "zh-hans": {
        "cohort": "冬季销售新人营",
        "task": "每日读书打卡",
        "member": "王芳",
        "others": ("李伟", "张敏"),
        "helper": "陈静",
        "book": "《活法》",
        "chapter": "第一章 思维方式",
        "text": "先倾听客户，再介绍产品。",
        "words": 10,
    },
    "el": {
        "cohort": "Χειμερινή ομάδα πωλήσεων",
        "task": "Καθημερινό check-in ανάγνωσης",
        "member": "Ελένη Παπαδοπούλου",
        "others": ("Γιώργος Νικολάου", "Μαρία Γεωργίου"),
        "helper": "Κώστας Δημητρίου",
        "book": "Η τέχνη της διαπραγμάτευσης",
        "chapter": "Ερωτήσεις επίπτωσης",
        "text": "Όταν ρωτάς τι κοστίζει ένα πρόβλημα, η ανάγκη μεγαλώνει πιο πολύ.",
        "words": 11,
    },
}


def _cohort(language: str):
    text = CONTENT[language]
    today = timezone.localdate()
    cohort = CohortFactory(
        name=text["cohort"],
        status=Cohort.Status.RUNNING,
        time_zone=settings.TIME_ZONE,
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=30),
    )
    task = CheckinTask.objects.create(
        cohort=cohort,
        title=text["task"],
        due_time=dt.time(23, 59),
        lateness=CheckinTask.Lateness.END_OF_DAY,
    )

    def person(name, **fields):
        user = EmployeeProfileFactory(full_name=name, preferred_language=language).user
        Membership.objects.create(
            cohort=cohort, user=user, status="active", joined_at=timezone.now(), **fields
        )
        return user

    member = person(text["member"])
    others = [person(name) for name in text["others"]]
    helper = person(text["helper"], role="helper", helper_duty="Check-in supervision")
    return cohort, task, member, others, helper


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_member_checks_in_on_a_phone_and_a_helper_nudges(page, login, screenshot, language):
    text = CONTENT[language]
    cohort, task, member, others, helper = _cohort(language)
    yesterday = timezone.now() - dt.timedelta(days=1)
    checkin_submit(task=task, user=others[0], book="B", text="—", now=yesterday)
    award(person=others[0], cohort=cohort, rule="session_attended", cause=task)

    # The newcomer checks in from the cohort home's card
    login(page, member)
    page.goto(reverse("cohorts:home", args=[cohort.slug]))
    card = page.get_by_test_id("home-checkins")
    assert text["task"] in card.inner_text()
    page.goto(reverse("engagement:checkins", args=[cohort.slug]))
    page.fill(f"#id_{task.pk}_book", text["book"])
    page.fill(f"#id_{task.pk}_chapter", text["chapter"])
    page.fill(f"#id_{task.pk}_text", text["text"])
    with page.expect_navigation():
        page.locator("[data-testid=checkin-task] form button[type=submit]").first.click()
    assert page.get_by_test_id("checked-in").is_visible()
    checkin = Checkin.objects.get(person=member)
    assert checkin.word_count == text["words"]
    assert str(text["words"]) in page.get_by_test_id("checked-in").inner_text()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"checkin-{language}")

    # The helper on check-in duty nudges the two who have not checked in, once
    page.context.clear_cookies()
    login(page, helper)
    page.goto(reverse("engagement:supervise", args=[cohort.slug]))
    missing = page.get_by_test_id("missing")
    assert missing.count() == 2
    assert text["others"][0] in page.get_by_test_id("supervise").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("nudge").click()
    assert page.get_by_test_id("nudge").count() == 0
    assert Notification.objects.filter(kind="checkin.nudge").count() == 2
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"checkin-supervise-{language}")

    # The leaderboard, as the newcomer sees it
    page.context.clear_cookies()
    login(page, member)
    page.goto(reverse("engagement:leaderboard", args=[cohort.slug]))
    standings = page.get_by_test_id("standing")
    assert standings.count() == 2
    assert text["others"][0] in standings.first.inner_text()
    assert member.username not in page.locator("main").inner_text()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"leaderboard-{language}")
