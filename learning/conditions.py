"""Directory conditions: who in the company a rule means, defined once.

An entry rule ("directors and above in East China"), adding people by rule ("everyone
hired in November in sales"), the people search and, later, mentor matching all select
people by the same facts of the directory: level, region, subsidiary, department,
project team and hire date. ``DirectoryConditions`` is that selection. It builds the
query (``q``), explains to a person in words which condition they fail
(``failures``), reads itself from what a form, the API or a job sends
(``from_values``) and writes itself back (``as_params``), so each of those callers says
what it wants and none of them codes the conditions again.

Every part that is set must hold; a list holds when the person matches any item of it.
A hire date is private: a condition on it may only be used by someone who may see
everyone's hire date, which ``learning.directory.conditions_private_check`` enforces.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.models import Department, EmployeeProfile, Level, ProjectTeam, Region, Subsidiary

# The directory's lists, each with the profile field it constrains and the messages that
# explain a failure to the person (the group's allowed values; theirs, or none on record).
UNIT_LISTS = {
    "regions": (
        Region,
        "region",
        gettext_lazy("This group is for people in %(allowed)s; your region is %(yours)s."),
        gettext_lazy("This group is for people in %(allowed)s; you have no region on record."),
    ),
    "subsidiaries": (
        Subsidiary,
        "subsidiary",
        gettext_lazy("This group is for %(allowed)s; you work for %(yours)s."),
        gettext_lazy("This group is for %(allowed)s; you have no subsidiary on record."),
    ),
    "departments": (
        Department,
        "department",
        gettext_lazy("This group is for the %(allowed)s department; your department is %(yours)s."),
        gettext_lazy(
            "This group is for the %(allowed)s department; you have no department on record."
        ),
    ),
    "project_teams": (
        ProjectTeam,
        "project_team",
        gettext_lazy("This group is for the %(allowed)s team; your team is %(yours)s."),
        gettext_lazy("This group is for the %(allowed)s team; you are not in a project team."),
    ),
}

# One of a list, as a form with single choices sends it: "the East region".
SINGULAR = {
    "level": "levels",
    "region": "regions",
    "subsidiary": "subsidiaries",
    "department": "departments",
    "project_team": "project_teams",
}


@dataclass(frozen=True)
class ConditionFailure:
    """A condition a person does not meet: a stable code and a sentence for them."""

    code: str
    message: str


def date_text(value: datetime.date) -> str:
    """A date as the viewer's locale writes it."""
    return date_format(value, "DATE_FORMAT")


def _names(items: Iterable) -> str:
    return ", ".join(str(item) for item in items)


