"""The site shell: home page, sign-in and the language switcher."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_greets_visitors_with_a_sign_in_link(client):
    response = client.get("/")

    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_signed_in_home_page_greets_the_employee_by_name(client, employee):
    client.force_login(employee.user)

    response = client.get("/")

    assert employee.full_name in response.content.decode()


def test_language_switch_saves_the_choice_on_the_profile(client, employee):
    client.force_login(employee.user)

    response = client.post(reverse("language_switch"), {"language": "ru", "next": "/"})

    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.preferred_language == "ru"
    assert client.get("/").headers["Content-Language"] == "ru"


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client, employee):
    client.force_login(employee.user)

    response = client.post(
        reverse("language_switch"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response.headers["Location"] == "/"
    employee.refresh_from_db()
    assert employee.preferred_language == "en"


def test_production_settings_refuse_to_start_without_a_secret_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("GUILD_SECRET_KEY", raising=False)
    sys.modules.pop("learning.settings.production", None)
    sys.modules.pop("learning.settings.base", None)
    with pytest.raises(ImproperlyConfigured, match="GUILD_SECRET_KEY"):
        importlib.import_module("learning.settings.production")
    sys.modules.pop("learning.settings.base", None)


def test_pages_speak_the_viewers_language_and_time_zone(rf, employee):
    from django.http import HttpResponse
    from django.utils import timezone, translation

    from learning.middleware import ProfileLanguageMiddleware

    employee.time_zone = "Europe/Athens"
    employee.preferred_language = "el"
    employee.save()
    request = rf.get("/")
    request.user = employee.user
    seen = {}

    def view(request):
        seen["tz"] = timezone.get_current_timezone_name()
        seen["language"] = translation.get_language()
        return HttpResponse()

    ProfileLanguageMiddleware(view)(request)

    assert seen == {"tz": "Europe/Athens", "language": "el"}
    assert timezone.get_current_timezone_name() != "Europe/Athens"


def test_the_unread_count_is_counted_once_per_page(client, employee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(employee.user)

    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    unread_counts = [q for q in queries if "notifications_notification" in q["sql"]]
    assert len(unread_counts) == 1


def test_the_site_and_the_admin_name_their_favicon(client, db):
    assert b"guild/favicon.svg" in client.get("/admin/login/").content
    assert client.get("/favicon.ico").headers["Location"].endswith("guild/favicon.svg")
