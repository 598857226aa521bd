"""The retrospective's PDF: in the reader's language with the team's words as written,
cached per revision and language, rendered on publish and once on demand."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cohorts.retrospectives import printing, services
from cohorts.retrospectives.models import RetrospectivePdf
from cohorts.retrospectives.services import EntryInput
from tests.cohorts.retrospectives.conftest import TO_CHANGE, WENT_WELL

TEXTS = {
    "en": {
        "went_well": "Nightly sessions kept newcomers coming back.",
        "quote": "The CFO's evening was the best hour of my first month.",
        "to_change": "Check-in reminders came too late in the evening.",
        "summary": "A strong first intake.",
        "label": "What went well",
    },
    "zh-hans": {
        "went_well": "每晚的分享会让新人愿意回来。",
        "quote": "财务总监那一晚是我第一个月最好的时光。",
        "to_change": "打卡提醒太晚了。",
        "summary": "第一期很成功。",
        "label": "What went well",  # labels follow the catalogs (the lead translates)
    },
    "ru": {
        "went_well": "Вечерние встречи возвращали новичков.",
        "quote": "Вечер с финансовым директором был лучшим.",
        "to_change": "Напоминания о чек-инах приходили слишком поздно.",
        "summary": "Сильный первый поток.",
        "label": "What went well",
    },
    "el": {
        "went_well": "Οι βραδινές συναντήσεις έφερναν πίσω τους νέους.",
        "quote": "Η βραδιά με τον οικονομικό διευθυντή ήταν η καλύτερη.",
        "to_change": "Οι υπενθυμίσεις ήρθαν πολύ αργά το βράδυ.",
        "summary": "Ένα δυνατό πρώτο τμήμα.",
        "label": "What went well",
    },
}


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _write(cohort, actor, language):
    texts = TEXTS[language]
    return services.retrospective_write(
        cohort=cohort,
        actor=actor,
        language=language,
        summary=texts["summary"],
        went_well=[EntryInput(text=texts["went_well"], quote=texts["quote"])],
        to_change=[EntryInput(text=texts["to_change"])],
    )


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru", "el"])
def test_the_teams_words_read_back_as_written_in_noto(ended, team, language):
    retrospective = _write(ended, team["core"], language)
    printed = printing.retrospective_print(
        retrospective=retrospective,
        language=language,
        as_of=services.numbers_as_of(retrospective),
    )
    text = "".join(_text(printed.pdf).split())
    for field in ("went_well", "quote", "to_change", "summary"):
        assert "".join(TEXTS[language][field].split()) in text, field
    assert ended.name.replace(" ", "") in text
    assert printed.pages >= 1
    embedded = _fonts(printed.pdf)
    assert all("Noto" in name for name in embedded), embedded
    if language == "zh-hans":
        assert any("CJK" in name for name in embedded), embedded


def test_labels_and_dates_follow_the_readers_language(written):
    from django.utils import translation
    from django.utils.formats import date_format

    html = printing.retrospective_html(
        retrospective=written, language="el", as_of=services.numbers_as_of(written)
    )
    with translation.override("el"):
        assert date_format(written.cohort.end_date, "DATE_FORMAT") in html
    assert 'lang="el"' in html
    assert 'lang="en"' in html  # the team's own words keep their language


def test_the_dashboards_numbers_and_charts_come_from_cohorts_health(written):
    from cohorts.health.selectors import cohort_health

    parts = printing.health_parts(written.cohort, services.numbers_as_of(written))
    report = cohort_health(written.cohort)
    assert [m.code for m in parts["metrics"]] == [
        m.code for m in report.metrics if m.value is not None
    ]
    html = printing.retrospective_html(
        retrospective=written, language="en", as_of=services.numbers_as_of(written)
    )
    assert "Key numbers" in html
    for chart in parts["charts"]:
        assert str(chart.svg) in html


def test_the_pdf_has_a_cover_page_numbers_and_the_address(written):
    printed = printing.retrospective_print(
        retrospective=written, language="en", as_of=services.numbers_as_of(written)
    )
    reader = PdfReader(io.BytesIO(printed.pdf))
    first = reader.pages[0].extract_text()
    assert "End-of-program retrospective" in first
    assert written.cohort.program.title in first
    assert f"Page 1 of {len(reader.pages)}" in first
    assert f"/cohorts/{written.cohort.slug}/retrospective/" in first


def test_publishing_renders_it_once_per_language_and_downloads_read_the_file(
    written, team, client, render_now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.retrospective_publish(retrospective=written, actor=team["core"])
    assert [args[2] for args in render_now] == ["en"]
    assert RetrospectivePdf.objects.count() == 1
    client.force_login(team["helper"])
    response = client.get(reverse("retrospectives:pdf", args=[written.cohort.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    assert WENT_WELL[0].text in _text(body)
    assert RetrospectivePdf.objects.count() == 1  # read from storage, not rendered again


def test_a_download_renders_once_and_an_edit_gets_a_new_file(written, team, client):
    client.force_login(team["core"])
    url = f"/api/v1/cohorts/{written.cohort.slug}/retrospective.pdf?lang=ru"
    assert client.get(url).status_code == 200
    first = RetrospectivePdf.objects.get()
    assert (first.revision, first.language) == (written.revision, "ru")
    assert client.get(url).status_code == 200
    assert RetrospectivePdf.objects.count() == 1
    edited = services.retrospective_update(
        retrospective=written, actor=team["core"], to_change=[*TO_CHANGE, EntryInput(text="More")]
    )
    response = client.get(url)
    assert b"".join(response.streaming_content)
    assert list(RetrospectivePdf.objects.values_list("revision", flat=True)) == [edited.revision]


def test_missing_fonts_answer_503_with_a_clear_message(written, team, client, monkeypatch):
    from learning.printing import fonts

    monkeypatch.setattr(
        fonts, "PRINT_FONTS", (fonts.FontNeed("Noto Sans Nowhere", "Regular", "x", "Chinese"),)
    )
    fonts._resolve.cache_clear()
    client.force_login(team["core"])
    response = client.get(reverse("retrospectives:pdf", args=[written.cohort.slug]))
    assert response.status_code == 503
    assert b"fonts" in response.content
    assert not RetrospectivePdf.objects.exists()
