"""Charts drawn on the server as self-contained SVG: the same markup shows on the page,
in the admin and in WeasyPrint's PDF, with no JavaScript and no library to keep.

Each function returns a ``Chart``: its title, the ``<svg>`` (with ``<title>`` and
``<desc>`` for screen readers) and the same numbers as a table, which
``health/chart.html`` puts in a ``<details>`` under the picture.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cohorts.health.metrics import UNIT_PERCENT, UNIT_SCORE
from cohorts.health.report import (
    STATUS_BEHIND,
    STATUS_MET,
    STATUS_ON_TRACK,
    Comparison,
    GoalResult,
    Series,
    value_display,
)

# The site's palette (static_src/guild/guild.css), written out: SVG in a PDF has no CSS
# variables to read.
BRAND = "#1f4e5f"
ACCENT = "#e0803a"
INK = "#1d2a30"
MUTED = "#5b6b73"
LINE = "#d9e1e5"
TRACK = "#eef2f4"
OK = "#2e7d4f"
WARN = "#a35a00"
STATUS_COLOURS = {STATUS_MET: OK, STATUS_ON_TRACK: BRAND, STATUS_BEHIND: ACCENT}
FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif'

_ids = itertools.count(1)


@dataclass
class Chart:
    title: str
    svg: SafeString
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _num(value: float) -> str:
    """A coordinate: short, and always with a dot whatever the language."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_max(top: float, unit: str) -> float:
    if unit == UNIT_PERCENT:
        return 100.0
    if unit == UNIT_SCORE:
        return 5.0
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width: int, height: int, title: str, desc: str, body: str) -> SafeString:
    n = next(_ids)
    return mark_safe(  # noqa: S308 - every text inside is escaped where it is built
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-{n}-t chart-{n}-d" '
        f'font-family="{escape(FONT)}" class="health-chart">'
        f'<title id="chart-{n}-t">{escape(title)}</title>'
        f'<desc id="chart-{n}-d">{escape(desc)}</desc>{body}</svg>'
    )


def trend_chart(series: Series, *, goal: GoalResult | None = None) -> Chart:
    """A line over a soft area, one point a week; a gap where a week has no value; the
    goal's target as a dashed line; the latest value written beside its point."""
    # Narrow enough that 12-unit text reads at 12 px on a phone; it scales up elsewhere.
    width, height = 420, 220
    left, right, top, bottom = 44, 14, 24, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in series.points]
    known = [v for v in values if v is not None]
    target = goal.target if goal is not None else None
    y_max = _nice_max(max(known + ([target] if target is not None else []) or [0]), series.unit)
    count = max(len(series.points), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h - plot_h * min(value, y_max) / y_max

    parts = []
    for tick in range(5):
        value = y_max * tick / 4
        ty = y(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_num(ty)}" y2="{_num(ty)}" '
            f'stroke="{LINE}" stroke-width="1"/>'
            f'<text x="{left - 8}" y="{_num(ty + 4)}" text-anchor="end" font-size="12" '
            f'fill="{MUTED}">{escape(value_display(value, series.unit))}</text>'
        )
    # Week labels counted back from the latest, far enough apart for the longest one
    # ("23 Νοεμβρίου" is twice "23 Nov"); the latest ends at the right edge and the
    # first starts at the left one rather than running off the picture.
    label_w = max((len(p.label) for p in series.points), default=0) * 7.5
    gap = plot_w / (count - 1) if count > 1 else plot_w
    step = max(1, math.ceil(count / 5), math.ceil((label_w + 8) / gap))
    shown = set(range(count - 1, -1, -step))
    for i, point in enumerate(series.points):
        if i in shown:
            anchor, tx = "middle", x(i)
            if count > 1 and i == count - 1:
                anchor, tx = "end", width - 2
            elif tx - label_w / 2 < 2:
                anchor, tx = "start", 2
            parts.append(
                f'<text x="{_num(tx)}" y="{height - 12}" text-anchor="{anchor}" font-size="12" '
                f'fill="{MUTED}">{escape(point.label)}</text>'
            )
    # Runs of consecutive known values: a missing week breaks the line.
    runs, run = [], []
    for i, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((x(i), y(value)))
    if run:
        runs.append(run)
    base = y(0)
    for run in runs:
        line = " ".join(f"{_num(px)},{_num(py)}" for px, py in run)
        if len(run) > 1:
            area = f"{_num(run[0][0])},{_num(base)} {line} {_num(run[-1][0])},{_num(base)}"
            parts.append(f'<polygon points="{area}" fill="{BRAND}" fill-opacity="0.12"/>')
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{BRAND}" stroke-width="3" '
                f'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        for px, py in run:
            parts.append(
                f'<circle cx="{_num(px)}" cy="{_num(py)}" r="3.5" fill="#fff" '
                f'stroke="{BRAND}" stroke-width="2"/>'
            )
    if target is not None:
        ty = y(target)
        label = _("Goal %(target)s") % {"target": value_display(target, series.unit)}
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_num(ty)}" y2="{_num(ty)}" '
            f'stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 5"/>'
            f'<text x="{left + 6}" y="{_num(ty - 6)}" text-anchor="start" font-size="12" '
            f'font-weight="600" fill="{ACCENT}">'
            f"{escape(label)}"
            "</text>"
        )
    last = next((i for i in range(count - 1, -1, -1) if values[i] is not None), None)
    if last is not None:
        lx, ly = x(last), y(values[last])
        parts.append(
            f'<circle cx="{_num(lx)}" cy="{_num(ly)}" r="6" fill="{BRAND}" stroke="#fff" '
            f'stroke-width="2"/>'
            f'<text x="{_num(min(lx, width - right - 4))}" y="{_num(max(ly - 12, 14))}" '
            f'text-anchor="end" font-size="14" font-weight="700" fill="{INK}">'
            f"{escape(value_display(values[last], series.unit))}</text>"
        )
    if not known:
        parts.append(
            f'<text x="{width / 2}" y="{top + plot_h / 2}" text-anchor="middle" font-size="14" '
            f'fill="{MUTED}">{escape(_("No data yet"))}</text>'
        )
    first_label = series.points[0].label if series.points else ""
    last_label = series.points[-1].label if series.points else ""
    desc = _("%(metric)s by week from %(first)s to %(last)s; latest %(value)s.") % {
        "metric": series.label,
        "first": first_label,
        "last": last_label,
        "value": value_display(values[last] if last is not None else None, series.unit),
    }
    return Chart(
        title=series.label,
        svg=_svg(width, height, series.label, desc, "".join(parts)),
        headers=[pgettext("a chart's column", "Week of"), series.label],
        rows=[[p.label, value_display(p.value, series.unit)] for p in series.points],
    )


