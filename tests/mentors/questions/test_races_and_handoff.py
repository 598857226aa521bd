"""Races on the board (real threads, real transactions) and the live room's handoff."""

import datetime as dt
import threading

import pytest
from django.db import connection

from cohorts.models import Membership
from cohorts.sessions.models import RoomQuestion, Session
from cohorts.sessions.services import room_questions_hand_on
from mentors.questions import services
from mentors.questions.models import Question, QuestionEscalation, QuestionVote
from tests.cohorts.factories import CohortFactory, MembershipFactory
from tests.learning.factories import level_ladder


def _race(calls) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes: list = []

    def run(call):
        try:
            barrier.wait()
            outcomes.append(call())
        except Exception as exc:  # noqa: BLE001 - shown in the assertion if it ever happens
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def board(transactional_db):
    level_ladder()
    cohort = CohortFactory()
    asker = MembershipFactory(cohort=cohort).user
    question = services.question_ask(cohort=cohort, author=asker, title="Race?")
    return cohort, question


def test_one_person_tapping_twice_at_once_counts_one_vote(board):
    cohort, question = board
    voter = MembershipFactory(cohort=cohort).user
    outcomes = _race([lambda: services.question_vote(question=question, user=voter)] * 2)
    assert sorted(outcomes) == [False, True]
    question.refresh_from_db()
    assert question.votes == 1 == QuestionVote.objects.count()


def test_many_voters_at_once_are_all_counted(board):
    cohort, question = board
    voters = [MembershipFactory(cohort=cohort).user for _ in range(4)]
    outcomes = _race(
        [lambda user=user: services.question_vote(question=question, user=user) for user in voters]
    )
    assert outcomes == [True] * 4
    question.refresh_from_db()
    assert question.votes == 4 == QuestionVote.objects.count()


def test_two_beats_at_once_send_a_step_once(board):
    _cohort, question = board
    Question.objects.filter(pk=question.pk).update(
        created_at=question.created_at - dt.timedelta(days=1, minutes=1)
    )
    outcomes = _race([lambda: services.question_escalate(question_id=question.pk, level=1)] * 2)
    assert sorted(outcomes) == [False, True]
    assert QuestionEscalation.objects.count() == 1


@pytest.mark.django_db
def test_unanswered_live_room_questions_become_board_questions_once(ladder):
    # given a finished session of a sub-group with two room questions, one answered
    from tests.cohorts.factories import SubGroupFactory, SubGroupMembershipFactory

    cohort = CohortFactory()
    organizer = MembershipFactory(cohort=cohort, role=Membership.Role.ORGANIZER).user
    group = SubGroupFactory(cohort=cohort)
    asker = SubGroupMembershipFactory(subgroup=group).membership.user
    start = dt.datetime(2026, 11, 20, 11, 30, tzinfo=dt.UTC)
    session = Session.objects.create(
        cohort=cohort,
        subgroup=group,
        date=start.date(),
        start_time=dt.time(19, 30),
        end_time=dt.time(21),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1, minutes=30),
        title="Pricing with the CFO",
        status=Session.Status.DONE,
    )
    open_one = RoomQuestion.objects.create(
        session=session, author=asker, body="How do we discount for a three-year term?"
    )
    RoomQuestion.objects.create(
        session=session, author=asker, body="Answered already", answered_at=start
    )

    # when the organizer hands them on, twice
    assert room_questions_hand_on(session=session, actor=organizer) == 1
    assert room_questions_hand_on(session=session, actor=organizer) == 0

    # then one board question, in the session's sub-group, by the asker, linked back
    question = Question.objects.get()
    assert (question.cohort, question.subgroup, question.author) == (cohort, group, asker)
    assert question.title == open_one.body
    assert question.source == f"session-room:{open_one.pk}"
    open_one.refresh_from_db()
    assert open_one.handed_on_to == f"/cohorts/{cohort.slug}/questions/{question.pk}/"
    # and it escalates like any other
    assert question.events.get().action == "handed_on"
