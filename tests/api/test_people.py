"""The people directory endpoints: filters, privacy, lookups, and bounded queries."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from tests.learning.factories import (
    DepartmentFactory,
    EmployeeProfileFactory,
    ProjectTeamFactory,
    RegionFactory,
    SubsidiaryFactory,
    UserFactory,
    level_ladder,
)

pytestmark = pytest.mark.django_db


def employee_ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["employee_id"] for item in response.json()["items"]]


def make_hr(user):
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_employeeprofile"))
    return user


@pytest.fixture
def viewer(bearer_client):
    """An ordinary employee and their API client."""
    profile = EmployeeProfileFactory(employee_id="VIEWER", full_name="Vera Viewer")
    return profile, bearer_client(profile.user)


# --- listing and filters -----------------------------------------------------------------


def test_the_list_shows_work_fields_by_name(viewer):
    profile, client = viewer
    north = RegionFactory(code="north", name="North")
    EmployeeProfileFactory(employee_id="A1", full_name="Zoe Zimmer", region=north)
    EmployeeProfileFactory(employee_id="A2", full_name="Adam Abbott", manager=profile)

    response = client.get("/api/v1/people")

    body = response.json()
    assert body["count"] == 3
    assert [item["full_name"] for item in body["items"]] == [
        "Adam Abbott",
        "Vera Viewer",
        "Zoe Zimmer",
    ]
    zoe = body["items"][2]
    assert zoe["region"] == {"code": "north", "name": "North", "display_name": "North"}
    assert zoe["level"]["code"] == "associate"
    assert body["items"][0]["manager"] == {
        "employee_id": "VIEWER",
        "full_name": "Vera Viewer",
        "title": profile.title,
    }


def test_the_list_is_paginated(viewer):
    _profile, client = viewer
    EmployeeProfileFactory.create_batch(4)

    first = client.get("/api/v1/people", {"page_size": 2})
    third = client.get("/api/v1/people", {"page_size": 2, "page": 3})

    assert first.json()["count"] == 5
    assert len(first.json()["items"]) == 2
    assert len(third.json()["items"]) == 1


def test_filter_by_level_and_by_rank(viewer):
    _profile, client = viewer
    ladder = level_ladder()
    EmployeeProfileFactory(employee_id="MGR", level=ladder["manager"])
    EmployeeProfileFactory(employee_id="DIR", level=ladder["director"])
    EmployeeProfileFactory(employee_id="EXE", level=ladder["executive"])

    assert employee_ids(client.get("/api/v1/people", {"level": "director"})) == ["DIR"]
    assert sorted(employee_ids(client.get("/api/v1/people", {"min_level": "director"}))) == [
        "DIR",
        "EXE",
    ]
    assert sorted(
        employee_ids(client.get("/api/v1/people", {"min_level": "senior", "max_level": "director"}))
    ) == ["DIR", "MGR"]


@pytest.mark.parametrize(
    ("param", "factory", "field"),
    [
        ("region", RegionFactory, "region"),
        ("subsidiary", SubsidiaryFactory, "subsidiary"),
        ("department", DepartmentFactory, "department"),
        ("project_team", ProjectTeamFactory, "project_team"),
    ],
)
def test_filter_by_org_unit_code(viewer, param, factory, field):
    _profile, client = viewer
    unit = factory(code="wanted")
    EmployeeProfileFactory(employee_id="IN", **{field: unit})
    EmployeeProfileFactory(employee_id="OUT")

    assert employee_ids(client.get("/api/v1/people", {param: "wanted"})) == ["IN"]
    assert employee_ids(client.get("/api/v1/people", {param: "nobody-has-this"})) == []


def test_filter_by_manager(viewer):
    profile, client = viewer
    boss = EmployeeProfileFactory(employee_id="BOSS")
    EmployeeProfileFactory(employee_id="R1", manager=boss)
    EmployeeProfileFactory(employee_id="R2", manager=boss)
    EmployeeProfileFactory(employee_id="R3", manager=profile)

    assert sorted(employee_ids(client.get("/api/v1/people", {"manager": "BOSS"}))) == [
        "R1",
        "R2",
    ]


def test_filter_by_hire_date_range_inclusive_for_hr(bearer_client):
    hr = make_hr(EmployeeProfileFactory(employee_id="HR").user)
    client = bearer_client(hr)
    for employee_id, day in [("JAN", 1), ("FEB", 2), ("MAR", 3)]:
        EmployeeProfileFactory(employee_id=employee_id, hire_date=datetime.date(2025, day, 15))

    ids = employee_ids(
        client.get("/api/v1/people", {"hired_after": "2025-02-15", "hired_before": "2025-03-15"})
    )
    assert sorted(ids) == ["FEB", "MAR"]


def test_a_hire_date_filter_cannot_bisect_a_private_hire_date(viewer):
    # Given a director whose hire date the viewer may not see
    _profile, client = viewer
    EmployeeProfileFactory(employee_id="DIR", hire_date=datetime.date(2019, 6, 3))
    # When the viewer narrows the window around the exact day
    ids = employee_ids(
        client.get("/api/v1/people", {"hired_after": "2019-06-03", "hired_before": "2019-06-03"})
    )
    # Then the filter finds nobody: it matches only hire dates the viewer may see
    assert ids == []


def test_a_manager_filters_their_own_reports_by_hire_date(bearer_client):
    boss = EmployeeProfileFactory(employee_id="BOSS", hire_date=datetime.date(2010, 1, 4))
    lead = EmployeeProfileFactory(
        employee_id="LEAD", manager=boss, hire_date=datetime.date(2020, 5, 1)
    )
    EmployeeProfileFactory(employee_id="DEEP", manager=lead, hire_date=datetime.date(2024, 5, 1))
    EmployeeProfileFactory(employee_id="OTHER", hire_date=datetime.date(2024, 5, 1))
    client = bearer_client(boss.user)

    ids = employee_ids(client.get("/api/v1/people", {"hired_after": "2015-01-01"}))

    assert sorted(ids) == ["DEEP", "LEAD"]


def test_filter_by_active(viewer):
    _profile, client = viewer
    EmployeeProfileFactory(employee_id="GONE", is_active=False)

    assert "GONE" not in employee_ids(client.get("/api/v1/people"))
    assert employee_ids(client.get("/api/v1/people", {"active": "false"})) == ["GONE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("quill", ["Q1"]), ("q2", ["Q2"]), ("ACCOUNT MANAGER", ["Q3"]), ("", ["Q1", "Q2", "Q3"])],
)
def test_search_by_name_employee_id_or_title(bearer_client, text, expected):
    EmployeeProfileFactory(employee_id="Q1", full_name="Quentin Quill")
    EmployeeProfileFactory(employee_id="Q2", full_name="Rosa Q")
    EmployeeProfileFactory(employee_id="Q3", full_name="Sam Stone", title="Key account manager")
    client = bearer_client(make_hr(UserFactory()))

    assert sorted(employee_ids(client.get("/api/v1/people", {"q": text}))) == expected


def test_search_by_email_is_for_hr_only(viewer, bearer_client):
    _profile, client = viewer
    EmployeeProfileFactory(employee_id="MAIL", user=UserFactory(email="hidden.address@guild.test"))
    hr_client = bearer_client(make_hr(UserFactory()))

    assert employee_ids(hr_client.get("/api/v1/people", {"q": "hidden.address"})) == ["MAIL"]
    assert employee_ids(client.get("/api/v1/people", {"q": "hidden.address"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"hired_after": "notadate"}, "hired_after"),
        ({"hired_before": "2025-13-01"}, "hired_before"),
        ({"active": "perhaps"}, "active"),
        ({"page": "0"}, "page"),
        ({"page_size": "lots"}, "page_size"),
        ({"level": "admiral"}, "level"),
        ({"min_level": "admiral"}, "min_level"),
        ({"max_level": "nope"}, "max_level"),
        ({"hired_after": "2025-05-01", "hired_before": "2025-01-01"}, "hired_before"),
        ({"q": "x" * 101}, "q"),
        # seconds since 1970 or years nobody was hired in are not hire dates
        ({"hired_before": "0"}, "hired_before"),
        ({"hired_after": "1700000000"}, "hired_after"),
        ({"hired_after": "0001-01-01"}, "hired_after"),
        ({"hired_before": "9999-12-31"}, "hired_before"),
    ],
)
def test_bad_query_parameters_get_400_naming_the_field(viewer, params, field):
    _profile, client = viewer

    response = client.get("/api/v1/people", params)

    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert error["fields"][field][0]


def test_an_account_outside_the_directory_is_refused(bearer_client):
    client = bearer_client(UserFactory())
    for path in ["/api/v1/people", "/api/v1/people/levels", "/api/v1/people/VIEWER"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert response.json()["error"]["code"] == "forbidden"


def test_someone_who_has_left_is_refused(bearer_client):
    client = bearer_client(EmployeeProfileFactory(is_active=False).user)
    assert client.get("/api/v1/people").status_code == 403


def test_staff_without_the_directory_permission_and_without_a_profile_is_refused(
    bearer_client,
):
    client = bearer_client(UserFactory(is_staff=True))
    assert client.get("/api/v1/people").status_code == 403


def test_hr_without_a_profile_may_browse(bearer_client):
    EmployeeProfileFactory(employee_id="SOMEONE")
    client = bearer_client(make_hr(UserFactory()))
    assert employee_ids(client.get("/api/v1/people")) == ["SOMEONE"]


# --- privacy of e-mail and hire date -----------------------------------------------------


@pytest.fixture
def chain():
    """A reporting chain: director <- manager <- newcomer, and a peer of the manager."""
    director = EmployeeProfileFactory(employee_id="DIR")
    manager = EmployeeProfileFactory(employee_id="MGR", manager=director)
    newcomer = EmployeeProfileFactory(employee_id="NEW", manager=manager)
    peer = EmployeeProfileFactory(employee_id="PEER", manager=director)
    return {"director": director, "manager": manager, "newcomer": newcomer, "peer": peer}


def private_by_id(client) -> dict[str, bool]:
    response = client.get("/api/v1/people")
    assert response.status_code == 200
    return {
        item["employee_id"]: item["email"] is not None and item["hire_date"] is not None
        for item in response.json()["items"]
    }


def test_an_employee_sees_only_their_own_private_details(chain, bearer_client):
    client = bearer_client(chain["newcomer"].user)
    assert private_by_id(client) == {"DIR": False, "MGR": False, "NEW": True, "PEER": False}


def test_a_manager_sees_their_reports_private_details(chain, bearer_client):
    client = bearer_client(chain["manager"].user)
    assert private_by_id(client) == {"DIR": False, "MGR": True, "NEW": True, "PEER": False}


def test_a_skip_level_manager_sees_the_whole_chain_below(chain, bearer_client):
    client = bearer_client(chain["director"].user)
    assert private_by_id(client) == {"DIR": True, "MGR": True, "NEW": True, "PEER": True}


def test_hr_sees_everyone_s_private_details(chain, bearer_client):
    client = bearer_client(make_hr(UserFactory()))
    assert set(private_by_id(client).values()) == {True}


def test_a_superuser_sees_everyone_s_private_details(chain, bearer_client, superuser):
    assert set(private_by_id(bearer_client(superuser)).values()) == {True}


def test_the_detail_follows_the_same_rule(chain, bearer_client):
    newcomer = chain["newcomer"]
    as_peer = bearer_client(chain["peer"].user).get("/api/v1/people/NEW").json()
    as_manager = bearer_client(chain["manager"].user).get("/api/v1/people/NEW").json()

    assert as_peer["email"] is None
    assert as_peer["hire_date"] is None
    assert as_peer["full_name"] == newcomer.full_name
    assert as_manager["email"] == newcomer.email
    assert as_manager["hire_date"] == newcomer.hire_date.isoformat()


# --- detail and lookups ------------------------------------------------------------------


def test_the_detail_has_the_manager_and_the_count_of_active_reports(chain, bearer_client):
    EmployeeProfileFactory(manager=chain["manager"], is_active=False)
    client = bearer_client(chain["peer"].user)

    body = client.get("/api/v1/people/MGR").json()

    assert body["employee_id"] == "MGR"
    assert body["manager"]["employee_id"] == "DIR"
    assert body["direct_reports_count"] == 1
    assert body["time_zone"]


def test_an_unknown_employee_id_gets_404(viewer):
    _profile, client = viewer
    response = client.get("/api/v1/people/NOBODY")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_level_ladder_is_in_rank_order(viewer):
    _profile, client = viewer
    body = client.get("/api/v1/people/levels").json()
    assert [item["code"] for item in body["items"]] == [
        "associate",
        "senior",
        "manager",
        "director",
        "executive",
    ]
    assert body["items"][0] == {
        "code": "associate",
        "name": "Associate",
        "display_name": "Associate",
        "rank": 10,
    }


@pytest.mark.parametrize(
    ("path", "factory"),
    [
        ("regions", RegionFactory),
        ("subsidiaries", SubsidiaryFactory),
        ("departments", DepartmentFactory),
        ("project-teams", ProjectTeamFactory),
    ],
)
def test_org_unit_lookups_by_name(viewer, path, factory):
    _profile, client = viewer
    factory(code="zz", name="Zulu")
    factory(code="aa", name="Alpha")

    body = client.get(f"/api/v1/people/{path}").json()

    names = [item["name"] for item in body["items"]]
    assert names == sorted(names)
    assert {"code": "zz", "name": "Zulu", "display_name": "Zulu"} in body["items"]


# --- cost --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 60])
def test_the_list_costs_the_same_queries_at_any_size(
    bearer_client, django_assert_max_num_queries, size
):
    # given a manager whose reports (and their reports) fill the directory
    director = EmployeeProfileFactory(employee_id="DIRECTOR")
    managers = EmployeeProfileFactory.create_batch(3, manager=director)
    for n in range(size):
        EmployeeProfileFactory(manager=managers[n % 3], project_team=ProjectTeamFactory())
    client = bearer_client(director.user)
    client.get("/api/v1/people")  # the token's first use records its time once

    # when the whole directory is listed on one page, filtered by rank
    # (token, own profile, has reports, ladder, count, the page's ids then its rows, one
    # level of the chain)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/people", {"page_size": 100, "min_level": "associate"})

    # then every row is there, with private details the chain allows
    body = response.json()
    assert body["count"] == size + 4
    assert all(item["email"] for item in body["items"])


@pytest.mark.parametrize("size", [5, 60])
def test_the_detail_costs_the_same_queries_at_any_size(
    bearer_client, django_assert_max_num_queries, size
):
    boss = EmployeeProfileFactory(employee_id="BOSS")
    EmployeeProfileFactory.create_batch(size, manager=boss)
    client = bearer_client(EmployeeProfileFactory(manager=boss).user)
    client.get("/api/v1/me")

    # (token, the person with their report count, own profile, has reports)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/people/BOSS")

    assert response.json()["direct_reports_count"] == size + 1


def test_levels_and_units_add_their_name_in_the_callers_language(bearer_client):
    senior = level_ladder()["senior"]
    senior.name_translations = {"ru": "Старший специалист"}
    senior.save()
    profile = EmployeeProfileFactory(
        level=senior, preferred_language="ru", region=RegionFactory(name="East China")
    )
    profile.region.name_translations = {"ru": "Восточный Китай"}
    profile.region.save()
    client = bearer_client(profile.user)
    levels = client.get("/api/v1/people/levels").json()["items"]
    item = next(i for i in levels if i["code"] == "senior")
    assert (item["name"], item["display_name"]) == ("Senior", "Старший специалист")
    person = client.get(f"/api/v1/people/{profile.employee_id}").json()
    assert person["region"]["display_name"] == "Восточный Китай"
    assert person["region"]["name"] == "East China"
