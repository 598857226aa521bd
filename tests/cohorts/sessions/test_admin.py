"""Guest sessions in the Wagtail admin: the list on each cohort's clock with its clashes,
create and edit through the services, status buttons and bulk actions, segments,
invitations and the outside guest's link, summaries, series, the guest pipeline, and who
may see any of it."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cohorts.models import Membership, MembershipEvent, Post
from cohorts.sessions import services
from cohorts.sessions.models import (
    Guest,
    GuestInvitation,
    Rsvp,
    Session,
    SessionSegment,
    Summary,
)
from tests.cohorts.factories import MembershipFactory
from tests.learning.factories import EmployeeProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_guest_sessions_session:list"
ADD = "wagtailsnippets_guest_sessions_session:add"
EDIT = "wagtailsnippets_guest_sessions_session:edit"


@pytest.fixture(autouse=True)
def _clock(freezer_now):
    """1 November 2026: every session the tests make is ahead."""


@pytest.fixture
def shanghai(cohort_in):
    return cohort_in("Asia/Shanghai", name="Shanghai November intake")


@pytest.fixture
def hr_client(client, organizer):
    client.force_login(organizer)
    return client


def _session(cohort, organizer, day, **fields):
    return services.session_create(cohort=cohort, actor=organizer, date=day, **fields)


def _guest(organizer, name="Nikos Georgiou", tier=Guest.Tier.PARTNER):
    return services.guest_create(actor=organizer, tier=tier, name=name, organization="Aegean")


def _confirmed_guest(session, organizer, name="Li Wei"):
    invitation = services.invitation_create(
        session=session, guest=_guest(organizer, name), actor=organizer
    )
    return services.invitation_transition(invitation=invitation, actor=organizer, to="confirmed")


def _edit_url(session):
    return reverse(EDIT, args=[session.pk])


# --- The list ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_the_same_few_queries_at_any_size(
    hr_client, shanghai, organizer, count, django_assert_max_num_queries
):
    for n in range(count):
        session = _session(shanghai, organizer, dt.date(2026, 11, 2) + dt.timedelta(days=n))
        services.invitation_create(
            session=session, guest=_guest(organizer, f"Guest {n}"), actor=organizer
        )

    with django_assert_max_num_queries(30):
        response = hr_client.get(reverse(LIST))

    assert response.status_code == 200
    assert len(response.context["object_list"]) == count


def test_the_list_reads_like_a_calendar_on_the_cohorts_clock(hr_client, shanghai, organizer):
    lonely = _session(shanghai, organizer, dt.date(2026, 11, 3), title="Pricing in practice")
    _session(shanghai, organizer, dt.date(2026, 11, 4), title="Winning the renewal")
    _confirmed_guest(Session.objects.get(title="Winning the renewal"), organizer, "Zhou Lan")

    html = hr_client.get(reverse(LIST)).content.decode()

    assert "19:30–21:00</span><br><small>Asia/Shanghai</small>" in html
    assert "Zhou Lan" in html
    # The evening without a guest is two days away: flagged, and only that one.
    assert html.count('data-testid="clash-unfilled"') == 1
    assert html.index("Pricing in practice") < html.index('data-testid="clash-unfilled"')
    assert lonely.title in html


def test_the_list_filters_by_cohort_status_dates_and_confirmed_guest(
    hr_client, shanghai, cohort_in, organizer
):
    athens = cohort_in("Europe/Athens")
    with_guest = _session(shanghai, organizer, dt.date(2026, 11, 10))
    _confirmed_guest(with_guest, organizer)
    _session(shanghai, organizer, dt.date(2026, 11, 20))
    _session(athens, organizer, dt.date(2026, 11, 10))

    def listed(**query):
        response = hr_client.get(reverse(LIST), query)
        return {session.pk for session in response.context["object_list"]}

    assert len(listed(cohort=shanghai.pk)) == 2
    assert listed(cohort=shanghai.pk, has_confirmed_guest="true") == {with_guest.pk}
    assert len(listed(date_from="2026-11-09", date_to="2026-11-11")) == 2
    assert listed(status="confirmed") == set()


# --- Create and edit through the services -----------------------------------------------


def _form(cohort, **fields):
    return {
        "cohort": cohort.pk,
        "subgroup": "",
        "title": "Selling to the public sector",
        "description": "",
        "date": "2026-11-12",
        "start_time": "19:30",
        "end_time": "21:00",
        "format": "room",
        "meeting_url": "",
        "place": "",
        "seat_limit": "",
        "host": "",
        "summary_writer": "",
        **fields,
    }


def test_a_session_is_created_through_the_service(hr_client, shanghai, organizer, make_member):
    writer = make_member(Membership.Role.HELPER, target=shanghai).user

    response = hr_client.post(reverse(ADD), _form(shanghai, summary_writer=writer.pk))

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.title, session.summary_writer) == ("Selling to the public sector", writer)
    assert session.starts_at == dt.datetime(2026, 11, 12, 11, 30, tzinfo=dt.UTC)
    assert list(session.segments.values_list("kind", flat=True)) == ["talk", "qa"]
    assert MembershipEvent.objects.filter(cohort=shanghai, action="session_created").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"format": "link"}, "meeting_url", "meeting link"),
        ({"date": "2027-03-01"}, "date", "cohort's first and last day"),
        ({"end_time": "19:00"}, "end_time", "must end after it starts"),
    ],
)
def test_bad_input_is_named_on_the_form_and_nothing_is_saved(
    hr_client, shanghai, fields, field, message
):
    response = hr_client.post(reverse(ADD), _form(shanghai, **fields))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Session.objects.exists()
    assert not SessionSegment.objects.exists()


def test_an_edit_goes_through_the_service_and_raises_the_calendar_sequence(
    hr_client, shanghai, organizer
):
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))

    response = hr_client.post(
        _edit_url(session), _form(shanghai, title="Negotiating price", date="2026-11-13")
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.date, session.sequence) == (
        "Negotiating price",
        dt.date(2026, 11, 13),
        1,
    )
    assert MembershipEvent.objects.filter(action="session_updated").exists()


# --- Status buttons and bulk actions ----------------------------------------------------


def _transition(client, session, status, reason=""):
    return client.post(
        reverse("guest_sessions_transition", args=[session.pk]),
        {"status": status, "reason": reason},
        follow=True,
    )


def test_status_buttons_go_through_the_service_and_say_why_they_are_refused(
    hr_client, shanghai, organizer
):
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))

    refused = _transition(hr_client, session, "confirmed")
    assert "Confirm a guest before confirming the session." in refused.content.decode()
    session.refresh_from_db()
    assert session.status == "planned"

    _confirmed_guest(session, organizer)
    _transition(hr_client, session, "confirmed")
    session.refresh_from_db()
    assert session.status == "confirmed"

    no_reason = _transition(hr_client, session, "cancelled")
    assert "Say why the session is cancelled." in no_reason.content.decode()
    _transition(hr_client, session, "cancelled", reason="The guest is ill")
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == ("cancelled", "The guest is ill")


def _bulk(client, action, sessions, data=None):
    url = reverse("wagtail_bulk_action", args=["guest_sessions", "session", action])
    query = "&".join(f"id={s.pk}" for s in sessions)
    return client.post(f"{url}?{query}", data or {}, follow=True)


def test_bulk_confirm_confirms_what_it_may_and_reports_each_refusal(hr_client, shanghai, organizer):
    ready = _session(shanghai, organizer, dt.date(2026, 11, 12), title="Ready")
    _confirmed_guest(ready, organizer)
    empty = _session(shanghai, organizer, dt.date(2026, 11, 13), title="Still empty")

    response = _bulk(hr_client, "confirm_sessions", [ready, empty])

    statuses = dict(Session.objects.values_list("title", "status"))
    assert statuses == {"Ready": "confirmed", "Still empty": "planned"}
    assert "Still empty: Confirm a guest before confirming the session." in (
        response.content.decode()
    )


def test_bulk_cancel_needs_a_reason_and_cancels_through_the_service(hr_client, shanghai, organizer):
    sessions = [_session(shanghai, organizer, dt.date(2026, 11, 12 + n)) for n in range(2)]

    _bulk(hr_client, "cancel_sessions", sessions, {"reason": ""})
    assert set(Session.objects.values_list("status", flat=True)) == {"planned"}

    _bulk(hr_client, "cancel_sessions", sessions, {"reason": "Company holiday"})
    assert set(Session.objects.values_list("status", "cancel_reason")) == {
        ("cancelled", "Company holiday")
    }
    assert MembershipEvent.objects.filter(action="session_status").count() == 2


# --- Who may ----------------------------------------------------------------------------


@pytest.fixture
def runner_of_one(shanghai, cohort_in, organizer):
    """Someone with admin access who organizes the Athens cohort and is only a newcomer
    in the Shanghai one."""
    athens = cohort_in("Europe/Athens", name="Athens intake")
    user = EmployeeProfileFactory().user
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    MembershipFactory(cohort=athens, user=user, role=Membership.Role.ORGANIZER)
    MembershipFactory(cohort=shanghai, user=user, role=Membership.Role.NEWCOMER)
    return user, athens


def test_an_organizer_sees_and_changes_only_their_own_cohorts_sessions(
    client, runner_of_one, shanghai, organizer
):
    user, athens = runner_of_one
    theirs = _session(athens, organizer, dt.date(2026, 11, 12), title="Athens evening")
    other = _session(shanghai, organizer, dt.date(2026, 11, 12), title="Shanghai evening")
    _confirmed_guest(other, organizer)
    client.force_login(user)

    listed = client.get(reverse(LIST)).context["object_list"]
    assert [s.pk for s in listed] == [theirs.pk]
    assert client.get(_edit_url(theirs)).status_code == 200
    assert client.get(_edit_url(other)).status_code == 404
    history = reverse("wagtailsnippets_guest_sessions_session:history", args=[other.pk])
    assert client.get(history).status_code == 404
    assert _transition(client, other, "confirmed").status_code == 404
    _bulk(client, "cancel_sessions", [other], {"reason": "Not mine"})
    other.refresh_from_db()
    assert other.status == "planned"
    # The add form offers only the cohort they organize.
    form = client.get(reverse(ADD)).context["form"]
    assert list(form.fields["cohort"].queryset) == [athens]
    refused = client.post(reverse(ADD), _form(shanghai))
    assert "cohort" in refused.context["form"].errors
    assert not Session.objects.filter(cohort=shanghai, title="Selling to the public sector")


def test_a_member_with_admin_access_who_organizes_nothing_gets_nothing(client, shanghai, organizer):
    user = EmployeeProfileFactory().user
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    MembershipFactory(cohort=shanghai, user=user, role=Membership.Role.NEWCOMER)
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))
    client.force_login(user)

    assert client.get(reverse(LIST)).status_code in (302, 403)
    assert client.get(_edit_url(session)).status_code in (302, 403, 404)
    assert client.get(reverse("guest_sessions_pipeline:index")).status_code in (302, 403)
    assert client.get(reverse("guest_sessions_series_generate")).status_code in (302, 403)


# --- Segments, invitations and the link -------------------------------------------------


def test_segments_are_replaced_through_the_service(hr_client, shanghai, organizer):
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))
    url = reverse("guest_sessions_segments", args=[session.pk])

    def post(*rows):
        # The form always leaves a blank row for a new segment: left blank, it is skipped.
        rows = (*rows, ("", "", ""))
        data = {"segments-TOTAL_FORMS": len(rows), "segments-INITIAL_FORMS": 0}
        for i, (kind, minutes, title) in enumerate(rows):
            data.update(
                {
                    f"segments-{i}-kind": kind,
                    f"segments-{i}-minutes": minutes,
                    f"segments-{i}-title": title,
                }
            )
        return hr_client.post(url, data, follow=True)

    too_long = post(("talk", 60, "The talk"), ("qa", 60, ""))
    assert "longer than the session (90 minutes)" in too_long.content.decode()
    assert list(session.segments.values_list("minutes", flat=True)) == [45, 45]

    post(("talk", 40, "Our first year"), ("qa", 40, ""), ("other", 10, "Photos"))
    assert list(session.segments.values_list("kind", "minutes", "title")) == [
        ("talk", 40, "Our first year"),
        ("qa", 40, ""),
        ("other", 10, "Photos"),
    ]


def test_invitations_are_made_and_moved_on_from_the_session_page(hr_client, shanghai, organizer):
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))
    guest = _guest(organizer)

    hr_client.post(
        reverse("guest_sessions_invite", args=[session.pk]),
        {"guest": guest.pk, "message": "Would you tell us about your first year?"},
    )
    invitation = GuestInvitation.objects.get()
    again = hr_client.post(
        reverse("guest_sessions_invite", args=[session.pk]), {"guest": guest.pk}, follow=True
    )
    assert "already invited" in again.content.decode()

    for status in ("confirmed", "briefed"):
        hr_client.post(
            reverse("guest_sessions_invitation_transition", args=[invitation.pk]),
            {"status": status},
        )
    invitation.refresh_from_db()
    assert invitation.status == "briefed"
    page = hr_client.get(_edit_url(session)).content.decode()
    assert f'data-testid="invitation-{invitation.pk}-delivered"' in page


def test_the_guests_link_is_shown_once_and_only_its_digest_is_kept(
    hr_client, shanghai, organizer, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://guild.example.com"
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))
    invitation = services.invitation_create(
        session=session, guest=_guest(organizer), actor=organizer
    )

    response = hr_client.post(reverse("guest_sessions_link_mint", args=[invitation.pk]))

    link = response.context["link"]
    prefix = "https://guild.example.com/sessions/invite/"
    assert link.startswith(prefix)
    assert link.endswith("/")
    token = link[len(prefix) : -1]
    assert "no-store" in response["Cache-Control"]
    stored = GuestInvitation.objects.get(pk=invitation.pk)
    assert token not in stored.token_digest
    assert len(stored.token_digest) == 64
    assert services.invitation_by_token(token) == invitation
    page = hr_client.get(_edit_url(session)).content.decode()
    assert token not in page

    hr_client.post(reverse("guest_sessions_link_revoke", args=[invitation.pk]))
    assert services.invitation_by_token(token) is None


# --- Summaries, series, guests, the pipeline --------------------------------------------


def test_the_summary_is_saved_then_published_through_the_services(
    hr_client, shanghai, organizer, monkeypatch
):
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))
    Session.objects.filter(pk=session.pk).update(status="done")
    url = reverse("guest_sessions_summary", args=[session.pk])
    texts = {"key_points": "", "questions_and_answers": "Q: pricing?", "actions": "", "body": ""}

    refused = hr_client.post(url, {**texts, "publish": "1"}, follow=True)
    assert "Write the key points before publishing." in refused.content.decode()
    assert Summary.objects.get().status == "draft"

    body = (
        '{"blocks": [{"key": "a1", "type": "unstyled", "text": "Slides are in the library.",'
        ' "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    )
    hr_client.post(
        url,
        {**texts, "key_points": "Ask about the budget first.", "body": body, "publish": "1"},
    )
    summary = Summary.objects.get()
    assert (summary.status, summary.key_points) == ("published", "Ask about the budget first.")
    assert summary.body == '<p data-block-key="a1">Slides are in the library.</p>'
    assert Post.objects.filter(cohort=shanghai, kind="announcement").exists()


def test_the_session_page_shows_who_came_and_what_they_thought(
    hr_client, shanghai, organizer, make_member, django_assert_max_num_queries
):
    session = _session(shanghai, organizer, dt.date(2026, 11, 12))
    Session.objects.filter(pk=session.pk).update(status="done")
    session.refresh_from_db()
    came = make_member(Membership.Role.NEWCOMER, target=shanghai, full_name="Chen Jie").user
    Rsvp.objects.create(session=session, user=came, answer="maybe")
    services.attendance_record(session=session, user=came)
    services.feedback_give(session=session, user=came, rating=4, comment="Clear and useful")
    for _ in range(5):
        services.attendance_record(session=session, user=EmployeeProfileFactory().user)

    with django_assert_max_num_queries(40):
        response = hr_client.get(_edit_url(session))

    turnout = response.context["turnout"]
    assert (turnout["maybe"], turnout["came"], turnout["ratings"]) == (1, 6, 1)
    html = response.content.decode()
    assert "Chen Jie" in html
    assert "Clear and useful" in html
    assert "Rated 4.0 of 5 by 1 person." in html


def test_a_series_is_generated_with_skipped_weekdays_and_holidays(hr_client, shanghai):
    url = reverse("guest_sessions_series_generate")

    bad = hr_client.post(
        url,
        {
            "cohort": shanghai.pk,
            "first_date": "2026-11-02",
            "last_date": "2026-11-15",
            "holidays": "11/05",
        },
    )
    assert bad.status_code == 400
    assert "Not a date: 11/05" in bad.content.decode()
    assert not Session.objects.exists()

    response = hr_client.post(
        url,
        {
            "cohort": shanghai.pk,
            "first_date": "2026-11-02",
            "last_date": "2026-11-15",
            "skip_weekdays": ["6", "7"],
            "holidays": "2026-11-05\n2026-11-06",
        },
        follow=True,
    )

    days = list(Session.objects.values_list("date", flat=True))
    assert len(days) == 8
    assert dt.date(2026, 11, 5) not in days
    assert dt.date(2026, 11, 7) not in days
    assert "8 evenings scheduled" in response.content.decode()


def test_guests_are_added_through_the_service(hr_client, organizer):
    url = reverse("guest_sessions_guest:add")
    nameless = hr_client.post(url, {"tier": 2, "name": "", "organization": "Aegean"})
    assert "Give the guest's name" in " ".join(nameless.context["form"].errors["name"])
    assert not Guest.objects.exists()

    chief = EmployeeProfileFactory(full_name="Wang Fang", title="Chief financial officer")
    hr_client.post(url, {"tier": 1, "employee": chief.pk})
    hr_client.post(url, {"tier": 2, "name": "Nikos Georgiou", "organization": "Aegean"})

    assert set(Guest.objects.values_list("tier", "employee", "name")) == {
        (1, chief.pk, ""),
        (2, None, "Nikos Georgiou"),
    }


def test_guests_are_changed_through_the_service(hr_client, organizer):
    guest = _guest(organizer, "Nikos Georgiou")
    url = reverse("guest_sessions_guest:edit", args=[guest.pk])

    nameless = hr_client.post(url, {"tier": 2, "name": ""})
    moved = hr_client.post(url, {"tier": 3, "name": "Nikos Georgiou", "organization": "Aegean"})

    assert "Give the guest's name" in " ".join(nameless.context["form"].errors["name"])
    assert moved.status_code == 302
    guest.refresh_from_db()
    assert (guest.tier, guest.organization) == (3, "Aegean")


def test_the_pipeline_shows_tiers_in_order_unfilled_evenings_and_newcomers_to_ask(
    hr_client, shanghai, organizer, make_member, django_assert_max_num_queries
):
    chief = services.guest_create(
        actor=organizer,
        tier=Guest.Tier.EXECUTIVE,
        employee=EmployeeProfileFactory(full_name="Wang Fang"),
    )
    partner = _guest(organizer, "Nikos Georgiou")
    soon = _session(shanghai, organizer, dt.date(2026, 11, 3), title="Soon and empty")
    filled = _session(shanghai, organizer, dt.date(2026, 11, 4))
    services.invitation_create(session=soon, guest=partner, actor=organizer)
    invitation = services.invitation_create(session=filled, guest=chief, actor=organizer)
    services.invitation_transition(invitation=invitation, actor=organizer, to="confirmed")
    star = make_member(Membership.Role.NEWCOMER, target=shanghai, full_name="Chen Jie")
    Post.objects.create(cohort=shanghai, author=star.user, body="Closed my first deal!")

    with django_assert_max_num_queries(25):
        response = hr_client.get(
            reverse("guest_sessions_pipeline:index"), {"cohort": shanghai.pk, "days": 7}
        )

    html = response.content.decode()
    assert html.index('data-testid="tier-1"') < html.index('data-testid="tier-4"')
    assert html.index("Wang Fang") < html.index('data-testid="tier-2"') < html.index("Nikos")
    tiers = {tier: entries for tier, _label, entries in response.context["tiers"]}
    assert tiers[1][0]["counts"] == [("Confirmed", 1)]
    assert [row[0] for row in response.context["unfilled"]] == [soon]
    [suggestion] = response.context["suggestions"]
    assert (suggestion.name, suggestion.posts) == ("Chen Jie", 1)
    assert "Chen Jie" in html


def test_the_menu_lists_sessions_guests_and_the_pipeline(hr_client):
    html = hr_client.get(reverse("wagtailadmin_home")).content.decode()

    for url in (reverse(LIST), reverse("guest_sessions_guest:index")):
        assert url in html
    assert reverse("guest_sessions_pipeline:index") in html


def test_someone_who_is_not_staff_cannot_reach_the_admin(client, shanghai, organizer):
    client.force_login(UserFactory())

    assert client.get(reverse(LIST)).status_code == 302
