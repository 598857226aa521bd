"""The cohort's audit log read as one list: the cohort's own ``MembershipEvent`` rows
and the rows of every ``AuditEvent`` table a higher layer registers through the
``guild_audit_log_sources`` hook (``fn() -> list[QuerySet]``: each a queryset of an
``AuditEvent`` model with a ``cohort`` foreign key, its relations selected).

Layer 1 knows nothing of those tables: a page of the merged log costs one UNION query
for the page's ids, plus one query per table that has rows on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import IntegerField, QuerySet, Value
from wagtail import hooks


def audit_log_sources() -> list[QuerySet]:
    """The querysets higher layers add to the cohort's audit log."""
    sources: list[QuerySet] = []
    for fn in hooks.get_hooks("guild_audit_log_sources"):
        sources.extend(fn())
    return sources


class MergedAuditLog(Sequence):
    """Several audit-log querysets as one list, newest first, that a paginator can
    count and slice without loading every row."""

    def __init__(self, querysets: Sequence[QuerySet]):
        self.querysets = list(querysets)

    def count(self) -> int:
        return sum(queryset.count() for queryset in self.querysets)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : len(self)])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        keys = None
        for number, queryset in enumerate(self.querysets):
            part = (
                queryset.order_by()
                .annotate(source=Value(number, output_field=IntegerField()))
                .values_list("source", "pk", "created_at")
            )
            keys = part if keys is None else keys.union(part, all=True)
        if keys is None:
            return []
        page = list(keys.order_by("-created_at", "-pk")[start:stop])
        wanted: dict[int, list] = {}
        for source, pk, _at in page:
            wanted.setdefault(source, []).append(pk)
        rows = {
            (source, row.pk): row
            for source, pks in wanted.items()
            for row in self.querysets[source].filter(pk__in=pks)
        }
        return [rows[(source, pk)] for source, pk, _at in page]
