"""Group rules (publish, accept, re-accept), reports and their outcomes, posting."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cohorts import selectors, services
from cohorts.models import Membership, MembershipEvent, Post, Report
from learning.notifications.models import Notification
from tests.cohorts.factories import PostFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


# --- Group rules ------------------------------------------------------------------------


def test_publish_names_owner_and_enforcers_and_asks_everyone_to_reaccept(
    cohort, organizer, make_member
):
    helper = make_member(Role.HELPER, helper_duty="Q&A triage")
    member = make_member()
    first = services.charter_draft(
        cohort=cohort, body="Be kind.", owner=organizer, enforcers=[helper.user], actor=organizer
    )
    services.charter_publish(version=first, actor=organizer)
    services.charter_accept(user=member.user, cohort=cohort, version_number=1)
    assert not selectors.cohort_home(cohort=cohort, user=member.user).needs_rules_acceptance

    second = services.charter_draft(
        cohort=cohort, body="Be kind. No ads.", owner=organizer, actor=organizer
    )
    services.charter_publish(version=second, actor=organizer)

    home = selectors.cohort_home(cohort=cohort, user=member.user)
    assert home.charter.number == 2
    assert home.needs_rules_acceptance
    assert list(first.enforcers.all()) == [helper.user]
    assert (
        Notification.objects.filter(recipient=member.user, kind="cohort.rules_changed").count() == 2
    )
    assert MembershipEvent.objects.filter(cohort=cohort, action="charter_published").count() == 2

    services.charter_accept(user=member.user, cohort=cohort, version_number=2)
    assert not selectors.cohort_home(cohort=cohort, user=member.user).needs_rules_acceptance


def test_publishing_twice_changes_nothing(cohort, organizer):
    version = services.charter_draft(
        cohort=cohort, body="Be kind.", owner=organizer, actor=organizer
    )
    services.charter_publish(version=version, actor=organizer)
    published_at = version.__class__.objects.get(pk=version.pk).published_at

    services.charter_publish(version=version, actor=organizer)

    assert version.__class__.objects.get(pk=version.pk).published_at == published_at


def test_accepting_an_old_version_or_without_rules_is_refused(cohort, organizer, make_member):
    member = make_member()
    with pytest.raises(ValidationError, match="no group rules"):
        services.charter_accept(user=member.user, cohort=cohort, version_number=1)
    for body in ("One.", "Two."):
        services.charter_publish(
            version=services.charter_draft(
                cohort=cohort, body=body, owner=organizer, actor=organizer
            ),
            actor=organizer,
        )

    with pytest.raises(ValidationError) as exc:
        services.charter_accept(user=member.user, cohort=cohort, version_number=1)

    assert exc.value.message_dict["version"] == [
        "The rules in force are version 2; accept that one."
    ]


def test_only_organizers_write_rules_and_empty_rules_are_refused(cohort, organizer, make_member):
    core = make_member(Role.CORE).user
    with pytest.raises(PermissionDenied):
        services.charter_draft(cohort=cohort, body="Mine.", owner=core, actor=core)
    with pytest.raises(ValidationError) as exc:
        services.charter_draft(cohort=cohort, body="  ", owner=organizer, actor=organizer)
    assert "body" in exc.value.message_dict


# --- Reports ----------------------------------------------------------------------------


@pytest.fixture
def offence(cohort, make_member):
    offender = make_member()
    post = PostFactory(cohort=cohort, author=offender.user, body="Buy my course!")
    return offender, post


def test_report_then_mute_blocks_posting_until_the_date(cohort, rules, make_member, offence):
    offender, post = offence
    reporter = make_member().user
    enforcer = make_member(Role.HELPER, helper_duty="Moderation").user
    rules.enforcers.add(enforcer)
    report = services.report_create(
        cohort=cohort,
        reporter=reporter,
        target_post=post,
        reason="An advert",
        rule_excerpt="No ads.",
    )
    assert report.target_member == offender

    until = timezone.now() + datetime.timedelta(days=3)
    services.report_decide(
        report=report, actor=enforcer, outcome="mute", mute_until=until, note="Three days."
    )

    report.refresh_from_db()
    assert (report.status, report.outcome, report.decided_by) == ("actioned", "mute", enforcer)
    assert Post.objects.get(pk=post.pk).hidden
    with pytest.raises(PermissionDenied, match="muted"):
        services.post_create(cohort=cohort, author=offender.user, body="Sorry!")
    assert Notification.objects.filter(recipient=reporter, kind="cohort.report_decided").exists()
    assert [r.outcome for r in selectors.reports_mine(user=reporter)] == ["mute"]
    actions = set(MembershipEvent.objects.filter(report=report).values_list("action", flat=True))
    assert actions == {"reported", "report_decided", "muted"}


def test_mute_expires(cohort, rules, organizer, make_member, offence):
    offender, _post = offence
    report = services.report_create(
        cohort=cohort, reporter=make_member().user, target_member=offender, reason="Rude"
    )
    services.report_decide(
        report=report,
        actor=organizer,
        outcome="mute",
        mute_until=timezone.now() + datetime.timedelta(seconds=1),
    )
    Membership.objects.filter(pk=offender.pk).update(
        muted_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    services.charter_accept(user=offender.user, cohort=cohort, version_number=rules.number)

    assert services.post_create(cohort=cohort, author=offender.user, body="Back again.").pk


def test_warn_dismiss_remove_outcomes(cohort, organizer, make_member, offence):
    offender, post = offence
    reporter = make_member().user

    dismissed = services.report_decide(
        report=services.report_create(
            cohort=cohort, reporter=reporter, target_post=post, reason="x"
        ),
        actor=organizer,
        outcome="dismiss",
    )
    warned = services.report_decide(
        report=services.report_create(
            cohort=cohort, reporter=reporter, target_member=offender, reason="y"
        ),
        actor=organizer,
        outcome="warn",
        note="Please keep it on topic.",
    )
    removed = services.report_decide(
        report=services.report_create(
            cohort=cohort, reporter=reporter, target_member=offender, reason="z"
        ),
        actor=organizer,
        outcome="remove",
    )

    assert dismissed.status == Report.Status.DISMISSED
    assert not Post.objects.get(pk=post.pk).hidden
    assert warned.status == removed.status == Report.Status.ACTIONED
    assert Notification.objects.filter(recipient=offender.user, kind="cohort.warning").exists()
    offender.refresh_from_db()
    assert offender.status == Membership.Status.REMOVED


def test_report_decisions_are_for_enforcers_and_once(cohort, organizer, make_member, offence):
    offender, _post = offence
    bystander = make_member().user
    report = services.report_create(
        cohort=cohort, reporter=bystander, target_member=offender, reason="Rude"
    )

    with pytest.raises(PermissionDenied):
        services.report_decide(report=report, actor=bystander, outcome="dismiss")
    with pytest.raises(ValidationError) as exc:
        services.report_decide(report=report, actor=organizer, outcome="mute")
    assert "mute_until" in exc.value.message_dict
    services.report_decide(report=report, actor=organizer, outcome="dismiss")
    with pytest.raises(ValidationError, match="already been decided"):
        services.report_decide(report=report, actor=organizer, outcome="warn")


def test_reports_need_a_member_a_target_and_a_reason(cohort, outsider, make_member, offence):
    offender, _post = offence
    with pytest.raises(PermissionDenied):
        services.report_create(cohort=cohort, reporter=outsider, target_member=offender, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.report_create(cohort=cohort, reporter=make_member().user, reason=" ")
    assert set(exc.value.message_dict) == {"target", "reason"}


# --- Posts ------------------------------------------------------------------------------


def test_announcements_only_by_organizers_and_operations(cohort, make_member):
    newcomer = make_member().user
    planning = make_member(Role.PLANNING).user

    with pytest.raises(PermissionDenied, match="announcements"):
        services.post_create(cohort=cohort, author=newcomer, body="Hear ye", kind="announcement")
    post = services.post_create(
        cohort=cohort, author=planning, body="Session at 19:30", kind="announcement"
    )

    assert post.kind == "announcement"


def test_non_members_cannot_post(cohort, outsider):
    with pytest.raises(PermissionDenied):
        services.post_create(cohort=cohort, author=outsider, body="Hi")


def test_empty_post_is_refused(cohort, make_member):
    with pytest.raises(ValidationError) as exc:
        services.post_create(cohort=cohort, author=make_member().user, body="   ")
    assert "body" in exc.value.message_dict


def test_introduction_once_per_member(cohort, make_member):
    member = make_member()

    first = services.introduction_post(membership=member, body="I sell printers in the East.")
    second = services.introduction_post(membership=member, body="Again")

    assert first == second
    assert first.kind == Post.Kind.INTRODUCTION
