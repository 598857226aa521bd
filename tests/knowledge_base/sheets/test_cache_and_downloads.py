"""Sheets cached per revision: rendered on publish, served from storage, never stale,
rendered once on demand; downloads follow the case page's visibility."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from knowledge_base.sheets import engine, services
from knowledge_base.sheets.kinds import CASE_SHEET
from knowledge_base.sheets.models import Sheet
from learning.printing import files


@pytest.fixture
def prints(monkeypatch):
    """Count the renders (each still runs)."""
    calls = []
    real = engine.sheet_print

    def counted(**kwargs):
        calls.append(kwargs["revision"].pk)
        return real(**kwargs)

    monkeypatch.setattr(engine, "sheet_print", counted)
    return calls


def _text(response) -> str:
    body = b"".join(response.streaming_content)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _url(case):
    return reverse("kb_sheets:download", kwargs={"sheet_kind": "case", "object_id": case.pk})


def _api(case):
    return f"/api/v1/knowledge/cases/{case.pk}/sheet.pdf"


def test_approval_renders_the_sheet_once_on_commit(
    submit, approve, render_now, prints, django_capture_on_commit_callbacks
):
    case = submit(title="Approved and printed")
    with django_capture_on_commit_callbacks(execute=True):
        approve(case)
    case.refresh_from_db()
    assert render_now == [("case", case.pk, case.live_revision_id)]
    sheet = Sheet.objects.get()
    assert (sheet.object_id, sheet.revision_id, sheet.language) == (
        case.pk,
        case.live_revision_id,
        "en",
    )
    assert sheet.file.name.startswith("sheets/")
    assert sheet.pages == 1
    # Rendering again (a repeated task) changes nothing
    services.sheet_render_run(kind_key="case", object_id=case.pk, revision_id=case.live_revision_id)
    assert prints == [case.live_revision_id]
    assert Sheet.objects.count() == 1


def test_a_new_revision_is_never_served_the_old_sheet(
    live_case, reviewer, member, client, prints, render_now, django_capture_on_commit_callbacks
):
    # Given an approved case whose sheet is cached
    case = live_case(title="Old title")
    client.force_login(member)
    first = client.get(_url(case))
    assert "Old title" in _text(first)
    old = Sheet.objects.get()
    # When a reviewer publishes a new revision (and its render task has not run yet)
    case.title = "New title"
    revision = case.save_revision(user=reviewer)
    revision.publish(user=reviewer)
    case.refresh_from_db()
    # Then the download is the new revision's, rendered on demand, never the old file
    second = client.get(_url(case))
    assert "New title" in _text(second)
    assert "Old title" not in _text(client.get(_url(case)))
    assert f"r{revision.pk}.pdf" in second["Content-Disposition"]
    # and the old revision's sheet and file are gone
    assert not Sheet.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)
    assert prints == [old.revision_id, revision.pk]
    # A late task for the old revision renders nothing stale
    assert not services.sheet_render_run(
        kind_key="case", object_id=case.pk, revision_id=old.revision_id
    )
    assert list(Sheet.objects.values_list("revision_id", flat=True)) == [revision.pk]


def test_a_missing_sheet_is_rendered_on_demand_then_served_from_storage(
    live_case, member, client, prints
):
    case = live_case()
    assert not Sheet.objects.exists()
    client.force_login(member)
    assert client.get(_url(case)).status_code == 200
    assert client.get(_api(case)).status_code == 200
    assert prints == [case.live_revision_id]  # rendered once, then read from storage


def test_two_requests_at_once_render_once(live_case, prints, monkeypatch):
    # Given another request holding the render lock, which finishes while we wait
    case = live_case()
    from django.core.cache import cache

    revision_id = CASE_SHEET.revision_id(case)
    lock = f"guild:sheet-render:{services._content_type(case).pk}:{case.pk}:{revision_id}:en"
    assert cache.add(lock, "other", 60)

    def other_request_finishes(seconds):
        services.sheet_render(kind=CASE_SHEET, obj=case)
        cache.delete(lock)

    monkeypatch.setattr(files.time, "sleep", other_request_finishes)
    # When this request asks, it waits and takes the other's file
    sheet = services.sheet_get_or_render(kind=CASE_SHEET, obj=case)
    assert sheet == Sheet.objects.get()
    assert prints == [revision_id]


def test_a_lock_held_too_long_is_a_being_prepared_answer_not_an_error(
    live_case, member, client, monkeypatch
):
    case = live_case()
    from django.core.cache import cache

    lock = (
        f"guild:sheet-render:{services._content_type(case).pk}:{case.pk}:{case.live_revision_id}:en"
    )
    cache.add(lock, "other", 60)
    monkeypatch.setattr(files, "WAIT_SECONDS", 0)
    monkeypatch.setattr(files.time, "sleep", lambda seconds: None)
    client.force_login(member)
    response = client.get(_url(case))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_drafts_sheets_are_for_their_author_and_the_reviewers_only(
    submit, author, reviewer, member, client
):
    # Given a case waiting for review
    case = submit(title="Still in review")
    # Then its author and the reviewers download its sheet, on the page and in the API
    for user in (author, reviewer):
        client.force_login(user)
        response = client.get(_url(case))
        assert response.status_code == 200, user
        assert "Still in review" in _text(response)
        assert client.get(_api(case)).status_code == 200
    # and anybody else gets 404, as for the case's page
    client.force_login(member)
    assert client.get(_url(case)).status_code == 404
    assert client.get(_api(case)).status_code == 404
    assert client.get(reverse("knowledge_base:case", args=[case.pk])).status_code == 404


def test_signed_out_callers_get_the_sign_in_page_or_401(live_case, client):
    case = live_case()
    response = client.get(_url(case))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.get(_api(case)).status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/knowledge/sheets/case/999999/sheet.pdf",
        "/knowledge/sheets/nothing/1/sheet.pdf",
        "/knowledge/sheets/case/0/sheet.pdf",
        "/api/v1/knowledge/cases/999999/sheet.pdf",
        "/api/v1/knowledge/cases/0/sheet.pdf",
        "/api/v1/knowledge/cases/abc/sheet.pdf",
    ],
)
def test_bad_addresses_are_404_or_400_never_500(member, client, path):
    client.force_login(member)
    assert client.get(path).status_code in (400, 404, 422)


def test_the_file_name_is_safe_whatever_the_title(live_case, member, client):
    case = live_case(title='Q3 "deal" / ../../etc\\passwd; 折扣')
    client.force_login(member)
    response = client.get(_url(case))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition.split("filename", 1)[1].replace("utf-8''", "")
    assert ".." not in disposition
    assert "\\" not in disposition
    assert response["Content-Type"] == "application/pdf"


def test_missing_fonts_answer_503_with_a_clear_message(live_case, member, client, monkeypatch):
    from learning.printing import fonts

    case = live_case()
    monkeypatch.setattr(
        fonts, "PRINT_FONTS", (fonts.FontNeed("Noto Sans Nowhere", "Regular", "x", "Chinese"),)
    )
    fonts._resolve.cache_clear()
    client.force_login(member)
    response = client.get(_url(case))
    assert response.status_code == 503
    assert b"fonts" in response.content
    assert not Sheet.objects.exists()


def test_the_case_page_offers_the_pdf(live_case, member, client):
    case = live_case()
    client.force_login(member)
    page = client.get(reverse("knowledge_base:case", args=[case.pk])).content.decode()
    assert _url(case) in page


def test_the_admin_offers_download_sheet_on_the_case(live_case, admin_client):
    case = live_case()
    url = reverse("kb_sheets_admin_download", args=["case", case.pk])
    edit = admin_client.get(reverse("wagtailsnippets_knowledge_base_case:edit", args=[case.pk]))
    assert url in edit.content.decode()
    listing = admin_client.get(reverse("wagtailsnippets_knowledge_base_case:list"))
    assert url in listing.content.decode()
    assert admin_client.get(url).status_code == 200
