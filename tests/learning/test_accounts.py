"""Getting in: invitations to activate an account, "Forgot password", names on accounts."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken

from learning.accounts import invitations, passwords
from learning.accounts.invitations import (
    account_invitation_accept,
    account_invitation_check,
    account_invitation_send,
    account_invitation_send_check,
)
from learning.models import AccountInvitation, EmployeeProfile, Job, User
from learning.notifications.models import Delivery, Notification
from learning.notifications.services import delivery_attempt, preference_update
from tests.learning.factories import EmployeeProfileFactory, UserFactory

NEW_PASSWORD = "lantern orchard 42 quietly"


def newcomer(**profile):
    """An employee as the import makes them: an account with no usable password."""
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    return EmployeeProfileFactory(user=user, **profile)


@pytest.fixture
def hr(db):
    """HR: staff who may change employee profiles."""
    user = UserFactory(username="hr.lead", is_staff=True)
    group, _ = Group.objects.get_or_create(name="People team")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_employeeprofile"),
        Permission.objects.get(codename="change_employeeprofile"),
        Permission.objects.get(codename="view_employeeprofile"),
    )
    user.groups.add(group)
    EmployeeProfileFactory(user=user, full_name="Helen Park", employee_id="HR001")
    return user


def email_of(profile) -> mail.EmailMessage:
    """Deliver ``profile``'s pending e-mails the way a worker does; return the last one."""
    for delivery in Delivery.objects.filter(
        notification__recipient=profile.user, channel="email", status="pending"
    ):
        delivery_attempt(delivery_id=delivery.pk)
    return mail.outbox[-1]


