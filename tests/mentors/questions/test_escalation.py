"""Escalation with a frozen clock: each step at its time, exactly once, none after the
first answer, and nothing lost or doubled by a crash or two ticks at once."""

import datetime as dt

import pytest

from learning.notifications.models import Notification
from mentors.questions import services
from mentors.questions.models import Question, QuestionEscalation, QuestionEvent
from mentors.questions.services import escalation
from tests.mentors.questions.conftest import T0

pytestmark = pytest.mark.django_db
H = dt.timedelta(hours=1)


def _told(kind="question.escalated"):
    return sorted(
        (n.recipient.get_full_name(), n.dedupe_key.split(":")[2])
        for n in Notification.objects.filter(kind=kind).select_related("recipient__profile")
    )


@pytest.fixture
def question(cohort, newcomer, tiers, clock, organizer):
    services.board_settings_save(cohort=cohort, actor=organizer, answer_within_hours=4)
    return services.question_ask(cohort=cohort, author=newcomer, title="Who signs discounts?")


def test_each_step_goes_to_its_tier_at_its_time_exactly_once(question, clock):
    # nothing before four hours
    clock.at(T0 + 4 * H - dt.timedelta(seconds=1))
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}

    # at four hours the helpers on Q&A duty, not the one on check-ins
    clock.at(T0 + 4 * H)
    assert services.questions_escalate_due() == {1: 1, 2: 0, 3: 0}
    assert _told() == [("Hana Helper", "1")]
    # a second tick sends nothing
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}

    # at eight hours the planning team, at twelve the core team
    clock.at(T0 + 8 * H)
    assert services.questions_escalate_due() == {1: 0, 2: 1, 3: 0}
    clock.at(T0 + 12 * H)
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 1}
    clock.at(T0 + 100 * H)
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}

    assert _told() == [("Cora Core", "3"), ("Hana Helper", "1"), ("Pavel Planner", "2")]
    question.refresh_from_db()
    assert question.escalation_level == Question.Level.CORE
    logged = QuestionEvent.objects.filter(action="escalated").order_by("pk")
    assert [event.changes["level"] for event in logged] == [1, 2, 3]


def test_the_first_answer_stops_the_escalation(question, clock, member):
    clock.at(T0 + 5 * H)
    services.questions_escalate_due()
    services.answer_post(question=question, author=member, body="The sales director.")

    clock.at(T0 + 50 * H)
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}
    assert QuestionEscalation.objects.filter(question=question).count() == 1


def test_the_askers_own_follow_up_does_not_stop_the_escalation(question, clock, newcomer):
    clock.at(T0 + 1 * H)
    services.answer_post(question=question, author=newcomer, body="Anyone? It is urgent.")
    clock.at(T0 + 4 * H)
    assert services.questions_escalate_due() == {1: 1, 2: 0, 3: 0}


def test_an_answer_in_time_means_no_escalation_at_all(question, clock, member):
    clock.at(T0 + 1 * H)
    services.answer_post(question=question, author=member, body="Quick answer.")
    clock.at(T0 + 50 * H)
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}
    assert not Notification.objects.filter(kind="question.escalated").exists()


def test_a_worker_that_was_down_catches_up_in_order_once(question, clock):
    clock.at(T0 + 13 * H)
    assert services.questions_escalate_due() == {1: 1, 2: 1, 3: 1}
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}
    assert len(_told()) == 3


def test_two_callers_at_once_send_a_step_once(question, clock):
    clock.at(T0 + 4 * H)
    assert services.question_escalate(question_id=question.pk, level=1) is True
    assert services.question_escalate(question_id=question.pk, level=1) is False
    assert Notification.objects.filter(kind="question.escalated").count() == 1


def test_a_crash_between_sending_and_marking_loses_nothing_and_doubles_nothing(
    question, clock, monkeypatch
):
    clock.at(T0 + 4 * H)
    real = escalation.event_log

    def crash(**kwargs):
        raise RuntimeError("worker killed")

    # when the worker dies after writing the notifications but before the step is logged
    monkeypatch.setattr(escalation, "event_log", crash)
    with pytest.raises(RuntimeError):
        services.questions_escalate_due()
    # then nothing of the step is left
    assert not Notification.objects.filter(kind="question.escalated").exists()
    assert not QuestionEscalation.objects.exists()

    # and the next tick sends it, once
    monkeypatch.setattr(escalation, "event_log", real)
    assert services.questions_escalate_due() == {1: 1, 2: 0, 3: 0}
    assert services.questions_escalate_due() == {1: 0, 2: 0, 3: 0}
    assert _told() == [("Hana Helper", "1")]


def test_without_a_core_team_the_last_step_reaches_the_organizers_then_hr(
    cohort, newcomer, clock, organizer
):
    question = services.question_ask(cohort=cohort, author=newcomer, title="Anyone?")
    assert services.tier_of(question, 3) == [organizer.pk]  # HR: nobody else runs it
    assert services.tier_of(question, 1) == []


def test_the_default_deadline_is_a_day(cohort, newcomer, tiers, clock):
    services.question_ask(cohort=cohort, author=newcomer, title="Default?")
    clock.at(T0 + 23 * H)
    assert services.questions_escalate_due()[1] == 0
    clock.at(T0 + 24 * H)
    assert services.questions_escalate_due()[1] == 1


def test_the_beat_runs_the_escalation():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["questions-escalate-due"]
    assert entry["task"] == "mentors.questions.tasks.questions_escalate_due_task"
