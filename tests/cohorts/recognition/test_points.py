"""Points for kudos received: awarded once to each receiver, withdrawn with the kudos,
never counted twice."""

import pytest

from cohorts import services as cohort_services
from cohorts.engagement.models import PointsEntry
from cohorts.models import Report
from cohorts.recognition import services
from cohorts.recognition.services.kudos import RULE_KUDOS_RECEIVED

pytestmark = pytest.mark.django_db


def _live(user) -> int:
    return PointsEntry.objects.filter(
        person=user, rule=RULE_KUDOS_RECEIVED, withdrawn_at__isnull=True
    ).count()


def test_each_receiver_gets_the_points_once_and_loses_them_on_withdrawal(person, running):
    giver, first, second = person(), person(), person()

    kudos = services.kudos_give(
        cohort=running, giver=giver, receivers=[first, second], message="Thanks, both."
    )

    assert (_live(first), _live(second), _live(giver)) == (1, 1, 0)
    services.kudos_withdraw(kudos=kudos, actor=giver)
    services.kudos_withdraw(kudos=kudos, actor=giver)
    assert (_live(first), _live(second)) == (0, 0)
    assert PointsEntry.objects.filter(rule=RULE_KUDOS_RECEIVED).count() == 2


def test_kudos_hidden_by_moderation_lose_their_points(person, running, organizer):
    giver, receiver = person(), person()
    kudos = services.kudos_give(cohort=running, giver=giver, receivers=[receiver], message="Hm")

    report = services.kudos_report(kudos=kudos, reporter=receiver, reason="Not kind.")
    cohort_services.report_decide(report=report, actor=organizer, outcome=Report.Outcome.WARN)

    assert _live(receiver) == 0
