"""The sheet engine: an object's revision → HTML from its kind's template → an A4 PDF.

Print CSS (``kb_sheets/sheet.css``, on ``learning/printing/page.css``) draws the brand,
title, kind, version and date in every page's header, "page X of Y" from CSS counters in
the footer, and a QR code (SVG from segno, inline: nothing to fetch) to the live page.
Fonts, the URL fetcher and the layout are ``learning.printing``'s. Rendering writes
nothing: the cache is ``services``' business.
"""

from __future__ import annotations

import time
from urllib.parse import unquote

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Revision

from knowledge_base.sheets.registry import SheetKind
from learning.printing.documents import (
    Printed,
    absolute_url,
    html_document,
    html_lang,
    page_margins,
    qr_svg,
)
from learning.printing.fonts import PRINT_FONT_STACK


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
            "html_lang": html_lang(language),
            "version": version,
            "revision": revision,
            "date": date_format(when, "DATE_FORMAT"),
            "live_url": live_url,
            "qr_svg": qr_svg(live_url),
            "font_stack": PRINT_FONT_STACK,
            "brand": settings.WAGTAIL_SITE_NAME,
            **kind.context(shown),
        }
        context["css"] = page_margins(
            brand=context["brand"],
            title=context["title"],
            meta=_("%(kind)s · version %(version)s · %(date)s")
            % {"kind": context["subtitle"], "version": version, "date": context["date"]},
            # The address as people read it (a Chinese or Greek slug, not its %-escapes);
            # the QR code carries the exact URL.
            footer=unquote(live_url),
        )
        return render_to_string(kind.template, context)


def sheet_document(*, kind: SheetKind, obj, revision: Revision, language: str):
    return html_document(sheet_html(kind=kind, obj=obj, revision=revision, language=language))


def sheet_print(*, kind: SheetKind, obj, revision: Revision, language: str) -> Printed:
    """Render ``obj``'s sheet at ``revision`` in ``language`` to PDF bytes. Writes
    nothing; raises ``PrintFontsMissing`` when the fonts are not installed."""
    started = time.perf_counter()
    document = sheet_document(kind=kind, obj=obj, revision=revision, language=language)
    return Printed.of(document, started=started)


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
                "font_stack": PRINT_FONT_STACK,
                "html_lang": html_lang(translation.get_language() or "en"),
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
