"""Sessions: wall clock and UTC instants, validation, permissions and status moves."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cohorts.models import Membership, MembershipEvent
from cohorts.sessions import services
from cohorts.sessions.models import GuestInvitation, Rsvp, Session, SessionSegment
from learning.notifications.models import Notification

UTC = dt.UTC
pytestmark = pytest.mark.django_db


def test_a_session_takes_the_cohorts_evening_and_its_clock(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))

    assert (session.start_time, session.end_time) == (dt.time(19, 30), dt.time(21, 0))
    assert session.starts_at == dt.datetime(2026, 11, 4, 11, 30, tzinfo=UTC)
    assert session.ends_at == dt.datetime(2026, 11, 4, 13, 0, tzinfo=UTC)
    # Two days before, at the session's own hour; the reminder two hours before.
    assert session.announce_at == dt.datetime(2026, 11, 2, 11, 30, tzinfo=UTC)
    assert session.remind_at == dt.datetime(2026, 11, 4, 9, 30, tzinfo=UTC)
    assert [(s.kind, s.minutes) for s in session.segments.all()] == [
        (SessionSegment.Kind.TALK, 45),
        (SessionSegment.Kind.QA, 45),
    ]
    assert MembershipEvent.objects.filter(
        cohort=cohort, action=MembershipEvent.Action.SESSION_CREATED
    ).exists()


def test_the_announcement_keeps_the_hour_across_a_daylight_saving_change(cohort_in, organizer):
    # Athens leaves summer time on Sunday 25 October 2026 (UTC+3 to UTC+2).
    cohort = cohort_in("Europe/Athens")
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 10, 26))

    assert session.starts_at == dt.datetime(2026, 10, 26, 17, 30, tzinfo=UTC)
    assert session.announce_at == dt.datetime(2026, 10, 24, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"date": dt.date(2027, 1, 5)}, "date"),
        ({"start_time": dt.time(21, 0), "end_time": dt.time(20, 0)}, "end_time"),
        ({"format": "link"}, "meeting_url"),
        ({"format": "in_person"}, "place"),
        ({"seat_limit": 20}, "seat_limit"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(cohort_in, organizer, fields, field):
    cohort = cohort_in("Asia/Shanghai")
    values = {"date": dt.date(2026, 11, 4), **fields}

    with pytest.raises(ValidationError) as error:
        services.session_create(cohort=cohort, actor=organizer, **values)

    assert field in error.value.message_dict
    assert not Session.objects.exists()


def test_only_organizers_schedule(cohort_in, make_member):
    cohort = cohort_in("Asia/Shanghai")
    newcomer = make_member(Membership.Role.NEWCOMER, target=cohort).user

    with pytest.raises(PermissionDenied):
        services.session_create(cohort=cohort, actor=newcomer, date=dt.date(2026, 11, 4))


@pytest.fixture
def evening(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    return services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 20))


def test_a_session_is_confirmed_only_with_a_confirmed_guest(evening, organizer):
    with pytest.raises(ValidationError):
        services.session_transition(session=evening, actor=organizer, to=Session.Status.CONFIRMED)

    guest = services.guest_create(actor=organizer, tier=1, name="Li Wei")
    invitation = services.invitation_create(session=evening, guest=guest, actor=organizer)
    services.invitation_transition(invitation=invitation, actor=organizer, to="confirmed")
    services.session_transition(session=evening, actor=organizer, to=Session.Status.CONFIRMED)

    evening.refresh_from_db()
    assert evening.status == Session.Status.CONFIRMED


def test_a_session_goes_live_only_on_its_evening(evening, organizer, monkeypatch):
    GuestInvitation.objects.create(
        session=evening,
        guest=services.guest_create(actor=organizer, tier=1, name="Ana"),
        status="confirmed",
    )
    services.session_transition(session=evening, actor=organizer, to=Session.Status.CONFIRMED)
    with pytest.raises(ValidationError):
        services.session_transition(session=evening, actor=organizer, to=Session.Status.LIVE)

    monkeypatch.setattr(timezone, "now", lambda: evening.starts_at - dt.timedelta(minutes=10))
    services.session_transition(session=evening, actor=organizer, to=Session.Status.LIVE)
    services.session_transition(session=evening, actor=organizer, to=Session.Status.DONE)
    with pytest.raises(ValidationError):
        services.session_transition(session=evening, actor=organizer, to=Session.Status.PLANNED)


def test_cancelling_needs_a_reason_and_tells_everyone_coming(evening, organizer, make_member):
    coming = make_member(Membership.Role.NEWCOMER, target=evening.cohort).user
    away = make_member(Membership.Role.NEWCOMER, target=evening.cohort).user
    services.rsvp_set(session=evening, user=coming, answer=Rsvp.Answer.GOING)
    services.rsvp_set(session=evening, user=away, answer=Rsvp.Answer.NOT_GOING)

    with pytest.raises(ValidationError):
        services.session_transition(session=evening, actor=organizer, to="cancelled")
    services.session_transition(
        session=evening, actor=organizer, to="cancelled", reason="The guest is ill."
    )

    evening.refresh_from_db()
    assert (evening.status, evening.sequence) == (Session.Status.CANCELLED, 1)
    told = Notification.objects.filter(kind="session.cancellation")
    assert list(told.values_list("recipient_id", "body")) == [(coming.pk, "The guest is ill.")]
    with pytest.raises(ValidationError):
        services.session_update(session=evening, actor=organizer, changes={"title": "Later"})


def test_a_change_people_would_notice_raises_the_sequence_and_tells_them(
    evening, organizer, make_member
):
    coming = make_member(Membership.Role.NEWCOMER, target=evening.cohort).user
    services.rsvp_set(session=evening, user=coming, answer=Rsvp.Answer.MAYBE)

    services.session_update(
        session=evening, actor=organizer, changes={"description": "Bring questions."}
    )
    evening.refresh_from_db()
    assert evening.sequence == 0
    assert not Notification.objects.filter(kind="session.change").exists()

    services.session_update(
        session=evening, actor=organizer, changes={"start_time": dt.time(20, 0)}
    )
    evening.refresh_from_db()
    assert evening.sequence == 1
    assert evening.starts_at == dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert Notification.objects.filter(kind="session.change", recipient=coming).count() == 1
    # The same change again is no change.
    services.session_update(
        session=evening, actor=organizer, changes={"start_time": dt.time(20, 0)}
    )
    assert Notification.objects.filter(kind="session.change").count() == 1


def test_seats_of_an_in_person_session_are_counted(cohort_in, organizer, make_member):
    cohort = cohort_in("Asia/Shanghai")
    session = services.session_create(
        cohort=cohort,
        actor=organizer,
        date=dt.date(2026, 11, 4),
        format="in_person",
        place="Shanghai office, room 3",
        seat_limit=1,
    )
    first = make_member(Membership.Role.NEWCOMER, target=cohort).user
    second = make_member(Membership.Role.NEWCOMER, target=cohort).user
    services.rsvp_set(session=session, user=first, answer="going")

    with pytest.raises(ValidationError):
        services.rsvp_set(session=session, user=second, answer="going")
    services.rsvp_set(session=session, user=second, answer="maybe")
    assert session.rsvps.count() == 2


def test_a_sub_groups_session_is_closed_to_those_outside_it(cohort_in, organizer, outsider):
    from tests.cohorts.factories import SubGroupFactory

    cohort = cohort_in("Asia/Shanghai")
    group = SubGroupFactory(cohort=cohort, hidden_from_non_eligible=True)
    session = services.session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4), subgroup=group
    )

    assert not services.session_visible_to(outsider, session)
    with pytest.raises(PermissionDenied):
        services.rsvp_set(session=session, user=outsider, answer="going")


def test_an_employee_outside_the_cohort_comes_as_a_listener(evening, outsider):
    rsvp = services.rsvp_set(session=evening, user=outsider, answer="going")
    assert rsvp.listener


def test_sessions_follow_the_cohorts_new_time_zone_and_timing(cohort_in, organizer, freezer_now):
    from cohorts import services as cohort_services

    cohort = cohort_in("Asia/Shanghai")
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 20))

    cohort_services.cohort_update(
        cohort=cohort,
        actor=organizer,
        changes={"time_zone": "Europe/Athens", "announce_days_before": 3},
    )

    session.refresh_from_db()
    assert session.start_time == dt.time(19, 30)
    assert session.starts_at == dt.datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    assert session.announce_at == dt.datetime(2026, 11, 17, 17, 30, tzinfo=UTC)
    assert session.sequence == 1


def test_segments_given_at_creation_are_checked_and_nothing_is_saved(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    with pytest.raises(ValidationError) as error:
        services.session_create(
            cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4), segments=[("dance", 0)]
        )
    assert "segments" in error.value.message_dict
    assert not Session.objects.exists()