def link_in(message) -> str:
    return re.search(r"https?://\S+/(?:welcome|password-reset)/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


# --- sending ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hr_invites_a_newcomer_by_email_in_their_language_with_a_link_stored_only_hashed(
    hr, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://guild.example.com"
    person = newcomer(full_name="王芳", preferred_language="zh-hans")

    verdict = account_invitation_send(profiles=[person], actor=hr)

    assert [p.pk for p in verdict.invited] == [person.pk]
    notification = Notification.objects.get(recipient=person.user, kind="account.invited")
    assert "Helen Park" in notification.body
    assert notification.title
    assert notification.url == ""
    message = email_of(person)
    link = link_in(message)
    assert link.startswith("https://guild.example.com/welcome/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = AccountInvitation.objects.get(user=person.user)
    # The token is nowhere in the database: not in the outbox, not on the invitation.
    assert token not in notification.url + notification.body + str(notification.payload)
    assert invitation.token_digest
    assert token not in invitation.token_digest
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=14)
    assert account_invitation_check(token=token) == invitation


@pytest.mark.django_db
def test_an_invitation_reaches_people_who_switched_email_off(hr):
    person = newcomer()
    preference_update(user=person.user, email_enabled=False, webhook_enabled=False)

    account_invitation_send(profiles=[person], actor=hr)

    assert email_of(person).to == [person.email]


@pytest.mark.django_db
def test_only_hr_may_invite_and_nothing_is_saved_for_others(employee):
    person = newcomer()
    for actor in (employee.user, UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            account_invitation_send_check(profiles=[person], actor=actor)
        with pytest.raises(PermissionDenied):
            account_invitation_send(profiles=[person], actor=actor)
    assert not AccountInvitation.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_people_who_left_or_got_in_are_not_invited_and_hr_is_told_why(hr):
    left = newcomer(full_name="Ivan Petrov", is_active=False)
    active = EmployeeProfileFactory(full_name="Maria Georgiou")  # has a password
    fresh = newcomer(full_name="Chen Jie")

    verdict = account_invitation_send(profiles=[left, active, fresh], actor=hr)

    assert [p.pk for p in verdict.invited] == [fresh.pk]
    assert "Ivan Petrov has left" in verdict.explain(left)
    assert "Forgot password" in verdict.explain(active)
    assert verdict.summary() == (
        "Invitation sent to 1 person. 1 has left. 1 has already activated their account."
    )
    assert AccountInvitation.objects.count() == 1


@pytest.mark.django_db
def test_sending_again_is_limited_to_once_an_hour_then_the_new_link_replaces_the_old(hr):
    person = newcomer(full_name="Chen Jie")
    account_invitation_send(profiles=[person], actor=hr)
    first = link_in(email_of(person))

    again = account_invitation_send(profiles=[person], actor=hr)
    assert again.invited == []
    assert "less than an hour ago" in again.explain(person)
    assert Notification.objects.filter(kind="account.invited").count() == 1

    AccountInvitation.objects.update(sent_at=timezone.now() - dt.timedelta(hours=2))
    # An old message still waiting in the outbox is not sent once it has been replaced.
    stale = Notification.objects.get(kind="account.invited")
    account_invitation_send(profiles=[person], actor=hr)
    second = link_in(email_of(person))

    assert second != first
    assert account_invitation_check(token=first.rstrip("/").rsplit("/", 1)[1]) is None
    assert account_invitation_check(token=second.rstrip("/").rsplit("/", 1)[1]) is not None
    with pytest.raises(invitations.DeliveryRefused):
        invitations.account_invitation_link_mint(stale)


@pytest.mark.django_db
def test_checking_and_sending_cost_the_same_queries_for_few_and_many(
    hr, django_assert_max_num_queries
):
    few = [newcomer() for _ in range(2)]
    many = [newcomer() for _ in range(20)]
    for group in (few, many):
        with django_assert_max_num_queries(4):
            account_invitation_send_check(profiles=group, actor=hr)
        with django_assert_max_num_queries(16):
            account_invitation_send(profiles=group, actor=hr)


@pytest.mark.django_db
def test_many_people_are_invited_by_a_background_job(
    hr, settings, django_capture_on_commit_callbacks
):
    settings.GUILD_INLINE_BULK_MAX = 2
    people = [newcomer() for _ in range(3)]

    outcome = invitations.account_invitations_start(profile_ids=[p.pk for p in people], actor=hr)

    assert outcome.job is not None
    assert outcome.job.kind == invitations.INVITATION_JOB
    result = invitations.account_invitations_run(outcome.job, lambda *args: None)
    assert result["invited"] == 3
    assert AccountInvitation.objects.count() == 3
    # Run twice (a worker died): nobody is invited twice.
    assert invitations.account_invitations_run(outcome.job, lambda *args: None)["recent"] == 3


# --- the link ------------------------------------------------------------------------------


def _invited(hr, **profile):
    person = newcomer(**profile)
    account_invitation_send(profiles=[person], actor=hr)
    return person, path_of(link_in(email_of(person)))


@pytest.mark.django_db
def test_the_link_sets_a_password_in_the_persons_language_signs_in_and_lands_on_cohorts(client, hr):
    person, link = _invited(hr, full_name="王芳", preferred_language="zh-hans")

    opened = client.get(link)
    assert opened.status_code == 302
    assert opened.url == reverse("account_password_set")
    page = client.get(opened.url)
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "zh-hans"
    assert "王芳" in page.content.decode()
    assert link.split("/")[2] not in page.content.decode()

    done = client.post(
        reverse("account_password_set"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert done.url == "/cohorts/"
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(person.user.pk)
    invitation = AccountInvitation.objects.get(user=person.user)
    assert invitation.used_at is not None
    assert invitation.token_digest is None


@pytest.mark.django_db
def test_a_weak_password_is_refused_by_djangos_validators_and_nothing_changes(client, hr):
    person, link = _invited(hr, full_name="Chen Jie")
    client.get(link)

    refused = client.post(
        reverse("account_password_set"), {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert refused.status_code == 400
    assert "too common" in refused.content.decode() or "numeric" in refused.content.decode()
    person.user.refresh_from_db()
    assert not person.user.has_usable_password()
    assert AccountInvitation.objects.get(user=person.user).used_at is None


@pytest.mark.django_db
def test_used_expired_and_unknown_links_get_the_same_friendly_page(client, hr):
    used_person, used = _invited(hr)
    account_invitation_accept(token=used.split("/")[2], password=NEW_PASSWORD)
    expired_person, expired = _invited(hr)
    AccountInvitation.objects.filter(user=expired_person.user).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    pages = [client.get(link) for link in (used, expired, "/welcome/not-a-token/")]

    assert {page.status_code for page in pages} == {404}
    bodies = {
        re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode()).replace(
            page.wsgi_request.path, ""
        )
        for page in pages
    }
    assert len(bodies) == 1
    assert "Forgot password" in bodies.pop()
    with pytest.raises(ValidationError) as refused:
        account_invitation_accept(token=used.split("/")[2], password=NEW_PASSWORD)
    assert "token" in refused.value.message_dict


@pytest.mark.django_db
def test_a_person_who_left_after_the_invitation_cannot_use_it(client, hr):
    person, link = _invited(hr)
    EmployeeProfile.objects.filter(pk=person.pk).update(is_active=False)

    assert client.get(link).status_code == 404


# --- from the admin ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_employee_page_has_an_invite_button_for_hr_that_explains_and_sends(client, hr):
    person = newcomer(full_name="Chen Jie")
    client.force_login(hr)

    edit = client.get(reverse("learning_employees:edit", args=[person.pk]))
    invite_url = reverse("learning_employee_invite", args=[person.pk])
    assert invite_url in edit.content.decode()
    confirm = client.get(invite_url)
    assert person.email in confirm.content.decode()
    sent = client.post(invite_url, follow=True)

    assert "Invitation sent to Chen Jie" in sent.content.decode()
    assert AccountInvitation.objects.filter(user=person.user).exists()
    again = client.get(invite_url)
    assert "less than an hour ago" in again.content.decode()


@pytest.mark.django_db
def test_the_invite_page_is_refused_to_admin_users_who_are_not_hr(client):
    person = newcomer()
    viewer = UserFactory(is_staff=True)
    viewer.groups.add(Group.objects.get_or_create(name="Viewers")[0])
    Group.objects.get(name="Viewers").permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    client.force_login(viewer)

    assert client.post(reverse("learning_employee_invite", args=[person.pk])).status_code in {
        302,
        403,
    }
    assert not AccountInvitation.objects.exists()


@pytest.mark.django_db
def test_the_bulk_action_invites_the_selection(client, hr):
    people = [newcomer() for _ in range(3)]
    client.force_login(hr)
    url = (
        reverse("wagtail_bulk_action", args=["learning", "employeeprofile", "invite"])
        + "?"
        + "&".join(f"id={p.pk}" for p in people)
    )

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "3 people will get an e-mail" in confirm.content.decode()
    client.post(url)

    assert AccountInvitation.objects.count() == 3
    listing = client.get(reverse("learning_employees:index"))
    assert "bulk-actions-choices" in listing.content.decode()


@pytest.mark.django_db
def test_an_api_caller_who_is_hr_invites_one_person(hr):
    person = newcomer(employee_id="E7")

    def post(user):
        _token, secret = APIToken.create_token(user=user, name="tests")
        return Client().post(
            "/api/v1/people/E7/invitation", headers={"Authorization": f"Bearer {secret}"}
        )

    answer = post(hr)
    repeat = post(hr)
    member = post(EmployeeProfileFactory().user)

    assert answer.status_code == 201, answer.content
    assert repeat.status_code == 400
    assert "less than an hour" in repeat.content.decode()
    assert member.status_code == 403
    assert AccountInvitation.objects.filter(user=person.user).count() == 1


# --- forgot password ---------------------------------------------------------------------


@pytest.mark.django_db
def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client, employee):
    known = client.post(reverse("password_reset"), {"email": employee.email.upper()})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("password_reset_done")
    assert Notification.objects.filter(kind="account.password_reset").count() == 1


@pytest.mark.django_db
def test_the_reset_link_goes_through_the_outbox_works_once_and_signs_in(client, employee):
    client.post(reverse("password_reset"), {"email": employee.email})
    notification = Notification.objects.get(kind="account.password_reset")
    assert "/password-reset/" not in notification.url + notification.body
    link = path_of(link_in(email_of(employee)))

    form = client.get(link, follow=True)
    assert "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert done.url == "/cohorts/"
    employee.user.refresh_from_db()
    assert employee.user.check_password(NEW_PASSWORD)
    client.logout()
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


@pytest.mark.django_db
def test_forgot_password_is_throttled_per_address(employee, settings):
    settings.GUILD_PASSWORD_RESET_PER_HOUR = 2

    sent = [passwords.password_reset_request(email=employee.email) for _ in range(4)]

    assert sent == [1, 1, 0, 0]


@pytest.mark.django_db
def test_people_who_left_get_no_reset_link(employee):
    EmployeeProfile.objects.filter(pk=employee.pk).update(is_active=False)

    assert passwords.password_reset_request(email=employee.email) == 0


@pytest.mark.django_db
def test_the_login_page_links_to_forgot_password(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_account_messages_cannot_be_muted(employee):
    with pytest.raises(ValidationError):
        preference_update(
            user=employee.user,
            email_enabled=True,
            webhook_enabled=False,
            muted_kinds=["account.password_reset"],
        )


# --- names ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_account_is_shown_by_its_persons_name_not_its_username(client, superuser, hr):
    from learning.importing import employee_rows_import

    employee_rows_import(
        rows=[
            {
                "employee_id": "MG00179",
                "name": "Zhou Lan",
                "email": "z@corp.test",
                "level": "associate",
            }
        ]
    )
    user = User.objects.get(username="mg00179")
    assert str(user) == user.get_full_name() == "Zhou Lan"

    employee_rows_import(
        rows=[
            {
                "employee_id": "MG00179",
                "name": "Zhou Lan-Li",
                "email": "z@corp.test",
                "level": "associate",
            }
        ]
    )
    assert str(User.objects.get(username="mg00179")) == "Zhou Lan-Li"

    client.force_login(superuser)
    users_page = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "Zhou Lan-Li" in users_page
    me = client.get("/api/v1/me").json()
    assert me["user"]["name"] == str(superuser)


@pytest.mark.django_db
def test_renaming_someone_in_the_admin_renames_their_account(client, hr):
    person = newcomer(full_name="Old Name")
    client.force_login(hr)
    edit = client.get(reverse("learning_employees:edit", args=[person.pk]))
    form = edit.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(full_name="New Name", attributes="{}")

    client.post(reverse("learning_employees:edit", args=[person.pk]), data)

    assert str(User.objects.get(pk=person.user_id)) == "New Name"


@pytest.mark.django_db
def test_import_jobs_list_who_uploaded_by_name(client, hr):
    Job.objects.create(kind="employee-import", created_by=hr, params={"original_name": "a.csv"})
    client.force_login(hr)

    page = client.get(reverse("learning_import_start")).content.decode()

    assert "Helen Park" in page
    assert ">hr.lead<" not in page


# --- after an import -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_import_can_invite_everyone_it_creates(hr, ladder, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from learning import jobs
    from learning.services import import_job_create

    settings.GUILD_PRIVATE_ROOT = tmp_path
    existing = newcomer(employee_id="E0", email="e0@corp.test")
    upload = SimpleUploadedFile(
        "people.csv",
        b"employee_id,name,email,level,language\n"
        b"E0,Old Hand,e0@corp.test,associate,en\n"
        b"E1,Wang Fang,wang@corp.test,associate,zh-hans\n"
        b"E2,Ivan Petrov,ivan@corp.test,associate,ru\n",
    )

    job = import_job_create(user=hr, upload=upload, invite=True)
    jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == "done", job.error
    invited = set(AccountInvitation.objects.values_list("user__profile__employee_id", flat=True))
    assert invited == {"E1", "E2"}
    assert existing.user_id not in set(AccountInvitation.objects.values_list("user", flat=True))
    assert "Invitations sent to 2 people" in job.result["message"]


@pytest.mark.django_db
def test_a_finished_import_offers_to_invite_the_people_it_created(client, hr, ladder):
    from learning import jobs
    from learning.importing import employee_rows_import

    summary = employee_rows_import(
        rows=[
            {
                "employee_id": f"N{n}",
                "name": f"New {n}",
                "email": f"n{n}@corp.test",
                "level": "associate",
            }
            for n in range(3)
        ]
    )
    job = Job.objects.create(
        kind="employee-import",
        created_by=hr,
        status="done",
        params={"original_name": "new.csv"},
        result={"total": 3, "created": 3, "created_ids": list(summary.created_ids)},
    )
    client.force_login(hr)

    page = client.get(reverse("learning_import_job", args=[job.pk])).content.decode()
    assert "Invite 3 people to Guild" in page
    polled = client.get(reverse("learning_import_job_status", args=[job.pk])).json()
    assert "created_ids" not in polled["result"]
    client.post(reverse("learning_import_job_invite", args=[job.pk]))

    assert AccountInvitation.objects.count() == 3
    page = client.get(reverse("learning_import_job", args=[job.pk])).content.decode()
    assert "Invite 3 people" in page  # never signed in yet: still offered (rate-limited)
    assert jobs.job_status(job=job)["status"] == "done"
