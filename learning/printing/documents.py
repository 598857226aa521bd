"""HTML → A4 PDF with WeasyPrint: the pieces every printed document shares.

A document's template includes ``learning/printing/page.css``, which draws the brand in
every page's top-left corner, a line of facts in the top-right one (not on the first
page, whose own heading says it), an address bottom-left and "page X of Y" bottom-right
from CSS counters; ``page_margins`` gives it those texts as CSS strings. Text is set in
Noto Sans and Noto Sans CJK SC (``fonts``), checked before each layout; the URL fetcher
reaches only the site's own files (``fetcher``). Nothing here writes anything: caching a
rendered file is the business of the app that owns the document.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import segno
import weasyprint
from django.utils.translation import gettext as _

from learning.printing.fetcher import print_base_url, print_url_fetcher_logged
from learning.printing.fonts import print_fonts_check

# Django's language codes → HTML ``lang`` (Pango picks the Chinese glyph forms by it).
HTML_LANG = {"zh-hans": "zh-Hans"}


def html_lang(language: str) -> str:
    """The ``lang`` attribute of a document in Django's ``language``."""
    return HTML_LANG.get(language, language)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for ``content:`` in the page's margin boxes)."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"\s+", " ", escaped) + '"'


def page_counter_css() -> str:
    """ "Page X of Y" in the active language, as CSS ``content`` with the counters."""
    text = _("Page %(page)s of %(pages)s")
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = text % {"page": marker_page, "pages": marker_pages}
    parts = []
    for piece in (
        text.replace(marker_pages, "\x01pages\x01")
        .replace(marker_page, "\x01page\x01")
        .split("\x01")
    ):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def page_margins(*, brand: str, title: str, meta: str, footer: str) -> dict[str, str]:
    """The margin boxes' texts for ``learning/printing/page.css`` (its ``css``), in the
    active language: the brand, the title, the facts line, the footer's address and
    the page counter."""
    return {
        "brand": css_string(brand),
        "title": css_string(title),
        "meta": css_string(meta),
        "footer": css_string(footer),
        "pages": page_counter_css(),
    }


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (medium error correction: survives a crease)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=3, border=0, dark="#1d2b4f", omitsize=True
    )


def absolute_url(path: str) -> str:
    """``path`` on the site's own address (a QR code or a printed link leads there)."""
    return path if "://" in path else print_base_url().rstrip("/") + path


@dataclass(frozen=True)
class Printed:
    """A rendered document: the PDF, its page count and how long it took."""

    pdf: bytes
    pages: int
    milliseconds: int

    @classmethod
    def of(cls, document: weasyprint.Document, *, started: float) -> Printed:
        """Write ``document`` out, timed from ``started`` (``time.perf_counter()``)."""
        pdf = document.write_pdf()
        return cls(pdf, len(document.pages), int((time.perf_counter() - started) * 1000))


def html_document(html: str) -> weasyprint.Document:
    """Lay out document HTML (fonts checked first; only the site's own files fetched).
    Raises ``PrintFontsMissing`` when the fonts are not installed."""
    print_fonts_check()
    return weasyprint.HTML(
        string=html, base_url=print_base_url(), url_fetcher=print_url_fetcher_logged
    ).render()


def html_print(html: str) -> Printed:
    """``html`` as PDF bytes. Writes nothing; raises ``PrintFontsMissing``."""
    started = time.perf_counter()
    return Printed.of(html_document(html), started=started)
