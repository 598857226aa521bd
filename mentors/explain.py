"""Words for what the engine decided: the parts of a pair's fit and the reason a
newcomer has no mentor, in the reader's language (``gettext`` at display time, so a
proposal stored once reads right in every language)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mentors import matching


def _points(points: float) -> str:
    text = f"{points:+.1f}"
    return text[:-2] if text.endswith(".0") else text


def part_label(part: dict) -> str:
    """``same region (North) +3``: one part of a pair's fit."""
    code, name = part.get("code"), part.get("name") or part.get("detail") or ""
    labels = {
        matching.SUBGROUP: lambda: _("same sub-group (%(name)s)") % {"name": name},
        matching.REGION: lambda: _("same region (%(name)s)") % {"name": name},
        matching.SUBSIDIARY: lambda: _("same subsidiary (%(name)s)") % {"name": name},
        matching.EXPERTISE: lambda: _("shared expertise “%(name)s”") % {"name": name},
        matching.LEVEL_GAP: lambda: _("level gap %(name)s") % {"name": name},
        matching.LOAD: lambda: (
            _("balanced load (mentee no. %(number)s)")
            % {"number": int(part.get("detail") or 0) + 1}
        ),
    }
    label = labels[code]() if code in labels else str(code)
    return f"{label} {_points(float(part.get('points', 0)))}"


def parts_label(parts: list[dict]) -> str:
    """Every part of a pair's fit, joined; "no shared trait" when there is none."""
    return ", ".join(part_label(part) for part in parts) or _("no shared trait")


def constraint_label(code: str) -> str:
    """The hard constraint ``code`` in words."""
    labels = {
        matching.SELF: lambda: _("the same person"),
        matching.LOCKED_ELSEWHERE: lambda: _("locked to another mentor"),
        matching.LANGUAGE: lambda: _("no shared language"),
        matching.MANAGER_CHAIN: lambda: _("in the newcomer's manager chain"),
        matching.EXCLUDED: lambda: _("excluded by HR"),
        matching.CAPACITY: lambda: _("no free place"),
    }
    return labels[code]() if code in labels else code


def unmatched_label(reason: str, counts: dict | None = None) -> str:
    """Why a newcomer has no mentor, with how many mentors each constraint ruled out."""
    if reason == matching.NO_MENTORS:
        return _("No mentor is available for this cohort.")
    if reason == matching.ALL_FULL:
        return _("Every mentor who fits is full.")
    text = _("Every mentor is ruled out; most often: %(reason)s.") % {
        "reason": constraint_label(reason)
    }
    if counts:
        detail = ", ".join(
            f"{constraint_label(code)} {count}" for code, count in sorted(counts.items())
        )
        text = f"{text} ({detail})"
    return text
