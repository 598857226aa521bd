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
    """The objects of ``queryset`` holding every term, best first, at most ``limit``.

    One statement against Wagtail's index table. Wagtail's own database backends rank
    too slowly for a large knowledge base (``bench/search.py``: 20 to 24 s for a common
    word among 100,000 cases): SQLite's runs the full-text match again in a subquery per
    matching row, PostgreSQL's matches the title and body vectors joined together, which
    no index holds, for every row. This matches the body vector (where
    ``search_document`` goes) through the index once, keeps the entries whose object is
    in ``queryset`` and ranks them as the engine does (BM25, ``ts_rank``).
    """
    if connection.vendor == "sqlite" and fts5_available():
        match = " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms.split())
        source = (
            "wagtailsearch_indexentry_fts f JOIN wagtailsearch_indexentry e ON f.rowid = e.id "
            "WHERE wagtailsearch_indexentry_fts MATCH %s"
        )
        params, rank = [f"{{title body}} : ({match})"], "bm25(wagtailsearch_indexentry_fts)"
    elif connection.vendor == "postgresql":
        source = "wagtailsearch_indexentry e WHERE e.body @@ plainto_tsquery(%s)"
        params, rank = [terms], "-ts_rank(e.body, plainto_tsquery(%s))"
    else:
        backend = get_search_backend()
        return list(backend.search(terms, queryset, operator="and")[:limit])
    try:
        allowed, allowed_params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a queryset that can hold nothing (``pk__in=[]``)
        return []
    models = [m for m in apps.get_models() if issubclass(m, queryset.model)]
    kinds = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    # Only placeholders and Django's own compiled SQL go into the text; values are params.
    sql = (
        f"SELECT CAST(e.object_id AS INTEGER) FROM {source} "  # noqa: S608
        f"AND e.content_type_id IN ({', '.join(['%s'] * len(kinds))}) "
        f"AND CAST(e.object_id AS INTEGER) IN ({allowed}) "
        f"ORDER BY {rank}, CAST(e.object_id AS INTEGER) DESC LIMIT %s"
    )
    rank_params = [terms] if "%s" in rank else []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *kinds, *allowed_params, *rank_params, limit])
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
