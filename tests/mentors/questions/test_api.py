"""The board's API: the same services as the pages, fields named on bad input, 404 for
what the caller may not see, a fixed number of queries for its lists."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mentors.questions import services
from mentors.questions.models import Question

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _base(cohort):
    return f"{API}/cohorts/{cohort.slug}/questions"


def test_ask_answer_vote_accept_and_helpful_through_the_api(cohort, newcomer, member, mentor):
    asker, helper = _as(newcomer), _as(member)
    response = asker.post(
        _base(cohort),
        {"title": "Where are the price lists?", "tags": ["pricing"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    question = response.json()
    assert question["tags"] == ["pricing"]
    url = f"{_base(cohort)}/{question['id']}"

    answer = helper.post(f"{url}/answers", {"body": "In the sales wiki."}, "application/json")
    assert answer.status_code == 201
    answer_id = answer.json()["id"]
    assert helper.post(f"{url}/vote").json() == {"counted": True, "votes": 1}
    assert helper.post(f"{url}/vote").json() == {"counted": False, "votes": 1}
    assert helper.post(f"{url}/answers/{answer_id}/accept").status_code == 403
    accepted = asker.post(f"{url}/answers/{answer_id}/accept")
    assert accepted.json()["accepted_answer_id"] == answer_id
    marked = asker.post(f"{url}/answers/{answer_id}/helpful", {}, "application/json")
    assert marked.json()["helpful"] is True
    # the knowledge base takes it as a case in review, written by the proposer
    proposed = asker.post(f"{url}/answers/{answer_id}/propose-case")
    assert proposed.status_code == 200, proposed.content

    detail = asker.get(url).json()
    assert [a["accepted"] for a in detail["answers"]] == [True]
    # the mentor sees it waiting until it is resolved
    assert _as(mentor).get(f"{API}/questions/waiting").json()["count"] == 0


def test_bad_input_names_the_field(cohort, newcomer):
    response = _as(newcomer).post(
        _base(cohort), {"title": "", "tags": ["x" * 61]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) >= {"title"}
    response = _as(newcomer).post(
        _base(cohort), {"title": "Fine", "subgroup": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "subgroup" in response.json()["error"]["fields"]
    assert not Question.objects.exists()


def test_a_hidden_subgroups_question_is_404_through_the_api(cohort, newcomer, member, hidden_group):
    question = services.question_ask(
        cohort=cohort, author=newcomer, title="Directors only", subgroup=hidden_group
    )
    client = _as(member)
    assert client.get(f"{_base(cohort)}/{question.pk}").status_code == 404
    assert client.post(f"{_base(cohort)}/{question.pk}/vote").status_code == 404
    assert client.get(_base(cohort)).json()["count"] == 0
    assert _as(newcomer).get(_base(cohort)).json()["count"] == 1


def test_board_settings_through_the_api(cohort, organizer, member):
    url = f"{_base(cohort)}/settings"
    assert _as(member).get(url).json()["answer_within_hours"] == 24
    assert _as(member).put(url, {"answer_within_hours": 3}, "application/json").status_code == 403
    bad = _as(organizer).put(url, {"answer_within_hours": 0}, "application/json")
    assert bad.status_code == 400
    assert "answer_within_hours" in bad.json()["error"]["fields"]
    ok = _as(organizer).put(url, {"answer_within_hours": 3}, "application/json")
    assert ok.json()["answer_within_hours"] == 3


def test_the_list_costs_the_same_at_two_sizes(cohort, newcomer, member, mentor):
    from tests.mentors.questions.test_pages import _grow

    client = _as(member)

    def cost():
        client.get(_base(cohort))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_base(cohort)).status_code == 200
        return len(queries)

    _grow(cohort, 10, author=newcomer, mentor=mentor)
    small = cost()
    _grow(cohort, 500, author=newcomer, mentor=mentor)
    assert cost() == small


def test_scorecards_for_organizers_only(cohort, newcomer, mentor, organizer, member):
    question = services.question_ask(cohort=cohort, author=newcomer, title="One")
    services.answer_post(question=question, author=mentor, body="Here")
    url = f"{_base(cohort)}/scorecards"
    assert _as(member).get(url).status_code == 403
    [card] = _as(organizer).get(url).json()
    assert (card["mentor_name"], card["questions"], card["replied"]) == ("Mei Mentor", 1, 1)
