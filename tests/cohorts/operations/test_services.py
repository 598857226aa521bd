"""The operations room's rules: who may post, edit, pin, fill the plan, set the roster,
assess and invite; what is sent once; and bad input refused with nothing saved."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cohorts import queue
from cohorts.engagement.models import CheckinNudge, CheckinPeriod, CheckinTask
from cohorts.models import Cohort, Membership, MembershipEvent
from cohorts.operations import selectors, services
from cohorts.operations.models import (
    Evaluation,
    EvaluationRound,
    PlanItem,
    PlanningInvitation,
    PlanReminder,
    RoomPost,
    WeeklyPlan,
)
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _sent(kind):
    return Notification.objects.filter(kind=kind)


# --- The room ---------------------------------------------------------------------------


def test_the_team_posts_and_nobody_else_may(team, running, outsider):
    post = services.room_post_create(
        cohort=running, author=team.helper, kind="note", title="Roster for May", body="x"
    )
    assert post.pk
    for stranger in (team.newcomer, outsider):
        with pytest.raises(PermissionDenied):
            services.room_post_create(cohort=running, author=stranger, kind="note", title="x")
    assert services.room_post_create_check(cohort=running, actor=team.organizer) is None


def test_a_decision_tells_the_rest_of_the_team_once(team, running):
    post = services.room_post_create(
        cohort=running, author=team.core, kind="decision", title="Sessions move to 20:00"
    )
    told = set(_sent("operations.decision").values_list("recipient_id", flat=True))
    assert told == {team.planning.pk, team.helper.pk, team.organizer.pk}
    services.room_post_edit(post=post, actor=team.core, title="Sessions move to 20:30", body="")
    assert _sent("operations.decision").count() == 3


def test_a_note_edited_into_a_decision_tells_the_team_then(team, running):
    post = services.room_post_create(cohort=running, author=team.core, kind="note", title="T")
    assert not _sent("operations.decision").exists()
    services.room_post_edit(post=post, actor=team.core, title="T", body="", kind="decision")
    services.room_post_edit(post=post, actor=team.core, title="T2", body="", kind="decision")
    assert _sent("operations.decision").count() == 3


def test_only_the_author_edits_and_only_leaders_pin(team, running):
    post = services.room_post_create(cohort=running, author=team.helper, kind="note", title="T")
    with pytest.raises(PermissionDenied):
        services.room_post_edit(post=post, actor=team.core, title="Mine now", body="")
    with pytest.raises(PermissionDenied):
        services.room_post_pin(post=post, actor=team.helper, pinned=True)
    services.room_post_pin(post=post, actor=team.core, pinned=True)
    assert RoomPost.objects.get(pk=post.pk).pinned


def test_bad_posts_name_the_field_and_save_nothing(team, running):
    for kind, title, field in (
        ("rumour", "T", "kind"),
        ("note", "  ", "title"),
        ("note", "x" * 201, "title"),
    ):
        with pytest.raises(ValidationError) as error:
            services.room_post_create(cohort=running, author=team.core, kind=kind, title=title)
        assert field in error.value.message_dict
    assert not RoomPost.objects.exists()


def test_the_search_finds_chinese_cyrillic_and_greek_words(team, running):
    for title in ("本周值班安排", "Решение о расписании", "Απόφαση για τις συνεδρίες", "Plan"):
        services.room_post_create(cohort=running, author=team.core, kind="note", title=title)

    def found(query):
        return [p.title for p in selectors.room_posts(running, query=query)]

    assert found("值班") == ["本周值班安排"]
    assert found("РЕШЕНИЕ") == ["Решение о расписании"]
    assert found("απόφαση") == ["Απόφαση για τις συνεδρίες"]
    assert found("nothing") == []
    assert len(found("")) == 4


# --- The weekly plan --------------------------------------------------------------------


def test_the_team_fills_the_plan_with_owners_from_the_team(team, running):
    week = services.week_of(running)
    item = services.plan_item_add(
        cohort=running,
        week=week,
        actor=team.helper,
        text="Greet newcomers",
        owner_id=team.planning.pk,
    )
    services.plan_item_done(item=item, actor=team.core)
    services.plan_item_done(item=item, actor=team.core)
    item.refresh_from_db()
    assert item.done_by == team.core
    assert item.done_at is not None
    assert WeeklyPlan.objects.filter(cohort=running, week=week).count() == 1
    with pytest.raises(ValidationError) as error:
        services.plan_item_add(
            cohort=running, week=week, actor=team.core, text="x", owner_id=team.newcomer.pk
        )
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.plan_item_add(cohort=running, week=week, actor=team.core, text=" ")
    assert "text" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.plan_item_add(cohort=running, week=week, actor=team.newcomer, text="x")
    assert PlanItem.objects.count() == 1


def _thursday_noon(cohort):
    monday = services.week_of(cohort)
    return dt.datetime.combine(monday + dt.timedelta(days=3), dt.time(12), tzinfo=dt.UTC)


def test_the_core_team_is_reminded_once_when_the_coming_week_has_no_plan(team, running):
    Cohort.objects.filter(pk=running.pk).update(
        time_zone="UTC", end_date=timezone.now().date() + dt.timedelta(days=60)
    )
    running.refresh_from_db()
    now = _thursday_noon(running)
    assert services.plans_remind_due(now=now - dt.timedelta(days=1)) == 0  # Wednesday
    assert services.plans_remind_due(now=now) == 1
    assert services.plans_remind_due(now=now + dt.timedelta(hours=3)) == 0
    told = list(_sent("operations.plan_missing").values_list("recipient_id", flat=True))
    assert told == [team.core.pk]
    assert PlanReminder.objects.count() == 1


def test_no_reminder_when_the_coming_week_is_planned(team, running):
    Cohort.objects.filter(pk=running.pk).update(
        time_zone="UTC", end_date=timezone.now().date() + dt.timedelta(days=60)
    )
    running.refresh_from_db()
    now = _thursday_noon(running)
    services.plan_item_add(
        cohort=running,
        week=services.week_of(running, now) + dt.timedelta(days=7),
        actor=team.core,
        text="x",
    )
    assert services.plans_remind_due(now=now) == 0
    assert not _sent("operations.plan_missing").exists()


# --- The roster ---------------------------------------------------------------------------


def test_the_core_team_sets_the_roster_from_the_team(team, running):
    services.roster_shift_set(
        cohort=running, actor=team.core, weekday=0, person_id=team.helper.pk, duty="Q&A"
    )
    services.roster_shift_set(
        cohort=running, actor=team.core, weekday=0, person_id=team.helper.pk, duty="Q&A triage"
    )
    _team, days = selectors.duty_roster(running)
    assert [s.duty for s in days[0].shifts] == ["Q&A triage"]
    with pytest.raises(PermissionDenied):
        services.roster_shift_set(
            cohort=running, actor=team.helper, weekday=1, person_id=team.helper.pk
        )
    with pytest.raises(ValidationError) as error:
        services.roster_shift_set(
            cohort=running, actor=team.core, weekday=9, person_id=team.newcomer.pk
        )
    assert {"weekday", "person"} <= set(error.value.message_dict)


# --- Evaluations ----------------------------------------------------------------------------


def _period(cohort):
    today = timezone.localdate()
    return today - dt.timedelta(days=27), today


def test_an_evaluation_counts_each_members_duties_once(team, running):
    week = services.week_of(running)
    services.room_post_create(cohort=running, author=team.helper, kind="note", title="T")
    item = services.plan_item_add(
        cohort=running, week=week, actor=team.core, text="x", owner_id=team.planning.pk
    )
    services.plan_item_done(item=item, actor=team.core)
    task = CheckinTask.objects.create(cohort=running, title="Reading", due_time=dt.time(21))
    period = CheckinPeriod.objects.create(
        task=task,
        day=timezone.localdate(),
        opens_at=timezone.now(),
        due_at=timezone.now(),
        closes_at=timezone.now(),
    )
    CheckinNudge.objects.create(
        period=period, person=team.newcomer, kind="nudge", sent_by=team.helper
    )
    start, end = _period(running)

    round_, created = services.evaluation_round_start(
        cohort=running, start=start, end=end, actor=team.organizer
    )
    again, created_again = services.evaluation_round_start(cohort=running, start=start, end=end)

    assert created
    assert not created_again
    assert again == round_
    counts = {e.person_id: e.counts for e in Evaluation.objects.filter(round=round_)}
    assert set(counts) == {team.core.pk, team.planning.pk, team.helper.pk}
    assert counts[team.helper.pk] == {"room_posts": 1, "checkins_supervised": 1}
    assert counts[team.planning.pk] == {"plan_items_done": 1}
    told = set(_sent("operations.evaluation").values_list("recipient_id", flat=True))
    assert team.organizer.pk in told
    assert team.core.pk not in told


def test_the_beat_evaluates_each_whole_period_once(team, running, settings):
    settings.GUILD_OPERATIONS_EVALUATION_WEEKS = 2
    Cohort.objects.filter(pk=running.pk).update(
        start_date=timezone.localdate() - dt.timedelta(days=40), time_zone="UTC"
    )
    now = timezone.now()
    assert services.evaluations_due(now=now) == 1
    assert services.evaluations_due(now=now) == 0
    round_ = EvaluationRound.objects.get()
    assert (round_.end - round_.start).days == 13
    assert round_.end < now.date()
    assert _sent("operations.evaluation").count() >= 1
    assert (
        _sent("operations.evaluation").values("recipient").distinct().count()
        == _sent("operations.evaluation").count()
    )


def test_the_core_team_assesses_others_never_themselves(team, running):
    start, end = _period(running)
    round_, _ = services.evaluation_round_start(cohort=running, start=start, end=end)
    mine = Evaluation.objects.get(round=round_, person=team.core)
    theirs = Evaluation.objects.get(round=round_, person=team.helper)
    with pytest.raises(PermissionDenied):
        services.evaluation_assess(evaluation=mine, actor=team.core, assessment="Great")
    with pytest.raises(PermissionDenied):
        services.evaluation_assess(evaluation=theirs, actor=team.planning, assessment="Great")
    with pytest.raises(ValidationError) as error:
        services.evaluation_assess(evaluation=theirs, actor=team.core, assessment="  ")
    assert "assessment" in error.value.message_dict
    services.evaluation_assess(evaluation=theirs, actor=team.core, assessment="Steady nudges.")
    assert list(selectors.rounds_waiting_for(team.organizer)) == [round_]
    assert list(selectors.rounds_waiting_for(team.helper)) == []


def test_a_helper_may_not_start_an_evaluation(team, running):
    start, end = _period(running)
    with pytest.raises(PermissionDenied):
        services.evaluation_round_start(cohort=running, start=start, end=end, actor=team.core)
    with pytest.raises(ValidationError):
        services.evaluation_round_start(cohort=running, start=end, end=start, actor=team.organizer)
    assert not EvaluationRound.objects.exists()


# --- Invitations into planning ------------------------------------------------------------


def _membership(cohort, user):
    return Membership.objects.select_related("user", "cohort").get(cohort=cohort, user=user)


def test_accepting_an_invitation_makes_a_planner_in_the_audit_log(team, running):
    member = _membership(running, team.newcomer)
    invitation = services.planning_invite(
        cohort=running, membership=member, actor=team.core, message="Join us"
    )
    assert _sent("operations.planning_invited").get().recipient == team.newcomer
    with pytest.raises(ValidationError):
        services.planning_invite(cohort=running, membership=member, actor=team.organizer)
    with pytest.raises(PermissionDenied):
        services.planning_invitation_answer(invitation=invitation, actor=team.core, accept=True)

    # It waits in the newcomer's queue, and the navigation's "Waiting for me" counts it.
    assert queue.queue_counts(team.newcomer).others == 1

    services.planning_invitation_answer(invitation=invitation, actor=team.newcomer, accept=True)

    assert queue.queue_counts(team.newcomer).others == 0
    member.refresh_from_db()
    assert member.role == Role.PLANNING
    event = MembershipEvent.objects.get(
        membership=member, action=MembershipEvent.Action.ROLE_CHANGED
    )
    assert event.actor == team.newcomer
    assert event.changes["role"] == ["newcomer", "planning"]
    assert _sent("operations.planning_answered").get().recipient == team.core
    with pytest.raises(ValidationError):
        services.planning_invitation_answer(
            invitation=invitation, actor=team.newcomer, accept=False
        )


def test_who_may_invite_and_whom(team, running, make_member):
    member = _membership(running, team.newcomer)
    with pytest.raises(PermissionDenied):
        services.planning_invite(cohort=running, membership=member, actor=team.helper)
    with pytest.raises(ValidationError) as error:
        services.planning_invite(
            cohort=running, membership=_membership(running, team.core), actor=team.organizer
        )
    assert "membership" in error.value.message_dict
    invitation = services.planning_invite(cohort=running, membership=member, actor=team.organizer)
    services.planning_invitation_answer(invitation=invitation, actor=team.newcomer, accept=False)
    assert _membership(running, team.newcomer).role == Role.NEWCOMER
    assert PlanningInvitation.objects.get().status == "declined"
    assert list(selectors.invitations_waiting_for(team.newcomer)) == []
