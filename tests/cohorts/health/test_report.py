"""The health report: its numbers on a known cohort, and its cost at 100 and 10,000
members."""

from __future__ import annotations

import datetime as dt

import pytest

from cohorts.health.report import STATUS_BEHIND, STATUS_MET, STATUS_ON_TRACK
from cohorts.health.selectors import cohort_health
from cohorts.health.services import goal_set
from cohorts.models import Membership

pytestmark = pytest.mark.django_db

# Every metric reads its cohorts, weeks or sub-groups in one query: the report costs the
# same whatever the size (about four reads per metric, and a few for the rest).
MAX_QUERIES = 60


def _organizer(cohort):
    return Membership.objects.get(cohort=cohort, role=Membership.Role.ORGANIZER).user


@pytest.mark.parametrize("size", [100, 10_000])
def test_the_report_costs_the_same_at_any_size(build_cohort, size, django_assert_max_num_queries):
    cohort = build_cohort(size)
    goal_set(
        actor=_organizer(cohort),
        cohort=cohort,
        metric="active_rate",
        target=50,
        due_on=dt.date(2026, 12, 18),
    )

    with django_assert_max_num_queries(MAX_QUERIES):
        report = cohort_health(cohort)

    assert report.metric("members").value == size
    assert len(report.trends[0].points) == 5
    assert {row.label for row in report.subgroups[0].rows} == {"North", "South"}


def test_the_numbers_of_a_small_cohort(build_cohort):
    cohort = build_cohort(100)

    report = cohort_health(cohort)
    value = {m.code: m.value for m in report.metrics}

    assert value["members"] == 100
    # Active in the last 7 days (23–30 Nov): check-ins of the last three days by every
    # third member (34), the kudos givers (users 2–6; 3 and 6 already counted) and
    # person 1, who answered a question on 23 November.
    assert value["active_members"] == 34 + 3 + 1
    assert value["active_rate"] == 38.0
    # Check-ins due in the last 7 days: 7 periods × 100 members; made: 34 × 3.
    assert value["checkin_completion"] == round(100 * 34 * 3 / 700, 1)
    assert value["attendance"] == 25.0
    assert value["feedback_score"] == pytest.approx(
        sum(3 + i % 3 for i in range(0, 100, 4)) / 25, abs=0.01
    )
    assert value["questions_answered"] == 75.0
    # Answered after n+1 hours for n in 0..11 except 3, 7, 11: median of 1,2,3,5,6,7,9,10,11.
    assert value["first_answer_hours"] == 6.0
    assert value["mentor_load"] == 12.0
    assert value["kudos"] == 5
    assert value["points"] == 2 * (34 * 3 + 15)
    weekly_members = [p.value for p in report.trend("members").points]
    assert weekly_members == sorted(weekly_members)
    assert weekly_members[-1] == 100
    key = report.key_members[0]
    assert key.name == "Person 1"
    assert dict(key.contributions) == {
        "accepted answers": 6,
        "kudos received": 5,
        "sessions given": 2,
    }
    assert (report.topics[0].name, report.topics[0].count) == ("pricing", 12)
    assert report.comments[0].text == "Useful"


def test_goals_are_met_on_track_or_behind(build_cohort):
    cohort = build_cohort(100)
    organizer = _organizer(cohort)
    goal_set(
        actor=organizer, cohort=cohort, metric="members", target=80, due_on=dt.date(2026, 12, 18)
    )
    goal_set(actor=organizer, cohort=cohort, metric="kudos", target=8, due_on=dt.date(2026, 12, 18))
    goal_set(
        actor=organizer, cohort=cohort, metric="attendance", target=90, due_on=dt.date(2026, 11, 20)
    )
    goal_set(
        actor=organizer,
        cohort=cohort,
        metric="first_answer_hours",
        target=4,
        due_on=dt.date(2026, 12, 18),
    )

    status = {g.code: g.status for g in cohort_health(cohort).goals}

    assert status["members"] == STATUS_MET
    # 5 of 8 kudos with 60% of the time gone: on track.
    assert status["kudos"] == STATUS_ON_TRACK
    # Due on 20 November and not reached.
    assert status["attendance"] == STATUS_BEHIND
    # Six hours against four, with 60% of the time gone: still allowed 5.6, so behind.
    assert status["first_answer_hours"] == STATUS_BEHIND
