"""The retrospective's page for the operations team and its API: reading, writing,
publishing, bad input answered by field, and a bounded number of queries."""

import pytest
from django.urls import reverse

from cohorts.retrospectives.models import Retrospective
from cohorts.retrospectives.services import EntryInput

API = "/api/v1"


def _page(cohort):
    return reverse("retrospectives:page", args=[cohort.slug])


def test_the_core_team_writes_it_on_the_page_as_paragraphs_with_quotes(ended, team, client):
    client.force_login(team["core"])
    assert 'data-testid="retrospective-form"' in client.get(_page(ended)).content.decode()
    response = client.post(
        _page(ended),
        {
            "language": "zh-hans",
            "went_well": (
                "每晚的分享会让新人愿意回来。\n> 财务总监那一晚是我第一个月最好的时光。"
                "\n\n导师一天内回答了大部分问题。"
            ),
            "to_change": "打卡提醒太晚了。",
            "summary": "第一期很成功；下次提前提醒。",
        },
    )
    assert response.status_code == 302
    retrospective = Retrospective.objects.get(cohort=ended)
    assert retrospective.language == "zh-hans"
    went_well = list(retrospective.entries.filter(kind="went_well").order_by("position"))
    assert [e.text for e in went_well] == [
        "每晚的分享会让新人愿意回来。",
        "导师一天内回答了大部分问题。",
    ]
    assert went_well[0].quote == "财务总监那一晚是我第一个月最好的时光。"
    # The form shows it back as it was typed
    page = client.get(_page(ended)).content.decode()
    assert "&gt; 财务总监那一晚是我第一个月最好的时光。" in page


def test_bad_input_on_the_page_names_the_field_and_saves_nothing(ended, team, client):
    client.force_login(team["core"])
    response = client.post(
        _page(ended),
        {"language": "en", "went_well": "\n\n".join(f"Point {n}" for n in range(25))},
    )
    assert response.status_code == 400
    assert "Keep it to 20 entries at most." in response.content.decode()
    assert not Retrospective.objects.exists()


def test_the_page_says_why_it_may_not_be_published_yet(written, team, client):
    from cohorts.retrospectives import services

    services.retrospective_update(retrospective=written, actor=team["core"], to_change=[])
    client.force_login(team["core"])
    page = client.get(_page(written.cohort)).content.decode()
    assert 'data-testid="publish-refusal"' in page
    assert "What to change" in page


def test_publishing_from_the_page(written, team, client, django_capture_on_commit_callbacks):
    client.force_login(team["organizer"])
    from cohorts.retrospectives import tasks

    tasks.retrospective_pdf_render_task.delay = lambda *a: None
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("retrospectives:publish", args=[written.cohort.slug]))
    finally:
        del tasks.retrospective_pdf_render_task.delay
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == Retrospective.Status.PUBLISHED
    page = client.get(_page(written.cohort)).content.decode()
    assert 'data-testid="retrospective-form"' not in page
    assert WENT_WELL_TEXT in page


WENT_WELL_TEXT = "Nightly sessions kept newcomers coming back."


def test_helpers_read_but_do_not_write(written, team, client):
    client.force_login(team["helper"])
    page = client.get(_page(written.cohort))
    assert page.status_code == 200
    assert 'data-testid="retrospective-form"' not in page.content.decode()
    assert WENT_WELL_TEXT in page.content.decode()
    assert client.post(_page(written.cohort), {"language": "en"}).status_code == 403


def test_newcomers_and_outsiders_do_not_know_it(written, team, outsider, client):
    for user in (team["newcomer"], outsider):
        client.force_login(user)
        assert client.get(_page(written.cohort)).status_code == 404
        assert client.get(f"{API}/cohorts/{written.cohort.slug}/retrospective").status_code == 404


def test_the_api_reads_edits_and_publishes(ended, team, client, monkeypatch):
    from cohorts.retrospectives import tasks

    monkeypatch.setattr(tasks.retrospective_pdf_render_task, "delay", lambda *a: None)
    client.force_login(team["core"])
    url = f"{API}/cohorts/{ended.slug}/retrospective"
    assert client.get(url).status_code == 404  # nothing written yet
    response = client.patch(
        url,
        {
            "language": "ru",
            "summary": "Хороший первый поток.",
            "went_well": [{"text": "Вечерние встречи", "quote": "Лучший вечер месяца"}],
            "to_change": [{"text": "Напоминать раньше"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["language"] == "ru"
    assert body["went_well"] == [{"text": "Вечерние встречи", "quote": "Лучший вечер месяца"}]
    assert body["status"] == "draft"
    published = client.post(f"{url}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert published.json()["published_by"]["full_name"] == team["core"].profile.full_name
    again = client.patch(url, {"summary": "Later"}, content_type="application/json")
    assert again.status_code == 400
    assert "status" in again.json()["error"]["fields"]


def test_the_api_names_the_field_of_bad_input(ended, team, client):
    client.force_login(team["core"])
    url = f"{API}/cohorts/{ended.slug}/retrospective"
    response = client.patch(
        url, {"went_well": [{"text": "", "quote": "Only"}]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "went_well" in response.json()["error"]["fields"]
    assert not Retrospective.objects.exists()
    response = client.patch(url, {"language": "fr"}, content_type="application/json")
    assert response.status_code == 400
    assert "language" in response.json()["error"]["fields"]


@pytest.mark.parametrize("entries", [2, 20])
def test_the_page_and_the_api_cost_a_bounded_number_of_queries(
    entries, ended, team, make_member, client, django_assert_max_num_queries
):
    from cohorts.retrospectives import services

    for _n in range(entries * 5):
        make_member()
    services.retrospective_write(
        cohort=ended,
        actor=team["core"],
        summary="Summary",
        went_well=[EntryInput(text=f"Good {n}", quote="Said") for n in range(entries)],
        to_change=[EntryInput(text=f"Change {n}") for n in range(entries)],
    )
    client.force_login(team["core"])
    client.get(_page(ended))  # warm the session and the shell's caches
    with django_assert_max_num_queries(24):
        assert client.get(_page(ended)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"{API}/cohorts/{ended.slug}/retrospective").status_code == 200
