"""What ``cohort_health`` returns: plain values the page, the API, the export and the
retrospective PDF all read (see /work/notes/health-api.md's twin, the module docstrings)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cohorts.health.metrics import UNIT_HOURS, UNIT_PERCENT, UNIT_SCORE

STATUS_MET = "met"
STATUS_ON_TRACK = "on_track"
STATUS_BEHIND = "behind"
STATUS_UNKNOWN = "unknown"


def value_display(value, unit: str) -> str:
    """A metric's value in the viewer's language, with its unit; a dash for none."""
    if value is None:
        return "–"
    decimals = 0 if float(value).is_integer() and unit not in (UNIT_SCORE,) else 1
    number = formats.number_format(value, decimal_pos=decimals, use_l10n=True)
    if unit == UNIT_PERCENT:
        return pgettext("a share, e.g. 42%", "%(value)s%%") % {"value": number}
    if unit == UNIT_HOURS:
        return pgettext("a duration in hours, e.g. 3.5 h", "%(value)s h") % {"value": number}
    if unit == UNIT_SCORE:
        return pgettext("a rating out of five", "%(value)s / 5") % {"value": number}
    return number


def status_label(status: str) -> str:
    return {
        STATUS_MET: pgettext("a goal", "Met"),
        STATUS_ON_TRACK: pgettext("a goal", "On track"),
        STATUS_BEHIND: pgettext("a goal", "Behind"),
        STATUS_UNKNOWN: pgettext("a goal", "No data yet"),
    }[status]


@dataclass
class MetricValue:
    code: str
    label: str
    unit: str
    higher_is_better: bool
    value: float | None
    help: str = ""

    @property
    def display(self) -> str:
        return value_display(self.value, self.unit)


@dataclass
class Point:
    start: date
    value: float | None

    @property
    def label(self) -> str:
        return formats.date_format(self.start, "MONTH_DAY_FORMAT")


@dataclass
class Series:
    code: str
    label: str
    unit: str
    higher_is_better: bool
    points: list[Point] = field(default_factory=list)


@dataclass
class Row:
    key: object
    label: str
    value: float | None
    unit: str
    current: bool = False

    @property
    def display(self) -> str:
        return value_display(self.value, self.unit)


@dataclass
class Comparison:
    code: str
    label: str
    unit: str
    higher_is_better: bool
    rows: list[Row] = field(default_factory=list)


@dataclass
class GoalResult:
    id: int
    code: str
    label: str
    unit: str
    higher_is_better: bool
    target: float
    due_on: date
    value: float | None
    status: str
    progress: float
    note: str = ""

    @property
    def display(self) -> str:
        return value_display(self.value, self.unit)

    @property
    def target_display(self) -> str:
        return value_display(self.target, self.unit)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class KeyMember:
    membership_id: int
    user_id: int
    name: str
    role: str
    score: int
    contributions: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Topic:
    name: str
    count: int
    source_label: str


@dataclass
class Comment:
    text: str
    rating: int
    session_title: str
    day: date


@dataclass
class HealthReport:
    cohort: object
    as_of: datetime
    window_start: datetime
    window_end: datetime
    timeline_start: datetime
    metrics: list[MetricValue]
    trends: list[Series]
    subgroups: list[Comparison]
    cohorts: list[Comparison]
    goals: list[GoalResult]
    key_members: list[KeyMember]
    topics: list[Topic]
    comments: list[Comment]

    def metric(self, code: str) -> MetricValue | None:
        return next((m for m in self.metrics if m.code == code), None)

    def trend(self, code: str) -> Series | None:
        return next((s for s in self.trends if s.code == code), None)

    def subgroup_comparison(self, code: str) -> Comparison | None:
        return next((c for c in self.subgroups if c.code == code), None)

    def cohort_comparison(self, code: str) -> Comparison | None:
        return next((c for c in self.cohorts if c.code == code), None)

    @property
    def no_data_text(self) -> str:
        return _("No data yet")
