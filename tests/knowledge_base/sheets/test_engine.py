"""The sheet engine: fonts that cover each script, the header's facts, the page counter,
the QR code, and loud failure without fonts."""

import io

import pytest
from pypdf import PdfReader
from wagtail.models import Revision

from knowledge_base.sheets import engine
from knowledge_base.sheets.kinds import CASE_SHEET
from learning.printing import fonts
from tests.knowledge_base.sheets.conftest import TEXTS


def _print(case, language=None):
    revision = Revision.objects.get(pk=case.live_revision_id or case.latest_revision_id)
    return engine.sheet_print(
        kind=CASE_SHEET, obj=case, revision=revision, language=language or case.language
    )


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def _text(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("language", ["zh-hans", "ru", "el"])
def test_each_script_prints_in_noto_and_reads_back_as_written(live_case, language):
    # Given an approved case written in Chinese, Russian or Greek
    case = live_case(language=language)
    # When its sheet is printed
    printed = _print(case)
    reader = PdfReader(io.BytesIO(printed.pdf))
    # Then its words come back out of the PDF unchanged (no boxes, no missing glyphs)
    text = "".join(_text(reader).split())
    for field in ("title", "situation", "actions", "lessons"):
        assert "".join(TEXTS[language][field].split()) in text, field
    # and the fonts embedded are the Noto families that cover the script
    embedded = _fonts(reader)
    wanted = "Noto-Sans-CJK-SC" if language == "zh-hans" else "Noto-Sans"
    assert any(wanted in name for name in embedded), embedded
    assert all("Noto" in name for name in embedded), embedded


def test_the_header_and_footer_carry_brand_version_date_pages_and_the_live_address(
    live_case,
):
    case = live_case(language="en", title="Winning back a distributor")
    reader = PdfReader(io.BytesIO(_print(case).pdf))
    text = _text(reader)
    assert "Guild" in text
    assert "Case sharing" in text
    assert "version 1" in text.lower()  # the submitted revision, approved as it was
    assert "Page 1 of 1" in text
    assert f"/knowledge/cases/{case.pk}/" in text


def test_a_long_case_runs_over_pages_each_numbered_of_the_total(live_case):
    long = "Отдел закупок потребовал скидку. " * 270
    case = live_case(language="ru", situation=long, actions=long)
    printed = _print(case)
    reader = PdfReader(io.BytesIO(printed.pdf))
    assert printed.pages == len(reader.pages) >= 3
    last = reader.pages[-1].extract_text()
    assert f"{printed.pages}" in last


def test_the_date_follows_the_sheets_language(live_case):
    case = live_case(language="el")
    html = engine.sheet_html(
        kind=CASE_SHEET,
        obj=case,
        revision=Revision.objects.get(pk=case.live_revision_id),
        language="el",
    )
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    with translation.override("el"):
        expected = date_format(timezone.localtime(), "DATE_FORMAT")
    assert expected in html
    assert 'lang="el"' in html
    assert "<svg" in html  # the QR code, inline


def test_missing_fonts_stop_the_render_with_a_clear_error(live_case, monkeypatch):
    case = live_case()
    monkeypatch.setattr(
        fonts,
        "PRINT_FONTS",
        (fonts.FontNeed("Noto Sans Nowhere", "Regular", "fonts-noto-nowhere", "Chinese"),),
    )
    fonts._resolve.cache_clear()
    with pytest.raises(fonts.PrintFontsMissing) as error:
        _print(case)
    assert "Noto Sans Nowhere" in str(error.value)
    assert "fonts-noto-nowhere" in str(error.value)
