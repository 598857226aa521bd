"""Writing and publishing a retrospective: who may, what is checked, what is kept."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.models import Cohort
from cohorts.retrospectives import services
from cohorts.retrospectives.models import Entry, Retrospective
from cohorts.retrospectives.services import EntryInput
from learning.notifications.models import Notification
from tests.cohorts.retrospectives.conftest import TO_CHANGE, WENT_WELL


def test_the_core_team_writes_entries_in_order_with_quotes(written):
    entries = list(written.entries.order_by("kind", "position"))
    assert [(e.kind, e.position, e.text) for e in entries] == [
        (Entry.Kind.TO_CHANGE, 1, TO_CHANGE[0].text),
        (Entry.Kind.WENT_WELL, 1, WENT_WELL[0].text),
        (Entry.Kind.WENT_WELL, 2, WENT_WELL[1].text),
    ]
    assert entries[1].quote == WENT_WELL[0].quote
    assert written.revision == 2  # created at 1, the first edit counts


@pytest.mark.parametrize("role", ["organizer", "core"])
def test_organizers_and_core_write(ended, team, role):
    services.retrospective_write(cohort=ended, actor=team[role], summary="Ours")
    assert Retrospective.objects.get(cohort=ended).summary == "Ours"


def test_hr_writes_as_an_organizer_of_every_cohort(ended, organizer):
    services.retrospective_write(cohort=ended, actor=organizer, summary="HR's")
    assert Retrospective.objects.get(cohort=ended).summary == "HR's"


@pytest.mark.parametrize("role", ["planning", "helper", "newcomer"])
def test_the_rest_may_not_write_and_nothing_is_left_behind(ended, team, role):
    with pytest.raises(PermissionDenied):
        services.retrospective_write(cohort=ended, actor=team[role], summary="Mine")
    assert not Retrospective.objects.exists()


def test_readers_are_the_whole_operations_team(ended, team, outsider):
    readers = {role for role, user in team.items() if services.may_read(user, ended)}
    assert readers == {"organizer", "core", "planning", "helper"}
    assert not services.may_read(outsider, ended)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"went_well": [EntryInput(text="x" * 2001)]}, "went_well"),
        ({"to_change": [EntryInput(text="", quote="Only a quote")]}, "to_change"),
        ({"went_well": [EntryInput(text=f"Point {n}") for n in range(21)]}, "went_well"),
        ({"summary": "x" * 6001}, "summary"),
        ({"summary": "nul\x00"}, "summary"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(written, team, changes, field):
    before = (written.revision, written.summary, written.entries.count())
    with pytest.raises(ValidationError) as error:
        services.retrospective_update(retrospective=written, actor=team["core"], **changes)
    assert field in error.value.message_dict
    written.refresh_from_db()
    assert (written.revision, written.summary, written.entries.count()) == before


def test_an_edit_that_changes_nothing_is_no_new_revision(written, team):
    again = services.retrospective_update(
        retrospective=written, actor=team["core"], went_well=WENT_WELL, summary=written.summary
    )
    assert again.revision == written.revision


def test_empty_entries_are_dropped(ended, team):
    done = services.retrospective_write(
        cohort=ended,
        actor=team["core"],
        went_well=[EntryInput(text="  "), EntryInput(text="Kept")],
    )
    assert list(done.entries.values_list("text", flat=True)) == ["Kept"]


def test_publishing_waits_for_the_cohorts_end(written, team, ended):
    Cohort.objects.filter(pk=ended.pk).update(end_date=ended.end_date + dt.timedelta(days=3))
    written.cohort.refresh_from_db()
    refusal = services.retrospective_publish_check(retrospective=written, actor=team["core"])
    assert "status" in refusal.message_dict
    with pytest.raises(ValidationError):
        services.retrospective_publish(retrospective=written, actor=team["core"])
    written.refresh_from_db()
    assert written.status == Retrospective.Status.DRAFT


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"went_well": []}, "went_well"),
        ({"to_change": []}, "to_change"),
    ],
)
def test_publishing_needs_a_summary_and_both_kinds(written, team, changes, field):
    written = services.retrospective_update(retrospective=written, actor=team["core"], **changes)
    refusal = services.retrospective_publish_check(retrospective=written, actor=team["core"])
    assert field in refusal.message_dict


def test_publishing_freezes_the_text_tells_the_team_and_queues_the_pdfs(
    written, team, django_capture_on_commit_callbacks, monkeypatch
):
    from cohorts.retrospectives import tasks

    queued = []
    monkeypatch.setattr(tasks.retrospective_pdf_render_task, "delay", lambda *a: queued.append(a))
    team["helper"].profile.preferred_language = "ru"
    team["helper"].profile.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        done = services.retrospective_publish(retrospective=written, actor=team["core"])
    assert done.status == Retrospective.Status.PUBLISHED
    assert done.published_by == team["core"]
    assert {args[2] for args in queued} == {"en", "ru"}
    assert all(args[:2] == (done.pk, done.revision) for args in queued)
    told = set(
        Notification.objects.filter(kind="retrospectives.published").values_list(
            "recipient", flat=True
        )
    )
    assert told == {team[r].pk for r in ("organizer", "planning", "helper")}
    # A second tap, or an edit, is refused: the text no longer changes.
    with pytest.raises(ValidationError):
        services.retrospective_publish(retrospective=done, actor=team["core"])
    with pytest.raises(ValidationError):
        services.retrospective_update(retrospective=done, actor=team["core"], summary="Later")
