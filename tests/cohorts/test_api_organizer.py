"""The organizer half of the cohort API: what HR does in the admin, over HTTP.

Happy paths of every endpoint, bad input refused by field with nothing saved, who may not
call them (403 for a cohort they can see, 404 for one they cannot, nothing changed), and
the audit log and the add-by-rule preview at two sizes.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cohorts import services
from cohorts.models import (
    CharterVersion,
    Cohort,
    EntryRule,
    Membership,
    MembershipEvent,
    SubGroup,
    SubGroupMembership,
)
from learning.models import EmployeeProfile, User
from tests.cohorts.factories import (
    CohortFactory,
    EntryRuleFactory,
    SubGroupFactory,
)
from tests.learning.factories import (
    EmployeeProfileFactory,
    RegionFactory,
    SubsidiaryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Role = Membership.Role
API = "/api/v1"


def _as(client, user):
    client.force_login(user)
    return client


def _send(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body or {}, content_type="application/json")


def _fields(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


@pytest.fixture
def staffer(db, ladder):
    """Staff in the Wagtail admin, without any cohort permission: not an organizer."""
    user = UserFactory(username="staffer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    EmployeeProfileFactory(user=user)
    return user


@pytest.fixture
def east():
    return RegionFactory(code="east", name="East")


def _snapshot() -> dict:
    """Everything an organizer endpoint could change, to prove that nothing did."""
    return {
        "cohorts": list(Cohort.objects.values_list("pk", "name", "status", "capacity")),
        "subgroups": list(SubGroup.objects.values_list("pk", "name", "slug")),
        "rules": list(EntryRule.objects.values_list("pk", "min_level_id")),
        "versions": list(CharterVersion.objects.values_list("pk", "published_at")),
        "memberships": list(Membership.objects.values_list("pk", "status", "role")),
        "subgroup_memberships": SubGroupMembership.objects.count(),
        "events": MembershipEvent.objects.count(),
    }


# --- Cohorts ---------------------------------------------------------------------------


def test_hr_creates_a_cohort_in_draft(client, organizer, cohort):
    # given a program and two subsidiaries
    north, south = SubsidiaryFactory(code="north-co"), SubsidiaryFactory(code="south-co")
    body = {
        "program_id": cohort.program_id,
        "name": "Spring intake",
        "slug": "spring-intake",
        "start_date": "2027-03-01",
        "end_date": "2027-04-30",
        "capacity": 40,
        "subsidiaries": [north.code, south.code],
    }
    # when HR posts it
    response = _as(client, organizer).post(f"{API}/cohorts", body, content_type="application/json")
    # then it exists in draft, with the model's session defaults, and the admin's history
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["capacity"], data["session_start"]) == ("draft", 40, "19:30")
    assert sorted(data["subsidiaries"]) == ["north-co", "south-co"]
    created = Cohort.objects.get(slug="spring-intake")
    assert ModelLogEntry.objects.for_instance(created).filter(action="wagtail.create").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end_date": "2027-02-01"}, "end_date"),
        ({"capacity": -1}, "capacity"),
        ({"session_start": "21:00", "session_end": "19:30"}, "session_end"),
        ({"slug": "taken"}, "slug"),
        ({"subsidiaries": ["nowhere"]}, "subsidiaries"),
        ({"program_id": 999_999}, "program_id"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"start_date": "not a date"}, "start_date"),
    ],
)
def test_a_bad_cohort_is_refused_by_field_and_nothing_is_saved(
    client, organizer, cohort, change, field
):
    CohortFactory(slug="taken")
    before = Cohort.objects.count()
    body = {
        "program_id": cohort.program_id,
        "name": "Spring intake",
        "slug": "spring-intake",
        "start_date": "2027-03-01",
        "end_date": "2027-04-30",
        **change,
    }

    response = _as(client, organizer).post(f"{API}/cohorts", body, content_type="application/json")

    assert field in _fields(response)
    assert Cohort.objects.count() == before


def test_organizers_change_a_cohort_but_not_its_status(client, cohort, make_member):
    # given an organizer by membership (not HR)
    organizer = make_member(Role.ORGANIZER).user
    _as(client, organizer)
    url = f"{API}/cohorts/{cohort.slug}"
    # when they change some fields
    response = client.patch(
        url, {"name": "November intake (East)", "capacity": 120}, content_type="application/json"
    )
    # then only those change
    assert response.status_code == 200, response.content
    cohort.refresh_from_db()
    assert (cohort.name, cohort.capacity) == ("November intake (East)", 120)
    assert cohort.start_date == datetime.date(2026, 11, 2)
    assert ModelLogEntry.objects.for_instance(cohort).filter(action="wagtail.edit").exists()
    # and the status is not a field here
    refused = client.patch(url, {"status": "closed"}, content_type="application/json")
    assert "status" in _fields(refused)
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.OPEN


def test_a_change_that_breaks_the_dates_saves_nothing(client, organizer, cohort):
    response = _as(client, organizer).patch(
        f"{API}/cohorts/{cohort.slug}",
        {"name": "Renamed", "end_date": "2026-10-01"},
        content_type="application/json",
    )

    assert "end_date" in _fields(response)
    cohort.refresh_from_db()
    assert cohort.name != "Renamed"
    assert cohort.end_date == datetime.date(2026, 12, 18)


def test_health_lists_the_warnings_for_staff(client, cohort, organizer, make_member):
    helper = make_member(Role.HELPER, helper_duty="Q&A triage").user

    response = _as(client, helper).get(f"{API}/cohorts/{cohort.slug}/health")

    assert response.status_code == 200
    assert response.json() == {"warnings": ["This cohort has no published group rules."]}


# --- Sub-groups ------------------------------------------------------------------------


def test_organizers_create_and_change_a_subgroup(client, organizer, cohort, east):
    _as(client, organizer)
    base = f"{API}/cohorts/{cohort.slug}/subgroups"

    created = client.post(
        f"{base}/",
        {"name": "East", "slug": "east", "dimension": "region", "region": "east", "capacity": 30},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["dimension_code"] == "east"
    assert created.json()["member_count"] == 0

    changed = client.patch(
        f"{base}/east",
        {"name": "East coast", "hidden_from_non_eligible": True, "capacity": None},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    subgroup = SubGroup.objects.get(cohort=cohort, slug="east")
    assert (subgroup.name, subgroup.hidden_from_non_eligible, subgroup.capacity) == (
        "East coast",
        True,
        None,
    )
    assert ModelLogEntry.objects.for_instance(subgroup).count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Again", "slug": "taken"}, "slug"),
        ({"name": "Reserved", "slug": "preview"}, "slug"),
        ({"name": "By region", "slug": "r", "dimension": "region"}, "region"),
        ({"name": "By level", "slug": "l", "dimension": "level", "level": "admiral"}, "level"),
        ({"name": "Big", "slug": "big", "capacity": -1}, "capacity"),
        ({"name": "Odd", "slug": "odd", "dimension": "shoe"}, "dimension"),
    ],
)
def test_a_bad_subgroup_is_refused_by_field_and_nothing_is_saved(
    client, organizer, cohort, body, field
):
    SubGroupFactory(cohort=cohort, slug="taken")

    response = _as(client, organizer).post(
        f"{API}/cohorts/{cohort.slug}/subgroups", body, content_type="application/json"
    )

    assert field in _fields(response)
    assert list(SubGroup.objects.values_list("slug", flat=True)) == ["taken"]


def test_a_subgroup_cannot_take_a_slug_its_cohort_uses(client, organizer, cohort):
    SubGroupFactory(cohort=cohort, slug="east", name="East")
    SubGroupFactory(cohort=cohort, slug="west", name="West")

    response = _as(client, organizer).patch(
        f"{API}/cohorts/{cohort.slug}/subgroups/west",
        {"slug": "east", "name": "Renamed"},
        content_type="application/json",
    )

    assert "slug" in _fields(response)
    assert SubGroup.objects.get(slug="west").name == "West"


# --- Entry rules -----------------------------------------------------------------------


def test_organizers_set_an_entry_rule_by_codes_and_read_it_whole(
    client, organizer, cohort, east, ladder
):
    _as(client, organizer)
    url = f"{API}/cohorts/{cohort.slug}/entry-rule"
    rule = {
        "min_level": "manager",
        "max_level": "director",
        "regions": ["east"],
        "hired_after": "2026-01-01",
        "approval_required": True,
        "approver": "person",
        "approver_user": organizer.profile.employee_id,
    }

    response = client.put(url, rule, content_type="application/json")

    assert response.status_code == 200, response.content
    conditions = client.get(url).json()["conditions"]
    assert conditions["min_level"] == "manager"
    assert conditions["regions"] == ["east"]
    assert conditions["approver_user"] == organizer.username
    # replacing it drops what is left out
    client.put(url, {"min_level": "senior"}, content_type="application/json")
    replaced = client.get(url).json()["conditions"]
    assert (replaced["regions"], replaced["approval_required"]) == ([], False)
    assert EntryRule.objects.filter(cohort=cohort).count() == 1


@pytest.mark.parametrize("day", [0, "0", "0001-01-01", "31/12/2026"])
def test_an_entry_rule_refuses_what_is_not_a_plausible_date(client, organizer, cohort, day):
    response = _as(client, organizer).put(
        f"{API}/cohorts/{cohort.slug}/entry-rule",
        {"hired_before": day},
        content_type="application/json",
    )

    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == ["hired_before"]
    assert not EntryRule.objects.filter(cohort=cohort).exists()


def test_members_see_their_verdict_not_the_rule(client, cohort, ladder, make_member):
    EntryRuleFactory(cohort=cohort, min_level=ladder["director"])
    member = make_member().user

    body = _as(client, member).get(f"{API}/cohorts/{cohort.slug}/entry-rule").json()

    assert body["is_set"] is True
    assert body["conditions"] is None
    assert body["for_you"] == {
        "eligible": False,
        "reasons": ["This group is for Director level and above; your level is Associate."],
    }


def test_a_subgroup_entry_rule_is_set_and_read(client, organizer, cohort, make_member):
    SubGroupFactory(cohort=cohort, slug="east")
    url = f"{API}/cohorts/{cohort.slug}/subgroups/east/entry-rule"

    response = _as(client, organizer).put(
        url, {"min_level": "senior", "invitation_only": True}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert EntryRule.objects.get(subgroup__slug="east").min_level.code == "senior"
    seen = _as(client, make_member().user).get(url).json()
    assert (seen["invitation_only"], seen["for_you"]["eligible"]) == (True, False)


@pytest.mark.parametrize(
    ("rule", "fields"),
    [
        ({"min_level": "admiral"}, {"min_level"}),
        ({"regions": ["east", "atlantis"], "departments": ["nope"]}, {"regions", "departments"}),
        ({"min_level": "director", "max_level": "senior"}, {"max_level"}),
        ({"hired_after": "2026-06-01", "hired_before": "2026-01-01"}, {"hired_before"}),
        ({"approver": "person"}, {"approver_user"}),
        ({"approver_user": "hr"}, {"approver_user"}),
        ({"approver": "person", "approver_user": "nobody-here"}, {"approver_user"}),
    ],
)
def test_a_bad_entry_rule_is_refused_by_field_and_nothing_is_saved(
    client, organizer, cohort, east, ladder, rule, fields
):
    response = _as(client, organizer).put(
        f"{API}/cohorts/{cohort.slug}/entry-rule", rule, content_type="application/json"
    )

    assert set(_fields(response)) == fields
    assert not EntryRule.objects.exists()


# --- Group rules -----------------------------------------------------------------------


def test_organizers_write_and_publish_the_group_rules(
    client, organizer, cohort, rules, make_member
):
    enforcer = make_member(Role.HELPER, helper_duty="Check-in supervision").user
    _as(client, organizer)
    base = f"{API}/cohorts/{cohort.slug}/rules"

    drafted = client.post(
        base,
        {
            "body": "Be kind. Answer newcomers within a day.",
            "enforcers": [enforcer.profile.employee_id, organizer.username],
        },
        content_type="application/json",
    )

    assert drafted.status_code == 201, drafted.content
    assert (drafted.json()["version"], drafted.json()["published_at"]) == (2, None)
    assert len(drafted.json()["enforcers"]) == 2
    assert client.get(base).json()["version"] == 1

    published = client.post(f"{base}/2/publish", content_type="application/json")

    assert published.status_code == 200, published.content
    assert published.json()["published_at"] is not None
    assert client.get(base).json()["version"] == 2
    assert MembershipEvent.objects.filter(action="charter_published", cohort=cohort).exists()


def test_subgroup_rules_are_written_and_published(client, organizer, cohort):
    SubGroupFactory(cohort=cohort, slug="east")
    _as(client, organizer)
    base = f"{API}/cohorts/{cohort.slug}/subgroups/east/rules"

    drafted = client.post(base, {"body": "East only."}, content_type="application/json")
    published = client.post(f"{base}/1/publish", content_type="application/json")

    assert drafted.status_code == 201
    assert drafted.json()["owner"]["employee_id"] == organizer.profile.employee_id
    assert published.status_code == 200
    assert client.get(base).json()["body"] == "East only."
    assert client.post(f"{base}/9/publish").status_code == 404


def test_rules_with_an_unknown_enforcer_are_not_saved(client, organizer, cohort):
    response = _as(client, organizer).post(
        f"{API}/cohorts/{cohort.slug}/rules",
        {"body": "Be kind.", "enforcers": ["ghost"]},
        content_type="application/json",
    )

    assert _fields(response)["enforcers"] == ["Nobody has the username or employee id: ghost."]
    assert not CharterVersion.objects.exists()


# --- Invitations -----------------------------------------------------------------------


def test_organizers_invite_people_by_employee_id(client, organizer, cohort):
    people = [EmployeeProfileFactory(), EmployeeProfileFactory()]

    response = _as(client, organizer).post(
        f"{API}/cohorts/{cohort.slug}/invitations",
        {"employee_ids": [p.employee_id for p in people], "role": "mentor"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["count"] == 2
    assert {(m["status"], m["role"]) for m in response.json()["items"]} == {("invited", "mentor")}
    assert MembershipEvent.objects.filter(action="invited").count() == 2


def test_invitations_are_all_or_nothing(client, organizer, cohort):
    known = EmployeeProfileFactory()
    gone = EmployeeProfileFactory(is_active=False)
    url = f"{API}/cohorts/{cohort.slug}/invitations"
    _as(client, organizer)

    unknown = client.post(
        url,
        {"employee_ids": [known.employee_id, "X-404", gone.employee_id]},
        content_type="application/json",
    )
    cohort.capacity = 1
    cohort.save()
    too_many = client.post(
        url,
        {"employee_ids": [known.employee_id, EmployeeProfileFactory().employee_id]},
        content_type="application/json",
    )

    message = _fields(unknown)["employee_ids"][0]
    assert "X-404" in message
    assert gone.employee_id in message
    assert "capacity" in _fields(too_many)
    assert not Membership.objects.filter(cohort=cohort).exists()


def test_the_core_team_invites_members_but_not_organizers(client, cohort, make_member):
    core = make_member(Role.CORE).user
    person = EmployeeProfileFactory()
    _as(client, core)
    url = f"{API}/cohorts/{cohort.slug}/invitations"

    refused = client.post(
        url,
        {"employee_ids": [person.employee_id], "role": "organizer"},
        content_type="application/json",
    )
    invited = client.post(
        url, {"employee_ids": [person.employee_id]}, content_type="application/json"
    )

    assert refused.status_code == 403
    assert invited.status_code == 201
    assert Membership.objects.get(user=person.user).role == Role.NEWCOMER


# --- Adding by rule --------------------------------------------------------------------


def test_preview_by_rule_counts_and_saves_nothing_then_adding_adds_them(
    client, organizer, cohort, east, ladder
):
    west = RegionFactory(code="west")
    hired = datetime.date(2026, 11, 2)
    matching = [
        EmployeeProfileFactory(region=east, hire_date=hired),
        EmployeeProfileFactory(region=east, hire_date=hired, level=ladder["senior"]),
    ]
    EmployeeProfileFactory(region=west, hire_date=hired)
    EmployeeProfileFactory(region=east, hire_date=datetime.date(2025, 1, 1))
    SubGroupFactory(cohort=cohort, slug="east")
    body = {
        "regions": ["east"],
        "levels": ["associate", "senior"],
        "hired_after": "2026-11-01",
        "subgroup": "east",
        "reason": "November intake, East",
    }
    _as(client, organizer)
    base = f"{API}/cohorts/{cohort.slug}/members/by-rule"

    preview = client.post(f"{base}/preview", body, content_type="application/json")

    assert preview.status_code == 200, preview.content
    assert preview.json()["count"] == 2
    assert {p["employee_id"] for p in preview.json()["items"]} == {p.employee_id for p in matching}
    assert not Membership.objects.filter(cohort=cohort).exists()

    added = client.post(base, body, content_type="application/json")

    assert added.json() == {"added": 2}
    assert Membership.objects.filter(cohort=cohort, status="active").count() == 2
    assert SubGroupMembership.objects.filter(subgroup__slug="east").count() == 2
    event = MembershipEvent.objects.filter(action="added_by_rule").first()
    assert event.changes["filters"]["regions"] == ["East"]
    assert (
        client.post(f"{base}/preview", body, content_type="application/json").json()["count"] == 0
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "filters"),
        ({"levels": ["admiral"]}, "levels"),
        ({"regions": ["atlantis"]}, "regions"),
        ({"hired_after": "2026-06-01", "hired_before": "2026-01-01"}, "hired_before"),
        ({"levels": ["associate"], "subgroup": "nowhere"}, "subgroup"),
    ],
)
def test_bad_add_by_rule_input_is_refused_and_adds_nobody(
    client, organizer, cohort, ladder, body, field
):
    EmployeeProfileFactory()
    _as(client, organizer)

    for url in ("by-rule/preview", "by-rule"):
        response = client.post(
            f"{API}/cohorts/{cohort.slug}/members/{url}", body, content_type="application/json"
        )
        assert field in _fields(response), url
    assert not Membership.objects.filter(cohort=cohort).exists()


# --- The audit log ---------------------------------------------------------------------


def test_the_audit_log_lists_what_happened_newest_first(client, organizer, cohort, rules):
    person = EmployeeProfileFactory()
    services.membership_invite(cohort=cohort, user=person.user, actor=organizer, reason="Welcome")
    services.cohort_transition(cohort=cohort, to_status="running", actor=organizer)
    _as(client, organizer)

    events = client.get(f"{API}/cohorts/{cohort.slug}/events").json()
    invited = client.get(f"{API}/cohorts/{cohort.slug}/events?action=invited").json()

    assert [e["action"] for e in events["items"]] == ["cohort_status", "invited"]
    assert events["items"][0]["changes"] == {"status": ["open", "running"]}
    assert invited["count"] == 1
    assert invited["items"][0]["member"]["employee_id"] == person.employee_id
    assert invited["items"][0]["actor"]["employee_id"] == organizer.profile.employee_id
    assert invited["items"][0]["reason"] == "Welcome"


# --- Who may not -----------------------------------------------------------------------


@pytest.fixture
def setup_world(cohort, organizer, rules, make_member, ladder):
    """A cohort with a sub-group, draft rules for both and someone to invite."""
    subgroup = SubGroupFactory(cohort=cohort, slug="east")
    services.charter_draft(body="Version two.", owner=organizer, actor=organizer, cohort=cohort)
    services.charter_draft(body="East rules.", owner=organizer, actor=organizer, subgroup=subgroup)
    invitee = EmployeeProfileFactory()
    return {"cohort": cohort, "subgroup": subgroup, "invitee": invitee}


def _organizer_calls(world) -> list[tuple[str, str, dict | None]]:
    base = f"{API}/cohorts/{world['cohort'].slug}"
    sub = f"{base}/subgroups/{world['subgroup'].slug}"
    return [
        ("patch", base, {"name": "Taken over"}),
        ("post", f"{base}/subgroups", {"name": "Mine", "slug": "mine"}),
        ("patch", sub, {"name": "Taken over"}),
        ("put", f"{base}/entry-rule", {"min_level": "director"}),
        ("put", f"{sub}/entry-rule", {"min_level": "director"}),
        ("post", f"{base}/rules", {"body": "My rules"}),
        ("post", f"{base}/rules/2/publish", None),
        ("post", f"{sub}/rules", {"body": "My rules"}),
        ("post", f"{sub}/rules/1/publish", None),
        ("post", f"{base}/invitations", {"employee_ids": [world["invitee"].employee_id]}),
        ("post", f"{base}/members/by-rule/preview", {"levels": ["associate"]}),
        ("post", f"{base}/members/by-rule", {"levels": ["associate"]}),
        ("get", f"{base}/events", None),
        ("get", f"{base}/health", None),
    ]


def _callers(who, make_member, outsider, staffer):
    return {
        "member": lambda: make_member().user,
        "outsider": lambda: outsider,
        "staff without permissions": lambda: staffer,
    }[who]()


@pytest.mark.parametrize("who", ["member", "outsider", "staff without permissions"])
def test_nobody_but_organizers_may_call_the_organizer_endpoints(
    client, setup_world, make_member, outsider, staffer, who
):
    # given a caller who can see the open cohort but does not organize it
    _as(client, _callers(who, make_member, outsider, staffer))
    before = _snapshot()
    wrong = []
    # when they call every organizer endpoint
    for method, url, body in _organizer_calls(setup_world):
        response = _send(client, method, url, body)
        if response.status_code != 403:
            wrong.append(f"{method.upper()} {url}: {response.status_code}")
    create = client.post(
        f"{API}/cohorts",
        {
            "program_id": setup_world["cohort"].program_id,
            "name": "Mine",
            "slug": "mine",
            "start_date": "2027-01-01",
            "end_date": "2027-02-01",
        },
        content_type="application/json",
    )
    # then each is refused and nothing changed
    assert not wrong, wrong
    assert create.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["member", "outsider", "staff without permissions"])
def test_a_draft_cohort_is_unknown_to_those_who_do_not_run_it(
    client, setup_world, make_member, outsider, staffer, who
):
    caller = _callers(who, make_member, outsider, staffer)
    Cohort.objects.filter(pk=setup_world["cohort"].pk).update(status=Cohort.Status.DRAFT)
    _as(client, caller)
    before = _snapshot()

    statuses = {
        f"{method.upper()} {url}": _send(client, method, url, body).status_code
        for method, url, body in _organizer_calls(setup_world)
    }

    assert set(statuses.values()) == {404}, statuses
    assert _snapshot() == before


def test_a_helper_reads_health_but_cannot_change_the_cohort(client, setup_world, make_member):
    helper = make_member(Role.HELPER, helper_duty="Summaries").user
    _as(client, helper)
    base = f"{API}/cohorts/{setup_world['cohort'].slug}"

    assert client.get(f"{base}/health").status_code == 200
    assert client.get(f"{base}/events").status_code == 403
    assert _send(client, "patch", base, {"name": "Mine"}).status_code == 403


def test_organizers_of_one_cohort_cannot_organize_another(client, setup_world, make_member):
    other = CohortFactory()
    organizer_elsewhere = make_member(Role.ORGANIZER, target=other).user

    response = _as(client, organizer_elsewhere).patch(
        f"{API}/cohorts/{setup_world['cohort'].slug}",
        {"name": "Mine"},
        content_type="application/json",
    )

    assert response.status_code == 403


# --- Query counts at two sizes ----------------------------------------------------------


def _bulk_people(count: int, ladder, region) -> list[User]:
    prefix = f"bulk-{region.code}"
    User.objects.bulk_create(
        [User(username=f"{prefix}-{i}", email=f"{prefix}-{i}@guild.test") for i in range(count)]
    )
    users = list(User.objects.filter(username__startswith=f"{prefix}-").order_by("pk"))
    EmployeeProfile.objects.bulk_create(
        [
            EmployeeProfile(
                user=user,
                employee_id=f"{prefix}-{i:05d}",
                full_name=f"Person {i:05d}",
                email=user.email,
                level=ladder["associate"],
                region=region,
            )
            for i, user in enumerate(users)
        ]
    )
    return users


@pytest.mark.parametrize("size", [10, 1000])
def test_the_audit_log_costs_the_same_at_any_size(
    client, organizer, cohort, ladder, east, size, django_assert_max_num_queries
):
    users = _bulk_people(size, ladder, east)
    now = timezone.now()
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user=user, status="active", joined_at=now) for user in users]
    )
    subgroup = SubGroupFactory(cohort=cohort)
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                cohort=cohort,
                membership=membership,
                subgroup=subgroup,
                actor=organizer,
                action=MembershipEvent.Action.ADDED_BY_RULE,
            )
            for membership in Membership.objects.filter(cohort=cohort)
        ]
    )
    _as(client, organizer)

    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/cohorts/{cohort.slug}/events?page_size=100")

    assert response.json()["count"] == size
    assert len(response.json()["items"]) == min(size, 100)


@pytest.mark.parametrize("size", [10, 1000])
def test_the_add_by_rule_preview_costs_the_same_at_any_size(
    client, organizer, cohort, ladder, east, size, django_assert_max_num_queries
):
    _bulk_people(size, ladder, east)
    _as(client, organizer)

    with django_assert_max_num_queries(10):
        response = client.post(
            f"{API}/cohorts/{cohort.slug}/members/by-rule/preview",
            {"regions": ["east"], "levels": ["associate", "senior"]},
            content_type="application/json",
        )

    assert response.json()["count"] == size
    assert len(response.json()["items"]) == min(size, 50)
    assert not Membership.objects.filter(cohort=cohort).exists()


def test_session_times_are_wall_clock_text_in_the_schema_and_the_data(client, organizer, cohort):
    # The schema promises HH:MM text (format: time would demand an offset) ...
    schema = client.get(f"{API}/openapi.json").json()
    declared = schema["components"]["schemas"]["CohortSetupOut"]["properties"]["session_start"]
    assert declared["type"] == "string"
    assert "format" not in declared
    # ... reads only that form, and says which field is wrong otherwise
    url = f"{API}/cohorts/{cohort.slug}"
    client = _as(client, organizer)
    refused = client.patch(url, {"session_start": "7pm"}, content_type="application/json")
    changed = client.patch(url, {"session_start": "18:45"}, content_type="application/json")

    assert refused.status_code == 400
    assert "session_start" in refused.json()["error"]["fields"]
    assert changed.json()["session_start"] == "18:45"


@pytest.mark.parametrize(
    "path",
    [
        "/programs/9223372036854775808",
        "/memberships/9223372036854775808/approve",
        "/reports/99999999999999999999/decide",
        "/subgroup-requests/9223372036854775808/approve",
    ],
)
def test_integers_past_the_database_range_are_refused_not_crashed(client, organizer, path):
    response = _as(client, organizer).post(f"{API}{path}", {}, content_type="application/json")
    if path.startswith("/programs/"):
        response = client.get(f"{API}{path}")

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"


def test_a_report_naming_an_id_past_the_range_is_refused(client, cohort, make_member):
    body = {"target_post_id": 2**63, "reason": "x"}
    response = _as(client, make_member().user).post(
        f"{API}/cohorts/{cohort.slug}/reports", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert "target_post_id" in response.json()["error"]["fields"]
