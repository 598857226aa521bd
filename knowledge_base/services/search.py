"""Search over the knowledge base, in four languages, on SQLite and PostgreSQL.

The query goes through ``knowledge_base.analysis.query_terms`` (CJK bigrams, light
stems) and Wagtail's database backend matches those terms against each object's
``search_document`` (the same analysis of its text). Every kind of thing searched is a
*source*: the cases and the glossary here, and whatever other apps hand over through the
``guild_knowledge_search_sources`` hook (``fn() -> list[SearchSource]``; sales tools and
session summaries will). Reads only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.sqlite.utils import fts5_available

from knowledge_base.analysis import query_terms
from knowledge_base.models import Case, GlossaryTerm, TaggedCase

RESULTS_MAX = 50
QUERY_MAX = 200
FILTERS = ("kind", "product", "region", "deal_stage", "tag", "language")


@dataclass(frozen=True)
class SearchSource:
    """One kind of thing search finds: ``search(user, terms, filters)`` returns the
    matching objects, best first, at most ``limit``."""

    code: str
    label: str
    search: Callable[..., list]
    # Which filters this source understands; a search with any other filter skips it.
    filters: frozenset = field(default_factory=frozenset)


def backend_search(queryset: QuerySet, terms: str, limit: int) -> list:
    """The objects of ``queryset`` holding every term, best first, at most ``limit``."""
    if connection.vendor == "sqlite" and fts5_available():
        return _sqlite_search(queryset, terms, limit)
    backend = get_search_backend()
    return list(backend.search(terms, queryset, operator="and")[:limit])


def _sqlite_search(queryset: QuerySet, terms: str, limit: int) -> list:
    """``backend_search`` on SQLite: one question to the FTS5 index.

    Wagtail's SQLite backend ranks by a subquery per matching row, each running the
    full-text match again: 20 s for a common word among 100,000 cases
    (``bench/search.py``). This matches once, keeps the entries whose object is in
    ``queryset`` and ranks them by the same BM25, in one statement.
    """
    quoted = " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms.split())
    try:
        allowed, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a queryset that can hold nothing (``pk__in=[]``)
        return []
    models = [m for m in apps.get_models() if issubclass(m, queryset.model)]
    kinds = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    # Only placeholders and Django's own compiled SQL go into the text; values are params.
    sql = (
        "SELECT CAST(e.object_id AS INTEGER) FROM wagtailsearch_indexentry_fts f "  # noqa: S608
        "JOIN wagtailsearch_indexentry e ON f.rowid = e.id "
        "WHERE wagtailsearch_indexentry_fts MATCH %s "
        f"AND e.content_type_id IN ({', '.join(['%s'] * len(kinds))}) "
        f"AND CAST(e.object_id AS INTEGER) IN ({allowed}) "
        "ORDER BY bm25(wagtailsearch_indexentry_fts), e.object_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"{{title body}} : ({quoted})", *kinds, *params, limit])
        ids = [row[0] for row in cursor.fetchall()]
    rows = queryset.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _cases(user, terms: str, filters: dict, limit: int) -> list[Case]:
    cases = Case.objects.filter(live=True)
    for name in ("kind", "product", "deal_stage", "language"):
        if filters.get(name):
            cases = cases.filter(**{name: filters[name]})
    if filters.get("region"):
        cases = cases.filter(region_id=filters["region"])
    if filters.get("tag"):
        tagged = TaggedCase.objects.filter(tag__name__iexact=filters["tag"])
        cases = cases.filter(pk__in=list(tagged.values_list("content_object_id", flat=True)))
    hits = backend_search(cases, terms, limit)
    # The rows the result list shows, for every hit at once.
    by_pk = (
        Case.objects.select_related("region", "author__profile")
        .prefetch_related("tags")
        .in_bulk([hit.pk for hit in hits])
    )
    return [by_pk[hit.pk] for hit in hits if hit.pk in by_pk]


def _glossary(user, terms: str, filters: dict, limit: int) -> list[GlossaryTerm]:
    glossary = GlossaryTerm.objects.all()
    if filters.get("language"):
        glossary = glossary.filter(language=filters["language"])
    return backend_search(glossary, terms, limit)


OWN_SOURCES = (
    SearchSource("cases", _("Cases"), _cases, frozenset(FILTERS)),
    SearchSource("glossary", _("Glossary"), _glossary, frozenset({"language"})),
)


def search_sources() -> list[SearchSource]:
    sources = list(OWN_SOURCES)
    for fn in hooks.get_hooks("guild_knowledge_search_sources"):
        sources.extend(fn())
    return sources


def knowledge_search(*, user, query: str, filters: dict | None = None) -> dict[str, list]:
    """What ``query`` finds for ``user``, by source code, at most ``RESULTS_MAX`` each.
    A filter that a source does not understand leaves that source out. An empty
    query finds nothing."""
    terms = query_terms((query or "")[:QUERY_MAX])
    if not terms:
        return {}
    filters = {name: value for name, value in (filters or {}).items() if value}
    results = {}
    for source in search_sources():
        if set(filters) - source.filters:
            continue
        results[source.code] = source.search(user, terms, filters, RESULTS_MAX)
    return results


def search_index_refresh(objects) -> None:
    """Index ``objects`` now (after bulk writes, which send no signals: demo seeding,
    imports). Safe to repeat."""
    from wagtail.search.index import insert_or_update_object

    for obj in objects:
        insert_or_update_object(obj)
