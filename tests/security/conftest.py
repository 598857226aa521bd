"""The world the permission sweep calls into: one cohort where the callers have their
roles, another cohort, a draft cohort and a hidden directors-only sub-group, each with
another person's membership, post, report, waiting requests and private objects.

Made with factories, as every test world is; the sweep itself only ever calls the site.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import APIToken

from cohorts.engagement.models import CheckinTask
from cohorts.health.models import HealthGoal
from cohorts.models import Cohort, EntryRule, Membership, Report, SubGroupMembership
from cohorts.recognition.models import (
    Award,
    Kudos,
    KudosReceiver,
    KudosValue,
    Nomination,
    Visibility,
)
from cohorts.retrospectives.models import Retrospective
from cohorts.sessions import services as session_services
from cohorts.sessions.models import RoomPost, RoomQuestion, Summary
from learning.models import Job, User
from mentors.models import MatchProposal, MatchRun, MentorProfile, Pairing, RepairRequest
from mentors.questions.models import Answer, Question, QuestionBoardSettings
from tests.cohorts.factories import (
    CohortFactory,
    EntryRuleFactory,
    MembershipFactory,
    PostFactory,
    SubGroupFactory,
    SubGroupMembershipFactory,
    charter_published,
    program_page,
)
from tests.learning.factories import EmployeeProfileFactory, UserFactory
from tests.notifications.factories import NotificationFactory, WebhookEndpointFactory

Role = Membership.Role
Status = Membership.Status


@dataclass(frozen=True)
class Target:
    """The ids a call about one kind of target is filled with."""

    slug: str
    subgroup_slug: str
    membership: int  # another person's active membership
    pending_membership: int  # another person's request to join the cohort
    post: int  # another person's post
    report: int  # another person's open report
    subgroup_request: int  # another person's request to join the sub-group
    cohort_version: int
    subgroup_version: int
    session: int  # a guest session: of the sub-group, or of the whole cohort
    guest: int  # the guest invited
    invitation: int  # a guest's invitation to it
    room_post: int  # an image the host posted in its room
    question: int  # another person's question in its room
    attendee: str  # employee id of someone who may see the session
    board_question: int  # another person's question on the Q&A board, in the sub-group
    board_answer: int  # an answer to it
    match_run: int  # a matching run ready for review
    proposal: int  # a pair it proposes
    pairing: int  # another person's pairing with a mentor
    repair_request: int  # their open request to be paired again
    checkin_task: int  # the cohort's daily check-in task
    kudos: int  # another person's private kudos to a colleague
    award: int  # an award of the cohort, open for nominations
    tool: int = 0  # a published sales tool limited to the sub-group
    ops_post: int = 0  # another person's post in the operations room
    ops_item: int = 0  # an item of the room's weekly plan
    ops_shift: int = 0  # a day on the room's duty roster
    ops_evaluation: int = 0  # another person's evaluation waiting for its assessment
    health_goal: int = 0  # the operations team's goal for the cohort's kudos


def _tool_things(subgroup) -> dict:
    """A published sales tool only for ``subgroup``: ``tool``."""
    from knowledge_base.tools.demo import tool_index_ensure
    from knowledge_base.tools.models import ToolPage

    tool = ToolPage(
        title=f"Tool for {subgroup.slug}",
        kind="fillable_form",
        subgroup=subgroup,
        cohort=subgroup.cohort,
        body=[("form", {"form_fields": [{"label": "Πελάτης", "kind": "text"}]})],
    )
    tool_index_ensure().add_child(instance=tool)
    tool.save_revision().publish()
    return {"tool": tool.pk}


def _case_in_review(author) -> dict:
    """Another person's case waiting for review, with a file: ``case_id``,
    ``attachment_id``."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge_base.services import case_submit

    case = case_submit(
        author=author,
        data={"title": "Their case", "kind": "case_sharing", "situation": "S", "actions": "A"},
        attachments=[SimpleUploadedFile("deal.pdf", b"%PDF-1.4 sweep", "application/pdf")],
    )
    return {"case_id": case.pk, "attachment_id": case.attachments.get().pk}


def _person(ladder, level="associate"):
    return EmployeeProfileFactory(level=ladder[level]).user


def _accepted(membership, version):
    Membership.objects.filter(pk=membership.pk).update(rules_accepted_version=version)


# The smallest image a room post can carry: a one-pixel PNG.
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _scheduler():
    """Who schedules the sweep's sessions: a superuser outside every role."""
    return UserFactory(username="sweep-scheduler", is_staff=True, is_superuser=True)


