"""Stored values as people read them: no raw True/False/None, times in the viewer's zone,
elapsed time in Guild's words (Django's Greek catalog leaves "3 hours" in English)."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from learning.templatetags.guild_values import EMPTY, shown, since
from tests.learning.factories import EmployeeProfileFactory
from tests.notifications.factories import WebhookEndpointFactory

INSTANT = datetime.datetime(2026, 11, 2, 14, 5, tzinfo=datetime.UTC)


def test_none_is_an_empty_mark_and_booleans_are_words():
    with translation.override("en"):
        assert (shown(None), shown(""), shown(True), shown(False)) == (EMPTY, EMPTY, "Yes", "No")
    assert shown(0) == 0


def test_a_time_is_shown_in_the_active_zone():
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert "19:35" in shown(INSTANT)


def test_elapsed_time_uses_guilds_words_with_a_context(monkeypatch):
    three_hours_ago = timezone.now() - datetime.timedelta(hours=3, minutes=1)
    calls = []
    real = translation._trans.npgettext

    def recording(context, singular, plural, number):
        calls.append(context)
        return real(context, singular, plural, number)

    # Guild's own msgids, apart from Django's (whose Greek plural forms are missing).
    monkeypatch.setattr(translation._trans, "npgettext", recording)
    with translation.override("en"):
        assert since(three_hours_ago) == "3\xa0hours, 1\xa0minute"
    assert set(calls) == {"time elapsed"}
    assert since(None) == ""


@pytest.mark.django_db
def test_the_admin_shows_times_in_the_viewers_own_zone_not_the_companys(hr_user, settings):
    """Wagtail wraps admin views in its own profile's zone, else the company's: the
    directory's zone must win there too."""
    settings.TIME_ZONE = "Asia/Shanghai"
    hr_user.user_permissions.add(*Permission.objects.filter(codename__endswith="webhookendpoint"))
    hr_user.profile.time_zone = "Asia/Kolkata"
    hr_user.profile.save()
    endpoint = WebhookEndpointFactory(owner=EmployeeProfileFactory().user, created_at=INSTANT)
    client = Client()
    client.force_login(hr_user)
    page = client.get(reverse("outbox_webhooks:inspect", args=[endpoint.pk])).content.decode()
    assert "19:35" in page
    for elsewhere in ("14:05", "22:05"):  # UTC, the company's Shanghai
        assert elsewhere not in page
    assert ">True<" not in page.replace(" ", "").replace("\n", "")
