"""The dashboard on the demo: its numbers equal a direct computation in plain Python
over the demo's rows, and the demo gives it weeks of activity and goals."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from cohorts.engagement.models import Checkin, CheckinPeriod, PointsEntry
from cohorts.health.models import HealthGoal
from cohorts.health.selectors import cohort_health
from cohorts.models import Cohort, Membership, Post, SubGroupMembership
from cohorts.recognition.models import Kudos
from cohorts.sessions.models import Attendance, Feedback, Rsvp
from knowledge_base.models import Case
from mentors.models import Pairing
from mentors.questions.models import Answer, Question

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC)


def _expected(cohort: Cohort, now: dt.datetime) -> dict:
    """Every metric, computed the plain way: rows read one by one, sets and sums."""
    zone = zoneinfo.ZoneInfo(cohort.time_zone)
    start = dt.datetime.combine(cohort.start_date, dt.time.min, tzinfo=zone)
    end = min(
        now, dt.datetime.combine(cohort.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    )
    week = end - dt.timedelta(days=7)
    members = {m.user_id for m in Membership.objects.filter(cohort=cohort) if m.status == "active"}

    def within(at, since=start):
        return at is not None and since <= at < end

    active = set()
    for post in Post.objects.filter(cohort=cohort):
        if not post.hidden and within(post.created_at, week):
            active.add(post.author_id)
    for checkin in Checkin.objects.filter(task__cohort=cohort):
        if within(checkin.submitted_at, week):
            active.add(checkin.person_id)
    for kudos in Kudos.objects.filter(cohort=cohort):
        if kudos.withdrawn_at is None and within(kudos.created_at, week):
            active.add(kudos.giver_id)
    for rsvp in Rsvp.objects.filter(session__cohort=cohort):
        if within(rsvp.updated_at, week):
            active.add(rsvp.user_id)
    for row in Attendance.objects.filter(session__cohort=cohort):
        if within(row.first_seen_at, week):
            active.add(row.user_id)
    for row in Feedback.objects.filter(session__cohort=cohort):
        if within(row.created_at, week):
            active.add(row.user_id)
    for question in Question.objects.filter(cohort=cohort):
        if within(question.created_at, week):
            active.add(question.author_id)
    for answer in Answer.objects.filter(question__cohort=cohort):
        if within(answer.created_at, week):
            active.add(answer.author_id)
    for case in Case.objects.all():
        if within(case.created_at, week):
            active.add(case.author_id)
    active &= members

    periods = [
        p for p in CheckinPeriod.objects.filter(task__cohort=cohort) if within(p.due_at, week)
    ]
    done = sum(Checkin.objects.filter(period=p).count() for p in periods)
    attendance = [
        a
        for a in Attendance.objects.filter(session__cohort=cohort).select_related("session")
        if within(a.session.starts_at)
    ]
    ratings = [
        f.rating
        for f in Feedback.objects.filter(session__cohort=cohort).select_related("session")
        if within(f.session.starts_at)
    ]
    questions = [
        q for q in Question.objects.filter(cohort=cohort) if not q.hidden and within(q.created_at)
    ]
    answered = [q for q in questions if q.first_answer_at]
    pairings = [
        p for p in Pairing.objects.filter(cohort=cohort, status="active") if within(p.started_at)
    ]
    cases = [
        c for c in Case.objects.filter(live=True) if c.author_id in members and within(c.created_at)
    ]

    def share(part, whole):
        return round(100 * part / whole, 1) if whole else None

    return {
        "members": len(members),
        "active_members": len(active),
        "active_rate": share(len(active), len(members)),
        "checkin_completion": share(done, len(periods) * len(members)),
        "attendance": share(len({a.user_id for a in attendance}), len(members)),
        "feedback_score": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "questions_answered": share(len(answered), len(questions)),
        "first_answer_hours": round(
            statistics.median(
                (q.first_answer_at - q.created_at).total_seconds() / 3600 for q in answered
            ),
            1,
        )
        if answered
        else None,
        "mentor_load": round(len(pairings) / len({p.mentor_id for p in pairings}), 1)
        if pairings
        else None,
        "cases": len(cases),
        "kudos": sum(
            1
            for k in Kudos.objects.filter(cohort=cohort)
            if k.withdrawn_at is None and not k.hidden and within(k.created_at)
        ),
        "points": sum(
            e.points
            for e in PointsEntry.objects.filter(cohort=cohort)
            if e.withdrawn_at is None and within(e.occurred_at)
        ),
    }


def test_the_dashboard_equals_a_direct_computation_on_the_demo(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: nothing is added again

    for slug in ("november-2026-intake", "shanghai-newcomers-2026-11"):
        cohort = Cohort.objects.get(slug=slug)
        report = cohort_health(cohort)
        expected = _expected(cohort, NOW)
        shown = {m.code: m.value for m in report.metrics}
        for code, value in expected.items():
            assert shown[code] == (None if value is None else pytest.approx(value, abs=0.01)), code

        # Sub-groups: each one's members, counted the plain way.
        for row in report.subgroup_comparison("members").rows:
            assert (
                row.value
                == SubGroupMembership.objects.filter(
                    subgroup_id=row.key, status="active", membership__status="active"
                ).count()
            )

    main = Cohort.objects.get(slug="november-2026-intake")
    report = cohort_health(main)
    # Weeks of activity, goals set, comments in the members' languages.
    attendance = [p.value for p in report.trend("attendance").points]
    assert len(attendance) >= 4
    assert sum(1 for v in attendance if v) >= 3
    assert HealthGoal.objects.filter(cohort=main).count() == 5
    assert {g.status for g in report.goals} - {"unknown"}
    assert len(report.comments) >= 3
    assert report.key_members
