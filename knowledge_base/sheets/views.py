"""Downloads of sheets (member pages and the admin) and HR's booklet export.

A sheet follows its page: an object the viewer may not see is 404, exactly as its page
is (a case under review for anyone but its author and the reviewers). The file always
comes from storage (``services.sheet_get_or_render``); its name is made safe
(``sheet_filename``).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from knowledge_base.sheets import services
from knowledge_base.sheets.models import Booklet
from knowledge_base.sheets.registry import sheet_kind, sheet_kinds
from learning.printing.files import PrintBusy, pdf_response, print_unavailable_response
from learning.printing.fonts import PrintFontsMissing

logger = logging.getLogger("guild.sheets")


def sheet_response(user, kind_key: str, object_id: int):
    """The PDF of the sheet of ``kind_key`` #``object_id`` for ``user``: 404 for what
    they may not see, 503 while fonts are missing or another render is still running."""
    kind = sheet_kind(kind_key)
    obj = kind.visible(user, object_id) if kind is not None else None
    if obj is None:
        raise Http404(_("No such sheet."))
    try:
        sheet = services.sheet_get_or_render(kind=kind, obj=obj)
    except PrintFontsMissing:
        logger.exception("Sheet %s/%s not rendered", kind_key, object_id)
        return print_unavailable_response(
            _("Sheets cannot be printed right now: their fonts are missing on the server."),
            retry=False,
        )
    except PrintBusy:
        return print_unavailable_response(
            _("This sheet is being prepared. Try again in a moment."), retry=True
        )
    if sheet is None:
        raise Http404(_("There is nothing to print yet."))
    if kind.downloaded is not None:
        kind.downloaded(obj, user)
    return pdf_response(sheet.file, services.sheet_filename(kind=kind, obj=obj, sheet=sheet))


@login_required
def sheet_download(request, sheet_kind: str, object_id: int):
    return sheet_response(request.user, sheet_kind, object_id)


# --- Admin -------------------------------------------------------------------------------


def admin_sheet_download(request, kind: str, object_id: int):
    return sheet_response(request.user, kind, object_id)


def booklet_export(request):
    """HR's booklet export: a kind, then a whole collection or chosen objects; starts
    the job and shows its progress page."""
    if not services.booklet_may_export(request.user):
        raise PermissionDenied
    kinds = [kind for kind in sheet_kinds() if kind.collection is not None]
    kind = sheet_kind(request.POST.get("kind") or request.GET.get("kind") or "") or (
        kinds[0] if kinds else None
    )
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and kind is not None:
        chosen = request.POST.getlist("objects")
        try:
            booklet = services.booklet_start(
                actor=request.user,
                kind_key=kind.key,
                title=request.POST.get("title", ""),
                collection=None if chosen else request.POST.get("collection", ""),
                object_ids=chosen,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        else:
            messages.success(request, _("The booklet is being printed."))
            return redirect("learning_job", job_id=booklet.job_id)
    return render(
        request,
        "kb_sheets/admin/booklet_export.html",
        {
            "page_title": _("Export a booklet"),
            "header_icon": "doc-full",
            "kinds": kinds,
            "kind": kind,
            "collections": list(kind.collections()) if kind else [],
            "choices": kind.choices()[:500] if kind and kind.choices else [],
            "errors": errors,
            "values": request.POST,
            "booklets": Booklet.objects.filter(created_by=request.user).select_related("job")[:10],
        },
        status=400 if errors else 200,
    )


def booklet_download(request, booklet_id: int):
    """A booklet, to whoever exported it (and superusers); 404 until it is bound."""
    booklet = Booklet.objects.filter(pk=booklet_id).first()
    if (
        booklet is None
        or not booklet.file
        or (booklet.created_by_id != request.user.pk and not request.user.is_superuser)
    ):
        raise Http404(_("No such booklet."))
    from django.utils.text import slugify

    name = slugify(booklet.title, allow_unicode=True)[:60] or "booklet"
    return pdf_response(booklet.file, f"{name}-{booklet.pk}.pdf")