def _session_things(cohort, *, subgroup, asker) -> dict:
    """A session of ``cohort`` (of ``subgroup``, when given) with a guest invited, a
    question by ``asker`` in its room and a published summary."""
    scheduler = User.objects.filter(username="sweep-scheduler").first() or _scheduler()
    session = session_services.session_create(
        cohort=cohort, actor=scheduler, date=cohort.end_date, subgroup=subgroup
    )
    guest = session_services.guest_create(actor=scheduler, tier=1, name=f"Guest of {cohort}")
    invitation = session_services.invitation_create(session=session, guest=guest, actor=scheduler)
    question = RoomQuestion.objects.create(session=session, author=asker, body="Their question")
    room_post = RoomPost.objects.create(
        session=session, author=scheduler, image=ContentFile(PNG_PIXEL, name="slide.png")
    )
    Summary.objects.create(
        session=session,
        key_points="What was said",
        status=Summary.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    return {
        "session": session.pk,
        "guest": guest.pk,
        "invitation": invitation.pk,
        "room_post": room_post.pk,
        "question": question.pk,
        "attendee": asker.profile.employee_id,
    }


def _board_things(cohort, *, subgroup, asker) -> dict:
    """A question of ``asker`` on the cohort's Q&A board, in ``subgroup``, answered."""
    question = Question.objects.create(
        cohort=cohort, subgroup=subgroup, author=asker, title="Their board question"
    )
    answer = Answer.objects.create(question=question, author=asker, body="Their answer")
    # Typed words unlike any interface text, which the language walk reads as the seed's.
    QuestionBoardSettings.objects.get_or_create(
        cohort=cohort, defaults={"helper_duty_match": "Desk rota"}
    )
    return {"board_question": question.pk, "board_answer": answer.pk}


def _mentoring_things(cohort, *, ladder, mentee, proposed) -> dict:
    """A veteran paired with ``mentee`` (who asks to be paired again) and a matching run
    ready for review that proposes the veteran for ``proposed``."""
    veteran = EmployeeProfileFactory(
        level=ladder["manager"], hire_date=datetime.date(2015, 1, 1)
    ).user
    MentorProfile.objects.create(user=veteran, capacity=5)
    pairing = Pairing.objects.create(cohort=cohort, mentor=veteran, mentee=mentee)
    repair = RepairRequest.objects.create(pairing=pairing, requested_by=mentee, reason="Theirs")
    run = MatchRun.objects.create(cohort=cohort, status=MatchRun.Status.PROPOSED)
    proposal = MatchProposal.objects.create(run=run, mentee=proposed, mentor=veteran)
    return {
        "match_run": run.pk,
        "proposal": proposal.pk,
        "pairing": pairing.pk,
        "repair_request": repair.pk,
    }


def _recognition_things(cohort, *, giver, receiver) -> dict:
    """Private kudos from ``giver`` to ``receiver`` (seen by them and the organizers only)
    and an award of ``cohort`` open for nominations."""
    now = timezone.now()
    kudos = Kudos.objects.create(
        cohort=cohort, giver=giver, message="Their thanks", visibility=Visibility.PRIVATE
    )
    KudosReceiver.objects.create(kudos=kudos, user=receiver)
    award = Award.objects.create(
        cohort=cohort,
        name="Their award",
        nominations_open_at=now - datetime.timedelta(days=1),
        nominations_close_at=now + datetime.timedelta(days=1),
        voting_open_at=now + datetime.timedelta(days=1),
        voting_close_at=now + datetime.timedelta(days=2),
    )
    Nomination.objects.create(award=award, nominee=receiver, nominator=giver, reason="Theirs")
    KudosValue.objects.get_or_create(
        program_id=cohort.program_id, code="care", defaults={"label": "Their value"}
    )
    return {"kudos": kudos.pk, "award": award.pk}


def _operations_things(cohort, *, author) -> dict:
    """A post in the operations room by ``author``, a plan item, a roster day and an
    evaluation of ``author`` waiting for its assessment."""
    from cohorts.operations.models import (
        Evaluation,
        EvaluationRound,
        PlanItem,
        RoomPost,
        RosterShift,
        WeeklyPlan,
    )

    today = timezone.localdate()
    plan = WeeklyPlan.objects.create(
        cohort=cohort, week=today - datetime.timedelta(days=today.weekday())
    )
    round_ = EvaluationRound.objects.create(
        cohort=cohort, start=today - datetime.timedelta(days=27), end=today
    )
    return {
        "ops_post": RoomPost.objects.create(cohort=cohort, author=author, title="Their plan").pk,
        "ops_item": PlanItem.objects.create(plan=plan, text="Their item").pk,
        "ops_shift": RosterShift.objects.create(cohort=cohort, weekday=0, person=author).pk,
        "ops_evaluation": Evaluation.objects.create(
            round=round_, person=author, role=Role.HELPER
        ).pk,
    }


def _objects(
    cohort, subgroup, *, ladder, cohort_version, subgroup_version, session_of_subgroup
) -> Target:
    """Another person's things in ``cohort``: their membership and feed post, a report they
    filed, someone's request to join and someone's request to join ``subgroup``, and a
    guest session (of ``subgroup`` or of the whole cohort) with its invitation and room."""
    them = MembershipFactory(cohort=cohort, user=_person(ladder))
    _accepted(them, cohort_version)
    SubGroupMembershipFactory(
        subgroup=subgroup, membership=them, rules_accepted_version=subgroup_version
    )
    post = PostFactory(cohort=cohort, author=them.user, body="Their post")
    asking = MembershipFactory(cohort=cohort, user=_person(ladder), status=Status.REQUESTED)
    colleague = MembershipFactory(cohort=cohort, user=_person(ladder))
    _accepted(colleague, cohort_version)
    subgroup_request = SubGroupMembershipFactory(
        subgroup=subgroup, membership=colleague, status=Status.REQUESTED
    )
    report = Report.objects.create(
        cohort=cohort, reporter=them.user, target_member=colleague, reason="Their report"
    )
    Retrospective.objects.create(cohort=cohort, summary="Their summary")
    return Target(
        slug=cohort.slug,
        subgroup_slug=subgroup.slug,
        membership=them.pk,
        pending_membership=asking.pk,
        post=post.pk,
        report=report.pk,
        subgroup_request=subgroup_request.pk,
        cohort_version=cohort_version.number,
        subgroup_version=subgroup_version.number,
        **_session_things(
            cohort, subgroup=subgroup if session_of_subgroup else None, asker=them.user
        ),
        **_board_things(cohort, subgroup=subgroup, asker=them.user),
        **_mentoring_things(cohort, ladder=ladder, mentee=them.user, proposed=colleague.user),
        # Typed words unlike any interface text (the walk reads them as the seed's).
        checkin_task=CheckinTask.objects.create(
            cohort=cohort, title="Daily reading", supervisor_duty="Reading rota"
        ).pk,
        **_recognition_things(cohort, giver=them.user, receiver=colleague.user),
        **_tool_things(subgroup),
        **_operations_things(cohort, author=them.user),
        health_goal=HealthGoal.objects.create(
            cohort=cohort, metric="kudos", target=10, due_on=cohort.end_date
        ).pk,
    )


def _welcome_prompt(cohort, newcomer) -> int:
    """A newcomer's introduction waiting for someone else's welcome (no caller here)."""
    from cohorts.recognition.models import WelcomePrompt

    return WelcomePrompt.objects.create(
        membership=Membership.objects.get(cohort=cohort, user=newcomer)
    ).pk


def _hr(ladder):
    """Staff HR with the cohort permissions and the directory's (who reads the private
    fields and keeps the directory, so invites people)."""
    user = UserFactory(username="sweep-hr", is_staff=True)
    group, _ = Group.objects.get_or_create(name="HR")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="cohorts", codename__endswith="cohort"),
        *Permission.objects.filter(
            content_type__app_label="learning",
            codename__in=["view_employeeprofile", "change_employeeprofile"],
        ),
    )
    EmployeeProfileFactory(user=user, level=ladder["manager"], title="HR business partner")
    return user


