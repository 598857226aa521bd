"""When a cohort ends its core team and organizers are told, once, that the
retrospective waits; it stays in their queue until it is published."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.retrospectives import selectors, services
from cohorts.retrospectives.models import Retrospective
from cohorts.retrospectives.tasks import retrospectives_due_task
from learning.notifications.models import Notification


def _told(kind="retrospectives.due") -> list[int]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_an_ended_cohort_tells_its_core_team_and_organizers_once(ended, team):
    assert retrospectives_due_task.run() == 1
    assert _told() == sorted([team["organizer"].pk, team["core"].pk])
    notice = Notification.objects.filter(kind="retrospectives.due").first()
    assert ended.name in notice.title
    assert notice.url == f"/cohorts/{ended.slug}/retrospective/"
    # However often beat runs, nobody is told again.
    assert retrospectives_due_task.run() == 0
    assert services.retrospective_due_notify(cohort=ended) is False
    assert len(_told()) == 2
    assert Retrospective.objects.get(cohort=ended).status == Retrospective.Status.DRAFT


def test_a_running_cohort_is_not_announced(cohort, team):
    Cohort.objects.filter(pk=cohort.pk).update(end_date=timezone.localdate() + dt.timedelta(days=2))
    assert retrospectives_due_task.run() == 0
    assert _told() == []


def test_the_cohorts_own_clock_decides_when_it_ended(ended, team):
    # Given a cohort whose last day is 1 December, at noon UTC on that day
    noon = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    last_day = {"start_date": dt.date(2026, 11, 2), "end_date": dt.date(2026, 12, 1)}
    Cohort.objects.filter(pk=ended.pk).update(time_zone="Europe/London", **last_day)
    # Then in London the day is not over, and nobody is told
    assert services.retrospectives_due_notify(now=noon) == 0
    # But in Auckland it is already 2 December: its team is told
    Cohort.objects.filter(pk=ended.pk).update(time_zone="Pacific/Auckland")
    assert services.retrospectives_due_notify(now=noon) == 1


def test_a_draft_cohort_or_a_published_retrospective_is_left_alone(ended, team, written):
    Retrospective.objects.filter(pk=written.pk).update(
        status=Retrospective.Status.PUBLISHED, published_at=timezone.now()
    )
    assert retrospectives_due_task.run() == 0
    assert _told() == []


def test_the_retrospective_waits_in_the_writers_queue_until_published(
    ended, team, client, django_capture_on_commit_callbacks, monkeypatch
):
    from cohorts.retrospectives import tasks

    monkeypatch.setattr(tasks.retrospective_pdf_render_task, "delay", lambda *a: None)
    retrospectives_due_task.run()
    for role in ("core", "organizer"):
        assert [r.cohort_id for r in selectors.retrospectives_waiting_for(team[role])] == [ended.pk]
    for role in ("planning", "helper", "newcomer"):
        assert not selectors.retrospectives_waiting_for(team[role]).exists()
    client.force_login(team["core"])
    page = client.get(reverse("cohorts:queue")).content.decode()
    assert 'data-testid="queue-retrospectives"' in page
    assert reverse("retrospectives:page", args=[ended.slug]) in page
    # When it is published it leaves the queue
    from cohorts.retrospectives.services import EntryInput

    retrospective = services.retrospective_write(
        cohort=ended,
        actor=team["core"],
        summary="Done",
        went_well=[EntryInput(text="Good")],
        to_change=[EntryInput(text="Better")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.retrospective_publish(retrospective=retrospective, actor=team["core"])
    assert not selectors.retrospectives_waiting_for(team["core"]).exists()
    assert (
        'data-testid="queue-retrospectives"'
        not in client.get(reverse("cohorts:queue")).content.decode()
    )


@pytest.mark.parametrize("size", [3, 30])
def test_the_beat_job_costs_a_bounded_number_of_queries_per_cohort(
    size, ended, team, make_member, django_assert_max_num_queries
):
    for _n in range(size):
        make_member("core")
    # The same whatever the team's size (content types and the outbox's kinds included).
    with django_assert_max_num_queries(30):
        services.retrospectives_due_notify()
    assert len(_told()) == size + 2
