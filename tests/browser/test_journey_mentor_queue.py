"""A mentor's Q&A queue on a phone, in English and Russian: their mentee asks; the
mentor opens "Questions for me", finds the question at the top, answers it from there,
and reads their scorecard (one question, replied to)."""

import pytest
from django.urls import reverse

from mentors.models import Pairing
from mentors.questions import services
from mentors.questions.models import Question
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.browser.test_journey_questions import CONTENT, _board, _username_shown

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_mentor_answers_from_their_queue_and_reads_their_scorecard(
    page, login, screenshot, language
):
    text = CONTENT[language]
    cohort, mentee, mentor = _board(language)
    Pairing.objects.create(cohort=cohort, mentor=mentor, mentee=mentee)
    question = services.question_ask(
        cohort=cohort, author=mentee, title=text["title"], body=text["body"]
    )

    # The queue shows the mentee's open question, by the mentee's name
    login(page, mentor)
    page.goto(reverse("questions_queue:queue"))
    waiting = page.get_by_test_id("queue-questions")
    assert text["title"] in waiting.inner_text()
    assert text["asker"] in waiting.inner_text()
    assert not _username_shown(waiting.inner_text(), mentee, mentor)
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"questions-queue-{language}")

    # The mentor opens it from the queue and answers
    with page.expect_navigation():
        waiting.get_by_role("link", name=text["title"]).click()
    page.wait_for_url(f"**/questions/{question.pk}/")
    page.fill("#id_body", text["answer"])
    with page.expect_navigation():
        page.locator("form:has(#id_body) button[type=submit]").click()
    assert text["answer"] in page.get_by_test_id("answers").inner_text()
    assert Question.objects.get(pk=question.pk).answers.filter(author=mentor).exists()

    # The scorecard counts the question and the reply
    page.goto(reverse("questions_queue:scorecard"))
    card = page.get_by_test_id("scorecard")
    facts = [value.strip() for value in card.locator("dd").all_inner_texts()]
    assert facts[0] == "1"  # mentees' questions
    assert facts[2] == "1"  # replied to
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"questions-scorecard-{language}")
