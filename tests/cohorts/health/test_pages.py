"""The dashboard's pages, export, goals and API: who sees them, what they show, what
they refuse, and what they cost at two sizes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from cohorts.health.models import HealthGoal
from cohorts.health.services import goal_set
from cohorts.models import Membership
from tests.cohorts.factories import MembershipFactory
from tests.learning.factories import EmployeeProfileFactory

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 80


def _member(cohort, role):
    user = EmployeeProfileFactory().user
    MembershipFactory(cohort=cohort, user=user, role=role)
    return user


@pytest.fixture
def cohort(build_cohort):
    return build_cohort(100)


@pytest.mark.parametrize("size", [100, 10_000])
def test_the_dashboard_page_costs_the_same_at_any_size(
    build_cohort, client, size, django_assert_max_num_queries
):
    cohort = build_cohort(size)
    client.force_login(_member(cohort, Membership.Role.CORE))
    url = reverse("health:dashboard", args=[cohort.slug])

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert b"<svg" in response.content


def test_the_operations_team_sees_charts_numbers_and_key_members(cohort, client):
    client.force_login(_member(cohort, Membership.Role.HELPER))

    response = client.get(reverse("health:dashboard", args=[cohort.slug]))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="metric-active_rate"' in page
    assert "<title" in page  # every chart has a title
    assert "<details" in page  # and its numbers as a table
    assert "Person 1" in page
    # Each key member can be invited into planning (the operations room's page).
    carrier = Membership.objects.get(cohort=cohort, sort_name="Person 1")
    assert reverse("operations:planning_invite", args=[cohort.slug, carrier.pk]) in page
    # Helpers read the goals but do not set them.
    assert 'data-testid="goal-form"' not in page


@pytest.mark.parametrize("role", [Membership.Role.NEWCOMER, Membership.Role.MENTOR])
def test_members_who_do_not_run_the_cohort_are_refused(cohort, client, role):
    client.force_login(_member(cohort, role))

    assert client.get(reverse("health:dashboard", args=[cohort.slug])).status_code == 403
    assert client.get(reverse("health:export", args=[cohort.slug, "csv"])).status_code == 403


def test_the_cohort_home_links_the_dashboard_for_staff_only(cohort, client):
    client.force_login(_member(cohort, Membership.Role.PLANNING))
    assert (
        'data-testid="health-link"'
        in client.get(reverse("cohorts:home", args=[cohort.slug])).content.decode()
    )
    client.force_login(_member(cohort, Membership.Role.NEWCOMER))
    assert (
        'data-testid="health-link"'
        not in client.get(reverse("cohorts:home", args=[cohort.slug])).content.decode()
    )


def test_planning_sets_a_goal_and_bad_input_names_the_field(cohort, client):
    planner = _member(cohort, Membership.Role.PLANNING)
    client.force_login(planner)
    url = reverse("health:goal_set", args=[cohort.slug])

    bad = client.post(url, {"metric": "active_rate", "target": "140", "due_on": "2026-12-01"})
    late = client.post(url, {"metric": "active_rate", "target": "80", "due_on": "2027-05-01"})
    good = client.post(url, {"metric": "active_rate", "target": "80", "due_on": "2026-12-18"})

    assert bad.status_code == 400
    assert "A share cannot be more than 100%." in bad.content.decode()
    assert late.status_code == 400
    assert "while the cohort runs" in late.content.decode()
    assert good.status_code == 302
    goal = HealthGoal.objects.get(cohort=cohort)
    assert (goal.metric, float(goal.target), goal.set_by) == ("active_rate", 80.0, planner)
    page = client.get(reverse("health:dashboard", args=[cohort.slug])).content.decode()
    assert 'data-testid="goal-active_rate"' in page

    client.post(reverse("health:goal_remove", args=[cohort.slug, goal.pk]))
    assert not HealthGoal.objects.exists()


def test_a_helper_may_not_set_goals(cohort, client):
    client.force_login(_member(cohort, Membership.Role.HELPER))

    response = client.post(
        reverse("health:goal_set", args=[cohort.slug]),
        {"metric": "kudos", "target": "10", "due_on": "2026-12-18"},
    )

    assert response.status_code == 403
    assert not HealthGoal.objects.exists()


def test_the_export_writes_every_number_and_no_formula(cohort, client):
    organizer = Membership.objects.get(cohort=cohort, role=Membership.Role.ORGANIZER).user
    cohort.name = "=HYPERLINK(1)"
    cohort.save(update_fields=["name"])
    goal_set(
        actor=organizer, cohort=cohort, metric="kudos", target=10, due_on=dt.date(2026, 12, 18)
    )
    client.force_login(organizer)

    response = client.get(reverse("health:export", args=[cohort.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    xlsx = client.get(reverse("health:export", args=[cohort.slug, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active

    assert rows[0] == ["Section", "For", "Metric", "Unit", "Value", "Shown as"]
    now = {row[2]: row for row in rows if row[0] == "Now"}
    assert now["Members"][4] == "100.0"
    assert now["Members"][1] == "'=HYPERLINK(1)"
    assert any(row[0] == "Goals" and row[2] == "Kudos given" for row in rows)
    assert sheet.max_row == len(rows)


def test_hr_reads_the_admin_dashboard_and_the_program(cohort, client, organizer):
    client.force_login(organizer)

    index = client.get(reverse("health_index"))
    page = client.get(reverse("health_cohort", args=[cohort.pk]))
    program = client.get(reverse("health_program", args=[cohort.program_id]))
    listing = client.get(reverse("cohorts_cohort:index"))

    assert index.status_code == 200
    assert cohort.name in index.content.decode()
    assert page.status_code == 200
    assert b"<svg" in page.content
    assert program.status_code == 200
    assert b"<svg" in program.content
    assert reverse("health_cohort", args=[cohort.pk]) in listing.content.decode()


def test_the_api_reads_metrics_trends_and_sets_goals(cohort, client):
    core = _member(cohort, Membership.Role.CORE)
    client.force_login(core)
    base = f"/api/v1/cohorts/{cohort.slug}/health"

    metrics = client.get(f"{base}/metrics").json()
    trends = client.get(f"{base}/trends").json()
    bad = client.put(
        f"{base}/goals/kudos",
        {"target": -3, "due_on": "2026-12-18"},
        content_type="application/json",
    )
    unknown = client.put(
        f"{base}/goals/nonsense",
        {"target": 3, "due_on": "2026-12-18"},
        content_type="application/json",
    )
    put = client.put(
        f"{base}/goals/kudos",
        {"target": 8, "due_on": "2026-12-18", "note": "One a day"},
        content_type="application/json",
    )
    listed = client.get(f"{base}/goals").json()
    deleted = client.delete(f"{base}/goals/kudos")

    assert {m["code"]: m["value"] for m in metrics["metrics"]}["members"] == 101
    assert [p["week_of"] for p in trends[0]["points"]][0] == "2026-11-02"
    assert bad.status_code == 400
    assert "target" in bad.content.decode()
    assert unknown.status_code == 400
    assert "metric" in unknown.content.decode()
    assert put.status_code == 200
    assert put.json()["status"] == "on_track"
    assert [g["metric"] for g in listed] == ["kudos"]
    assert deleted.status_code == 204
    assert not HealthGoal.objects.exists()
    assert (
        "/api/v1/cohorts/{slug}/health/metrics"
        in client.get("/api/v1/openapi.json").json()["paths"]
    )