@pytest.fixture
def sweep_world(db, ladder):
    """``{"users": {role: user}, "targets": {kind: Target}, "private": {...}, ...}``."""
    program = program_page(title="Sales onboarding")
    home = CohortFactory(program=program, slug="sweep-home", status=Cohort.Status.OPEN)
    other = CohortFactory(program=program, slug="sweep-other", status=Cohort.Status.OPEN)
    draft = CohortFactory(program=program, slug="sweep-draft", status=Cohort.Status.DRAFT)

    def member(cohort, role=Role.NEWCOMER, **fields):
        return MembershipFactory(cohort=cohort, user=_person(ladder), role=role, **fields)

    organizer = member(home, Role.ORGANIZER)
    core = member(home, Role.CORE)
    enforcer = member(home, Role.HELPER, helper_duty="Q&A triage")
    caller = member(home)
    other_sub = member(home)
    muted = member(home, muted_until=timezone.now() + datetime.timedelta(days=7))
    removed = member(home, status=Status.REMOVED)
    home_rules = charter_published(
        cohort=home, owner=organizer.user, enforcers=[enforcer.user], body="Home rules"
    )
    for membership in (organizer, core, enforcer, caller, other_sub, muted):
        _accepted(membership, home_rules)

    east = SubGroupFactory(cohort=home, name="East", slug="east")
    west = SubGroupFactory(cohort=home, name="West", slug="west")
    directors = SubGroupFactory(
        cohort=home, name="Directors", slug="directors", hidden_from_non_eligible=True
    )
    EntryRuleFactory(subgroup=east, approval_required=True, approver=EntryRule.Approver.CORE)
    EntryRuleFactory(subgroup=directors, min_level=ladder["director"], approval_required=True)
    east_rules = charter_published(subgroup=east, owner=organizer.user, body="East rules")
    directors_rules = charter_published(
        subgroup=directors, owner=organizer.user, body="Directors rules"
    )
    for membership in (caller, muted):
        SubGroupMembershipFactory(
            subgroup=east, membership=membership, rules_accepted_version=east_rules
        )
    SubGroupMembershipFactory(subgroup=east, membership=removed, status=Status.REMOVED)
    SubGroupMembershipFactory(subgroup=west, membership=other_sub)

    own = _objects(
        home,
        east,
        ladder=ladder,
        cohort_version=home_rules,
        subgroup_version=east_rules,
        session_of_subgroup=True,
    )
    # The hidden sub-group's things: a director's membership and post there, a report on
    # that post, another director's request to join.
    director = member(home)
    director.user.profile.level = ladder["director"]
    director.user.profile.save(update_fields=["level"])
    SubGroupMembershipFactory(
        subgroup=directors, membership=director, rules_accepted_version=directors_rules
    )
    board_post = PostFactory(
        cohort=home, subgroup=directors, author=director.user, body="Board matters"
    )
    second = MembershipFactory(cohort=home, user=_person(ladder, "director"))
    SubGroupMembershipFactory(subgroup=directors, membership=second)
    board_report = Report.objects.create(
        cohort=home,
        reporter=second.user,
        target_member=director,
        target_post=board_post,
        reason="Board report",
    )
    asking_director = MembershipFactory(cohort=home, user=_person(ladder, "director"))
    board_request = SubGroupMembership.objects.create(
        subgroup=directors, membership=asking_director, status=Status.REQUESTED
    )
    hidden = Target(
        slug=home.slug,
        subgroup_slug=directors.slug,
        membership=director.pk,
        pending_membership=own.pending_membership,
        post=board_post.pk,
        report=board_report.pk,
        subgroup_request=board_request.pk,
        cohort_version=home_rules.number,
        subgroup_version=directors_rules.number,
        **_session_things(home, subgroup=directors, asker=director.user),
        **_board_things(home, subgroup=directors, asker=director.user),
        **_mentoring_things(home, ladder=ladder, mentee=director.user, proposed=second.user),
        checkin_task=own.checkin_task,
        **_recognition_things(home, giver=director.user, receiver=second.user),
        **_tool_things(directors),
        ops_post=own.ops_post,
        ops_item=own.ops_item,
        ops_shift=own.ops_shift,
        ops_evaluation=own.ops_evaluation,
    )

    targets = {"own": own, "hidden": hidden}
    for kind, cohort in (("other", other), ("draft", draft)):
        their_organizer = member(cohort, Role.ORGANIZER)
        subgroup = SubGroupFactory(cohort=cohort, name="Team", slug=f"{kind}-team")
        EntryRuleFactory(subgroup=subgroup, approval_required=True)
        targets[kind] = _objects(
            cohort,
            subgroup,
            ladder=ladder,
            cohort_version=charter_published(cohort=cohort, owner=their_organizer.user),
            subgroup_version=charter_published(subgroup=subgroup, owner=their_organizer.user),
            session_of_subgroup=False,
        )

    # Another person's private things, and someone nobody has invited yet.
    owner = Membership.objects.get(pk=own.membership).user
    _token, _secret = APIToken.create_token(user=owner, name="theirs")
    private = {
        "employee_id": owner.profile.employee_id,
        "token_id": _token.pk,
        "job_id": Job.objects.create(kind="employee-import", created_by=owner).pk,
        "notification": NotificationFactory(recipient=owner).pk,
        "webhook": WebhookEndpointFactory(owner=owner).pk,
        "program_id": program.pk,
        "invitee": EmployeeProfileFactory().employee_id,
        "welcome_prompt": _welcome_prompt(home, owner),
        **_case_in_review(owner),
    }
    users = {
        "outsider": _person(ladder),
        "member": caller.user,
        "other_sub": other_sub.user,
        "muted": muted.user,
        "removed": removed.user,
        "enforcer": enforcer.user,
        "core": core.user,
        "organizer": organizer.user,
        "hr": _hr(ladder),
    }
    return {"users": users, "targets": targets, "private": private}
