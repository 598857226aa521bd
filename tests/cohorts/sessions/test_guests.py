"""The guest pipeline: invitations, the outside guest's secret link, suggestions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cohorts.models import Membership, Post
from cohorts.sessions import services
from cohorts.sessions.models import Guest, GuestInvitation
from learning.notifications.models import Notification
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cohort_in, organizer):
    cohort = cohort_in("Asia/Shanghai")
    return services.session_create(cohort=cohort, actor=organizer, date=dt.date(2026, 12, 10))


@pytest.fixture
def outside_invitation(session, organizer):
    guest = services.guest_create(
        actor=organizer, tier=Guest.Tier.PARTNER, name="Nikos Georgiou", organization="Aegean"
    )
    return services.invitation_create(session=session, guest=guest, actor=organizer)


def test_the_link_answers_without_an_account_and_tells_the_organizers(
    outside_invitation, organizer
):
    token = services.invitation_link_mint(invitation=outside_invitation, actor=organizer)

    stored = GuestInvitation.objects.get(pk=outside_invitation.pk)
    assert token not in stored.token_digest
    assert len(stored.token_digest) == 64
    services.invitation_answer_by_token(token=token, accept=True, answer="Happy to.")

    stored.refresh_from_db()
    assert (stored.status, stored.answer) == ("confirmed", "Happy to.")
    assert Notification.objects.filter(kind="session.guest_answered", recipient=organizer).exists()


def test_the_link_opens_its_own_invitation_only(outside_invitation, session, organizer):
    other = services.invitation_create(
        session=session,
        guest=services.guest_create(actor=organizer, tier=3, name="Someone else"),
        actor=organizer,
    )
    token = services.invitation_link_mint(invitation=outside_invitation, actor=organizer)

    assert services.invitation_by_token(token) == outside_invitation
    assert services.invitation_by_token(token + "x") is None
    other.refresh_from_db()
    assert other.status == "invited"


def test_a_revoked_replaced_or_expired_link_stops_working(
    outside_invitation, organizer, monkeypatch
):
    first = services.invitation_link_mint(invitation=outside_invitation, actor=organizer)
    second = services.invitation_link_mint(invitation=outside_invitation, actor=organizer)
    assert services.invitation_by_token(first) is None
    assert services.invitation_by_token(second) is not None

    services.invitation_link_revoke(invitation=outside_invitation, actor=organizer)
    assert services.invitation_by_token(second) is None
    with pytest.raises(PermissionDenied):
        services.invitation_answer_by_token(token=second, accept=True)

    third = services.invitation_link_mint(invitation=outside_invitation, actor=organizer)
    expires = GuestInvitation.objects.get(pk=outside_invitation.pk).token_expires_at
    monkeypatch.setattr(timezone, "now", lambda: expires + dt.timedelta(seconds=1))
    assert services.invitation_by_token(third) is None


def test_only_organizers_mint_links_and_move_invitations(outside_invitation, make_member):
    newcomer = make_member(Membership.Role.NEWCOMER, target=outside_invitation.session.cohort).user
    with pytest.raises(PermissionDenied):
        services.invitation_link_mint(invitation=outside_invitation, actor=newcomer)
    with pytest.raises(PermissionDenied):
        services.invitation_transition(
            invitation=outside_invitation, actor=newcomer, to="confirmed"
        )


def test_an_employee_guest_is_told_and_answers_on_their_own(session, organizer, outsider):
    guest = services.guest_create(actor=organizer, tier=1, employee=outsider.profile)
    invitation = services.invitation_create(session=session, guest=guest, actor=organizer)

    assert Notification.objects.filter(kind="session.guest_invited", recipient=outsider).exists()
    services.invitation_transition(invitation=invitation, actor=outsider, to="declined")
    with pytest.raises(PermissionDenied):
        services.invitation_transition(invitation=invitation, actor=outsider, to="invited")


def test_the_invitation_moves_through_its_steps_in_order(outside_invitation, organizer):
    for step in ("confirmed", "briefed", "delivered", "thanked"):
        services.invitation_transition(invitation=outside_invitation, actor=organizer, to=step)
    with pytest.raises(ValidationError):
        services.invitation_transition(invitation=outside_invitation, actor=organizer, to="invited")


def test_the_same_guest_is_invited_once_per_session(outside_invitation, organizer):
    with pytest.raises(ValidationError):
        services.invitation_create(
            session=outside_invitation.session, guest=outside_invitation.guest, actor=organizer
        )


def test_newcomers_are_suggested_from_their_activity_with_the_reason(
    cohort_in, organizer, make_member
):
    cohort = cohort_in("Asia/Shanghai")
    quiet = make_member(Membership.Role.NEWCOMER, target=cohort).user
    active = make_member(Membership.Role.NEWCOMER, target=cohort).user
    for n in range(3):
        Post.objects.create(cohort=cohort, author=active, body=f"Case {n}")

    suggestions = services.newcomer_guest_suggestions(cohort=cohort)

    assert [s.profile_id for s in suggestions] == [active.profile.pk]
    assert "3" in suggestions[0].reason
    assert quiet.profile.pk not in [s.profile_id for s in suggestions]


def test_a_guest_entry_changes_whole_and_an_employee_stays_listed_once(organizer, make_member):
    partner = services.guest_create(actor=organizer, tier=Guest.Tier.PARTNER, name="Li Wei")
    chief = services.guest_create(
        actor=organizer, tier=Guest.Tier.EXECUTIVE, employee=EmployeeProfileFactory()
    )

    services.guest_update(
        guest=partner,
        actor=organizer,
        changes={"tier": Guest.Tier.SHARED_USERS, "organization": " Aegean ", "email": ""},
    )
    partner.refresh_from_db()
    assert (partner.tier, partner.organization) == (Guest.Tier.SHARED_USERS, "Aegean")

    with pytest.raises(ValidationError) as nameless:
        services.guest_update(guest=partner, actor=organizer, changes={"name": " "})
    with pytest.raises(ValidationError) as twice:
        services.guest_update(guest=partner, actor=organizer, changes={"employee": chief.employee})
    with pytest.raises(ValidationError):
        services.guest_update(guest=partner, actor=organizer, changes={"created_by": organizer})
    assert set(nameless.value.message_dict) == {"name"}
    assert set(twice.value.message_dict) == {"employee"}
    partner.refresh_from_db()
    assert (partner.name, partner.employee_id) == ("Li Wei", None)


def test_only_organizers_change_the_guest_list(organizer, make_member, session):
    guest = services.guest_create(actor=organizer, tier=Guest.Tier.PARTNER, name="Li Wei")
    newcomer = make_member(Membership.Role.NEWCOMER, target=session.cohort).user
    with pytest.raises(PermissionDenied):
        services.guest_update(guest=guest, actor=newcomer, changes={"name": "Someone"})
    guest.refresh_from_db()
    assert guest.name == "Li Wei"


def test_an_outside_guest_is_e_mailed_a_link_nobody_else_sees(
    outside_invitation, organizer, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from cohorts.sessions import tasks

    monkeypatch.setattr(tasks.invitation_link_email_task, "delay", tasks.invitation_link_email_task)
    guest = outside_invitation.guest
    services.guest_update(guest=guest, actor=organizer, changes={"email": "nikos@aegean.test"})
    outside_invitation.refresh_from_db()
    shown = services.invitation_link_mint(invitation=outside_invitation, actor=organizer)

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_link_email(
            invitation=outside_invitation, actor=organizer, language="el"
        )

    [mail] = mailoutbox
    assert mail.to == ["nikos@aegean.test"]
    assert "Nikos Georgiou" in mail.body
    [link] = [line for line in mail.body.splitlines() if "/sessions/invite/" in line]
    token = link.rsplit("/invite/", 1)[1].strip("/")
    assert services.invitation_by_token(token) == outside_invitation
    assert services.invitation_by_token(shown) is None, "the link HR saw before stops working"


def test_a_link_is_e_mailed_only_to_an_outside_guest_with_an_address(
    outside_invitation, session, organizer, make_member, django_capture_on_commit_callbacks
):
    employee = services.invitation_create(
        session=session,
        guest=services.guest_create(actor=organizer, tier=1, employee=EmployeeProfileFactory()),
        actor=organizer,
    )
    newcomer = make_member(Membership.Role.NEWCOMER, target=session.cohort).user

    with django_capture_on_commit_callbacks() as queued:
        with pytest.raises(ValidationError) as no_address:
            services.invitation_link_email(
                invitation=outside_invitation, actor=organizer, language="en"
            )
        with pytest.raises(ValidationError) as not_outside:
            services.invitation_link_email(invitation=employee, actor=organizer, language="en")
        with pytest.raises(PermissionDenied):
            services.invitation_link_email(
                invitation=outside_invitation, actor=newcomer, language="en"
            )

    assert set(no_address.value.message_dict) == {"email"}
    assert set(not_outside.value.message_dict) == {"guest"}
    assert queued == []