@dataclass(frozen=True)
class DirectoryConditions:
    """Conditions on the people directory; an empty part means "any"."""

    min_level: Level | None = None
    max_level: Level | None = None
    levels: tuple[Level, ...] = ()
    regions: tuple[Region, ...] = ()
    subsidiaries: tuple[Subsidiary, ...] = ()
    departments: tuple[Department, ...] = ()
    project_teams: tuple[ProjectTeam, ...] = ()
    hired_after: datetime.date | None = None
    hired_before: datetime.date | None = None

    # Reading conditions from callers ------------------------------------------------

    @classmethod
    def from_values(cls, values: Mapping, *, by: str = "pk") -> DirectoryConditions:
        """Conditions from what a form, the API or a job sends.

        ``values`` maps condition names to rows, their ids (``by="pk"``) or their codes
        (``by="code"``); a list's name also takes one item under its singular name
        (``region``) and dates take ISO text. Empty values are left out. Raises one
        ``ValidationError`` naming every field that is wrong: an unknown condition, an
        unknown row, a malformed date, a range out of order.
        """
        names = {field.name for field in fields(cls)}
        errors: dict[str, str] = {}
        unknown = sorted(set(values) - names - set(SINGULAR))
        if unknown:
            errors["filters"] = _("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)}
        found: dict = {}
        for name, value in values.items():
            if name in unknown or value in (None, "", [], ()):
                continue
            target = SINGULAR.get(name, name)
            if target in {"hired_after", "hired_before"}:
                parsed = _date_value(value)
                if parsed is None:
                    errors[name] = _("Enter a date as YYYY-MM-DD.")
                else:
                    found[target] = parsed
                continue
            model = Level if target in {"min_level", "max_level", "levels"} else None
            model = model or UNIT_LISTS[target][0]
            items = list(value) if isinstance(value, list | tuple) else [value]
            rows = _rows(model, items, by=by)
            if rows is None:
                errors[name] = _("No such %(kind)s.") % {"kind": model._meta.verbose_name}
            elif target in {"min_level", "max_level"}:
                found[target] = rows[0]
            else:
                found[target] = tuple(dict.fromkeys(found.get(target, ()) + tuple(rows)))
        if errors:
            raise ValidationError(errors)
        conditions = cls(**found)
        conditions.range_check()
        return conditions

    def range_check(self) -> None:
        """Raise ``ValidationError`` when the level range or the hiring window is reversed."""
        errors = {}
        if self.min_level and self.max_level and self.min_level.rank > self.max_level.rank:
            errors["max_level"] = _("The highest level is below the lowest level.")
        if self.hired_after and self.hired_before and self.hired_before < self.hired_after:
            errors["hired_before"] = _("The end of the hiring window comes before its start.")
        if errors:
            raise ValidationError(errors)

    # Writing them back ----------------------------------------------------------------

    def as_params(self) -> dict:
        """The conditions as JSON (rows by id, dates as ISO text), for job parameters;
        ``from_values`` reads it back."""
        params: dict = {}
        for name, value in self._set_parts():
            if isinstance(value, tuple):
                params[name] = [item.pk for item in value]
            elif isinstance(value, Model):
                params[name] = value.pk
            else:
                params[name] = value.isoformat()
        return params

    def for_log(self) -> dict:
        """The conditions as the audit log keeps them: names people can read."""
        return {
            name: [str(item) for item in value] if isinstance(value, tuple) else str(value)
            for name, value in self._set_parts()
        }

    def _set_parts(self):
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in (None, ()):
                yield field.name, value

    @property
    def is_empty(self) -> bool:
        return next(self._set_parts(), None) is None

    @property
    def uses_private_fields(self) -> bool:
        """Whether the conditions look at a private field (the hire date)."""
        return bool(self.hired_after or self.hired_before)

    # Using them -----------------------------------------------------------------------

    def q(self, prefix: str = "") -> Q:
        """The conditions as a filter on employee profiles, or on rows that reach a
        profile through ``prefix`` (e.g. ``"user__profile__"``)."""
        q = Q()
        if self.min_level:
            q &= Q(**{f"{prefix}level__rank__gte": self.min_level.rank})
        if self.max_level:
            q &= Q(**{f"{prefix}level__rank__lte": self.max_level.rank})
        if self.levels:
            q &= Q(**{f"{prefix}level__in": [level.pk for level in self.levels]})
        for name, (_model, field_name, _message, _missing) in UNIT_LISTS.items():
            items = getattr(self, name)
            if items:
                q &= Q(**{f"{prefix}{field_name}__in": [item.pk for item in items]})
        if self.hired_after:
            q &= Q(**{f"{prefix}hire_date__gte": self.hired_after})
        if self.hired_before:
            q &= Q(**{f"{prefix}hire_date__lte": self.hired_before})
        return q

    def failures(self, profile: EmployeeProfile) -> list[ConditionFailure]:
        """Every condition ``profile`` fails, each explained to that person.

        No queries when the profile's level and units are loaded.
        """
        result: list[ConditionFailure] = []
        fail = result.append
        level = profile.level
        if self.min_level and level.rank < self.min_level.rank:
            fail(
                ConditionFailure(
                    "min_level",
                    _("This group is for %(level)s level and above; your level is %(yours)s.")
                    % {"level": self.min_level.display_name, "yours": level.display_name},
                )
            )
        if self.max_level and level.rank > self.max_level.rank:
            fail(
                ConditionFailure(
                    "max_level",
                    _("This group is for %(level)s level and below; your level is %(yours)s.")
                    % {"level": self.max_level.display_name, "yours": level.display_name},
                )
            )
        if self.levels and level.pk not in {item.pk for item in self.levels}:
            fail(
                ConditionFailure(
                    "levels",
                    _("This group is for %(allowed)s level; your level is %(yours)s.")
                    % {"allowed": _names(self.levels), "yours": level.display_name},
                )
            )
        for name, (_model, field_name, message, missing) in UNIT_LISTS.items():
            allowed = getattr(self, name)
            if not allowed:
                continue
            code = field_name
            yours = getattr(profile, field_name)
            if yours is None:
                fail(ConditionFailure(code, str(missing) % {"allowed": _names(allowed)}))
            elif yours.pk not in {item.pk for item in allowed}:
                fail(
                    ConditionFailure(
                        code, str(message) % {"allowed": _names(allowed), "yours": yours}
                    )
                )
        result.extend(self._hire_date_failures(profile.hire_date))
        return result

    def _hire_date_failures(self, hired: datetime.date | None) -> list[ConditionFailure]:
        if not self.uses_private_fields:
            return []
        if hired is None:
            return [
                ConditionFailure(
                    "hire_date", _("This group depends on the hire date; yours is not on record.")
                )
            ]
        result = []
        if self.hired_after and hired < self.hired_after:
            result.append(
                ConditionFailure(
                    "hired_after",
                    _(
                        "This group is for people hired on or after %(date)s; "
                        "you were hired on %(yours)s."
                    )
                    % {"date": date_text(self.hired_after), "yours": date_text(hired)},
                )
            )
        if self.hired_before and hired > self.hired_before:
            result.append(
                ConditionFailure(
                    "hired_before",
                    _(
                        "This group is for people hired on or before %(date)s; "
                        "you were hired on %(yours)s."
                    )
                    % {"date": date_text(self.hired_before), "yours": date_text(hired)},
                )
            )
        return result


def _date_value(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _rows(model, items: list, *, by: str) -> list | None:
    """The rows ``items`` name (rows themselves, ids or codes), in order; None when any
    is unknown. One query for whatever is not a row already."""
    wanted = [item for item in items if not isinstance(item, model)]
    if not wanted:
        return items
    if by == "pk" and not all(_is_id(item) for item in wanted):
        return None
    keys = [int(item) for item in wanted] if by == "pk" else [str(item) for item in wanted]
    found = {getattr(row, by): row for row in model.objects.filter(**{f"{by}__in": keys})}
    if len(found) < len(set(keys)):
        return None
    keyed = iter(keys)
    return [item if isinstance(item, model) else found[next(keyed)] for item in items]


def _is_id(value) -> bool:
    # A row id the database can hold: anything else names no row (and a too-large integer
    # would crash the driver rather than find nothing).
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63
