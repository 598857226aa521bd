"""The announcement two days ahead and the day's reminder: at the right hour, on the
cohort's clock, exactly once whatever the ticks and crashes (the clock is the ``now``
the dispatcher is given)."""

import datetime as dt

import pytest

from cohorts.models import Membership, Post
from cohorts.sessions import services
from cohorts.sessions.models import SessionDispatch
from cohorts.sessions.services import dispatch
from learning.notifications.models import Notification

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def members(make_member):
    def make(cohort, count=3):
        return [make_member(Membership.Role.NEWCOMER, target=cohort).user for _ in range(count)]

    return make


def announced() -> list[int]:
    return sorted(
        Notification.objects.filter(kind="session.announcement").values_list(
            "recipient_id", flat=True
        )
    )


@pytest.mark.parametrize(
    ("zone", "day", "due"),
    [
        # Shanghai has no daylight-saving time: 19:30 is 11:30 UTC, two days before.
        ("Asia/Shanghai", dt.date(2026, 11, 4), dt.datetime(2026, 11, 2, 11, 30, tzinfo=UTC)),
        # Athens: announced on summer time (UTC+3), held on winter time (UTC+2).
        ("Europe/Athens", dt.date(2026, 10, 26), dt.datetime(2026, 10, 24, 16, 30, tzinfo=UTC)),
        # Athens in spring: announced in winter time, held in summer time.
        ("Europe/Athens", dt.date(2026, 12, 1), dt.datetime(2026, 11, 29, 17, 30, tzinfo=UTC)),
    ],
)
def test_the_announcement_goes_out_two_days_before_at_the_hour_exactly_once(
    cohort_in, organizer, members, zone, day, due
):
    cohort = cohort_in(zone)
    people = members(cohort)
    session = services.session_create(cohort=cohort, actor=organizer, date=day, title="Sales 101")

    assert services.sessions_dispatch_due(now=due - MINUTE)["announcement"] == 0
    assert announced() == []

    assert services.sessions_dispatch_due(now=due)["announcement"] == 1
    # A second beat tick, and one an hour later: nothing more.
    assert services.sessions_dispatch_due(now=due)["announcement"] == 0
    assert services.sessions_dispatch_due(now=due + 60 * MINUTE)["announcement"] == 0

    assert announced() == sorted([organizer.pk, *(p.pk for p in people)])
    assert SessionDispatch.objects.get(session=session, kind="announcement").recipients == 4
    post = Post.objects.get(cohort=cohort, kind=Post.Kind.ANNOUNCEMENT)
    assert "Sales 101" in post.body
    assert f"/sessions/{session.pk}/" in post.body


def test_a_crash_between_sending_and_marking_sends_it_once_later(
    cohort_in, organizer, members, monkeypatch
):
    cohort = cohort_in("Asia/Shanghai")
    members(cohort)
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))
    real_send = dispatch._send

    def send_then_crash(*args, **kwargs):
        real_send(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(dispatch, "_send", send_then_crash)
    with pytest.raises(RuntimeError):
        services.sessions_dispatch_due(now=session.announce_at)
    # The notifications were written in the transaction that died: none is left.
    assert announced() == []
    assert not SessionDispatch.objects.exists()

    monkeypatch.setattr(dispatch, "_send", real_send)
    assert services.sessions_dispatch_due(now=session.announce_at + MINUTE)["announcement"] == 1
    assert len(announced()) == 4
    assert not any(services.sessions_dispatch_due(now=session.announce_at + 2 * MINUTE).values())


def test_a_late_worker_catches_up_but_never_after_the_start(cohort_in, organizer, members):
    cohort = cohort_in("Asia/Shanghai")
    members(cohort)
    late = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))
    gone = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 3))

    sent = services.sessions_dispatch_due(now=gone.starts_at + MINUTE)

    assert sent["announcement"] == 1
    assert SessionDispatch.objects.filter(kind="announcement").get().session == late


def test_the_reminder_reaches_those_coming_on_the_day(cohort_in, organizer, members):
    cohort = cohort_in("Europe/Athens")
    coming, maybe, away = members(cohort)
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))
    services.rsvp_set(session=session, user=coming, answer="going")
    services.rsvp_set(session=session, user=maybe, answer="maybe")
    services.rsvp_set(session=session, user=away, answer="not_going")

    assert services.sessions_dispatch_due(now=session.remind_at - MINUTE)["reminder"] == 0
    assert services.sessions_dispatch_due(now=session.remind_at)["reminder"] == 1
    assert services.sessions_dispatch_due(now=session.remind_at)["reminder"] == 0

    reminded = Notification.objects.filter(kind="session.reminder")
    assert sorted(reminded.values_list("recipient_id", flat=True)) == sorted([coming.pk, maybe.pk])


def test_a_cancelled_session_is_not_announced(cohort_in, organizer, members):
    cohort = cohort_in("Asia/Shanghai")
    members(cohort)
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))
    services.session_transition(session=session, actor=organizer, to="cancelled", reason="Storm")

    assert services.sessions_dispatch_due(now=session.announce_at)["announcement"] == 0


def test_two_dispatchers_at_once_send_it_once(cohort_in, organizer, members):
    cohort = cohort_in("Asia/Shanghai")
    members(cohort)
    session = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4))

    first = services.session_dispatch(session_id=session.pk, kind="announcement")
    second = services.session_dispatch(session_id=session.pk, kind="announcement")

    assert (first, second) == (True, False)
    assert len(announced()) == 4


def test_the_share_text_is_ready_to_paste(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    session = services.session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4), title="Pricing talk"
    )
    guest = services.guest_create(actor=organizer, tier=2, name="Maria Papadopoulou")
    invitation = services.invitation_create(session=session, guest=guest, actor=organizer)
    services.invitation_transition(invitation=invitation, actor=organizer, to="confirmed")

    text = services.session_share_text(session, base_url="https://guild.example")

    assert "Pricing talk" in text
    assert "Maria Papadopoulou" in text
    assert "19:30" in text
    assert "Asia/Shanghai" in text
    assert f"https://guild.example/cohorts/{cohort.slug}/sessions/{session.pk}/" in text


def test_a_sub_groups_session_is_announced_to_its_members_only(cohort_in, organizer, members):
    from cohorts.models import SubGroupMembership
    from tests.cohorts.factories import SubGroupFactory

    cohort = cohort_in("Asia/Shanghai")
    inside, outside = members(cohort, count=2)
    group = SubGroupFactory(cohort=cohort)
    SubGroupMembership.objects.create(
        subgroup=group, membership=Membership.objects.get(cohort=cohort, user=inside)
    )
    session = services.session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 11, 4), subgroup=group
    )

    services.sessions_dispatch_due(now=session.announce_at)

    assert announced() == [inside.pk]


def test_an_evening_a_week_away_without_a_guest_reminds_the_organizers_once(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    empty = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 20))
    filled = services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 11, 20))
    guest = services.guest_create(actor=organizer, tier=1, name="Chen Jie")
    invitation = services.invitation_create(session=filled, guest=guest, actor=organizer)
    services.invitation_transition(invitation=invitation, actor=organizer, to="confirmed")
    week_before = empty.starts_at - dt.timedelta(days=7)

    assert services.sessions_dispatch_due(now=week_before - MINUTE)["unfilled"] == 0
    assert services.sessions_dispatch_due(now=week_before)["unfilled"] == 1
    assert services.sessions_dispatch_due(now=week_before + MINUTE)["unfilled"] == 0
    reminded = Notification.objects.filter(kind="session.unfilled")
    assert list(reminded.values_list("recipient_id", flat=True)) == [organizer.pk]
