"""The board's services: asking, answering, voting, accepting, and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail import hooks

from cohorts.models import Membership
from learning.notifications.models import Notification
from mentors.questions import access, selectors, services
from mentors.questions.models import Question, QuestionEvent, QuestionTag

pytestmark = pytest.mark.django_db


def _ask(cohort, author, title="How do I price a multi-year deal?", **fields):
    return services.question_ask(cohort=cohort, author=author, title=title, **fields)


def test_asking_keeps_the_tags_and_tells_the_mentor_first(cohort, newcomer, mentor):
    # when a newcomer with a mentor asks
    question = _ask(cohort, newcomer, tags="Pricing, CRM, pricing")

    # then the mentor is kept and told, the tags are deduplicated, and it is logged
    assert question.mentor == mentor
    assert sorted(question.tags.values_list("name", flat=True)) == ["CRM", "Pricing"]
    told = Notification.objects.get(kind="question.mentee_asked")
    assert told.recipient == mentor
    assert "Nina Newcomer" in told.title
    assert told.url == f"/cohorts/{cohort.slug}/questions/{question.pk}/"
    assert QuestionEvent.objects.filter(question=question, action="asked").exists()


def test_a_tag_differing_in_case_is_the_same_tag(cohort, newcomer, member):
    _ask(cohort, newcomer, tags=["CRM"])
    _ask(cohort, member, title="Which CRM fields matter?", tags=["crm"])
    assert QuestionTag.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"tags": "a,b,c,d,e,f"}, "tags"),
        ({"tags": "t" * 61}, "tags"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(cohort, newcomer, fields, field):
    with pytest.raises(ValidationError) as error:
        _ask(cohort, newcomer, **{"title": "Fine?", **fields})
    assert field in error.value.message_dict
    assert not Question.objects.exists()


def test_outsiders_and_muted_members_cannot_ask(cohort, outsider, member):
    from django.utils import timezone

    with pytest.raises(PermissionDenied):
        _ask(cohort, outsider)
    Membership.objects.filter(user=member).update(
        muted_until=timezone.now() + timezone.timedelta(days=1)
    )
    with pytest.raises(PermissionDenied, match="muted"):
        _ask(cohort, member)
    assert not Question.objects.exists()


def test_a_hidden_subgroups_questions_are_invisible_outside_it(
    cohort, newcomer, member, mentor, hidden_group, tiers
):
    # given a question in a hidden sub-group
    question = _ask(cohort, newcomer, subgroup=hidden_group)

    # then another member neither lists it nor opens it, nor can answer, vote or report it
    assert not selectors.board_questions(cohort=cohort, user=member).exists()
    assert selectors.question_for(cohort=cohort, user=member, pk=question.pk) is None
    assert not access.can_view_question(member, question)
    with pytest.raises(PermissionDenied):
        services.answer_post(question=question, author=member, body="Guess")
    with pytest.raises(PermissionDenied):
        services.question_vote(question=question, user=member)
    with pytest.raises(PermissionDenied):
        services.board_report(question=question, reporter=member, reason="spam")
    assert selectors.questions_similar(cohort=cohort, user=member, text="multi-year deal") == []
    # and a member cannot ask into a sub-group they are not in
    with pytest.raises(PermissionDenied):
        _ask(cohort, member, subgroup=hidden_group)
    # while its member, the asker's mentor and the operations team see it
    for user in (newcomer, mentor, tiers["core"], tiers["qa_helper"]):
        assert access.can_view_question(user, question), user


def test_answers_count_and_the_asker_is_told(cohort, newcomer, member):
    question = _ask(cohort, newcomer)
    services.answer_post(question=question, author=member, body="Start from the list price.")
    services.answer_post(question=question, author=newcomer, body="Thanks!")

    question.refresh_from_db()
    assert question.answer_count == 2
    assert question.first_answer_at is not None
    told = Notification.objects.filter(kind="question.answered")
    assert [n.recipient for n in told] == [newcomer]


def test_an_empty_answer_is_refused(cohort, newcomer, member):
    question = _ask(cohort, newcomer)
    with pytest.raises(ValidationError) as error:
        services.answer_post(question=question, author=member, body=" ")
    assert "body" in error.value.message_dict


def test_the_mentors_first_reply_is_timed(cohort, newcomer, mentor, member):
    question = _ask(cohort, newcomer)
    services.answer_post(question=question, author=member, body="One view.")
    services.answer_post(question=question, author=mentor, body="My view.")
    services.answer_post(question=question, author=mentor, body="And more.")
    question.refresh_from_db()
    first_mentor = question.answers.filter(author=mentor).order_by("pk").first()
    assert question.mentor_replied_at == first_mentor.created_at
    assert question.first_answer_at < question.mentor_replied_at


def test_one_vote_per_person_and_not_for_oneself(cohort, newcomer, member, tiers):
    question = _ask(cohort, newcomer)
    assert services.question_vote(question=question, user=member) is True
    assert services.question_vote(question=question, user=member) is False
    assert services.question_vote(question=question, user=tiers["core"]) is True
    with pytest.raises(ValidationError):
        services.question_vote(question=question, user=newcomer)
    question.refresh_from_db()
    assert question.votes == 2


def test_only_the_asker_accepts_and_the_mark_can_move(cohort, newcomer, member, tiers):
    question = _ask(cohort, newcomer)
    first = services.answer_post(question=question, author=member, body="A")
    second = services.answer_post(question=question, author=tiers["core"], body="B")
    with pytest.raises(PermissionDenied):
        services.answer_accept(answer=first, actor=member)

    resolved = services.answer_accept(answer=first, actor=newcomer)
    resolved_at = resolved.resolved_at
    moved = services.answer_accept(answer=second, actor=newcomer)

    assert moved.accepted_answer == second
    assert moved.resolved_at == resolved_at
    assert Notification.objects.filter(kind="question.accepted").count() == 2


def test_the_asker_and_the_team_mark_answers_helpful(cohort, newcomer, member, tiers):
    question = _ask(cohort, newcomer)
    answer = services.answer_post(question=question, author=member, body="A")
    with pytest.raises(PermissionDenied):
        services.answer_mark_helpful(answer=answer, actor=member)
    services.answer_mark_helpful(answer=answer, actor=tiers["planner"])
    services.answer_mark_helpful(answer=answer, actor=newcomer)
    answer.refresh_from_db()
    assert answer.helpful
    assert QuestionEvent.objects.filter(action="helpful").count() == 1


def test_similar_questions_share_a_word_of_the_title(cohort, newcomer, member):
    _ask(cohort, newcomer, title="How do I price a multi-year deal?")
    _ask(cohort, newcomer, title="Where is the expense form?")
    found = selectors.questions_similar(cohort=cohort, user=member, text="pricing a deal")
    assert [q.title for q in found] == ["How do I price a multi-year deal?"]
    assert selectors.questions_similar(cohort=cohort, user=member, text="a") == []


def test_similar_questions_in_chinese_match_two_characters(cohort, newcomer, member):
    _ask(cohort, newcomer, title="报价怎么做？")
    found = selectors.questions_similar(cohort=cohort, user=member, text="报价")
    assert len(found) == 1


def test_similar_questions_in_chinese_are_found_from_a_longer_unspaced_title(
    cohort, newcomer, member
):
    _ask(cohort, newcomer, title="折扣超过百分之十由谁审批？")
    _ask(cohort, newcomer, title="报价怎么做？")
    found = selectors.questions_similar(cohort=cohort, user=member, text="大客户的折扣需要谁审批")
    assert [q.title for q in found] == ["折扣超过百分之十由谁审批？"]


def test_a_reported_answer_reaches_the_cohorts_queue_and_is_hidden_on_action(
    cohort, newcomer, member, organizer, rules
):
    from cohorts import queue
    from cohorts.services import report_decide

    question = _ask(cohort, newcomer)
    answer = services.answer_post(question=question, author=member, body="Buy my course")
    report = services.board_report(
        question=question, answer=answer, reporter=newcomer, reason="Advertising"
    )

    waiting = queue.report_subjects_attach(list(queue.reports_waiting_for(organizer)))
    assert [r.pk for r in waiting] == [report.pk]
    assert waiting[0].subject["text"] == "Buy my course"
    assert waiting[0].subject["url"].endswith(f"/questions/{question.pk}/")

    report_decide(report=report, actor=organizer, outcome="warn")
    answer.refresh_from_db()
    assert answer.hidden
    page = selectors.question_page(question=question, user=newcomer)
    assert page["answers"] == []


def test_a_dismissed_report_leaves_the_question(cohort, newcomer, member, organizer, rules):
    from cohorts.services import report_decide

    question = _ask(cohort, newcomer)
    report = services.board_report(question=question, reporter=member, reason="Off topic")
    report_decide(report=report, actor=organizer, outcome="dismiss")
    question.refresh_from_db()
    assert not question.hidden


@pytest.fixture
def no_knowledge_base(monkeypatch):
    """The board as it is without an app that takes cases (the knowledge base does)."""
    monkeypatch.setitem(hooks._hooks, "guild_answer_proposed_as_case", [])


def test_proposing_as_a_case_is_hidden_without_a_receiver(
    cohort, newcomer, member, no_knowledge_base
):
    question = _ask(cohort, newcomer)
    answer = services.answer_post(question=question, author=member, body="A")
    services.answer_accept(answer=answer, actor=newcomer)
    assert services.answer_propose_as_case_check(answer=answer, actor=newcomer)
    with pytest.raises(ValidationError):
        services.answer_propose_as_case(answer=answer, actor=newcomer)


def test_proposing_an_accepted_answer_as_a_case_calls_the_knowledge_base(
    cohort, newcomer, member, outsider, no_knowledge_base
):
    question = _ask(cohort, newcomer)
    answer = services.answer_post(question=question, author=member, body="A")
    taken = []

    def receiver(*, answer, actor):
        taken.append((answer.pk, actor.pk))
        return "case-7"

    with hooks.register_temporarily("guild_answer_proposed_as_case", receiver):
        assert "accepted" in services.answer_propose_as_case_check(answer=answer, actor=newcomer)
        services.answer_accept(answer=answer, actor=newcomer)
        assert services.answer_propose_as_case_check(answer=answer, actor=newcomer) is None
        with pytest.raises(PermissionDenied):
            services.answer_propose_as_case(answer=answer, actor=outsider)
        assert services.answer_propose_as_case(answer=answer, actor=member) == ["case-7"]

    assert taken == [(answer.pk, member.pk)]
    assert QuestionEvent.objects.filter(action="proposed_as_case").count() == 1


def test_board_settings_are_checked_and_logged(cohort, organizer, member):
    with pytest.raises(PermissionDenied):
        services.board_settings_save(cohort=cohort, actor=member, answer_within_hours=4)
    with pytest.raises(ValidationError) as error:
        services.board_settings_save(cohort=cohort, actor=organizer, answer_within_hours=0)
    assert "answer_within_hours" in error.value.message_dict
    board = services.board_settings_save(cohort=cohort, actor=organizer, answer_within_hours="6")
    assert board.answer_within_hours == 6
    assert QuestionEvent.objects.filter(action="settings").count() == 1
