"""The kinds of sheet: what turns a model's object into a sheet.

A module that wants its objects printed registers one ``SheetKind`` (cases do in
``kinds``; sales tools do from their own package): which template draws it, what the
template gets, which revision a sheet shows, where the live page is, who may download
it, and what HR can put in a booklet. The engine, the cache, the views, the API and the
booklets read only this, so they never import the modules that register kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class SheetKind:
    """How objects of ``model`` become sheets.

    - ``template``: the body's template (it extends ``kb_sheets/sheet.html``);
    - ``context(obj) -> dict``: what that template needs beyond ``object``;
    - ``revision_id(obj) -> int | None``: the revision a sheet of ``obj`` shows (its
      live revision once published; None when there is nothing to print);
    - ``live_url(obj) -> str``: the path of the page the QR code leads to;
    - ``visible(user, pk) -> obj | None``: the object if ``user`` may see its page (the
      sheet follows the page's rule exactly), else None;
    - ``language(obj) -> str``: the sheet's language (its labels and date format);
    - ``subtitle(obj) -> str``: what kind of thing it is, under the title;
    - ``collections() -> [(value, label)]`` and ``collection(value) -> QuerySet``: what
      HR can export as a booklet (e.g. every case of one type);
    - ``choices() -> QuerySet``: the objects HR can pick one by one for a booklet;
    - ``downloaded(obj, user)``: told of each download (usage counts), if given.
    """

    key: str
    model: type[Model]
    label: Any
    template: str
    revision_id: Callable[[Model], int | None]
    live_url: Callable[[Model], str]
    visible: Callable[[Any, int], Model | None]
    language: Callable[[Model], str]
    subtitle: Callable[[Model], str]
    context: Callable[[Model], dict] = lambda obj: {}
    collections: Callable[[], Iterable[tuple[str, Any]]] = lambda: ()
    collection: Callable[[str], QuerySet] | None = None
    choices: Callable[[], QuerySet] | None = None
    downloaded: Callable[[Model, Any], None] | None = None


def published_sheet_kind(
    *,
    key: str,
    model: type[Model],
    label: Any,
    template: str,
    live_url: Callable[[Model], str],
    visible: Callable[[Any, int], Model | None],
    published: Callable[[], QuerySet],
    kinds: Iterable[tuple[str, Any]],
    all_label: Any,
    context: Callable[[Model], dict],
    downloaded: Callable[[Model, Any], None] | None = None,
) -> SheetKind:
    """The ``SheetKind`` of a reviewed, revisioned object with a ``kind`` choice and a
    ``language`` (a case, a sales tool): one definition for both.

    The sheet shows the live revision once published (the latest before, for those who
    may see a draft); its subtitle is the object's kind; HR's booklets take every
    ``published()`` object or those of one kind (``kinds``, after ``all_label``), or
    any published ones picked by title.
    """

    def collection(value: str) -> QuerySet:
        objects = published()
        if value:
            objects = objects.filter(kind=value)
        return objects.order_by("kind", "title", "pk")

    return SheetKind(
        key=key,
        model=model,
        label=label,
        template=template,
        revision_id=lambda obj: obj.live_revision_id if obj.live else obj.latest_revision_id,
        live_url=live_url,
        visible=visible,
        language=lambda obj: obj.language,
        subtitle=lambda obj: str(obj.get_kind_display()),
        context=context,
        collections=lambda: [("", all_label), *kinds],
        collection=collection,
        choices=lambda: published().order_by("title", "pk"),
        downloaded=downloaded,
    )


def sheet_region(obj):
    """The object's region (for the sheet's facts), or None: one query when it has one."""
    from learning.models import Region

    return Region.objects.filter(pk=obj.region_id).first() if obj.region_id else None


_KINDS: dict[str, SheetKind] = {}


def sheet_kind_register(kind: SheetKind) -> SheetKind:
    """Add (or replace, on a reload) a kind of sheet. Call it from an app's ``ready``."""
    _KINDS[kind.key] = kind
    return kind


def sheet_kinds() -> list[SheetKind]:
    return list(_KINDS.values())


def sheet_kind(key: str) -> SheetKind | None:
    return _KINDS.get(key)


def sheet_kind_for(obj_or_model) -> SheetKind | None:
    """The kind of sheet of an object or model (a page's specific class included)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for kind in _KINDS.values():
        if issubclass(model, kind.model):
            return kind
    return None
