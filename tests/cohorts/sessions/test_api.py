"""The guest-session API: each endpoint's main flow, who may and may not call it, bad
input refused whole, the hidden sub-group's evenings unknown to outsiders, and lists
that cost the same at any size."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cohorts.models import Membership
from cohorts.sessions import services
from cohorts.sessions.models import (
    Attendance,
    Guest,
    GuestInvitation,
    RoomPost,
    Rsvp,
    Session,
    SessionSegment,
    Summary,
)
from learning.models import User
from tests.cohorts.factories import (
    CohortFactory,
    EntryRuleFactory,
    SubGroupFactory,
    SubGroupMembershipFactory,
)
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role
API = "/api/v1"
EVENING = dt.date(2026, 12, 10)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(cohort_in, organizer, make_member, ladder):
    """A Shanghai cohort with a whole-cohort evening and a hidden directors-only
    sub-group's evening; a member, a director in the sub-group, and an outsider."""
    cohort = cohort_in("Asia/Shanghai")
    directors = SubGroupFactory(
        cohort=cohort, name="Directors", slug="directors", hidden_from_non_eligible=True
    )
    EntryRuleFactory(subgroup=directors, min_level=ladder["director"])
    member = make_member(target=cohort)
    director = make_member(target=cohort, level="director")
    SubGroupMembershipFactory(subgroup=directors, membership=director)
    evening = services.session_create(
        cohort=cohort, actor=organizer, date=EVENING, title="Selling to banks"
    )
    board = services.session_create(
        cohort=cohort,
        actor=organizer,
        date=EVENING + dt.timedelta(days=1),
        subgroup=directors,
        title="Board evening",
    )
    return {
        "cohort": cohort,
        "directors": directors,
        "evening": evening,
        "board": board,
        "organizer": organizer,
        "member": member.user,
        "director": director.user,
        "outsider": make_member(target=CohortFactory()).user,
    }


def _url(session, tail=""):
    return f"{API}/cohorts/{session.cohort.slug}/sessions/{session.pk}{tail}"


def _confirmed_guest(session, name="Ada Guest"):
    guest = Guest.objects.create(tier=Guest.Tier.EXECUTIVE, name=name)
    return GuestInvitation.objects.create(
        session=session, guest=guest, status=GuestInvitation.Status.CONFIRMED
    )


def _go_live(session, organizer, monkeypatch):
    if not session.invitations.filter(status=GuestInvitation.Status.CONFIRMED).exists():
        _confirmed_guest(session)
    monkeypatch.setattr(timezone, "now", lambda: session.starts_at)
    services.session_transition(session=session, actor=organizer, to="confirmed")
    return services.session_transition(session=session, actor=organizer, to="live")


# Sessions -------------------------------------------------------------------------------


def test_the_schedule_shows_utc_instants_and_the_cohorts_wall_clock(world):
    _confirmed_guest(world["evening"])
    services.rsvp_set(session=world["evening"], user=world["member"], answer="going")

    response = _as(world["member"]).get(f"{API}/cohorts/{world['cohort'].slug}/sessions")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1  # the directors' evening is not listed for a member
    (row,) = body["items"]
    assert row["title"] == "Selling to banks"
    assert row["time_zone"] == "Asia/Shanghai"
    assert (row["date"], row["start_time"], row["end_time"]) == ("2026-12-10", "19:30", "21:00")
    assert row["starts_at"] == "2026-12-10T11:30:00Z"  # 19:30 in Shanghai
    assert row["ends_at"] == "2026-12-10T13:00:00Z"
    assert row["guests"] == ["Ada Guest"]
    assert row["my_rsvp"] == "going"
    assert row["rsvp_counts"] == {"going": 1, "maybe": 0, "not_going": 0}


def test_the_schedule_filters_by_dates_and_status(world):
    slug = world["cohort"].slug
    client = _as(world["director"])

    def titles(**query):
        return [
            row["title"]
            for row in client.get(f"{API}/cohorts/{slug}/sessions", query).json()["items"]
        ]

    assert titles() == ["Selling to banks", "Board evening"]
    assert titles(**{"from": "2026-12-11"}) == ["Board evening"]
    assert titles(to="2026-12-10") == ["Selling to banks"]
    assert titles(status="cancelled") == []
    error = client.get(f"{API}/cohorts/{slug}/sessions", {"from": "soon", "status": "x"}).json()
    assert set(error["error"]["fields"]) == {"from", "status"}


