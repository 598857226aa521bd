"""Calendars: the feed parsed back, SEQUENCE on change, cancellations, revoked tokens."""

import datetime as dt

import icalendar
import pytest

from cohorts.models import Membership
from cohorts.sessions import services
from learning import calendar
from tests.cohorts.factories import SubGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def athens_evening(cohort_in, organizer):
    cohort = cohort_in("Europe/Athens")
    return services.session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 12, 3), title="Negotiation"
    )


def feed_events(client, path) -> list:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    return list(parsed.walk("VEVENT"))


def test_the_feed_gives_the_right_utc_instants_and_an_alarm(
    client, athens_evening, make_member, freezer_now
):
    member = make_member(Membership.Role.NEWCOMER, target=athens_evening.cohort).user
    path = calendar.calendar_feed_create(user=member)

    (event,) = feed_events(client, path)

    assert event.decoded("dtstart") == dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 3, 19, 0, tzinfo=dt.UTC)
    assert str(event["uid"]) == f"session-{athens_evening.uid}@guild"
    assert int(event["sequence"]) == 0
    assert "Negotiation" in str(event["summary"])
    assert list(event.walk("VALARM"))


def test_a_change_raises_the_sequence_and_a_cancellation_is_marked(
    client, athens_evening, make_member, organizer, freezer_now
):
    member = make_member(Membership.Role.NEWCOMER, target=athens_evening.cohort).user
    path = calendar.calendar_feed_create(user=member)

    services.session_update(
        session=athens_evening, actor=organizer, changes={"start_time": dt.time(20, 0)}
    )
    (event,) = feed_events(client, path)
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)

    services.session_transition(
        session=athens_evening, actor=organizer, to="cancelled", reason="Holiday"
    )
    (event,) = feed_events(client, path)
    assert int(event["sequence"]) == 2
    assert str(event["status"]) == "CANCELLED"


def test_a_revoked_or_replaced_address_answers_404(client, athens_evening, make_member):
    member = make_member(Membership.Role.NEWCOMER, target=athens_evening.cohort).user
    first = calendar.calendar_feed_create(user=member)
    second = calendar.calendar_feed_create(user=member)

    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    calendar.calendar_feed_revoke(user=member)
    assert client.get(second).status_code == 404
    assert client.get("/calendar/" + "x" * 300 + ".ics").status_code == 404


def test_a_hidden_sub_groups_session_stays_out_of_others_calendars(
    client, cohort_in, organizer, make_member, freezer_now
):
    cohort = cohort_in("Asia/Shanghai")
    group = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True)
    services.session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 12, 3), subgroup=group
    )
    member = make_member(Membership.Role.NEWCOMER, target=cohort).user
    path = calendar.calendar_feed_create(user=member)

    assert feed_events(client, path) == []


def test_the_feed_costs_the_same_queries_for_many_sessions(
    client, cohort_in, organizer, make_member, django_assert_max_num_queries, freezer_now
):
    cohort = cohort_in("Asia/Shanghai")
    member = make_member(Membership.Role.NEWCOMER, target=cohort).user
    path = calendar.calendar_feed_create(user=member)
    services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 12, 1))
    with django_assert_max_num_queries(4) as few:
        client.get(path)
    services.series_generate(
        cohort=cohort,
        actor=organizer,
        first_date=dt.date(2026, 12, 2),
        last_date=dt.date(2026, 12, 18),
    )
    with django_assert_max_num_queries(len(few)):
        client.get(path)
