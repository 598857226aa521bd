"""The employee chooser: who may open it, what it finds, what it costs, and the form using it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.learning.factories import EmployeeProfileFactory, SubsidiaryFactory, UserFactory


def admin_user(*, codenames=()):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name=f"group-{user.username}")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="learning", codename__in=codenames),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def organizer(hr_user):
    """HR with the directory permissions an organizer is given."""
    hr_user.groups.get(name="HR").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="learning",
            codename__in=["view_employeeprofile", "change_employeeprofile"],
        )
    )
    return hr_user


def chooser_html(response) -> str:
    """The modal answers with JSON wrapping its HTML; the results view with HTML alone."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


@pytest.mark.django_db
def test_hr_opens_the_chooser_and_sees_title_level_and_subsidiary(client, organizer):
    # given
    client.force_login(organizer)
    EmployeeProfileFactory(
        full_name="Ioanna Papadaki",
        title="Key account lead",
        subsidiary=SubsidiaryFactory(name="Northwind Athens"),
    )

    # when
    response = client.get(reverse("employee_chooser:choose"))

    # then
    assert response.status_code == 200
    html = chooser_html(response)
    assert "Ioanna Papadaki" in html
    assert "Key account lead" in html
    assert "Associate" in html
    assert "Northwind Athens" in html


@pytest.mark.django_db
def test_the_chooser_searches_by_name_employee_id_and_email(client, organizer):
    # given
    client.force_login(organizer)
    wanted = EmployeeProfileFactory(
        full_name="Anastasia Orlova", employee_id="RU-0042", email="a.orlova@corp.test"
    )
    other = EmployeeProfileFactory(full_name="Liang Wei", employee_id="CN-0007")
    url = reverse("employee_chooser:choose_results")

    for query in ["orlova", "ru-0042", "a.orlova@corp"]:
        # when
        response = client.get(url, {"q": query})

        # then
        assert response.status_code == 200
        html = chooser_html(response)
        assert wanted.full_name in html, query
        assert other.full_name not in html, query


@pytest.mark.django_db
def test_a_search_with_no_match_says_so(client, organizer):
    client.force_login(organizer)
    EmployeeProfileFactory(full_name="Nikos Georgiou")

    response = client.get(reverse("employee_chooser:choose_results"), {"q": "nobody-here"})

    assert response.status_code == 200
    assert "Nikos Georgiou" not in chooser_html(response)
    assert "nobody-here" in chooser_html(response)


@pytest.mark.django_db
def test_the_chooser_leaves_out_people_who_have_left(client, organizer):
    client.force_login(organizer)
    EmployeeProfileFactory(full_name="Elena Sokolova", is_active=False)

    response = client.get(reverse("employee_chooser:choose"))

    assert "Elena Sokolova" not in chooser_html(response)


@pytest.mark.django_db
def test_the_chooser_is_refused_without_directory_permission(client):
    # given: an admin user who may not view employees
    client.force_login(admin_user())
    person = EmployeeProfileFactory(full_name="Hidden Person")

    # when
    urls = [
        reverse("employee_chooser:choose"),
        reverse("employee_chooser:choose_results"),
        reverse("employee_chooser:chosen", args=[person.pk]),
    ]
    responses = [client.get(url, {"q": "hidden"}) for url in urls]

    # then: refused (Wagtail redirects a denied admin request), nothing of the person shown
    for response in responses:
        assert response.status_code in {302, 403}
        assert "Hidden Person" not in response.content.decode()


@pytest.mark.django_db
def test_choosing_an_employee_returns_their_name(client, organizer):
    client.force_login(organizer)
    person = EmployeeProfileFactory(full_name="Maria Ivanova")

    response = client.get(reverse("employee_chooser:chosen", args=[person.pk]))

    assert response.status_code == 200
    result = response.json()["result"]
    assert result["id"] == str(person.pk)
    assert "Maria Ivanova" in result["title"]


@pytest.mark.django_db
def test_the_chooser_list_costs_the_same_number_of_queries_at_any_size(
    client, organizer, django_assert_max_num_queries
):
    # given
    client.force_login(organizer)
    EmployeeProfileFactory.create_batch(10)
    url = reverse("employee_chooser:choose")
    results_url = reverse("employee_chooser:choose_results")
    client.get(url)  # warm caches (content types, site) so both runs count the same
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20) as small_results:
        assert client.get(results_url, {"q": "e0"}).status_code == 200

    # when
    EmployeeProfileFactory.create_batch(290)
    with django_assert_max_num_queries(20) as large:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20) as large_results:
        assert client.get(results_url, {"q": "e0"}).status_code == 200

    # then
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_results.captured_queries) == len(small_results.captured_queries)


def employee_form_data(profile, **changes) -> dict:
    data = {
        "employee_id": profile.employee_id,
        "full_name": profile.full_name,
        "email": profile.email,
        "title": profile.title,
        "level": profile.level_id,
        "manager": profile.manager_id or "",
        "preferred_language": "en",
        "time_zone": "Europe/Athens",
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_edit_form_does_not_list_every_employee(client, organizer):
    # given
    client.force_login(organizer)
    boss = EmployeeProfileFactory(full_name="Boss Person")
    person = EmployeeProfileFactory(manager=boss)
    colleagues = [EmployeeProfileFactory(full_name=f"Colleague Number {n}") for n in range(30)]

    # when
    response = client.get(reverse("learning_employees:edit", args=[person.pk]))

    # then: the chosen manager is shown, nobody else is rendered as a choice
    assert response.status_code == 200
    html = response.content.decode()
    assert "Boss Person" in html
    assert not any(colleague.full_name in html for colleague in colleagues)
    assert reverse("employee_chooser:choose") in html


@pytest.mark.django_db
def test_the_add_form_uses_the_chooser(client, organizer):
    organizer.groups.get(name="HR").permissions.add(
        Permission.objects.get(codename="add_employeeprofile")
    )
    client.force_login(organizer)
    colleague = EmployeeProfileFactory(full_name="Colleague Not Listed")

    response = client.get(reverse("learning_employees:add"))

    assert response.status_code == 200
    assert colleague.full_name not in response.content.decode()
    assert reverse("employee_chooser:choose") in response.content.decode()


@pytest.mark.django_db
def test_a_manager_chosen_in_the_form_is_saved(client, organizer):
    # given
    client.force_login(organizer)
    boss = EmployeeProfileFactory()
    person = EmployeeProfileFactory()

    # when
    response = client.post(
        reverse("learning_employees:edit", args=[person.pk]),
        employee_form_data(person, manager=boss.pk),
    )

    # then
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.manager == boss


@pytest.mark.django_db
def test_a_manager_loop_chosen_in_the_form_is_still_refused(client, organizer):
    # given: B reports to A
    client.force_login(organizer)
    a = EmployeeProfileFactory()
    b = EmployeeProfileFactory(manager=a)

    # when: A is made to report to B
    response = client.post(
        reverse("learning_employees:edit", args=[a.pk]), employee_form_data(a, manager=b.pk)
    )

    # then
    assert response.status_code == 200
    assert "above themselves" in response.content.decode()
    a.refresh_from_db()
    assert a.manager is None
