"""Fixtures of retrospectives (the cohort tests' fixtures apply): a cohort that ended
yesterday with its operations team, and a retrospective written through the service."""

import datetime as dt

import pytest
from django.utils import timezone

from cohorts.models import Cohort, Membership
from cohorts.retrospectives import services
from cohorts.retrospectives.services import EntryInput
from cohorts.sessions.services.schedule import cohort_zone

Role = Membership.Role


@pytest.fixture
def ended(cohort):
    """The cohort, run from six weeks ago until yesterday on its own clock."""
    today = timezone.localtime(timezone.now(), cohort_zone(cohort)).date()
    Cohort.objects.filter(pk=cohort.pk).update(
        status=Cohort.Status.RUNNING,
        start_date=today - dt.timedelta(days=42),
        end_date=today - dt.timedelta(days=1),
    )
    cohort.refresh_from_db()
    return cohort


@pytest.fixture
def team(ended, make_member):
    """``{"organizer", "core", "planning", "helper", "newcomer"}``: users of the cohort."""
    return {
        role: make_member(getattr(Role, role.upper())).user
        for role in ("organizer", "core", "planning", "helper", "newcomer")
    }


WENT_WELL = [
    EntryInput(
        text="Nightly sessions kept newcomers coming back.",
        quote="The CFO's evening was the best hour of my first month.",
    ),
    EntryInput(text="Mentors answered most questions within a day."),
]
TO_CHANGE = [EntryInput(text="Check-in reminders came too late in the evening.")]


@pytest.fixture
def written(ended, team):
    """A draft with entries of both kinds and a summary, by the core member."""
    return services.retrospective_write(
        cohort=ended,
        actor=team["core"],
        language="en",
        summary="A strong first intake; start reminders earlier next time.",
        went_well=WENT_WELL,
        to_change=TO_CHANGE,
    )


@pytest.fixture
def render_now(monkeypatch):
    """Publishing renders the PDF in the test instead of queueing it for a worker."""
    from cohorts.retrospectives import tasks

    rendered = []

    def run(*args):
        rendered.append(args)
        return tasks.retrospective_pdf_render_task.run(*args)

    monkeypatch.setattr(tasks.retrospective_pdf_render_task, "delay", run)
    return rendered
