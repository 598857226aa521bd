"""The member pages: schedule, session, RSVP, the room and its polling, the guest's link."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from cohorts.models import Membership
from cohorts.sessions import services
from cohorts.sessions.models import GuestInvitation, Rsvp
from tests.cohorts.factories import SubGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cohort_in, make_member):
    cohort = cohort_in("Europe/Athens")
    return make_member(Membership.Role.NEWCOMER, target=cohort).user


@pytest.fixture
def evening(member, organizer, freezer_now):
    cohort = member.cohort_memberships.get().cohort
    return services.session_create(
        cohort=cohort, actor=organizer, date=dt.date(2026, 12, 3), title="Cold calls"
    )


def url(session, suffix=""):
    return f"/cohorts/{session.cohort.slug}/sessions/{session.pk}/{suffix}"


def test_the_schedule_and_the_cohort_home_show_the_next_sessions(client, member, evening):
    client.force_login(member)

    schedule = client.get(f"/cohorts/{evening.cohort.slug}/sessions/")
    home = client.get(f"/cohorts/{evening.cohort.slug}/")

    assert "Cold calls" in schedule.content.decode()
    assert 'data-testid="home-sessions"' in home.content.decode()
    assert "Cold calls" in home.content.decode()


def test_the_schedule_costs_the_same_queries_for_many_sessions(client, member, evening, organizer):
    client.force_login(member)
    path = f"/cohorts/{evening.cohort.slug}/sessions/"
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    services.series_generate(
        cohort=evening.cohort,
        actor=organizer,
        first_date=dt.date(2026, 12, 4),
        last_date=dt.date(2026, 12, 18),
    )
    guest = services.guest_create(actor=organizer, tier=1, name="Ana")
    for session in evening.cohort.sessions.all()[:5]:
        GuestInvitation.objects.create(session=session, guest=guest, status="confirmed")
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)


def test_the_page_shows_times_in_the_viewers_zone_and_takes_an_rsvp(client, member, evening):
    member.profile.time_zone = "Asia/Shanghai"
    member.profile.save()
    client.force_login(member)

    page = client.get(url(evening)).content.decode()
    # 19:30 in Athens (UTC+2 in December) is 01:30 the next morning in Shanghai.
    assert "01:30" in page
    assert client.post(url(evening, "rsvp/"), {"answer": "going"}).status_code == 302
    assert Rsvp.objects.get(session=evening, user=member).answer == "going"
    assert client.post(url(evening, "rsvp/"), {"answer": "always"}).status_code == 302
    assert Rsvp.objects.get(session=evening, user=member).answer == "going"


def test_a_veteran_outside_the_cohort_comes_as_a_listener(client, outsider, evening):
    client.force_login(outsider)
    assert "listener" in client.get(url(evening)).content.decode()
    client.post(url(evening, "rsvp/"), {"answer": "going"})
    assert Rsvp.objects.get(session=evening, user=outsider).listener


def test_a_hidden_sub_groups_session_is_404_to_others(client, outsider, organizer, evening):
    group = SubGroupFactory(cohort=evening.cohort, hidden_from_non_eligible=True)
    hidden = services.session_create(
        cohort=evening.cohort, actor=organizer, date=dt.date(2026, 12, 4), subgroup=group
    )
    client.force_login(outsider)
    for suffix in ("", "room/"):
        assert client.get(url(hidden, suffix)).status_code == 404
    assert client.get(url(hidden)[:-1] + ".ics").status_code == 404
    assert client.post(url(hidden, "rsvp/"), {"answer": "going"}).status_code == 404


def test_the_single_ics_downloads(client, member, evening):
    client.force_login(member)
    response = client.get(url(evening)[:-1] + ".ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20261203T173000Z" in response.content


@pytest.fixture
def live(evening, organizer, monkeypatch):
    GuestInvitation.objects.create(
        session=evening,
        guest=services.guest_create(actor=organizer, tier=1, name="Guest"),
        status="confirmed",
    )
    monkeypatch.setattr(timezone, "now", lambda: evening.starts_at)
    services.session_transition(session=evening, actor=organizer, to="confirmed")
    return services.session_transition(session=evening, actor=organizer, to="live")


def _png() -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(data, "PNG")
    return SimpleUploadedFile("a.png", data.getvalue(), content_type="image/png")


def test_the_room_takes_posts_and_questions_and_marks_attendance(
    client, member, organizer, live, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(live, "room/"), {"body": "Welcome", "segment": "talk", "image": _png(), "post": ""}
        )
    assert response.status_code == 302
    post = live.room_posts.get()

    client.force_login(member)
    assert client.post(url(live, "room/"), {"body": "Hello", "post": ""}).status_code == 400
    client.post(url(live, "room/"), {"body": "How do you open?", "ask": ""})
    page = client.get(url(live, "room/"))
    assert "How do you open?" in page.content.decode()
    assert live.attendance.filter(user=member).exists()
    image = client.get(url(live, f"room/posts/{post.pk}/image/"))
    assert image["X-Content-Type-Options"] == "nosniff"


def test_polling_costs_no_query_when_nothing_changed(
    client, member, organizer, live, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page = client.get(url(live, "room/"))
    ticket, version = page.context["ticket"], page.context["version"]
    client.logout()
    poll = f"/room-updates/{live.pk}/?ticket={ticket}&v={version}"

    with CaptureQueriesContext(connection) as queries:
        assert client.get(poll).status_code == 204
    assert len(queries) == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.room_post_create(session=live, author=organizer, body="New slide")
    update = client.get(poll)
    assert update.status_code == 200
    assert [p["body"] for p in update.json()["posts"]] == ["New slide"]
    assert update.json()["posts"][0]["author"] == organizer.get_full_name()
    # The second reader at that version is served from the cache.
    with CaptureQueriesContext(connection) as queries:
        client.get(poll)
    assert len(queries) == 0


def test_a_ticket_opens_its_own_room_only(client, member, live, organizer):
    client.force_login(member)
    ticket = client.get(url(live, "room/")).context["ticket"]
    other = services.session_create(cohort=live.cohort, actor=organizer, date=dt.date(2026, 12, 4))
    assert client.get(f"/room-updates/{other.pk}/?ticket={ticket}").status_code == 403
    assert client.get(f"/room-updates/{live.pk}/?ticket=forged").status_code == 403


def test_an_outside_guest_answers_through_the_link_without_signing_in(client, evening, organizer):
    guest = services.guest_create(actor=organizer, tier=2, name="Nikos Georgiou")
    invitation = services.invitation_create(session=evening, guest=guest, actor=organizer)
    token = services.invitation_link_mint(invitation=invitation, actor=organizer)

    page = client.get(f"/sessions/invite/{token}/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "Nikos Georgiou" in page.content.decode()
    client.post(f"/sessions/invite/{token}/", {"accept": "yes", "answer": "Glad to"})
    invitation.refresh_from_db()
    assert invitation.status == "confirmed"
    assert client.get("/sessions/invite/not-a-token/").status_code == 404


def test_an_employee_guest_answers_on_their_own_page_only(
    client, evening, organizer, outsider, member
):
    guest = services.guest_create(actor=organizer, tier=1, employee=outsider.profile)
    invitation = services.invitation_create(session=evening, guest=guest, actor=organizer)

    client.force_login(member)
    assert client.get(f"/sessions/invitations/{invitation.pk}/").status_code == 404
    client.force_login(outsider)
    client.post(f"/sessions/invitations/{invitation.pk}/", {"accept": "no"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_the_calendar_address_is_shown_once(client, member):
    client.force_login(member)
    made = client.post("/calendar/", {"action": "create"})
    address = made.context["feed_url"]
    assert "/calendar/" in address
    assert address not in client.get("/calendar/").content.decode()
    client.post("/calendar/", {"action": "revoke"})
    assert client.get(address.split("127.0.0.1:8000", 1)[-1]).status_code == 404
