"""The sheet engine: an object's revision → HTML from its kind's template → an A4 PDF.

Print CSS (``kb_sheets/sheet.css``) draws the brand, title, kind, version and date in
every page's header, "page X of Y" from CSS counters in the footer, and a QR code (SVG
from segno, inline: nothing to fetch) to the live page. The text is set in Noto Sans
and Noto Sans CJK SC, checked before each render (``fonts.sheet_fonts_check``); the
URL fetcher reaches only the site's own files (``fetcher``). Rendering writes nothing:
the cache is ``services``' business.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import unquote

import segno
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Revision

from knowledge_base.sheets.fetcher import sheet_base_url, sheet_url_fetcher_logged
from knowledge_base.sheets.fonts import SHEET_FONT_STACK, sheet_fonts_check
from knowledge_base.sheets.registry import SheetKind

HTML_LANG = {"zh-hans": "zh-Hans"}


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


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (medium error correction: survives a crease)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=3, border=0, dark="#1d2b4f", omitsize=True
    )


def absolute_url(path: str) -> str:
    return path if "://" in path else sheet_base_url().rstrip("/") + path


@dataclass(frozen=True)
class Printed:
    """A rendered sheet: the PDF, its page count and how long it took."""

    pdf: bytes
    pages: int
    milliseconds: int


def sheet_html(*, kind: SheetKind, obj, revision: Revision, language: str) -> str:
    """The sheet's HTML: ``obj`` as it stood at ``revision``, in ``language``."""
    shown = revision.as_object()
    with translation.override(language):
        version = revision.object_id and (
            Revision.objects.filter(
                base_content_type_id=revision.base_content_type_id,
                object_id=revision.object_id,
                pk__lte=revision.pk,
            ).count()
        )
        when = timezone.localtime(revision.created_at)
        live_url = absolute_url(kind.live_url(obj))
        context = {
            "object": shown,
            "kind": kind,
            "kind_label": kind.label,
            "subtitle": kind.subtitle(shown),
            "title": str(shown),
            "language": language,
            "html_lang": HTML_LANG.get(language, language),
            "version": version,
            "revision": revision,
            "date": date_format(when, "DATE_FORMAT"),
            "live_url": live_url,
            "qr_svg": qr_svg(live_url),
            "font_stack": SHEET_FONT_STACK,
            "brand": settings.WAGTAIL_SITE_NAME,
            **kind.context(shown),
        }
        context["css"] = {
            "brand": css_string(context["brand"]),
            "title": css_string(context["title"]),
            "meta": css_string(
                _("%(kind)s · version %(version)s · %(date)s")
                % {"kind": context["subtitle"], "version": version, "date": context["date"]}
            ),
            # The address as people read it (a Chinese or Greek slug, not its %-escapes);
            # the QR code carries the exact URL.
            "footer": css_string(unquote(live_url)),
            "pages": page_counter_css(),
        }
        return render_to_string(kind.template, context)


def html_document(html: str) -> weasyprint.Document:
    """Lay out sheet HTML (fonts checked first; only the site's own files fetched)."""
    sheet_fonts_check()
    return weasyprint.HTML(
        string=html, base_url=sheet_base_url(), url_fetcher=sheet_url_fetcher_logged
    ).render()


def sheet_document(*, kind: SheetKind, obj, revision: Revision, language: str):
    return html_document(sheet_html(kind=kind, obj=obj, revision=revision, language=language))


def sheet_print(*, kind: SheetKind, obj, revision: Revision, language: str) -> Printed:
    """Render ``obj``'s sheet at ``revision`` in ``language`` to PDF bytes. Writes
    nothing; raises ``SheetFontsMissing`` when the fonts are not installed."""
    started = time.perf_counter()
    document = sheet_document(kind=kind, obj=obj, revision=revision, language=language)
    pdf = document.write_pdf()
    return Printed(pdf, len(document.pages), int((time.perf_counter() - started) * 1000))


def booklet_print(*, title: str, documents: list, kind: SheetKind) -> tuple[bytes, int]:
    """Bind laid-out sheets (``[(obj, Document)]``) behind a cover and a table of
    contents giving each sheet's first page; returns the PDF and its page count. In
    the active language (the person who asked for it)."""

    def front(offset: int) -> weasyprint.Document:
        entries, page = [], offset + 1
        for obj, document in documents:
            entries.append({"title": str(obj), "subtitle": kind.subtitle(obj), "page": page})
            page += len(document.pages)
        html = render_to_string(
            "kb_sheets/booklet_front.html",
            {
                "title": title,
                "brand": settings.WAGTAIL_SITE_NAME,
                "date": date_format(timezone.localtime(), "DATE_FORMAT"),
                "count": len(documents),
                "entries": entries,
                "font_stack": SHEET_FONT_STACK,
                "html_lang": HTML_LANG.get(translation.get_language(), "en"),
            },
        )
        return html_document(html)

    # The contents' length decides where the sheets start: lay it out once to count its
    # pages, then again with the numbers that count gives.
    cover = front(0)
    if len(cover.pages):
        cover = front(len(cover.pages))
    pages = [page for page in cover.pages]
    for _obj, document in documents:
        pages.extend(document.pages)
    return cover.copy(pages).write_pdf(), len(pages)
