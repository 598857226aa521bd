"""The People menu in the Wagtail admin: who sees it, and what the employee list costs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from learning.models import EmployeeProfile
from tests.learning.factories import EmployeeProfileFactory, UserFactory


def admin_user(*, codenames=()):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"group-{user.username}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="learning", codename__in=codenames),
    )
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_the_employee_list_costs_the_same_number_of_queries_at_any_size(
    client, superuser, django_assert_max_num_queries
):
    # given
    client.force_login(superuser)
    boss = EmployeeProfileFactory()
    EmployeeProfileFactory.create_batch(3, manager=boss)
    url = reverse("learning_employees:index")
    client.get(url)  # warm caches (content types, site) so both runs count the same
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200

    # when
    EmployeeProfileFactory.create_batch(40, manager=boss)
    with django_assert_max_num_queries(40) as large:
        response = client.get(url)

    # then
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert boss.full_name in response.content.decode()


@pytest.mark.django_db
def test_the_employee_list_searches_and_filters(client, superuser):
    # given
    client.force_login(superuser)
    wanted = EmployeeProfileFactory(full_name="Dimitra Kostopoulou", employee_id="G-77")
    other = EmployeeProfileFactory(full_name="Sergei Volkov")
    url = reverse("learning_employees:index")

    # when
    by_id = client.get(url, {"q": "g-77"}).content.decode()
    by_region = client.get(url, {"region": other.region_id}).content.decode()

    # then
    assert wanted.full_name in by_id
    assert other.full_name not in by_id
    assert other.full_name in by_region
    assert wanted.full_name not in by_region


@pytest.mark.django_db
def test_the_people_views_need_permission(client):
    # given: an admin user with no directory permissions
    client.force_login(admin_user())

    # then: Wagtail turns "permission denied" into a redirect to the dashboard
    assert client.get(reverse("learning_employees:index")).status_code == 302
    assert client.get(reverse("learning_import_start")).status_code == 302


@pytest.mark.django_db
def test_an_organizer_can_list_and_add_employees(client, ladder):
    # given
    user = admin_user(codenames=["view_employeeprofile", "add_employeeprofile"])
    client.force_login(user)

    # when
    listing = client.get(reverse("learning_employees:index"))
    response = client.post(
        reverse("learning_employees:add"),
        {
            "employee_id": "N-1",
            "full_name": "Zhou Min",
            "email": "zhou.min@corp.test",
            "level": ladder["associate"].pk,
            "preferred_language": "zh-hans",
            "time_zone": "Asia/Shanghai",
            "is_active": "on",
        },
    )

    # then
    assert listing.status_code == 200
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = EmployeeProfile.objects.get(employee_id="N-1")
    assert profile.user.username == "n-1"
    assert not profile.user.has_usable_password()


@pytest.mark.django_db
def test_a_manager_loop_is_refused_in_the_edit_form(client, superuser):
    # given: B reports to A
    client.force_login(superuser)
    a = EmployeeProfileFactory()
    b = EmployeeProfileFactory(manager=a)

    # when: A is made to report to B
    response = client.post(
        reverse("learning_employees:edit", args=[a.pk]),
        {
            "employee_id": a.employee_id,
            "full_name": a.full_name,
            "email": a.email,
            "level": a.level_id,
            "manager": b.pk,
            "preferred_language": "en",
            "time_zone": "Asia/Shanghai",
        },
    )

    # then
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.manager is None


@pytest.mark.django_db
def test_the_people_menu_lists_the_directory_and_the_import(client, superuser):
    client.force_login(superuser)

    page = client.get(reverse("wagtailadmin_home")).content.decode()

    for label in ["People", "Employees", "Levels", "Regions", "Subsidiaries", "Import employees"]:
        assert label in page
