"""The board in the Wagtail admin: the questions with their filters, the board settings
saved through the service, and the mentors' scorecard report for HR."""

import pytest
from django.urls import reverse

from mentors.questions import services
from mentors.questions.models import QuestionBoardSettings, QuestionEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, organizer):
    client.force_login(organizer)
    return client


def test_the_admin_pages_open_with_their_filters(hr_client, cohort, newcomer, mentor, member):
    question = services.question_ask(cohort=cohort, author=newcomer, title="Admin sees me")
    services.answer_post(question=question, author=mentor, body="Answer")
    services.question_ask(cohort=cohort, author=member, title="Still waiting")
    index = reverse("mentor_questions_question:index")
    page = hr_client.get(index)
    assert page.status_code == 200
    assert "Admin sees me" in page.content.decode()
    waiting = hr_client.get(index, {"answered": "false", "cohort": cohort.pk}).content.decode()
    assert "Still waiting" in waiting
    assert "Admin sees me" not in waiting
    assert hr_client.get(index, {"escalation_level": 0}).status_code == 200
    inspect = reverse("mentor_questions_question:inspect", args=[question.pk])
    assert hr_client.get(inspect).status_code == 200

    report = hr_client.get(reverse("mentor_questions_scorecards:index"), {"cohort": cohort.pk})
    assert report.status_code == 200
    assert "Mei Mentor" in report.content.decode()
    assert hr_client.get(reverse("mentor_questions_settings:index")).status_code == 200


def test_board_settings_are_saved_through_the_service(hr_client, cohort):
    add = reverse("mentor_questions_settings:add")
    assert hr_client.get(add).status_code == 200
    bad = hr_client.post(
        add, {"cohort": cohort.pk, "answer_within_hours": 0, "helper_duty_match": "Q&A"}
    )
    assert bad.status_code == 200
    assert not QuestionBoardSettings.objects.exists()
    hr_client.post(add, {"cohort": cohort.pk, "answer_within_hours": 6, "helper_duty_match": "Q&A"})
    board = QuestionBoardSettings.objects.get()
    assert board.answer_within_hours == 6
    edit = reverse("mentor_questions_settings:edit", args=[board.pk])
    hr_client.post(
        edit, {"cohort": cohort.pk, "answer_within_hours": 8, "helper_duty_match": "Q&A"}
    )
    board.refresh_from_db()
    assert board.answer_within_hours == 8
    assert QuestionEvent.objects.filter(action="settings").count() == 2


def test_members_cannot_open_the_board_admin(client, member):
    member.is_staff = True
    member.save()
    client.force_login(member)
    assert client.get(reverse("mentor_questions_scorecards:index")).status_code in (302, 403)
