"""The weekly digest: once per member and ISO week on their clock, what happened in their
cohorts and their own numbers, in their language, switched off by muting, at a fixed cost."""

import datetime as dt

import pytest
from django.utils import timezone

from cohorts.digest import services
from cohorts.digest.models import WeeklyDigest
from cohorts.engagement.models import Checkin
from cohorts.engagement.services import award
from cohorts.engagement.services.periods import period_get
from cohorts.recognition.models import Kudos, KudosReceiver
from learning.notifications.models import Delivery, Notification, NotificationPreference

pytestmark = pytest.mark.django_db

# Tuesday 20 October 2026, 06:00 UTC: the week of 12–18 October has ended everywhere.
TUESDAY = dt.datetime(2026, 10, 20, 6, 0, tzinfo=dt.UTC)
WEEK = dt.date(2026, 10, 12)


def digests():
    return Notification.objects.filter(kind="digest.weekly")


def test_each_member_gets_one_digest_a_week(clock, task_in, newcomer_of):
    task = task_in()
    members = [newcomer_of(task) for _ in range(3)]
    clock.set(TUESDAY)

    first = services.digests_send_due(now=TUESDAY)
    again = services.digests_send_due(now=TUESDAY + dt.timedelta(hours=1))
    next_week = services.digests_send_due(now=TUESDAY + dt.timedelta(days=7))

    # The organizer is a member too.
    assert (first, again, next_week) == (4, 0, 4)
    for member in members:
        assert digests().filter(recipient=member).count() == 2
        assert set(WeeklyDigest.objects.filter(person=member).values_list("week", flat=True)) == {
            WEEK,
            WEEK + dt.timedelta(days=7),
        }
    email = Delivery.objects.filter(notification__kind="digest.weekly", channel="email")
    assert email.count() == 8


def test_the_week_is_the_members_own(clock, task_in, newcomer_of):
    task = task_in()
    tokyo = newcomer_of(task)
    tokyo.profile.time_zone = "Asia/Tokyo"
    tokyo.profile.save()
    honolulu = newcomer_of(task)
    honolulu.profile.time_zone = "Pacific/Honolulu"
    honolulu.profile.save()
    # Monday 19 October 00:30 UTC: 09:30 in Tokyo (12–18 October is due), Sunday
    # afternoon in Honolulu (its week has not ended: only the week before may go).
    monday = dt.datetime(2026, 10, 19, 0, 30, tzinfo=dt.UTC)
    clock.set(monday)

    services.digests_send_due(now=monday)

    assert list(WeeklyDigest.objects.filter(person=tokyo).values_list("week", flat=True)) == [WEEK]
    assert list(WeeklyDigest.objects.filter(person=honolulu).values_list("week", flat=True)) == [
        WEEK - dt.timedelta(days=7)
    ]


def test_a_digest_tells_the_week_and_the_members_numbers(clock, task_in, newcomer_of, organizer):
    task = task_in()
    cohort = task.cohort
    member, friend = newcomer_of(task), newcomer_of(task)
    clock.set(dt.datetime(2026, 10, 14, 9, 0, tzinfo=dt.UTC))
    kudos = Kudos.objects.create(cohort=cohort, giver=friend, message="Thank you")
    KudosReceiver.objects.create(kudos=kudos, user=member)
    award(person=member, cohort=cohort, rule="kudos_received", cause=kudos)
    for day in (17, 18, 19):
        period = period_get(task, dt.date(2026, 10, day))
        Checkin.objects.create(
            task=task, period=period, person=member, submitted_at=period.opens_at
        )
    clock.set(TUESDAY)

    services.digests_send_due(now=TUESDAY)

    digest = digests().get(recipient=member)
    assert cohort.name in digest.body
    assert "1 kudos given in the cohort" in digest.body
    assert "Kudos you received: 1" in digest.body
    assert "Your check-in streak: 3 in a row" in digest.body
    assert "Your points: 2 (+2 this week)" in digest.body
    assert digest.payload["cohorts"][0]["streak"] == 3
    assert "Oct" in digest.title or "October" in digest.title
    # The friend neither checked in nor was thanked: no line counts nothing.
    quiet = digests().get(recipient=friend).body
    assert "Kudos you received" not in quiet
    assert "streak" not in quiet
    assert "1 kudos given in the cohort" in quiet


def test_a_member_reads_the_digest_in_their_language(clock, task_in, newcomer_of):
    task = task_in()
    member = newcomer_of(task)
    member.profile.preferred_language = "el"
    member.profile.save()
    clock.set(TUESDAY)

    services.digests_send_due(now=TUESDAY)

    digest = digests().get(recipient=member)
    english = digests().exclude(recipient=member).first()
    assert digest.title != english.title


def test_muting_the_digest_switches_it_off(clock, task_in, newcomer_of):
    task = task_in()
    member = newcomer_of(task)
    NotificationPreference.objects.create(user=member, muted_kinds=["digest.weekly"])
    clock.set(TUESDAY)

    services.digests_send_due(now=TUESDAY)

    assert not digests().filter(recipient=member).exists()
    assert not WeeklyDigest.objects.filter(person=member).exists()


def test_a_run_that_collides_with_another_reads_its_batch_again(
    clock, task_in, newcomer_of, monkeypatch
):
    task = task_in()
    member = newcomer_of(task)
    clock.set(TUESDAY)
    # Another run wrote this member's digest after ours listed who is due.
    real = services.selectors.muted_people

    def meanwhile(people, kind):
        if not WeeklyDigest.objects.filter(person=member).exists():
            WeeklyDigest.objects.create(person=member, week=WEEK)
        return real(people, kind)

    monkeypatch.setattr(services.selectors, "muted_people", meanwhile)

    sent = services.digests_send_due(now=TUESDAY)

    assert sent == 1  # the organizer only
    assert not digests().filter(recipient=member).exists()


@pytest.mark.parametrize("size", [5, 60])
def test_a_digest_run_costs_the_same_at_any_size(
    clock, task_in, newcomer_of, size, django_assert_max_num_queries
):
    task = task_in()
    for _ in range(size):
        newcomer_of(task)
    clock.set(TUESDAY)

    # Batches of 20 (and the organizer): nine queries for the run (three of them
    # the higher layers' digest lines), 17 for each batch (savepoints included).
    with django_assert_max_num_queries(9 + 17 * ((size + 20) // 20)):
        sent = services.digests_send_due(now=TUESDAY, batch_size=20)

    assert sent == size + 1
    assert timezone.now() == TUESDAY
