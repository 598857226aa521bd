"""The cohort's Q&A board on a phone, in each of Guild's languages: a newcomer starts a
question and, while typing its title, is shown the like question already asked; posts
it anyway; another member answers; the asker accepts the answer."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership
from mentors.questions import services
from mentors.questions.models import Question
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.cohorts.factories import CohortFactory, charter_published
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = {
    "en": {
        "cohort": "Spring sales intake",
        "asker": "Tomás Ortega",
        "member": "Priya Nair",
        "earlier": "Who approves a discount above ten percent?",
        "earlier_answer": "Your regional sales director, in the CRM approval queue.",
        "title": "Which discount needs approval for a key account?",
        "body": "The customer asks for fifteen percent on a three-year renewal.",
        "tags": "pricing, key accounts",
        "answer": "Above ten percent the regional director approves it in the CRM.",
    },
    "zh-hans": {
        "cohort": "春季销售新人营",
        "asker": "王芳",
        "member": "李伟",
        "earlier": "折扣超过百分之十由谁审批？",
        "earlier_answer": "区域销售总监在CRM审批队列里批。",
        "title": "大客户的折扣需要谁审批",
        "body": "客户要求三年续约打八五折。",
        "tags": "报价, 大客户",
        "answer": "超过百分之十要区域总监在CRM里审批。",
    },
    "ru": {
        "cohort": "Весенний набор продавцов",
        "asker": "Иван Петров",
        "member": "Мария Волкова",
        "earlier": "Кто согласует скидку больше десяти процентов?",
        "earlier_answer": "Региональный директор по продажам, в очереди согласований CRM.",
        "title": "Какую скидку для ключевого клиента нужно согласовывать?",
        "body": "Клиент просит пятнадцать процентов при продлении на три года.",
        "tags": "цены, ключевые клиенты",
        "answer": "Больше десяти процентов согласует региональный директор в CRM.",
    },
    "el": {
        "cohort": "Ανοιξιάτικη ομάδα πωλητών",
        "asker": "Νίκος Πέτρου",
        "member": "Μαρία Κωνσταντίνου",
        "earlier": "Ποιος εγκρίνει έκπτωση πάνω από δέκα τοις εκατό;",
        "earlier_answer": "Ο περιφερειακός διευθυντής πωλήσεων, στην ουρά εγκρίσεων του CRM.",
        "title": "Ποια έκπτωση για μεγάλο πελάτη θέλει έγκριση;",
        "body": "Ο πελάτης ζητά δεκαπέντε τοις εκατό για ανανέωση τριών ετών.",
        "tags": "τιμές, μεγάλοι πελάτες",
        "answer": "Πάνω από δέκα τοις εκατό την εγκρίνει ο περιφερειακός διευθυντής στο CRM.",
    },
}


def _board(language: str):
    """A running cohort whose board already holds an answered question about discounts."""
    text = CONTENT[language]
    today = timezone.localdate()
    cohort = CohortFactory(
        name=text["cohort"],
        status=Cohort.Status.RUNNING,
        start_date=today - dt.timedelta(days=7),
        end_date=today + dt.timedelta(days=60),
    )
    people = [
        EmployeeProfileFactory(full_name=name, preferred_language=language).user
        for name in (text["asker"], text["member"])
    ]
    for person in people:
        Membership.objects.create(cohort=cohort, user=person, status="active")
    rules = charter_published(cohort=cohort, owner=people[1], enforcers=[people[1]])
    Membership.objects.filter(cohort=cohort).update(rules_accepted_version=rules)
    earlier = services.question_ask(cohort=cohort, author=people[1], title=text["earlier"])
    services.answer_post(question=earlier, author=people[0], body=text["earlier_answer"])
    return cohort, *people


def _username_shown(text: str, *users) -> bool:
    return any(user.username in text for user in users)


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_newcomer_asks_a_member_answers_and_the_asker_accepts(page, login, screenshot, language):
    text = CONTENT[language]
    cohort, asker, member = _board(language)

    # Typing the title shows the question already asked, before posting
    login(page, asker)
    page.goto(reverse("questions:board", args=[cohort.slug]))
    page.get_by_test_id("ask").click()
    page.wait_for_url("**/questions/ask/")
    page.locator("#id_title").press_sequentially(text["title"], delay=20)
    similar = page.locator("[data-similar-box]")
    similar.get_by_role("link", name=text["earlier"]).wait_for()
    page.fill("#id_body", text["body"])
    page.fill("#id_tags", text["tags"])
    with page.expect_navigation():
        page.locator("form[data-similar-url] button[type=submit]").click()
    question = Question.objects.get(title=text["title"])
    page.wait_for_url(f"**/questions/{question.pk}/")

    # The board lists both questions by the asker's name, newest first
    page.goto(reverse("questions:board", args=[cohort.slug]))
    rows = page.get_by_test_id("question-row")
    assert rows.count() == 2
    assert text["title"] in rows.first.inner_text()
    assert text["asker"] in rows.first.inner_text()
    assert text["member"] in rows.nth(1).inner_text()
    assert not _username_shown(page.get_by_test_id("questions").inner_text(), asker, member)
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"questions-board-{language}")

    # Another member answers
    page.context.clear_cookies()
    login(page, member)
    page.goto(reverse("questions:detail", args=[cohort.slug, question.pk]))
    page.fill("#id_body", text["answer"])
    with page.expect_navigation():
        page.locator("form:has(#id_body) button[type=submit]").click()
    assert text["answer"] in page.get_by_test_id("answers").inner_text()

    # The asker accepts it
    page.context.clear_cookies()
    login(page, asker)
    page.goto(reverse("questions:detail", args=[cohort.slug, question.pk]))
    answer = question.answers.get()
    with page.expect_navigation():
        page.locator(
            f"form[action='{reverse('questions:accept', args=[cohort.slug, answer.pk])}'] button"
        ).click()
    answers = page.get_by_test_id("answers")
    assert answers.get_by_test_id("accepted").is_visible()
    assert text["member"] in answers.inner_text()
    assert text["asker"] in page.locator("section.hero").inner_text()
    assert not _username_shown(page.locator("main").inner_text(), asker, member)
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"questions-detail-{language}")
