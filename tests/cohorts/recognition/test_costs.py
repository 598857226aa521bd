"""What recognition's lists cost, at two sizes: the count of queries must not move when
the cohort's kudos, awards and nominations grow tenfold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.recognition.models import Kudos, KudosReceiver, Nomination, Visibility, Vote

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30


def _queries(client, url) -> int:
    client.get(url)  # warm what a process keeps (content types, site, locales)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(cohort, people, count):
    """``count`` more kudos, half of them private, each to two people, with values."""
    for index in range(count):
        giver, *receivers = people[index % len(people) :] + people[: index % len(people)]
        kudos = Kudos.objects.create(
            cohort=cohort,
            giver=giver,
            message=f"Thanks {index}",
            value="teamwork",
            visibility=Visibility.PRIVATE if index % 2 else Visibility.PUBLIC,
        )
        KudosReceiver.objects.bulk_create(
            KudosReceiver(kudos=kudos, user=user) for user in receivers[:2]
        )


def _grow_award(award, people, count):
    for index in range(count):
        nominee = people[index % len(people)]
        nominator = people[(index + 1) % len(people)]
        Nomination.objects.get_or_create(
            award=award, nominee=nominee, nominator=nominator, defaults={"reason": "Kind"}
        )


@pytest.mark.parametrize("viewer", ["member", "organizer"])
def test_the_kudos_pages_and_api_cost_the_same_at_two_sizes(
    client, person, running, organizer, award_in, viewer
):
    people = [person() for _ in range(4)]
    award = award_in("voting")
    _grow(running, people, SMALL)
    _grow_award(award, people, SMALL)
    client.force_login(people[0] if viewer == "member" else organizer)
    urls = [
        reverse("recognition:kudos", args=[running.slug]),
        reverse("recognition:awards", args=[running.slug]),
        reverse("recognition:award", args=[running.slug, award.pk]),
        f"/api/v1/cohorts/{running.slug}/kudos",
        f"/api/v1/cohorts/{running.slug}/awards/{award.pk}/nominees",
    ]
    small = {url: _queries(client, url) for url in urls}

    more = [person() for _ in range(6)]
    _grow(running, people + more, LARGE - SMALL)
    _grow_award(award, people + more, LARGE - SMALL)
    for voter in more:
        Vote.objects.create(award=award, voter=voter, nominee=people[0])
    large = {url: _queries(client, url) for url in urls}

    assert large == small
    assert max(small.values()) <= 16, small


def test_the_wall_costs_the_same_at_two_sizes(client, person, running, organizer):
    people = [person() for _ in range(4)]
    _grow(running, people, SMALL)
    client.force_login(organizer)
    urls = [
        reverse("recognition_me:wall"),
        reverse("recognition_me:wall") + f"?cohort={running.pk}",
        "/api/v1/recognition/wall",
    ]
    small = {url: _queries(client, url) for url in urls}

    _grow(running, people, 60)
    deep = Kudos.objects.order_by("pk")[5].pk
    large = {url: _queries(client, url) for url in urls}

    assert large == small
    assert _queries(client, reverse("recognition_me:wall") + f"?before={deep}") <= small[urls[0]]
