"""Mentoring services called as the app calls them: who may and may not, bad input,
a run from start to publication, re-runs around locks, re-pair requests, and the
queries the pool costs at two sizes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning import jobs
from learning.models import Job
from learning.notifications.models import Notification
from mentors import matching, services
from mentors.models import (
    MatchExclusion,
    MatchProposal,
    MatchRun,
    MentorRule,
    Pairing,
    PairingEvent,
    RepairRequest,
)
from mentors.services.pool import cohort_pool
from tests.learning.factories import EmployeeProfileFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _start(organizer, cohort, **weights) -> MatchRun:
    outcome = services.match_run_start(actor=organizer, cohort=cohort, weights=weights)
    return outcome.result


# --- Profiles and who may mentor --------------------------------------------------------


def test_a_veteran_opts_in_and_edits_their_own_profile(outsider):
    region = RegionFactory()
    profile = services.mentor_profile_save(
        actor=outsider,
        user=outsider,
        changes={
            "capacity": 4,
            "skills": " Negotiation, pricing ,pricing",
            "products": ["CRM"],
            "languages": ["ru"],
            "regions": [region.pk],
            "availability": "Evenings",
        },
    )
    assert profile.opted_in
    assert profile.skills == ["negotiation", "pricing"]
    assert profile.products == ["crm"]
    assert list(profile.regions.all()) == [region]
    assert PairingEvent.objects.filter(action="profile_saved", actor=outsider).exists()


def test_only_the_person_or_hr_may_change_a_mentor_profile(outsider, organizer, db):
    other = EmployeeProfileFactory().user
    with pytest.raises(PermissionDenied):
        services.mentor_profile_save(actor=other, user=outsider, changes={"capacity": 2})
    services.mentor_profile_save(actor=organizer, user=outsider, changes={"capacity": 2})
    assert outsider.mentor_profile.capacity == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": "3"}, "capacity"),
        ({"languages": ["tlh"]}, "languages"),
        ({"skills": 5}, "skills"),
        ({"skills": ["x" * 41]}, "skills"),
        ({"regions": [999999]}, "regions"),
        ({"availability": "x" * 201}, "availability"),
        ({"opted_in": "yes"}, "opted_in"),
        ({"user": 1}, "user"),
    ],
)
def test_bad_profile_input_names_the_field_and_saves_nothing(outsider, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.mentor_profile_save(actor=outsider, user=outsider, changes=changes)
    assert field in refused.value.message_dict
    assert not hasattr(type(outsider).objects.get(pk=outsider.pk), "mentor_profile")


def test_tenure_and_level_thresholds_decide_who_is_in_the_pool(
    cohort, organizer, veteran, newcomer, ladder
):
    newcomer()
    old = veteran(profile={"hire_date": datetime.date(2015, 1, 1), "level": ladder["manager"]})
    recent = veteran(profile={"hire_date": datetime.date(2026, 6, 1), "level": ladder["manager"]})
    junior = veteran(profile={"hire_date": datetime.date(2015, 1, 1), "level": ladder["associate"]})
    pool = cohort_pool(cohort)
    assert {m.id for m in pool.mentors} == {old.user_id, junior.user_id}
    assert "12 months" in pool.ineligible[recent.user_id]

    services.mentor_rule_set(
        actor=organizer, cohort=cohort, min_tenure_months=3, min_level=ladder["senior"]
    )
    pool = cohort_pool(cohort)
    assert {m.id for m in pool.mentors} == {old.user_id, recent.user_id}
    assert "level" in pool.ineligible[junior.user_id]


def test_a_program_rule_holds_unless_the_cohort_has_its_own(cohort, organizer):
    services.mentor_rule_set(actor=organizer, program=cohort.program, min_tenure_months=24)
    assert services.mentor_rule_for(cohort).min_tenure_months == 24
    services.mentor_rule_set(actor=organizer, cohort=cohort, min_tenure_months=6)
    assert services.mentor_rule_for(cohort).min_tenure_months == 6
    assert MentorRule.objects.count() == 2


def test_only_organizers_set_mentor_rules_and_months_are_checked(cohort, organizer, outsider):
    with pytest.raises(PermissionDenied):
        services.mentor_rule_set(actor=outsider, cohort=cohort, min_tenure_months=6)
    with pytest.raises(ValidationError) as refused:
        services.mentor_rule_set(actor=organizer, cohort=cohort, min_tenure_months=-1)
    assert "min_tenure_months" in refused.value.message_dict


def test_veterans_come_from_the_whole_directory_not_only_cohort_members(cohort, veteran, newcomer):
    newcomer()
    outside = veteran()
    assert [m.id for m in cohort_pool(cohort).mentors] == [outside.user_id]


def test_a_newcomer_of_the_cohort_is_never_its_mentor(cohort, veteran, make_member):
    member = make_member("newcomer").user
    veteran(user=member)
    assert cohort_pool(cohort).mentors == []


def test_the_manager_chain_is_read_from_the_directory(cohort, veteran, newcomer):
    top = veteran()
    middle = EmployeeProfileFactory(manager=top.user.profile)
    person = newcomer(manager=middle)
    (loaded,) = cohort_pool(cohort).newcomers
    assert loaded.id == person.pk
    assert loaded.chain == {middle.user_id, top.user_id}


# --- A run from start to publication ----------------------------------------------------


def test_only_organizers_may_start_lock_change_and_publish(
    cohort, organizer, outsider, newcomer, veteran
):
    newcomer()
    veteran()
    with pytest.raises(PermissionDenied):
        services.match_run_start(actor=outsider, cohort=cohort)
    run = _start(organizer, cohort)
    proposal = run.proposals.get()
    for call in (
        lambda: services.proposal_lock(actor=outsider, proposal=proposal, locked=True),
        lambda: services.match_run_rerun(actor=outsider, run=run),
        lambda: services.match_run_publish(actor=outsider, run=run),
        lambda: services.match_run_discard(actor=outsider, run=run),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert not Pairing.objects.exists()


def test_bad_weights_are_refused_by_field_and_no_run_is_made(cohort, organizer):
    for weights, field in (({"region": -2}, "region"), ({"colour": 1}, "colour")):
        with pytest.raises(ValidationError) as refused:
            services.match_run_start(actor=organizer, cohort=cohort, weights=weights)
        assert field in refused.value.message_dict
    assert not MatchRun.objects.exists()


def test_a_run_proposes_explained_pairs_and_lists_who_is_left_out(
    cohort, organizer, newcomer, veteran
):
    region = RegionFactory(name="North")
    close = newcomer(region=region, title="CRM specialist", preferred_language="en")
    lonely = newcomer(preferred_language="el")
    mentor = veteran(profile={"region": region, "preferred_language": "en"}, products=["crm"])

    run = _start(organizer, cohort)

    assert run.status == MatchRun.Status.PROPOSED
    proposal = run.proposals.get()
    assert (proposal.mentee_id, proposal.mentor_id) == (close.pk, mentor.user_id)
    codes = {part["code"]: part for part in proposal.parts}
    assert codes["region"]["name"] == "North"
    assert codes["expertise"]["name"] == "crm"
    assert run.unmatched == [
        {"mentee": lonely.pk, "reason": matching.LANGUAGE, "counts": {"language": 1}}
    ]
    assert PairingEvent.objects.filter(run=run, action="run_solved").exists()


def test_publishing_creates_pairings_notifies_both_sides_and_is_logged(
    cohort, organizer, newcomer, veteran, django_capture_on_commit_callbacks
):
    person = newcomer()
    mentor = veteran()
    run = _start(organizer, cohort)

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.match_run_publish(actor=organizer, run=run)

    assert counts == {"started": 1, "ended": 0, "kept": 0}
    pairing = Pairing.objects.get()
    assert (pairing.mentee_id, pairing.mentor_id) == (person.pk, mentor.user_id)
    notified = set(
        Notification.objects.filter(kind="mentors.paired").values_list("recipient_id", flat=True)
    )
    assert notified == {person.pk, mentor.user_id}
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    assert PairingEvent.objects.filter(action="published", run=run).exists()
    assert PairingEvent.objects.filter(action="pairing_started", pairing=pairing).exists()
    with pytest.raises(ValidationError):
        services.match_run_publish(actor=organizer, run=run)


def test_a_new_run_keeps_published_pairs_and_publishing_changes_only_what_changed(
    cohort, organizer, newcomer, veteran
):
    first = newcomer()
    mentor = veteran(capacity=2)
    services.match_run_publish(actor=organizer, run=_start(organizer, cohort))
    second = newcomer()

    run = _start(organizer, cohort)
    rows = {row.mentee_id: row for row in run.proposals.all()}
    assert rows[first.pk].locked
    assert rows[first.pk].source == MatchProposal.Source.PUBLISHED
    assert rows[second.pk].mentor_id == mentor.user_id
    assert services.match_run_publish(actor=organizer, run=run) == {
        "started": 1,
        "ended": 0,
        "kept": 1,
    }
    assert Pairing.objects.filter(status="active").count() == 2


def test_hr_changes_a_pair_locks_it_and_a_re_run_works_around_it(
    cohort, organizer, newcomer, veteran
):
    region = RegionFactory()
    a = newcomer(region=region)
    b = newcomer()
    near = veteran(capacity=1, profile={"region": region})
    far = veteran(capacity=2)
    run = _start(organizer, cohort)
    assert run.proposals.get(mentee=a).mentor_id == near.user_id

    services.proposal_change(actor=organizer, run=run, mentee=a, mentor=far.user)
    services.match_run_rerun(actor=organizer, run=run)

    rows = {row.mentee_id: row for row in run.proposals.all()}
    assert (rows[a.pk].mentor_id, rows[a.pk].locked, rows[a.pk].source) == (
        far.user_id,
        True,
        "hr",
    )
    assert rows[b.pk].mentor_id == near.user_id
    assert PairingEvent.objects.filter(action="pair_changed", run=run).exists()


def test_a_change_that_breaks_a_hard_constraint_is_refused_with_the_reason(
    cohort, organizer, newcomer, veteran
):
    person = newcomer(preferred_language="el")
    speaks = veteran(languages=["el"])
    mute = veteran(profile={"preferred_language": "en"})
    run = _start(organizer, cohort)
    assert run.proposals.get().mentor_id == speaks.user_id
    with pytest.raises(ValidationError) as refused:
        services.proposal_change(actor=organizer, run=run, mentee=person, mentor=mute.user)
    assert refused.value.message_dict["mentor"] == ["They share no language."]
    MatchExclusion.objects.create(cohort=cohort, mentee=person, mentor=speaks.user)
    services.proposal_lock(actor=organizer, proposal=run.proposals.get(), locked=False)
    services.match_run_rerun(actor=organizer, run=run)
    assert not run.proposals.exists()
    run.refresh_from_db()
    assert run.unmatched[0]["reason"] == "language"


def test_unlocking_lets_a_re_run_move_a_pair(cohort, organizer, newcomer, veteran):
    region = RegionFactory()
    person = newcomer(region=region)
    far = veteran()
    run = _start(organizer, cohort)
    services.match_run_publish(actor=organizer, run=run)
    near = veteran(profile={"region": region})

    run = _start(organizer, cohort)
    assert run.proposals.get().mentor_id == far.user_id
    services.proposal_lock(actor=organizer, proposal=run.proposals.get(), locked=False)
    services.match_run_rerun(actor=organizer, run=run)
    assert run.proposals.get().mentor_id == near.user_id
    assert services.match_run_publish(actor=organizer, run=run)["ended"] == 1
    assert Pairing.objects.get(status="active").mentor_id == near.user_id
    assert Pairing.objects.get(status="ended").mentee_id == person.pk


def test_a_large_cohort_is_matched_in_a_background_job_with_progress(
    settings, cohort, organizer, newcomer, veteran
):
    settings.GUILD_INLINE_BULK_MAX = 1
    newcomer()
    newcomer()
    veteran()
    outcome = services.match_run_start(actor=organizer, cohort=cohort)
    assert outcome.job is not None
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.QUEUED
    jobs.job_run(job_id=outcome.job.pk)
    job = Job.objects.get(pk=outcome.job.pk)
    assert job.status == Job.Status.DONE, job.error
    assert job.result == {"run": run.pk, "pairs": 2, "unmatched": 0}
    assert jobs.job_status(job=job)["percent"] == 100
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PROPOSED


def test_starting_a_run_discards_the_open_one(cohort, organizer):
    first = _start(organizer, cohort)
    _start(organizer, cohort)
    first.refresh_from_db()
    assert first.status == MatchRun.Status.DISCARDED
    with pytest.raises(ValidationError):
        services.match_run_publish(actor=organizer, run=first)


# --- Re-pair requests -------------------------------------------------------------------


@pytest.fixture
def pairing(cohort, organizer, newcomer, veteran):
    newcomer()
    veteran()
    services.match_run_publish(actor=organizer, run=_start(organizer, cohort))
    return Pairing.objects.get()


def test_only_the_pair_may_ask_and_a_reason_is_needed(pairing, outsider):
    with pytest.raises(PermissionDenied):
        services.repair_request_create(actor=outsider, pairing=pairing, reason="no")
    with pytest.raises(ValidationError) as refused:
        services.repair_request_create(actor=pairing.mentee, pairing=pairing, reason="  ")
    assert "reason" in refused.value.message_dict
    assert not RepairRequest.objects.exists()


def test_a_request_waits_once_and_reaches_the_organizers(pairing, organizer):
    request = services.repair_request_create(
        actor=pairing.mentor, pairing=pairing, reason="Different time zones"
    )
    assert Notification.objects.filter(kind="mentors.repair_asked", recipient=organizer).exists()
    assert services.repair_request_check(actor=pairing.mentee, pairing=pairing)
    with pytest.raises(ValidationError):
        services.repair_request_create(actor=pairing.mentee, pairing=pairing, reason="again")
    assert request.status == RepairRequest.Status.OPEN
    assert PairingEvent.objects.filter(action="repair_asked", pairing=pairing).exists()


def test_granting_ends_the_pair_excludes_it_and_may_name_a_new_mentor(pairing, organizer, veteran):
    request = services.repair_request_create(
        actor=pairing.mentee, pairing=pairing, reason="We never meet"
    )
    other = veteran()
    with pytest.raises(PermissionDenied):
        services.repair_request_decide(actor=pairing.mentee, request=request, grant=True)

    services.repair_request_decide(
        actor=organizer, request=request, grant=True, note="Fair", new_mentor=other.user
    )

    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED
    assert MatchExclusion.objects.filter(mentee=pairing.mentee, mentor=pairing.mentor).exists()
    assert Pairing.objects.get(status="active").mentor_id == other.user_id
    assert Notification.objects.filter(
        kind="mentors.repair_decided", recipient=pairing.mentee
    ).exists()
    with pytest.raises(ValidationError):
        services.repair_request_decide(actor=organizer, request=request, grant=False)


def test_declining_keeps_the_pair(pairing, organizer):
    request = services.repair_request_create(actor=pairing.mentee, pairing=pairing, reason="x")
    services.repair_request_decide(actor=organizer, request=request, grant=False, note="Try")
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    request.refresh_from_db()
    assert request.status == RepairRequest.Status.DECLINED


def test_a_new_mentor_who_breaks_a_constraint_undoes_the_whole_decision(pairing, organizer):
    request = services.repair_request_create(actor=pairing.mentee, pairing=pairing, reason="x")
    with pytest.raises(ValidationError) as refused:
        services.repair_request_decide(
            actor=organizer, request=request, grant=True, new_mentor=pairing.mentor
        )
    assert refused.value.message_dict["new_mentor"] == ["HR excluded this pair."]
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    assert not MatchExclusion.objects.exists()


# --- Cost -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 12])
def test_the_pool_and_a_run_cost_the_same_queries_at_two_sizes(
    size, cohort, organizer, newcomer, veteran
):
    for _ in range(size):
        newcomer()
        veteran()
    with CaptureQueriesContext(connection) as pool_queries:
        cohort_pool(cohort)
    with CaptureQueriesContext(connection) as run_queries:
        _start(organizer, cohort)
    assert len(pool_queries) <= 11
    assert len(run_queries) <= 40


def test_hr_excludes_a_pair_and_the_next_run_avoids_it(
    cohort, organizer, outsider, newcomer, veteran
):
    person = newcomer()
    first = veteran()
    second = veteran()
    with pytest.raises(PermissionDenied):
        services.match_exclusion_add(
            actor=outsider, cohort=cohort, mentee=person, mentor=first.user
        )
    with pytest.raises(ValidationError):
        services.match_exclusion_add(actor=organizer, cohort=cohort, mentee=person, mentor=person)
    services.match_exclusion_add(
        actor=organizer, cohort=cohort, mentee=person, mentor=first.user, reason="Same team"
    )
    services.match_exclusion_add(actor=organizer, cohort=cohort, mentee=person, mentor=first.user)
    assert MatchExclusion.objects.count() == 1
    assert PairingEvent.objects.filter(action="exclusion_added").count() == 1
    assert _start(organizer, cohort).proposals.get().mentor_id == second.user_id


def test_pairing_notices_name_the_other_person_in_the_recipients_language(
    cohort, organizer, newcomer, veteran, monkeypatch
):
    from django.utils import translation

    from mentors.services import runs

    person = newcomer(full_name="Dmitri Orlov", preferred_language="ru")
    mentor = veteran(
        languages=["ru"], profile={"full_name": "Anna Petrova", "preferred_language": "el"}
    )
    languages = {}
    title = runs._pairing_title

    def recording(*, side, to, values):
        languages[to] = translation.get_language()
        return title(side=side, to=to, values=values)

    monkeypatch.setattr(runs, "_pairing_title", recording)
    services.match_run_publish(actor=organizer, run=_start(organizer, cohort))

    to_mentee = Notification.objects.get(kind="mentors.paired", recipient=person)
    to_mentor = Notification.objects.get(kind="mentors.paired", recipient=mentor.user)
    assert "Anna Petrova" in to_mentee.title
    assert "Dmitri Orlov" not in to_mentee.title
    assert "Dmitri Orlov" in to_mentor.title
    assert person.username not in to_mentor.title
    assert mentor.user.username not in to_mentee.title
    assert languages == {"mentee": "ru", "mentor": "el"}


def test_the_re_pair_decision_names_the_person_the_asker_leaves(pairing, organizer):
    request = services.repair_request_create(actor=pairing.mentee, pairing=pairing, reason="x")

    services.repair_request_decide(actor=organizer, request=request, grant=True)

    decided = Notification.objects.get(kind="mentors.repair_decided", recipient=pairing.mentee)
    assert pairing.mentor.profile.full_name in decided.title
    ended = Notification.objects.get(kind="mentors.pairing_ended", recipient=pairing.mentor)
    assert pairing.mentee.profile.full_name in ended.title
