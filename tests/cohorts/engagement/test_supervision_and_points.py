"""Nudges and reminders reach each person once per period through the outbox; an accepted
answer's points never count twice; pages and the API keep ledgers private and cost a
fixed number of queries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.engagement import services
from cohorts.engagement.models import CheckinNudge, CheckinTask, PointsEntry
from cohorts.models import Membership
from learning.notifications.models import Notification
from mentors.questions.models import Answer, Question
from mentors.questions.services import answer_accept, answer_unaccept
from tests.cohorts.factories import MembershipFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_nudges_reach_each_person_once_whoever_clicks(task_in, newcomer_of, clock, organizer):
    task = task_in("Asia/Shanghai", reminder_time=dt.time(20, 0))
    helper = MembershipFactory(
        cohort=task.cohort, role=Membership.Role.HELPER, helper_duty="Check-in supervision"
    ).user
    other_helper = MembershipFactory(
        cohort=task.cohort, role=Membership.Role.HELPER, helper_duty="Q&A triage"
    ).user
    waiting = [newcomer_of(task) for _ in range(3)]
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    services.checkin_submit(task=task, user=waiting[0], book="B", text="T")

    first = services.checkin_nudge(task=task, actor=helper)
    again = services.checkin_nudge(task=task, actor=helper)
    by_organizer = services.checkin_nudge(task=task, actor=organizer)
    with pytest.raises(PermissionDenied):
        services.checkin_nudge(task=task, actor=other_helper)

    assert (first, again, by_organizer) == (2, 0, 0)
    assert Notification.objects.filter(kind="checkin.nudge").count() == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        u.pk for u in waiting[1:]
    }


def test_reminders_go_once_at_the_tasks_time_to_who_has_not_checked_in(task_in, newcomer_of, clock):
    task = task_in("Asia/Shanghai", reminder_time=dt.time(20, 0))
    task.cohort.status = "running"
    done, waiting = newcomer_of(task), newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    services.checkin_submit(task=task, user=done, book="B", text="T")

    # before 20:00 Shanghai nothing; at 20:05 once, however often the beat runs
    assert services.checkin_reminders_due(now=dt.datetime(2026, 10, 20, 11, 0, tzinfo=UTC)) == 0
    at = dt.datetime(2026, 10, 20, 12, 5, tzinfo=UTC)
    sent = [services.checkin_reminders_due(now=at) for _ in range(3)]

    assert sent == [1, 0, 0]
    reminders = Notification.objects.filter(kind="checkin.reminder")
    assert list(reminders.values_list("recipient", flat=True)) == [waiting.pk]
    assert CheckinNudge.objects.filter(kind="reminder").count() == 1


def test_accept_unaccept_accept_counts_an_answer_once(running_in):
    cohort = running_in("Asia/Shanghai")
    asker = MembershipFactory(cohort=cohort).user
    author = MembershipFactory(cohort=cohort).user
    question = Question.objects.create(cohort=cohort, author=asker, title="How do I price?")
    answer = Answer.objects.create(question=question, author=author, body="Like this.")
    second = Answer.objects.create(question=question, author=asker, body="My own.")

    def points():
        return sum(
            PointsEntry.objects.filter(person=author, withdrawn_at=None).values_list(
                "points", flat=True
            )
        )

    answer_accept(answer=answer, actor=asker)
    answer_accept(answer=answer, actor=asker)
    assert points() == 5
    answer_unaccept(question=Question.objects.get(pk=question.pk), actor=asker)
    assert points() == 0
    answer_accept(answer=answer, actor=asker)
    assert points() == 5
    # moving the mark to another answer withdraws it; no points for one's own answer
    answer_accept(answer=second, actor=asker)
    assert points() == 0
    assert not PointsEntry.objects.filter(person=asker).exists()
    answer_accept(answer=answer, actor=asker)
    assert points() == 5
    assert PointsEntry.objects.filter(person=author).count() == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(context)


def _grow(task, newcomer_of, count, clock):
    for _ in range(count):
        person = newcomer_of(task)
        services.checkin_submit(task=task, user=person, book="B", text="Read.")
        services.award(
            person=person, cohort=task.cohort, rule=services.RULE_COMPLETED, cause=person
        )


@pytest.mark.parametrize(
    "page", ["engagement:checkins", "engagement:leaderboard", "engagement:my_points",
             "engagement:supervise", "api-leaderboard", "api-mine", "api-missing"],
)  # fmt: skip
def test_pages_and_api_cost_the_same_queries_at_two_sizes(
    client, task_in, newcomer_of, clock, organizer, page
):
    task = task_in("Asia/Shanghai")
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    viewer = newcomer_of(task)
    services.checkin_submit(task=task, user=viewer, book="B", text="Mine.")
    slug = task.cohort.slug
    urls = {
        "api-leaderboard": f"/api/v1/cohorts/{slug}/leaderboard",
        "api-mine": f"/api/v1/cohorts/{slug}/points/mine",
        "api-missing": f"/api/v1/cohorts/{slug}/checkin-tasks/{task.pk}/missing",
    }
    url = urls.get(page) or reverse(page, args=[slug])
    user = organizer if page in ("engagement:supervise", "api-missing") else viewer
    client.force_login(user)
    _grow(task, newcomer_of, 3, clock)
    client.get(url)  # the session's first read after signing in
    small = _queries(client, url)
    _grow(task, newcomer_of, 30, clock)
    large = _queries(client, url)
    assert small == large


def test_a_members_ledger_is_private_to_them_and_the_organizers(
    client, task_in, newcomer_of, clock, organizer
):
    task = task_in("Asia/Shanghai")
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    owner, nosy = newcomer_of(task), newcomer_of(task)
    services.checkin_submit(task=task, user=owner, book="B", text="Mine.")
    membership = Membership.objects.get(cohort=task.cohort, user=owner)
    url = f"/api/v1/cohorts/{task.cohort.slug}/points/members/{membership.pk}"

    client.force_login(nosy)
    assert client.get(url).status_code == 403
    client.force_login(owner)
    mine = client.get(url).json()
    client.force_login(organizer)
    theirs = client.get(url).json()

    assert mine == theirs
    assert mine["total"] == 2
    assert mine["items"][0]["cause_url"] == f"/cohorts/{task.cohort.slug}/checkins/"


def test_helpers_supervise_only_their_own_cohort(client, task_in, newcomer_of, clock):
    task = task_in("Asia/Shanghai")
    elsewhere = task_in("Asia/Shanghai")
    helper = MembershipFactory(
        cohort=task.cohort, role=Membership.Role.HELPER, helper_duty="check-in"
    ).user
    MembershipFactory(cohort=elsewhere.cohort, user=helper)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    client.force_login(helper)

    ours = client.get(f"/api/v1/cohorts/{task.cohort.slug}/checkin-tasks/{task.pk}/missing")
    theirs = client.get(
        f"/api/v1/cohorts/{elsewhere.cohort.slug}/checkin-tasks/{elsewhere.pk}/missing"
    )
    nudge = client.post(
        f"/api/v1/cohorts/{elsewhere.cohort.slug}/checkin-tasks/{elsewhere.pk}/nudge"
    )

    assert ours.status_code == 200
    assert (theirs.status_code, nudge.status_code) == (403, 403)


def test_the_api_names_the_field_of_bad_input(client, task_in, newcomer_of, clock):
    task = task_in("Asia/Shanghai")
    person = newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    client.force_login(person)
    url = f"/api/v1/cohorts/{task.cohort.slug}/checkin-tasks/{task.pk}/my-checkin"

    empty = client.put(url, {"book": "", "text": ""}, content_type="application/json")
    bad_day = client.put(url, {"day": "2026-13-01"}, content_type="application/json")
    good = client.put(
        url, {"book": "活法", "text": "今天读了十页。"}, content_type="application/json"
    )

    assert empty.status_code == 400
    assert set(empty.json()["error"]["fields"]) == {"book", "text"}
    assert bad_day.status_code == 400
    assert good.json()["word_count"] == 6


def test_the_cohort_homes_check_in_card_costs_no_query_of_its_own(
    client, running_in, newcomer_of, clock
):
    cohort = running_in("Asia/Shanghai")
    member = MembershipFactory(cohort=cohort).user
    client.force_login(member)
    url = reverse("cohorts:home", args=[cohort.slug])
    client.get(url)
    without = _queries(client, url)
    task = CheckinTask.objects.create(cohort=cohort, title="Daily reading")
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    services.checkin_submit(task=task, user=member, book="B", text="T")

    response = client.get(url)
    with_card = _queries(client, url)

    # the card's tasks and the member's latest check-ins come in the shell's one query
    # of the viewer's counts, so the home stays within its budget of 8 for a member
    assert with_card == without
    assert with_card <= 8
    page = response.content.decode()
    assert 'data-testid="home-checkins"' in page
    assert "Daily reading" in page
    assert "pill ok" in page  # done today


def test_coming_to_a_session_counts_once_however_often_one_is_seen(running_in, organizer):
    from cohorts.sessions.models import Session
    from cohorts.sessions.services import attendance_check_in, attendance_record, session_create

    cohort = running_in("Europe/Athens")
    member = MembershipFactory(cohort=cohort).user
    session = session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4), title="Pricing evening"
    )
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LIVE)
    session.refresh_from_db()

    attendance_record(session=session, user=member)
    attendance_record(session=session, user=member)
    attendance_check_in(session=session, actor=organizer, user=member)

    entry = PointsEntry.objects.get(person=member)
    assert (entry.rule, entry.points, entry.cause_id) == ("session_attended", 3, session.pk)
