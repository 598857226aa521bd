"""The weekly prompt and the welcome prompt: each sent once, whatever runs twice."""

import datetime as dt

import pytest
from django.urls import reverse

from cohorts import services as cohort_services
from cohorts.models import Membership
from cohorts.recognition import selectors, services
from cohorts.recognition.models import PromptRound, WelcomePrompt
from cohorts.recognition.services.prompts import prompt_for
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db

# A Tuesday, on every clock the tests use.
TUESDAY = dt.datetime(2026, 11, 10, 6, 0, tzinfo=dt.UTC)


def test_the_weekly_prompt_is_sent_once_per_member_per_week(person, running):
    members = [person() for _ in range(3)]

    first = services.prompts_send_due(now=TUESDAY)
    again = services.prompts_send_due(now=TUESDAY + dt.timedelta(hours=1))
    next_week = services.prompts_send_due(now=TUESDAY + dt.timedelta(days=7))

    assert (first, again, next_week) == (1, 0, 1)
    prompts = Notification.objects.filter(kind="recognition.prompt")
    for member in members:
        assert prompts.filter(recipient=member).count() == 2
    assert PromptRound.objects.count() == 2
    link = prompts.filter(recipient=members[0]).first().url
    assert link.startswith(f"/cohorts/{running.slug}/kudos/give/?prompt=")


def test_prompts_take_turns_week_by_week(running):
    weeks = [running.start_date + dt.timedelta(days=7 * n) for n in range(5)]
    monday = [w - dt.timedelta(days=w.weekday()) for w in weeks]
    codes = [prompt_for(running, week).code for week in monday]
    assert codes == ["achieved", "led", "handled", "grown", "achieved"]


def test_a_double_run_of_the_same_round_sends_nothing_more(person, running):
    person()
    services.prompts_send_due(now=TUESDAY)
    PromptRound.objects.all().delete()  # as if the round's row were lost: the keys still hold

    services.prompts_send_due(now=TUESDAY)

    assert Notification.objects.filter(kind="recognition.prompt").count() == 1


def test_an_introduction_prompts_the_welcome_helper_once(client, person, running, make_member):
    helper = person(Membership.Role.HELPER, helper_duty="Welcoming newcomers")
    person(Membership.Role.HELPER, helper_duty="Q&A triage")
    newcomer = person()
    membership = Membership.objects.get(user=newcomer, cohort=running)

    cohort_services.introduction_post(membership=membership, body="Hi, I am new in sales.")
    cohort_services.introduction_post(membership=membership, body="Hi again.")
    services.welcome_prompt_create(
        membership=membership, introduction=membership.cohort.posts.first()
    )

    prompt = WelcomePrompt.objects.get()
    assert list(prompt.greeters.all()) == [helper]
    assert Notification.objects.filter(kind="recognition.welcome").count() == 1
    client.force_login(helper)
    queue = client.get(reverse("cohorts:queue")).content.decode()
    assert 'data-testid="queue-welcome"' in queue
    assert "Hi, I am new in sales." in queue

    greet = reverse("recognition_me:greet", args=[prompt.pk])
    client.post(greet, {"message": "Welcome aboard!"})
    client.post(greet, {"message": "Welcome again!"})

    prompt.refresh_from_db()
    assert prompt.greeted_by == helper
    assert running.posts.filter(body__contains="Welcome aboard!").count() == 1
    assert not running.posts.filter(body__contains="Welcome again!").exists()
    assert Notification.objects.filter(recipient=newcomer, kind="recognition.greeted").count() == 1
    assert not selectors.welcome_prompts_waiting_for(helper).exists()
    assert (
        'data-testid="queue-welcome"' not in client.get(reverse("cohorts:queue")).content.decode()
    )


def test_without_a_welcome_helper_the_organizers_are_asked(person, running):
    organizer = person(Membership.Role.ORGANIZER)
    newcomer = person()
    membership = Membership.objects.get(user=newcomer, cohort=running)

    cohort_services.introduction_post(membership=membership, body="Hello!")

    assert list(WelcomePrompt.objects.get().greeters.all()) == [organizer]


def test_someone_not_asked_cannot_greet(client, person, running):
    person(Membership.Role.HELPER, helper_duty="Welcome")
    newcomer, stranger = person(), person()
    membership = Membership.objects.get(user=newcomer, cohort=running)
    cohort_services.introduction_post(membership=membership, body="Hello!")
    client.force_login(stranger)

    response = client.post(
        reverse("recognition_me:greet", args=[WelcomePrompt.objects.get().pk]),
        {"message": "Hi"},
    )

    assert response.status_code == 404
