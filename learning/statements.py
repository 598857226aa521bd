"""Reads compiled once per process, for the small indexed reads that every page makes.

Building a queryset and compiling it to SQL costs Django's ORM far more Python than the
database spends running it: a cohort page's read of the cohort with the viewer's
standing in it took ~1.5 ms to build and compile and ~0.1 ms to run, and a page makes
several such reads. A ``prepared`` read is built and compiled once per process (which
uses one database) and *shape*, with stand-ins for its *values*; each call runs that SQL
with its own values through Django's own iterables, so the rows come back exactly as the
queryset would give them (model instances with their ``select_related`` rows and
annotations, or ``values()``/``values_list()`` rows, and ``prefetch_related`` done after).

    @prepared
    def _cohort_read(hr: bool, *, viewer: int, slug: str) -> QuerySet[Cohort]:
        return ...

    cohort = _cohort_read.first(False, viewer=request.user.pk, slug=slug)

- Positional arguments are the **shape**: hashable, part of the cache key, free to
  steer the build (``if hr: …``).
- Keyword arguments are **values** (``int`` or ``str``): the build may use them only as
  values that the SQL is parameterised with (a filter's right-hand side), never to
  branch, as a ``LIMIT``, or as a list whose length would change the SQL. Time comes from
  the database (``Now()``), not from Python.

The first call for a shape checks the contract: the build is compiled twice with
different stand-ins and must give the same SQL, with parameters that differ exactly
where a stand-in went in; otherwise ``ImproperlyConfigured`` names the value at fault.
The rows of a call cannot be refined (``filter``, ``count``, ``first`` on them raise
``TypeError``): the compiled SQL holds stand-ins in place of the values, so a refinement
would silently ask about nobody. Put what you need in the build.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet

# What Django's iterables read from a queryset's query besides its compiler.
_QUERY_READS = frozenset(
    {"model", "selected", "extra_select", "values_select", "annotation_select"}
)


def _stand_in(name: str, kind: type, round_: int, index: int) -> int | str:
    # Chosen so that no constant of a real statement equals one of them.
    if kind is int:
        return -1_946_000_317 - 7_919 * index - 104_729 * round_
    return f"\x1fguild-stand-in:{round_}:{name}\x1f"


class _Compiled:
    """One shape's statement: the template queryset, its compiler after ``as_sql`` (with
    the select list and the row layout Django's iterables read), the SQL and parameters,
    and where each value goes in the parameters."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple, slots):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots: tuple[tuple[int, str], ...] = tuple(slots)

    def params_for(self, values: dict[str, Any]) -> tuple:
        params = list(self.params)
        for position, name in self.slots:
            params[position] = values[name]
        return tuple(params)


class _PreparedQuery:
    """Stands in for a ``Query`` in one call's queryset: hands Django's iterables a copy
    of the compiled compiler that answers the call's SQL, and refuses to be refined."""

    def __init__(self, compiled: _Compiled, params: tuple):
        self._compiled = compiled
        self._params = params

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self._compiled.compiler)
        compiler.connection = connection if connection is not None else connections[using]
        sql, params = self._compiled.sql, self._params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler

    def chain(self, klass=None):
        raise TypeError(
            "A prepared read cannot be refined: its SQL holds stand-ins for the values. "
            "Put the filter, slice or count in its build."
        )

    clone = chain

    def __getattr__(self, name: str):
        if name in _QUERY_READS:
            return getattr(self._compiled.queryset.query, name)
        raise TypeError(f"A prepared read does not answer {name!r}: put it in its build.")


class Prepared:
    """A read compiled once per process and shape (see the module docstring)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        functools.update_wrapper(self, build)

    def __call__(self, *shape, **values) -> QuerySet:
        """The rows of the read for ``values``, as an unevaluated queryset that may be
        iterated (once or more), listed or tested, not refined."""
        kinds = tuple(sorted((name, type(value)) for name, value in values.items()))
        for name, kind in kinds:
            if kind not in (int, str):
                raise TypeError(f"Value {name!r} must be an int or a str, not {kind.__name__}.")
        template = self._template(shape, kinds)
        alias = template.queryset.db
        queryset = QuerySet(
            model=template.queryset.model,
            query=_PreparedQuery(template, template.params_for(values)),
            using=alias,
        )
        queryset._iterable_class = template.queryset._iterable_class
        queryset._fields = template.queryset._fields
        queryset._prefetch_related_lookups = template.queryset._prefetch_related_lookups
        return queryset

    def first(self, *shape, **values):
        """The first row, or None (the build gives the order and, best, the ``[:1]``)."""
        return next(iter(self(*shape, **values)), None)

    def _template(self, shape: tuple, kinds: tuple) -> _Compiled:
        key = (shape, kinds)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(shape, kinds)
        return compiled

    def _compile(self, shape: tuple, kinds: tuple) -> _Compiled:
        rounds = []
        for round_ in (0, 1):
            stand_ins = {
                name: _stand_in(name, kind, round_, index)
                for index, (name, kind) in enumerate(kinds)
            }
            queryset = self.build(*shape, **stand_ins)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            rounds.append((queryset, compiler, sql, tuple(params), stand_ins))
        (queryset, compiler, sql, params, first), (_, _, sql_again, params_again, second) = rounds
        where = f"{self.build.__module__}.{self.build.__qualname__}"
        if sql != sql_again or len(params) != len(params_again):
            raise ImproperlyConfigured(
                f"{where}: its SQL depends on a value; values may only be filtered on."
            )
        names_first = {value: name for name, value in first.items()}
        names_second = {value: name for name, value in second.items()}
        slots = []
        for position, (a, b) in enumerate(zip(params, params_again, strict=True)):
            if a == b:
                continue
            name = names_first.get(a)
            if name is None or names_second.get(b) != name:
                raise ImproperlyConfigured(
                    f"{where}: a value reaches the SQL changed (as a pattern or a list?); "
                    "values may only be filtered on as they are."
                )
            slots.append((position, name))
        unused = set(first) - {name for _, name in slots}
        if unused:
            raise ImproperlyConfigured(f"{where}: value(s) {sorted(unused)} reach no SQL.")
        return _Compiled(queryset, compiler, sql, params, slots)


def prepared(build: Callable[..., QuerySet]) -> Prepared:
    """Decorate a read's build: ``build(*shape, **values) -> QuerySet``."""
    return Prepared(build)