def test_a_session_shows_its_segments_guests_my_rsvp_and_counts(world):
    _confirmed_guest(world["evening"])
    GuestInvitation.objects.create(
        session=world["evening"], guest=Guest.objects.create(tier=2, name="Not yet")
    )
    services.rsvp_set(session=world["evening"], user=world["member"], answer="maybe")

    body = _as(world["member"]).get(_url(world["evening"])).json()

    assert [(s["kind"], s["minutes"]) for s in body["segments"]] == [("talk", 45), ("qa", 45)]
    assert body["guests"] == ["Ada Guest"]  # only guests who confirmed
    assert body["my_rsvp"] == "maybe"
    assert body["rsvp_counts"]["maybe"] == 1
    assert body["attendance_count"] == 0
    assert body["allowed_transitions"] == []  # not an organizer
    organizer_view = _as(world["organizer"]).get(_url(world["evening"])).json()
    assert organizer_view["allowed_transitions"] == ["cancelled", "confirmed"]


def test_organizers_schedule_a_session_with_its_segments(world):
    host = world["member"]
    payload = {
        "date": "2026-12-12",
        "start_time": "19:00",
        "end_time": "20:30",
        "title": "Pricing",
        "host": host.profile.employee_id,
        "format": "in_person",
        "place": "Room 5",
        "seat_limit": 30,
        "segments": [{"kind": "talk", "minutes": 60}, {"kind": "qa", "minutes": 30}],
    }

    response = _as(world["organizer"]).post(
        f"{API}/cohorts/{world['cohort'].slug}/sessions", payload, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["host"]["full_name"] == host.profile.full_name
    assert "username" not in body["host"]
    assert body["starts_at"] == "2026-12-12T11:00:00Z"
    assert [s["minutes"] for s in body["segments"]] == [60, 30]


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"date": "2027-03-01", "host": "NOBODY"}, {"host"}),
        ({"date": "2027-03-01"}, {"date"}),
        ({"date": "2026-12-12", "format": "link"}, {"meeting_url"}),
        ({"date": "2026-12-12", "start_time": "7pm"}, {"start_time"}),
        (
            {"date": "2026-12-12", "segments": [{"kind": "talk", "minutes": 500}]},
            {"segments"},
        ),
        ({"date": "2026-12-12", "subgroup": "nope"}, {"subgroup"}),
    ],
)
def test_a_bad_session_is_refused_by_field_and_nothing_is_saved(world, payload, fields):
    before = Session.objects.count()

    response = _as(world["organizer"]).post(
        f"{API}/cohorts/{world['cohort'].slug}/sessions", payload, content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert set(response.json()["error"]["fields"]) == fields
    assert Session.objects.count() == before


def test_members_cannot_schedule_change_or_cancel(world):
    client = _as(world["member"])
    slug = world["cohort"].slug

    created = client.post(
        f"{API}/cohorts/{slug}/sessions", {"date": "2026-12-12"}, content_type="application/json"
    )
    changed = client.patch(
        _url(world["evening"]), {"title": "Mine"}, content_type="application/json"
    )
    cancelled = client.post(
        _url(world["evening"], "/transition"),
        {"to": "cancelled", "reason": "No"},
        content_type="application/json",
    )

    assert (created.status_code, changed.status_code, cancelled.status_code) == (403, 403, 403)
    world["evening"].refresh_from_db()
    assert (world["evening"].title, world["evening"].status) == ("Selling to banks", "planned")


def test_organizers_change_a_session_and_its_segments_at_once(world):
    response = _as(world["organizer"]).patch(
        _url(world["evening"]),
        {
            "title": "Selling to insurers",
            "summary_writer": world["member"].profile.employee_id,
            "segments": [
                {"kind": "talk", "minutes": 30, "title": "Intro"},
                {"kind": "qa", "minutes": 60},
            ],
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Selling to insurers"
    assert body["sequence"] == 1  # attendees see the new title: calendars must update
    assert body["segments"][0] == {"kind": "talk", "title": "Intro", "minutes": 30}
    assert Session.objects.get(pk=world["evening"].pk).summary_writer == world["member"]


def test_a_bad_change_saves_neither_the_fields_nor_the_segments(world):
    response = _as(world["organizer"]).patch(
        _url(world["evening"]),
        {"title": "Changed", "segments": [{"kind": "talk", "minutes": 999}]},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "segments" in response.json()["error"]["fields"]
    world["evening"].refresh_from_db()
    assert world["evening"].title == "Selling to banks"
    assert SessionSegment.objects.filter(session=world["evening"]).count() == 2


def test_an_unknown_field_in_a_change_is_refused(world):
    response = _as(world["organizer"]).patch(
        _url(world["evening"]), {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_cancelling_needs_a_reason_then_cancels(world):
    client = _as(world["organizer"])
    url = _url(world["evening"], "/transition")

    refused = client.post(url, {"to": "cancelled"}, content_type="application/json")
    done = client.post(
        url, {"to": "cancelled", "reason": "Guest ill"}, content_type="application/json"
    )

    assert refused.status_code == 400
    assert set(refused.json()["error"]["fields"]) == {"reason"}
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["cancel_reason"]) == ("cancelled", "Guest ill")


def test_a_transition_the_rules_refuse_names_the_status(world):
    response = _as(world["organizer"]).post(
        _url(world["evening"], "/transition"), {"to": "confirmed"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status"}  # no guest confirmed yet


def test_a_series_fills_the_evenings_and_clashes_are_flagged(world, monkeypatch):
    client = _as(world["organizer"])
    slug = world["cohort"].slug

    response = client.post(
        f"{API}/cohorts/{slug}/sessions/series",
        {
            "first_date": "2026-12-14",
            "last_date": "2026-12-18",
            "skip_weekdays": [3],
            "holidays": ["2026-12-15"],
        },
        content_type="application/json",
    )
    again = client.post(
        f"{API}/cohorts/{slug}/sessions/series",
        {"first_date": "2026-12-14", "last_date": "2026-12-18"},
        content_type="application/json",
    )
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 12, 12, tzinfo=dt.UTC))
    clashes = client.get(f"{API}/cohorts/{slug}/sessions/clashes", {"from": "2026-12-14"})

    assert response.status_code == 201, response.content
    assert response.json()["sessions_created"] == 3  # 14, 17, 18: not the 15th nor Wednesday
    assert again.json()["sessions_created"] == 2  # the 15th and the 16th were still free
    assert clashes.status_code == 200
    rows = clashes.json()
    assert {row["code"] for row in rows} == {"unfilled"}
    assert [row["date"] for row in rows] == [f"2026-12-{day}" for day in range(14, 19)]


def test_a_bad_series_is_refused_whole(world):
    response = _as(world["organizer"]).post(
        f"{API}/cohorts/{world['cohort'].slug}/sessions/series",
        {"first_date": "2026-12-18", "last_date": "2026-12-14", "skip_weekdays": [9]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"last_date", "skip_weekdays"}
    assert Session.objects.filter(cohort=world["cohort"]).count() == 2


def test_members_may_not_generate_series_or_read_clashes(world):
    client = _as(world["member"])
    slug = world["cohort"].slug
    assert client.get(f"{API}/cohorts/{slug}/sessions/clashes").status_code == 403
    series = client.post(
        f"{API}/cohorts/{slug}/sessions/series",
        {"first_date": "2026-12-14", "last_date": "2026-12-18"},
        content_type="application/json",
    )
    assert series.status_code == 403


def test_the_share_text_names_the_evening_and_links_to_it(world, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://guild.example.com"
    _confirmed_guest(world["evening"])

    body = _as(world["member"]).get(_url(world["evening"], "/share")).json()

    assert body["url"].startswith("https://guild.example.com/cohorts/")
    assert "Selling to banks" in body["text"]
    assert "Ada Guest" in body["text"]
    assert body["url"] in body["text"]


# Visibility ---------------------------------------------------------------------------


def _hidden_calls(session):
    return [
        ("get", _url(session), None),
        ("get", _url(session, "/share"), None),
        ("get", _url(session, "/room/posts"), None),
        ("get", _url(session, "/room/questions"), None),
        ("get", _url(session, "/summary"), None),
        ("put", _url(session, "/rsvp"), {"answer": "going"}),
        ("post", _url(session, "/room/questions"), {"body": "Hello?"}),
        ("post", _url(session, "/attendance"), {}),
    ]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_a_hidden_sub_groups_session_room_and_summary_are_unknown_to_others(world, who):
    board = world["board"]
    Summary.objects.create(session=board, key_points="Secret", status="published")
    client = _as(world[who])

    answers = {
        url: getattr(client, method)(url, body, content_type="application/json").status_code
        for method, url, body in _hidden_calls(board)
    }
    listed = client.get(f"{API}/cohorts/{world['cohort'].slug}/sessions").json()

    assert set(answers.values()) == {404}, answers
    assert board.pk not in [row["id"] for row in listed["items"]]
    assert not Rsvp.objects.filter(session=board).exists()


def test_the_sub_groups_members_see_its_session_room_and_summary(world):
    board = world["board"]
    Summary.objects.create(session=board, key_points="What was said", status="published")
    client = _as(world["director"])

    for path in ("", "/share", "/room/posts", "/room/questions", "/summary"):
        assert client.get(_url(board, path)).status_code == 200, path
    assert client.put(
        _url(board, "/rsvp"), {"answer": "going"}, content_type="application/json"
    ).json() == {"answer": "going", "listener": False}


def test_a_draft_cohorts_sessions_are_unknown(world, organizer):
    draft = CohortFactory(status="draft", start_date=dt.date(2026, 10, 1))
    session = services.session_create(cohort=draft, actor=organizer, date=EVENING)
    assert _as(world["member"]).get(_url(session)).status_code == 404
    assert _as(world["member"]).get(f"{API}/cohorts/{draft.slug}/sessions").status_code == 404


def test_someone_outside_the_cohort_answers_a_whole_cohort_session_as_a_listener(world):
    response = _as(world["outsider"]).put(
        _url(world["evening"], "/rsvp"), {"answer": "going"}, content_type="application/json"
    )
    assert response.json() == {"answer": "going", "listener": True}


def test_a_bad_rsvp_is_refused_by_field(world):
    response = _as(world["member"]).put(
        _url(world["evening"], "/rsvp"), {"answer": "perhaps"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"answer"}
    assert not Rsvp.objects.exists()


def test_anonymous_callers_get_401(world):
    assert Client().get(_url(world["evening"])).status_code == 401


# Guests and invitations --------------------------------------------------------------


def test_organizers_add_guests_and_see_the_pipeline_by_tier(world):
    client = _as(world["organizer"])
    outside = client.post(
        f"{API}/guests",
        {"tier": 2, "name": "Li Wei", "organization": "Partner Co", "email": "li@partner.test"},
        content_type="application/json",
    )
    employee = client.post(
        f"{API}/guests",
        {"tier": 1, "employee_id": world["director"].profile.employee_id},
        content_type="application/json",
    )
    services.invitation_create(
        session=world["evening"],
        guest=Guest.objects.get(pk=outside.json()["id"]),
        actor=world["organizer"],
    )

    pipeline = client.get(f"{API}/cohorts/{world['cohort'].slug}/guests").json()

    assert outside.status_code == employee.status_code == 201
    assert employee.json()["employee"]["full_name"] == world["director"].profile.full_name
    assert [tier["tier"] for tier in pipeline] == [1, 2, 3, 4]
    assert pipeline[1]["guests"][0]["name"] == "Li Wei"
    assert pipeline[1]["guests"][0]["invitations"] == {"invited": 1}
    assert pipeline[0]["guests"][0]["is_outside"] is False


def test_a_guest_without_a_name_or_with_a_bad_email_is_refused(world):
    client = _as(world["organizer"])
    nameless = client.post(f"{API}/guests", {"tier": 2}, content_type="application/json")
    bad_email = client.post(
        f"{API}/guests", {"tier": 2, "name": "X", "email": "no"}, content_type="application/json"
    )
    bad_tier = client.post(
        f"{API}/guests", {"tier": 9, "name": "X"}, content_type="application/json"
    )

    assert set(nameless.json()["error"]["fields"]) == {"name"}
    assert set(bad_email.json()["error"]["fields"]) == {"email"}
    assert set(bad_tier.json()["error"]["fields"]) == {"tier"}
    assert not Guest.objects.exists()


def test_organizers_change_a_guest_and_bad_changes_save_nothing(world):
    client = _as(world["organizer"])
    guest = client.post(
        f"{API}/guests", {"tier": 2, "name": "Li Wei"}, content_type="application/json"
    ).json()
    url = f"{API}/guests/{guest['id']}"

    moved = client.patch(
        url, {"tier": 3, "organization": "Aegean"}, content_type="application/json"
    )
    employee = client.patch(
        url,
        {"employee_id": world["director"].profile.employee_id},
        content_type="application/json",
    )
    nulled = client.patch(url, {"tier": None}, content_type="application/json")
    unknown = client.patch(url, {"employee_id": "nobody"}, content_type="application/json")
    missing = client.patch(f"{API}/guests/999999", {"tier": 1}, content_type="application/json")

    assert (moved.status_code, moved.json()["organization"]) == (200, "Aegean")
    assert employee.json()["name"] == world["director"].profile.full_name
    assert employee.json()["is_outside"] is False
    assert (nulled.status_code, unknown.status_code, missing.status_code) == (400, 400, 404)
    assert Guest.objects.get(pk=guest["id"]).tier == 3


def test_members_keep_no_guest_list(world):
    client = _as(world["member"])
    created = client.post(
        f"{API}/guests", {"tier": 2, "name": "X"}, content_type="application/json"
    )
    guest = services.guest_create(actor=world["organizer"], tier=2, name="Li Wei")
    changed = client.patch(f"{API}/guests/{guest.pk}", {"tier": 1}, content_type="application/json")
    assert changed.status_code == 403
    listed = client.get(f"{API}/cohorts/{world['cohort'].slug}/guests")
    suggested = client.get(f"{API}/cohorts/{world['cohort'].slug}/guests/suggestions")
    assert (created.status_code, listed.status_code, suggested.status_code) == (403, 403, 403)


def test_newcomers_worth_inviting_are_suggested_with_why(world):
    from cohorts import services as cohort_services

    cohort_services.post_create(cohort=world["cohort"], author=world["member"], body="Tip")

    rows = (
        _as(world["organizer"])
        .get(f"{API}/cohorts/{world['cohort'].slug}/guests/suggestions")
        .json()
    )

    assert [row["person"]["full_name"] for row in rows] == [world["member"].profile.full_name]
    assert rows[0]["posts"] == 1
    assert rows[0]["reason"]


def test_an_invitation_moves_on_and_an_outside_guest_answers_by_link(world, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://guild.example.com"
    organizer = _as(world["organizer"])
    guest = services.guest_create(actor=world["organizer"], tier=2, name="Li Wei")
    invitations = _url(world["evening"], "/invitations")

    created = organizer.post(
        invitations,
        {"guest_id": guest.pk, "message": "Would you?"},
        content_type="application/json",
    )
    invitation_id = created.json()["id"]
    minted = organizer.post(f"{invitations}/{invitation_id}/link")
    listed = organizer.get(invitations).json()
    token = minted.json()["token"]
    answered = Client().post(
        f"{API}/guest-invitations/answer",
        {"token": token, "accept": True, "answer": "With pleasure"},
        content_type="application/json",
    )
    briefed = organizer.post(
        f"{invitations}/{invitation_id}/transition",
        {"to": "briefed"},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    assert minted.status_code == 201
    assert minted.json()["url"] == f"https://guild.example.com/sessions/invite/{token}/"
    assert listed[0]["link_active"] is True
    assert "token" not in listed[0]  # the link is shown once, when minted
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "confirmed"
    assert answered.json()["start_time"] == "19:30"
    assert briefed.json()["status"] == "briefed"


def test_a_revoked_link_no_longer_answers(world):
    organizer = _as(world["organizer"])
    guest = services.guest_create(actor=world["organizer"], tier=2, name="Li Wei")
    invitation = services.invitation_create(
        session=world["evening"], guest=guest, actor=world["organizer"]
    )
    link = _url(world["evening"], f"/invitations/{invitation.pk}/link")
    token = organizer.post(link).json()["token"]

    revoked = organizer.delete(link)
    answered = Client().post(
        f"{API}/guest-invitations/answer",
        {"token": token, "accept": True},
        content_type="application/json",
    )

    assert revoked.status_code == 204
    assert answered.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_bad_guest_tokens_are_throttled_by_address(world, settings):
    settings.GUILD_AUTH_FAILURES_PER_ADDRESS = 3
    client = Client()

    answers = [
        client.post(
            f"{API}/guest-invitations/answer",
            {"token": f"guess-{n}", "accept": True},
            content_type="application/json",
        )
        for n in range(4)
    ]

    assert [a.status_code for a in answers] == [403, 403, 403, 429]
    assert answers[-1]["Retry-After"]
    assert answers[-1].json()["error"]["code"] == "throttled"


def test_a_bad_invitation_is_refused_by_field(world):
    organizer = _as(world["organizer"])
    url = _url(world["evening"], "/invitations")
    unknown = organizer.post(url, {"guest_id": 999999}, content_type="application/json")
    assert unknown.status_code == 400
    assert set(unknown.json()["error"]["fields"]) == {"guest_id"}
    guest = services.guest_create(actor=world["organizer"], tier=2, name="Li Wei")
    organizer.post(url, {"guest_id": guest.pk}, content_type="application/json")
    twice = organizer.post(url, {"guest_id": guest.pk}, content_type="application/json")
    assert set(twice.json()["error"]["fields"]) == {"guest"}
    assert GuestInvitation.objects.count() == 1


def test_members_may_not_invite_mint_or_move_invitations(world):
    guest = services.guest_create(actor=world["organizer"], tier=2, name="Li Wei")
    invitation = services.invitation_create(
        session=world["evening"], guest=guest, actor=world["organizer"]
    )
    client = _as(world["member"])
    base = _url(world["evening"], "/invitations")

    answers = [
        client.get(base).status_code,
        client.post(base, {"guest_id": guest.pk}, content_type="application/json").status_code,
        client.post(f"{base}/{invitation.pk}/link").status_code,
        client.delete(f"{base}/{invitation.pk}/link").status_code,
        client.post(
            f"{base}/{invitation.pk}/transition",
            {"to": "confirmed"},
            content_type="application/json",
        ).status_code,
    ]

    assert answers == [403, 403, 403, 403, 403]


def test_an_employee_guest_confirms_their_own_invitation(world):
    guest = services.guest_create(
        actor=world["organizer"], tier=4, employee=world["member"].profile
    )
    invitation = services.invitation_create(
        session=world["evening"], guest=guest, actor=world["organizer"]
    )

    response = _as(world["member"]).post(
        _url(world["evening"], f"/invitations/{invitation.pk}/transition"),
        {"to": "confirmed", "answer": "Yes!"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"


def test_an_employee_invited_to_a_hidden_sub_groups_evening_sees_and_answers_it(world):
    """The guest may be from anywhere in the company: invited to speak, they see that
    evening (and only that one) though its sub-group is hidden from them."""
    guest = services.guest_create(
        actor=world["organizer"], tier=4, employee=world["member"].profile
    )
    invitation = services.invitation_create(
        session=world["board"], guest=guest, actor=world["organizer"]
    )
    client = _as(world["member"])
    before = [
        row["title"]
        for row in client.get(f"{API}/cohorts/{world['cohort'].slug}/sessions").json()["items"]
    ]

    answer = client.post(
        _url(world["board"], f"/invitations/{invitation.pk}/transition"),
        {"to": "confirmed"},
        content_type="application/json",
    )
    detail = client.get(_url(world["board"]))
    services.invitation_transition(invitation=invitation, actor=world["organizer"], to="withdrawn")
    after = client.get(_url(world["board"]))

    assert "Board evening" in before
    assert (answer.status_code, detail.status_code, after.status_code) == (200, 200, 404)


# The live room --------------------------------------------------------------------------


def test_the_host_posts_and_readers_poll_for_what_is_new(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    host = _as(world["organizer"])
    reader = _as(world["member"])
    posts = _url(session, "/room/posts")

    first = host.post(posts, {"body": "Welcome"}, content_type="application/json")
    seen = reader.get(posts).json()
    host.post(posts, {"body": "Slide 2", "segment": "talk"}, content_type="application/json")
    newer = reader.get(posts, {"since": first.json()["id"]}).json()

    assert first.status_code == 201, first.content
    assert first.json()["author"]["full_name"] == world["organizer"].profile.full_name
    assert [p["body"] for p in seen["items"]] == ["Welcome"]
    assert [p["body"] for p in newer["items"]] == ["Slide 2"]
    assert newer["version"] != seen["version"] or newer["count"] == 1


def test_members_do_not_post_in_the_room_and_empty_posts_are_refused(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    posts = _url(session, "/room/posts")

    member = _as(world["member"]).post(posts, {"body": "Hi"}, content_type="application/json")
    empty = _as(world["organizer"]).post(posts, {"body": "  "}, content_type="application/json")
    long = _as(world["organizer"]).post(
        posts, {"body": "x" * 5000}, content_type="application/json"
    )

    assert member.status_code == 403
    assert set(empty.json()["error"]["fields"]) == {"body"}
    assert set(long.json()["error"]["fields"]) == {"body"}
    assert not RoomPost.objects.exists()


def test_the_host_posts_an_image_and_a_voice_clip_that_readers_fetch(world, monkeypatch, settings):
    from tests.cohorts.sessions.test_room_and_after import png

    settings.GUILD_ROOM_AUDIO_MAX_BYTES = 1000
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    media = _url(session, "/room/posts/media")
    host = _as(world["organizer"])

    posted = host.post(
        media,
        {
            "body": "Tonight's slide",
            "segment": "talk",
            "image": png(),
            "audio": SimpleUploadedFile("memo", b"OggS" + b"\x00" * 60),
        },
    )
    fake = host.post(media, {"image": SimpleUploadedFile("x.png", b"not an image")})
    large = host.post(media, {"audio": SimpleUploadedFile("m.ogg", b"OggS" + b"\x00" * 2000)})
    nothing = host.post(media, {"segment": "talk"})
    reader = _as(world["member"])
    post = posted.json()
    image = reader.get(_url(session, f"/room/posts/{post['id']}/image"))
    audio = reader.get(_url(session, f"/room/posts/{post['id']}/audio"))
    refused = _as(world["member"]).post(media, {"body": "Me too"})

    assert posted.status_code == 201, posted.content
    assert (post["has_image"], post["has_audio"], post["audio_type"]) == (True, True, "audio/ogg")
    assert (image.status_code, image["X-Content-Type-Options"]) == (200, "nosniff")
    assert audio["Content-Type"] == "audio/ogg"
    assert set(fake.json()["error"]["fields"]) == {"image"}
    assert set(large.json()["error"]["fields"]) == {"audio"}
    assert set(nothing.json()["error"]["fields"]) == {"body"}
    assert refused.status_code == 403
    assert RoomPost.objects.filter(session=session).count() == 1


def test_the_room_is_open_only_while_live(world):
    response = _as(world["organizer"]).post(
        _url(world["evening"], "/room/posts"), {"body": "Early"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not RoomPost.objects.exists()


def test_members_ask_vote_and_the_host_marks_answered(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    asker, voter = _as(world["member"]), _as(world["director"])
    questions = _url(session, "/room/questions")

    asked = asker.post(questions, {"body": "How do you price?"}, content_type="application/json")
    qid = asked.json()["id"]
    own_vote = asker.post(f"{questions}/{qid}/vote")
    vote = voter.post(f"{questions}/{qid}/vote")
    again = voter.post(f"{questions}/{qid}/vote")
    refused = asker.post(f"{questions}/{qid}/answered")
    answered = _as(world["organizer"]).post(f"{questions}/{qid}/answered")
    listed = voter.get(questions).json()

    assert asked.status_code == 201, asked.content
    assert own_vote.status_code == 400
    assert vote.json() == {"counted": True, "votes": 1}
    assert again.json() == {"counted": False, "votes": 1}
    assert refused.status_code == 403
    assert answered.json()["answered_at"] is not None
    assert listed["count"] == 1
    assert listed["items"][0]["votes"] == 1


def test_an_empty_question_is_refused(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    response = _as(world["member"]).post(
        _url(session, "/room/questions"), {"body": " "}, content_type="application/json"
    )
    assert set(response.json()["error"]["fields"]) == {"body"}


# Attendance, feedback and the summary --------------------------------------------------


def test_attendance_check_in_and_feedback(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    member = _as(world["member"])

    recorded = member.post(_url(session, "/attendance"))
    refused = member.post(
        _url(session, "/attendance/check-in"),
        {"employee_id": world["director"].profile.employee_id},
        content_type="application/json",
    )
    checked = _as(world["organizer"]).post(
        _url(session, "/attendance/check-in"),
        {"employee_id": world["director"].profile.employee_id},
        content_type="application/json",
    )
    rated = member.put(
        _url(session, "/feedback"),
        {"rating": 5, "comment": "Great"},
        content_type="application/json",
    )
    bad = member.put(_url(session, "/feedback"), {"rating": 9}, content_type="application/json")
    not_there = _as(world["outsider"]).put(
        _url(session, "/feedback"), {"rating": 3}, content_type="application/json"
    )

    assert recorded.json()["source"] == "room"
    assert refused.status_code == 403
    assert checked.json()["source"] == "check_in"
    assert Attendance.objects.filter(session=session).count() == 2
    assert rated.json()["rating"] == 5
    assert set(bad.json()["error"]["fields"]) == {"rating"}
    assert not_there.status_code == 403


def test_organizers_see_who_came_with_their_answer_and_rating_at_any_size(
    world, monkeypatch, django_assert_max_num_queries
):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    services.attendance_record(session=session, user=world["member"])
    services.feedback_give(session=session, user=world["member"], rating=4)
    organizer = _as(world["organizer"])
    url = _url(session, "/attendance")

    few = organizer.get(url).json()
    for _ in range(20):
        services.attendance_record(session=session, user=EmployeeProfileFactory().user)
    with django_assert_max_num_queries(12):
        many = organizer.get(url, {"limit": 50}).json()
    refused = _as(world["member"]).get(url)

    assert few["items"][0]["person"]["full_name"] == world["member"].profile.full_name
    assert (few["items"][0]["rating"], few["items"][0]["rsvp"]) == (4, None)
    assert (few["count"], many["count"], len(many["items"])) == (1, 21, 21)
    assert refused.status_code == 403


def test_checking_in_somebody_unknown_names_the_field(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    response = _as(world["organizer"]).post(
        _url(session, "/attendance/check-in"),
        {"employee_id": "NOBODY"},
        content_type="application/json",
    )
    assert set(response.json()["error"]["fields"]) == {"employee_id"}


def test_a_summary_is_drafted_then_published(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    writer, reader = _as(world["organizer"]), _as(world["member"])
    url = _url(session, "/summary")

    empty = writer.post(f"{url}/publish")
    saved = writer.put(url, {"actions": "Follow up"}, content_type="application/json")
    hidden_draft = reader.get(url)
    refused = writer.post(f"{url}/publish")
    writer.put(url, {"key_points": "Price on value"}, content_type="application/json")
    published = writer.post(f"{url}/publish")
    read = reader.get(url)

    assert empty.status_code == 404
    assert saved.status_code == 200
    assert saved.json()["status"] == "draft"
    assert hidden_draft.status_code == 404
    assert set(refused.json()["error"]["fields"]) == {"key_points"}
    assert published.json()["status"] == "published"
    assert read.json()["key_points"] == "Price on value"
    assert read.json()["actions"] == "Follow up"


def test_members_do_not_write_the_summary_and_too_long_is_refused(world, monkeypatch):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    url = _url(session, "/summary")

    member = _as(world["member"]).put(url, {"key_points": "Mine"}, content_type="application/json")
    long = _as(world["organizer"]).put(
        url, {"key_points": "x" * 20_001}, content_type="application/json"
    )
    unknown = _as(world["organizer"]).put(url, {"title": "x"}, content_type="application/json")

    assert member.status_code == 403
    assert set(long.json()["error"]["fields"]) == {"key_points"}
    assert set(unknown.json()["error"]["fields"]) == {"title"}
    assert not Summary.objects.exists()


# What lists cost -------------------------------------------------------------------------


def _many_sessions(world, count):
    cohort, organizer = world["cohort"], world["organizer"]
    people = [User.objects.create(username=f"rsvp-{cohort.pk}-{i}") for i in range(5)]
    for i in range(count):
        session = Session.objects.create(
            cohort=cohort,
            date=dt.date(2026, 10, 1) + dt.timedelta(days=i % 70),
            start_time=dt.time(19, 30),
            end_time=dt.time(21),
            starts_at=dt.datetime(2026, 10, 1, 11, 30, tzinfo=dt.UTC) + dt.timedelta(days=i % 70),
            ends_at=dt.datetime(2026, 10, 1, 13, tzinfo=dt.UTC) + dt.timedelta(days=i % 70),
            host=organizer,
        )
        _confirmed_guest(session, name=f"Guest {i}")
        Rsvp.objects.bulk_create(
            Rsvp(session=session, user=user, answer="going") for user in people
        )


@pytest.mark.parametrize("size", [3, 60])
def test_the_schedule_costs_the_same_at_any_size(world, size, django_assert_max_num_queries):
    _many_sessions(world, size)
    client = _as(world["member"])

    with django_assert_max_num_queries(9):
        response = client.get(f"{API}/cohorts/{world['cohort'].slug}/sessions", {"page_size": 200})

    assert response.json()["count"] == size + 1
    assert all(row["rsvp_counts"]["going"] == 5 for row in response.json()["items"][:-1])


@pytest.mark.parametrize("size", [3, 60])
def test_the_room_and_the_guest_list_cost_the_same_at_any_size(
    world, size, monkeypatch, django_assert_max_num_queries
):
    session = _go_live(world["evening"], world["organizer"], monkeypatch)
    for i in range(size):
        services.room_post_create(session=session, author=world["organizer"], body=f"Post {i}")
        services.room_question_ask(session=session, author=world["member"], body=f"Q {i}")
        services.guest_create(actor=world["organizer"], tier=1 + i % 4, name=f"Guest {i}")
    reader, organizer = _as(world["director"]), _as(world["organizer"])

    with django_assert_max_num_queries(9):
        posts = reader.get(_url(session, "/room/posts"), {"page_size": 200})
    with django_assert_max_num_queries(9):
        questions = reader.get(_url(session, "/room/questions"), {"page_size": 200})
    with django_assert_max_num_queries(9):
        pipeline = organizer.get(f"{API}/cohorts/{world['cohort'].slug}/guests")
    with django_assert_max_num_queries(9):
        invitations = organizer.get(_url(session, "/invitations"))

    assert posts.json()["count"] == size
    assert questions.json()["count"] == size
    assert sum(len(tier["guests"]) for tier in pipeline.json()) == size + 1
    assert len(invitations.json()) == 1


@pytest.mark.parametrize("field", ["date", "title", "format", "segments"])
def test_a_change_cannot_null_a_field_that_has_no_none(world, field):
    response = _as(world["organizer"]).patch(
        _url(world["evening"]), {field: None}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {field}


def test_a_change_may_clear_the_host(world):
    services.session_update(
        session=world["evening"], actor=world["organizer"], changes={"host": world["member"]}
    )
    response = _as(world["organizer"]).patch(
        _url(world["evening"]), {"host": None}, content_type="application/json"
    )
    assert response.json()["host"] is None