def bar_chart(comparison: Comparison) -> Chart:
    """Horizontal bars, one a row (names above their bars, so long names fit a phone);
    the current row in the accent colour."""
    width, row_h, pad = 420, 46, 8
    rows = comparison.rows
    height = pad * 2 + row_h * max(len(rows), 1)
    known = [r.value for r in rows if r.value is not None]
    x_max = _nice_max(max(known or [0]), comparison.unit)
    bar_w = width - 70
    parts = []
    for i, row in enumerate(rows):
        top = pad + i * row_h
        colour = ACCENT if row.current else BRAND
        length = 0 if row.value is None else bar_w * min(row.value, x_max) / x_max
        weight = "700" if row.current else "400"
        parts.append(
            f'<text x="0" y="{top + 14}" font-size="13" font-weight="{weight}" fill="{INK}">'
            f"{escape(_short(row.label, 48))}</text>"
            f'<rect x="0" y="{top + 20}" width="{bar_w}" height="16" rx="8" fill="{TRACK}"/>'
        )
        if length > 0:
            parts.append(
                f'<rect x="0" y="{top + 20}" width="{_num(max(length, 16))}" height="16" rx="8" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{width}" y="{top + 33}" text-anchor="end" font-size="13" '
            f'font-weight="700" fill="{INK}">{escape(row.display)}</text>'
        )
    if not rows:
        parts.append(
            f'<text x="{width / 2}" y="{pad + 24}" text-anchor="middle" font-size="14" '
            f'fill="{MUTED}">{escape(_("No data yet"))}</text>'
        )
    desc = "; ".join(f"{row.label}: {row.display}" for row in rows)
    return Chart(
        title=comparison.label,
        svg=_svg(width, height, comparison.label, desc, "".join(parts)),
        headers=[pgettext("a chart's column", "Name"), comparison.label],
        rows=[[row.label, row.display] for row in rows],
    )


def goal_bar(goal: GoalResult) -> Chart:
    """How far a goal is: a bar filled to the share reached, coloured by its status."""
    width, height = 420, 36
    colour = STATUS_COLOURS.get(goal.status, MUTED)
    filled = width * max(min(goal.progress, 1.0), 0.0)
    title = _("%(metric)s: %(value)s of %(target)s by %(date)s") % {
        "metric": goal.label,
        "value": goal.display,
        "target": goal.target_display,
        "date": formats.date_format(goal.due_on, "SHORT_DATE_FORMAT"),
    }
    body = (
        f'<rect x="0" y="8" width="{width}" height="18" rx="9" fill="{TRACK}"/>'
        + (
            f'<rect x="0" y="8" width="{_num(max(filled, 18))}" height="18" rx="9" '
            f'fill="{colour}"/>'
            if goal.progress > 0
            else ""
        )
        + f'<line x1="{width - 1}" x2="{width - 1}" y1="2" y2="32" stroke="{INK}" '
        'stroke-width="2"/>'
    )
    return Chart(
        title=title,
        svg=_svg(width, height, title, goal.status_label, body),
        headers=[_("Now"), _("Target"), pgettext("a goal's", "Status")],
        rows=[[goal.display, goal.target_display, goal.status_label]],
    )
