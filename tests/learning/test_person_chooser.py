"""The person chooser: pick an approver or a rules owner by name, title and department."""

import pytest
from django.urls import reverse

from tests.learning.factories import DepartmentFactory, EmployeeProfileFactory
from tests.learning.test_employee_chooser import admin_user, chooser_html

pytestmark = pytest.mark.django_db


def test_two_people_of_one_name_are_told_apart(client):
    client.force_login(admin_user())
    sales, finance = DepartmentFactory(name="Sales"), DepartmentFactory(name="Finance")
    EmployeeProfileFactory(full_name="Wang Fang", title="Account executive", department=sales)
    EmployeeProfileFactory(full_name="Wang Fang", title="Controller", department=finance)

    html = chooser_html(client.get(reverse("person_chooser:choose")))

    assert html.count("Wang Fang") >= 2
    for fact in ("Account executive", "Sales", "Controller", "Finance"):
        assert fact in html


def test_the_chooser_finds_by_name_or_title_and_never_shows_login_names(client):
    client.force_login(admin_user())
    wanted = EmployeeProfileFactory(full_name="Ioanna Papadaki", title="Key account lead")
    EmployeeProfileFactory(full_name="Someone Else", title="Engineer")

    html = chooser_html(client.get(reverse("person_chooser:choose_results"), {"q": "key account"}))

    assert "Ioanna Papadaki" in html
    assert "Someone Else" not in html
    assert wanted.user.username not in html


def test_the_chosen_person_is_named(client):
    client.force_login(admin_user())
    person = EmployeeProfileFactory(full_name="Ioanna Papadaki")

    data = client.get(reverse("person_chooser:chosen", args=[person.user.pk])).json()

    assert data["result"]["title"] == "Ioanna Papadaki"


def test_only_admin_users_open_it(client):
    client.force_login(EmployeeProfileFactory().user)

    response = client.get(reverse("person_chooser:choose"))

    assert response.status_code in {302, 403}


@pytest.mark.parametrize("size", [5, 60])
def test_a_page_of_people_costs_the_same_at_any_size(client, django_assert_max_num_queries, size):
    client.force_login(admin_user())
    EmployeeProfileFactory.create_batch(size)

    with django_assert_max_num_queries(12):
        client.get(reverse("person_chooser:choose"))


def test_several_people_are_chosen_at_once_with_their_names(client):
    client.force_login(admin_user())
    first = EmployeeProfileFactory(full_name="Ioanna Papadaki", title="Key account lead")
    second = EmployeeProfileFactory(full_name="Li Wei")

    html = chooser_html(client.get(reverse("person_chooser:choose"), {"multiple": "1"}))
    chosen = client.get(
        reverse("person_chooser:chosen_multiple"),
        {"id": [first.user.pk, second.user.pk, "not-a-number"]},
    ).json()

    assert 'type="checkbox"' in html
    assert "Key account lead" in html
    assert sorted(item["title"] for item in chosen["result"]) == ["Ioanna Papadaki", "Li Wei"]
