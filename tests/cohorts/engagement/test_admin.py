"""HR sets up check-in tasks and points in the admin and reads the check-ins, with a CSV
export; organizers see their own cohorts' rows only."""

import datetime as dt

import pytest

from cohorts.engagement import services
from cohorts.engagement.models import CheckinTask, PointsRule

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_hr_creates_a_task_sets_points_and_exports_the_check_ins(
    client, running_in, task_in, newcomer_of, clock, organizer
):
    cohort = running_in("Asia/Shanghai")
    client.force_login(organizer)

    created = client.post(
        "/admin/engagement/checkin-tasks/new/",
        {
            "cohort": cohort.pk,
            "title": "Daily reading",
            "instructions": "",
            "kind": "reading",
            "active": "on",
            "frequency": "daily",
            "weekday": "4",
            "due_time": "21:00",
            "reminder_time": "",
            "starts_on": "",
            "ends_on": "",
            "lateness": "late_window",
            "late_hours": "3",
            "supervisor_duty": "check-in",
        },
    )
    bad_points = client.post(
        "/admin/engagement/points-rules/new/",
        {"cohort": cohort.pk, "rule": "checkin_missed", "points": "-5000", "enabled": "on"},
    )
    client.post(
        "/admin/engagement/points-rules/new/",
        {"cohort": cohort.pk, "rule": "checkin_missed", "points": "-3", "enabled": "on"},
    )
    task = CheckinTask.objects.get(cohort=cohort)
    clock.set(dt.datetime(2026, 10, 20, 4, 0, tzinfo=UTC))
    services.checkin_submit(task=task, user=newcomer_of(task), book="三体", text="读完了。")
    listing = client.get("/admin/engagement/checkins/")
    export = client.get("/admin/engagement/checkins/?export=csv")

    assert created.status_code == 302
    assert bad_points.status_code == 200
    assert PointsRule.objects.get().points == -3
    assert services.points_for(cohort=cohort, rule="checkin_missed") == -3
    assert listing.status_code == 200
    assert "三体" in b"".join(export.streaming_content).decode()
