"""Spotlight awards: the rules of nominating and voting (windows, once, no self-vote),
announcing winners, and the spotlight on the cohort home."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts.models import Membership
from cohorts.recognition import selectors, services
from cohorts.recognition.models import Nomination, Vote
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_nominations_only_in_their_window_and_never_oneself(person, award_in):
    nominator, nominee = person(), person()
    upcoming, open_, voting = award_in("upcoming"), award_in("nominating"), award_in("voting")

    assert services.nominate_check(award=upcoming, nominator=nominator) is not None
    assert services.nominate_check(award=voting, nominator=nominator) is not None
    assert services.nominate_check(award=open_, nominator=nominator, nominee=nominator) is not None
    services.nominate(award=open_, nominator=nominator, nominee=nominee, reason="Always helps.")
    with pytest.raises(ValidationError) as again:
        services.nominate(award=open_, nominator=nominator, nominee=nominee, reason="Again.")

    assert "nominee" in again.value.message_dict
    assert Nomination.objects.count() == 1
    assert Notification.objects.filter(recipient=nominee, kind="recognition.nominated").count() == 1


def test_a_nomination_needs_a_reason(person, award_in):
    award = award_in("nominating")
    with pytest.raises(ValidationError) as error:
        services.nominate(award=award, nominator=person(), nominee=person(), reason=" ")
    assert "reason" in error.value.message_dict


def test_one_vote_per_voter_per_round_no_self_vote_only_in_the_window(person, award_in):
    voter, nominee, other = person(), person(), person()
    award = award_in("voting")
    for who in (nominee, other):
        Nomination.objects.create(award=award, nominee=who, nominator=voter, reason="Yes")

    with pytest.raises(ValidationError):
        services.vote_cast(award=award, voter=nominee, nominee=nominee)
    services.vote_cast(award=award, voter=voter, nominee=nominee)
    with pytest.raises(ValidationError) as twice:
        services.vote_cast(award=award, voter=voter, nominee=other)
    late = award.voting_close_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        services.vote_cast(award=award, voter=other, nominee=nominee, now=late)
    early = award.voting_open_at - dt.timedelta(minutes=1)
    assert services.vote_check(award=award, voter=other, nominee=nominee, now=early) is not None

    assert "already voted" in " ".join(twice.value.messages)
    assert Vote.objects.count() == 1


def test_only_people_named_as_nominees_get_votes(person, award_in):
    award = award_in("voting")
    with pytest.raises(ValidationError) as error:
        services.vote_cast(award=award, voter=person(), nominee=person())
    assert "nominee" in error.value.message_dict


def test_closing_announces_the_most_voted_and_tells_everyone_once(
    client, person, award_in, organizer, running
):
    a, b, voter1, voter2, voter3 = (person() for _ in range(5))
    award = award_in("counting")
    for who in (a, b):
        Nomination.objects.create(award=award, nominee=who, nominator=voter1, reason="Great")
    for voter, choice in ((voter1, a), (voter2, a), (voter3, b)):
        Vote.objects.create(award=award, voter=voter, nominee=choice)
    member = person()

    with pytest.raises(PermissionDenied):
        services.award_close(award=award, actor=member)
    services.award_close(award=award, actor=organizer)
    with pytest.raises(ValidationError):
        services.award_close(award=award, actor=organizer)

    assert list(Nomination.objects.filter(winner=True).values_list("nominee", flat=True)) == [a.pk]
    assert Notification.objects.filter(kind="recognition.award_announced").count() == 2
    client.force_login(member)
    home = client.get(reverse("cohorts:home", args=[running.slug])).content.decode()
    assert 'data-testid="spotlight"' in home
    assert a.profile.full_name.split()[0] in home
    spotlight_award, winners = selectors.spotlight_of(running)
    assert spotlight_award == award
    assert [w.nominee for w in winners] == [a]


def test_closing_refused_while_voting_is_open(person, award_in, organizer):
    award = award_in("voting")
    assert services.award_close_check(award=award, actor=organizer) is not None


def test_the_award_page_nominates_and_votes(client, person, award_in, running):
    member, nominee = person(), person()
    open_ = award_in("nominating")
    voting = award_in("voting", name="Voting round")
    Nomination.objects.create(award=voting, nominee=nominee, nominator=member, reason="Kind")
    client.force_login(member)

    nominated = client.post(
        reverse("recognition:award", args=[running.slug, open_.pk]),
        {"action": "nominate", "nominee": nominee.pk, "reason": "Leads by example."},
    )
    voted = client.post(
        reverse("recognition:award", args=[running.slug, voting.pk]),
        {"action": "vote", "nominee": nominee.pk},
    )
    self_vote = client.post(
        reverse("recognition:award", args=[running.slug, voting.pk]),
        {"action": "vote", "nominee": "not-a-number"},
    )

    assert nominated.status_code == 302
    assert voted.status_code == 302
    assert self_vote.status_code == 302
    assert Vote.objects.filter(award=voting, voter=member).count() == 1


def test_the_api_nominates_votes_and_lists_without_counts_before_the_end(
    client, person, award_in, running
):
    member, nominee, voter = person(), person(), person()
    open_, voting = award_in("nominating"), award_in("voting")
    Nomination.objects.create(award=voting, nominee=nominee, nominator=member, reason="Kind")
    base = f"/api/v1/cohorts/{running.slug}/awards"
    client.force_login(voter)

    nominated = client.post(
        f"{base}/{open_.pk}/nominations",
        {"nominee": nominee.profile.employee_id, "reason": "Patient."},
        content_type="application/json",
    )
    voted = client.post(
        f"{base}/{voting.pk}/votes",
        {"nominee": nominee.profile.employee_id},
        content_type="application/json",
    )
    twice = client.post(
        f"{base}/{voting.pk}/votes",
        {"nominee": nominee.profile.employee_id},
        content_type="application/json",
    )
    nominees = client.get(f"{base}/{voting.pk}/nominees").json()
    listed = client.get(base).json()

    assert nominated.status_code == 201
    assert voted.status_code == 201
    assert twice.status_code == 400
    assert nominees[0]["votes"] is None
    assert {item["phase"] for item in listed["items"]} == {"nominating", "voting"}
    assert Membership.objects.filter(user=voter).exists()
