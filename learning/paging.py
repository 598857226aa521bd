"""Lists paged ids first, so that a late page costs about what the first one does.

``OFFSET`` over a wide query makes the database build and sort every row before the
page (for a members list: membership, account, profile and org units, JSON attributes
included) only to throw all but a page away. Paged ids first, the sort and the skip run
over the ordering keys alone, which an index can serve (``EmployeeProfile``'s
``(full_name, employee_id)``); the page's rows are then fetched by primary key in one
more query and put back in the list's order.

``IdsFirst`` wraps an ordered queryset and answers what paginators ask of a list
(``count()``, ``len()`` and slicing), so Django's ``Paginator`` on the member pages and
the API's page-number pagination both page through it unchanged: same rows, same order,
same ``count``.
"""

from __future__ import annotations

from django.db.models import QuerySet


class IdsFirst:
    """An ordered queryset that a paginator slices ids first (see the module docstring).

    The queryset must be ordered on a unique key (ties broken by a unique column), or
    a row could appear on two pages; and must not use ``distinct()``, whose rows the
    narrow id query would not match. Reads only.
    """

    def __init__(self, queryset: QuerySet):
        if not queryset.ordered:
            raise ValueError("IdsFirst needs an ordered queryset: pages would not be stable.")
        self.queryset = queryset
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[index])
        rows = self.queryset.order_by().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]
