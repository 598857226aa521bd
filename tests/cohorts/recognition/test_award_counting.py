"""When an award's voting closes, the cohort's organizers are told once and the round waits
in their queue until they close it and announce the winners (from the queue's link)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from cohorts.recognition import services
from cohorts.recognition.models import Award
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_organizers_are_told_once_when_voting_closes(person, award_in):
    organizer, member = person(Membership.Role.ORGANIZER), person()
    voting, counting = award_in("voting"), award_in("counting")

    first = services.awards_counting_notify()
    again = services.awards_counting_notify()
    later = services.awards_counting_notify(now=voting.voting_close_at + dt.timedelta(minutes=1))

    assert (first, again, later) == (1, 0, 1)
    told = Notification.objects.filter(kind="recognition.award_counting")
    assert told.filter(recipient=organizer).count() == 2
    assert not told.filter(recipient=member).exists()
    notice = told.filter(recipient=organizer).order_by("pk").first()
    assert counting.name in notice.title
    assert notice.url == f"/cohorts/{counting.cohort.slug}/kudos/awards/{counting.pk}/"
    assert Award.objects.filter(counting_notified_at__isnull=False).count() == 2


def test_an_announced_round_tells_nobody(person, award_in):
    organizer = person(Membership.Role.ORGANIZER)
    counting = award_in("counting")
    services.award_close(award=counting, actor=organizer)

    assert services.awards_counting_notify() == 0
    assert not Notification.objects.filter(kind="recognition.award_counting").exists()


def test_the_round_waits_in_the_organizers_queue_until_announced(client, person, award_in):
    organizer, member = person(Membership.Role.ORGANIZER), person()
    counting, voting = award_in("counting", name="Steady hand"), award_in("voting", name="Open")
    queue = reverse("cohorts:queue")

    client.force_login(member)
    assert 'data-testid="queue-awards"' not in client.get(queue).content.decode()
    client.force_login(organizer)
    page = client.get(queue).content.decode()
    assert 'data-testid="queue-awards"' in page
    assert "Steady hand" in page
    assert voting.name not in page

    award_page = reverse("recognition:award", args=[counting.cohort.slug, counting.pk])
    assert 'data-testid="award-announce"' in client.get(award_page).content.decode()
    response = client.post(award_page, {"action": "close"})

    assert response.status_code == 302
    counting.refresh_from_db()
    assert counting.closed_at is not None
    assert counting.closed_by == organizer
    assert 'data-testid="queue-awards"' not in client.get(queue).content.decode()


def test_a_member_cannot_close_a_round(client, person, award_in):
    person(Membership.Role.ORGANIZER)
    member = person()
    counting = award_in("counting")
    client.force_login(member)
    award_page = reverse("recognition:award", args=[counting.cohort.slug, counting.pk])

    assert 'data-testid="award-announce"' not in client.get(award_page).content.decode()
    assert client.post(award_page, {"action": "close"}).status_code == 403
    counting.refresh_from_db()
    assert counting.closed_at is None
    assert timezone.now() < counting.voting_close_at + dt.timedelta(days=30)
