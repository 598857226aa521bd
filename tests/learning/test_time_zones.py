"""Each person's time zone: from the import, else their region, else the company."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learning.importing import EmployeeFileRejected, employee_rows_import, employees_import_file
from learning.models import EmployeeProfile, Region
from learning.notifications import services
from learning.notifications.models import Delivery
from learning.notifications.services import delivery as delivery_module
from tests.learning.factories import EmployeeProfileFactory, RegionFactory

UTC = dt.UTC


def row(employee_id, **values):
    return {
        "employee_id": employee_id,
        "name": f"Person {employee_id}",
        "email": f"{employee_id.lower()}@corp.test",
        "level": "associate",
        **values,
    }


def zone_of(employee_id) -> str:
    return EmployeeProfile.objects.select_related("region").get(employee_id=employee_id).zone_name


@pytest.mark.django_db
def test_london_and_athens_employees_get_their_own_zones_from_the_file(ladder, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "工号,姓名,邮箱,职级,时区\n"
        "L1,Oliver Smith,oliver@corp.test,associate,Europe/London\n"
        "A1,Eleni Papadopoulou,eleni@corp.test,associate,europe/athens\n"
        "S1,王芳,wang@corp.test,associate,\n",
        encoding="utf-8",
    )

    employees_import_file(path=path)

    assert zone_of("L1") == "Europe/London"
    assert zone_of("A1") == "Europe/Athens"
    assert zone_of("S1") == "Asia/Shanghai"  # GUILD_TIME_ZONE, nothing else said


@pytest.mark.django_db
def test_a_bad_zone_is_a_row_and_column_problem_and_nothing_is_saved(ladder):
    with pytest.raises(EmployeeFileRejected) as rejected:
        employee_rows_import(
            rows=[row("L1", time_zone="Europe/London"), row("X1", time_zone="London time")]
        )

    assert [(p.row, p.column) for p in rejected.value.problems] == [(3, "time_zone")]
    assert "London time" in rejected.value.problems[0].reason
    assert not EmployeeProfile.objects.exists()


@pytest.mark.django_db
def test_people_without_a_zone_follow_their_region_then_the_company(ladder, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    RegionFactory(code="uk", name="United Kingdom", time_zone="Europe/London")
    RegionFactory(code="east", name="East China")

    employee_rows_import(rows=[row("L1", region="uk"), row("S1", region="east"), row("N1")])

    assert zone_of("L1") == "Europe/London"
    assert zone_of("S1") == "Asia/Shanghai"
    assert zone_of("N1") == "Asia/Shanghai"
    # HR moves the region: everyone in it who has no zone of their own moves with it.
    Region.objects.filter(code="uk").update(time_zone="Europe/Dublin")
    assert zone_of("L1") == "Europe/Dublin"


@pytest.mark.django_db
def test_reimporting_keeps_an_explicit_zone(ladder):
    employee_rows_import(rows=[row("A1", time_zone="Europe/Athens")])

    employee_rows_import(rows=[row("A1")])
    employee_rows_import(rows=[row("A1", time_zone="")])

    assert zone_of("A1") == "Europe/Athens"


@pytest.mark.django_db
def test_a_region_zone_is_validated_in_the_admin(client, superuser):
    region = RegionFactory(code="uk", name="United Kingdom")
    client.force_login(superuser)
    url = reverse("learning_regions:edit", args=[region.pk])

    refused = client.post(
        url, {"name": "United Kingdom", "code": "uk", "time_zone": "Mars/Olympus"}
    )
    saved = client.post(url, {"name": "United Kingdom", "code": "uk", "time_zone": "Europe/London"})

    assert refused.status_code == 200
    assert "time_zone" in refused.context["form"].errors
    assert saved.status_code == 302
    region.refresh_from_db()
    assert region.time_zone == "Europe/London"
    with pytest.raises(ValidationError):
        Region(code="x", name="X", time_zone="Mars/Olympus").full_clean()


@pytest.mark.django_db
def test_the_signed_in_persons_pages_use_their_zone(client):
    person = EmployeeProfileFactory(region=RegionFactory(time_zone="Europe/London"))
    client.force_login(person.user)

    response = client.get("/api/v1/people/" + person.employee_id)

    assert response.json()["time_zone"] == "Europe/London"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "utc_now", "outcome", "resumes_at_utc"),
    [
        # 22:30 UTC on a January evening: 22:30 in London, 00:30 in Athens, 06:30 in Shanghai.
        ("Europe/London", (2030, 1, 15, 22, 30), "deferred", (2030, 1, 16, 7, 0)),
        ("Europe/Athens", (2030, 1, 15, 22, 30), "deferred", (2030, 1, 16, 5, 0)),
        ("Asia/Shanghai", (2030, 1, 15, 22, 30), "deferred", (2030, 1, 15, 23, 0)),
        # 06:30 UTC: still night in London, morning in Athens.
        ("Europe/London", (2030, 1, 16, 6, 30), "deferred", (2030, 1, 16, 7, 0)),
        ("Europe/Athens", (2030, 1, 16, 6, 30), "sent", None),
    ],
)
def test_quiet_hours_fire_at_the_persons_local_hour(
    monkeypatch, zone, utc_now, outcome, resumes_at_utc
):
    region = RegionFactory(time_zone=zone if zone != "Asia/Shanghai" else "")
    person = EmployeeProfileFactory(region=region)
    services.preference_update(
        user=person.user,
        email_enabled=True,
        webhook_enabled=False,
        quiet_hours_start=dt.time(22),
        quiet_hours_end=dt.time(7),
    )
    services.notification_send(recipient=person.user, kind="guild.notice", title="Schedule")
    delivery = Delivery.objects.get(channel="email")
    monkeypatch.setattr(delivery_module.timezone, "now", lambda: dt.datetime(*utc_now, tzinfo=UTC))

    assert services.delivery_attempt(delivery_id=delivery.pk) == outcome

    delivery.refresh_from_db()
    if resumes_at_utc:
        assert delivery.next_attempt_at == dt.datetime(*resumes_at_utc, tzinfo=UTC)
        local = delivery.next_attempt_at.astimezone(zoneinfo.ZoneInfo(zone))
        assert local.time() == dt.time(7)


# --- Zones are checked, not listed in migrations -----------------------------------------


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("learning.Region", "time_zone"),
        ("learning.EmployeeProfile", "time_zone"),
        ("cohorts.Cohort", "time_zone"),
    ],
)
def test_no_time_zone_field_writes_the_zone_list_into_migrations(model, field):
    from django.apps import apps

    zone_field = apps.get_model(model)._meta.get_field(field)
    _name, _path, _args, kwargs = zone_field.deconstruct()

    assert "choices" not in kwargs
    with pytest.raises(ValidationError):
        zone_field.run_validators("Mars/Olympus_Mons")
    zone_field.run_validators("Europe/Athens")


def test_forms_offer_every_zone_when_shown():
    from cohorts.models import Cohort

    form_field = Cohort._meta.get_field("time_zone").formfield()
    inherited = Region._meta.get_field("time_zone").formfield()
    zones = [value for value, _label in form_field.choices]

    assert {"Europe/London", "Asia/Shanghai", "America/Sao_Paulo"} <= set(zones)
    assert zones == sorted(zoneinfo.available_timezones())
    assert next(iter(inherited.choices))[0] == ""
    assert not inherited.required
    assert form_field.required
    with pytest.raises(ValidationError):
        form_field.clean("Mars/Olympus_Mons")
