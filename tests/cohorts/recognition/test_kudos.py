"""Kudos: who sees them (pages, feed, API), the receiver's preference, withdrawing,
reporting, and refusing bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cohorts import services as cohort_services
from cohorts.models import Membership, Post, Report
from cohorts.recognition import selectors, services
from cohorts.recognition.models import Kudos, Visibility
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_public_kudos_reach_the_feed_and_the_receiver_is_told(person):
    giver, receiver = person(), person()

    kudos = services.kudos_give(
        cohort=receiver.cohort_memberships.get().cohort,
        giver=giver,
        receivers=[receiver],
        message="Thank you for staying late to fix the demo.",
        value="teamwork",
    )

    assert kudos.visibility == Visibility.PUBLIC
    post = Post.objects.get(pk=kudos.post_id)
    assert "Thank you for staying late" in post.body
    assert str(receiver) in post.body
    assert Notification.objects.filter(recipient=receiver, kind="recognition.kudos").count() == 1


def test_a_receiver_who_prefers_private_thanks_gets_private_kudos(person, running):
    giver, quiet, loud = person(), person(), person()
    services.preference_set(user=quiet, visibility="private", note="A quiet word is enough.")

    kudos = services.kudos_give(
        cohort=running, giver=giver, receivers=[quiet, loud], message="Great teamwork."
    )

    assert kudos.visibility == Visibility.PRIVATE
    assert kudos.post_id is None
    assert not Post.objects.filter(body__contains="Great teamwork").exists()


def test_private_kudos_are_seen_by_giver_receivers_and_organizers_only(person, running, organizer):
    giver, receiver, bystander = person(), person(), person()
    cohort_organizer = person(Membership.Role.ORGANIZER)
    kudos = services.kudos_give(
        cohort=running, giver=giver, receivers=[receiver], message="Private thanks.", private=True
    )

    def sees(user):
        return selectors.kudos_visible_to(user, cohort=running).filter(pk=kudos.pk).exists()

    assert sees(giver)
    assert sees(receiver)
    assert sees(cohort_organizer)
    assert sees(organizer)
    assert not sees(bystander)
    assert not selectors.kudos_visible_to(bystander).filter(pk=kudos.pk).exists()


def test_private_kudos_are_invisible_to_others_on_pages_feed_and_api(client, person, running):
    giver, receiver, bystander = person(), person(), person()
    services.kudos_give(
        cohort=running,
        giver=giver,
        receivers=[receiver],
        message="Sshh-secret-thanks",
        private=True,
    )
    client.force_login(bystander)

    pages = [
        reverse("recognition:kudos", args=[running.slug]),
        reverse("cohorts:home", args=[running.slug]),
        f"/api/v1/cohorts/{running.slug}/kudos",
        f"/api/v1/cohorts/{running.slug}/posts",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Sshh-secret-thanks" not in response.content.decode(), url

    client.force_login(receiver)
    assert "Sshh-secret-thanks" in client.get(pages[0]).content.decode()
    assert "Sshh-secret-thanks" in client.get(pages[2]).content.decode()


def test_a_wall_reader_sees_public_kudos_across_cohorts_but_never_private_ones(
    client, person, running, organizer
):
    giver, receiver = person(), person()
    services.kudos_give(cohort=running, giver=giver, receivers=[receiver], message="Wall-public")
    services.kudos_give(
        cohort=running, giver=giver, receivers=[receiver], message="Wall-private", private=True
    )
    client.force_login(organizer)

    page = client.get(reverse("recognition_me:wall")).content.decode()
    api = client.get("/api/v1/recognition/wall").json()

    assert "Wall-public" in page
    assert "Wall-private" not in page
    assert [item["message"] for item in api["items"]] == ["Wall-public"]


def test_a_member_may_not_read_the_wall(client, person):
    client.force_login(person())
    assert client.get(reverse("recognition_me:wall")).status_code == 403
    assert client.get("/api/v1/recognition/wall").status_code == 403


def test_the_giver_withdraws_kudos_and_they_leave_the_feed(person, running):
    giver, receiver = person(), person()
    kudos = services.kudos_give(cohort=running, giver=giver, receivers=[receiver], message="Hi")

    with pytest.raises(PermissionDenied):
        services.kudos_withdraw(kudos=kudos, actor=receiver)
    services.kudos_withdraw(kudos=kudos, actor=giver)
    services.kudos_withdraw(kudos=kudos, actor=giver)  # safe to repeat

    assert Post.objects.get(pk=kudos.post_id).hidden
    assert not selectors.kudos_visible_to(receiver, cohort=running).exists()


def test_withdrawing_through_the_api(client, person, running):
    giver, receiver = person(), person()
    kudos = services.kudos_give(cohort=running, giver=giver, receivers=[receiver], message="Hi")
    client.force_login(giver)

    response = client.post(f"/api/v1/cohorts/{running.slug}/kudos/{kudos.pk}/withdraw")

    assert response.status_code == 200
    assert Kudos.objects.get(pk=kudos.pk).withdrawn_at is not None


def test_a_report_acted_on_hides_the_kudos(person, running, organizer):
    giver, receiver = person(), person()
    kudos = services.kudos_give(cohort=running, giver=giver, receivers=[receiver], message="Hm")

    report = services.kudos_report(kudos=kudos, reporter=receiver, reason="Not kind.")
    cohort_services.report_decide(report=report, actor=organizer, outcome=Report.Outcome.WARN)

    kudos.refresh_from_db()
    assert kudos.hidden
    assert Post.objects.get(pk=kudos.post_id).hidden
    assert not selectors.kudos_visible_to(receiver, cohort=running).exists()
    assert selectors.kudos_visible_to(organizer, cohort=running).filter(pk=kudos.pk).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"receivers": []}, "receivers"),
        ({"message": "   "}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"value": "no-such-value"}, "value"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(person, running, fields, field):
    giver, receiver = person(), person()
    data = {"receivers": [receiver], "message": "Thanks", **fields}

    with pytest.raises(ValidationError) as error:
        services.kudos_give(cohort=running, giver=giver, **data)

    assert field in error.value.message_dict
    assert not Kudos.objects.exists()


def test_nobody_thanks_themselves_or_an_outsider(person, running, outsider):
    giver = person()
    with pytest.raises(ValidationError):
        services.kudos_give(cohort=running, giver=giver, receivers=[giver], message="Me")
    with pytest.raises(ValidationError):
        services.kudos_give(cohort=running, giver=giver, receivers=[outsider], message="You")
    with pytest.raises(PermissionDenied):
        services.kudos_give(cohort=running, giver=outsider, receivers=[giver], message="Hi")


def test_the_api_names_the_field_of_bad_input(client, person, running):
    giver = person()
    client.force_login(giver)

    response = client.post(
        f"/api/v1/cohorts/{running.slug}/kudos",
        {"receivers": ["nobody-such"], "message": "Thanks"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "receivers" in response.json()["error"]["fields"]


def test_the_give_page_fills_in_the_prompt_and_sends_kudos(client, person, running):
    giver, receiver = person(), person()
    client.force_login(giver)
    url = reverse("recognition:give", args=[running.slug])

    page = client.get(url + "?prompt=led")
    response = client.post(
        url, {"receivers": [receiver.pk], "message": "You led the pilot.", "prompt": "led"}
    )
    empty = client.post(url, {"receivers": [receiver.pk], "message": ""})

    assert "Who took the lead on a recent project?" in page.content.decode()
    assert response.status_code == 302
    assert Kudos.objects.get().prompt == "led"
    assert empty.status_code == 400
    assert Kudos.objects.count() == 1


def test_my_preference_page_and_api(client, person):
    member = person()
    client.force_login(member)

    client.post(reverse("recognition_me:preference"), {"visibility": "private", "note": "Quietly."})
    api = client.get("/api/v1/recognition/preference").json()
    bad = client.put(
        "/api/v1/recognition/preference",
        {"visibility": "loud"},
        content_type="application/json",
    )

    assert api == {"visibility": "private", "note": "Quietly."}
    assert bad.status_code == 400
