"""The cohort health API: the dashboard's numbers now (with sub-groups and the
program's cohorts compared, key members, topics and comments), the weekly trends, and
the operations goals (list, set, remove).

Views only translate HTTP: a cohort the caller may not see is 404, one they see but do
not run is 403; the services check the rest (400 naming the field).
"""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from cohorts import permissions
from cohorts.api.lookups import cohort_visible, require
from cohorts.health import services
from cohorts.health.models import HealthGoal
from cohorts.health.selectors import cohort_health
from learning.api import ERROR_RESPONSES
from learning.api.schemas import CalendarDate

router = Router(tags=["cohort health"])


class MetricOut(Schema):
    code: str
    label: str
    unit: str = Field(description="`count`, `percent`, `hours` or `score` (1–5).")
    higher_is_better: bool
    value: float | None
    display: str = Field(
        description="The value as the dashboard shows it, in the caller's language."
    )


class RowOut(Schema):
    id: int
    name: str
    value: float | None


class ComparisonOut(Schema):
    code: str
    label: str
    unit: str
    rows: list[RowOut]


class PointOut(Schema):
    week_of: datetime.date = Field(description="The Monday the week starts, on the cohort's clock.")
    value: float | None


class HealthSeriesOut(Schema):
    code: str
    label: str
    unit: str
    higher_is_better: bool
    points: list[PointOut]


class GoalOut(Schema):
    id: int
    metric: str
    label: str
    unit: str
    target: float
    due_on: datetime.date
    note: str
    value: float | None = Field(description="The metric now.")
    status: str = Field(description="`met`, `on_track`, `behind` or `unknown` (no data yet).")
    progress: float = Field(description="0 to 1: how much of the target is reached.")


class GoalIn(Schema):
    target: float = Field(description="Percent metrics 0–100, scores 0–5.")
    due_on: CalendarDate
    note: str = Field("", max_length=300)


class KeyMemberOut(Schema):
    membership_id: int
    user_id: int
    name: str
    role: str
    score: int
    contributions: list[tuple[str, int]]


class TopicOut(Schema):
    name: str
    count: int
    source: str


class CommentOut(Schema):
    text: str
    rating: int
    session: str
    day: datetime.date


class HealthReportOut(Schema):
    cohort: str
    as_of: datetime.datetime
    metrics: list[MetricOut]
    subgroups: list[ComparisonOut]
    cohorts: list[ComparisonOut]
    goals: list[GoalOut]
    key_members: list[KeyMemberOut]
    topics: list[TopicOut]
    comments: list[CommentOut]


def _staff_cohort(request, slug: str):
    cohort = cohort_visible(request, slug)
    require(
        permissions.is_cohort_staff(request.user, cohort),
        _("Only the cohort's organizers and operations team see this."),
    )
    return cohort


def _goal_out(goal) -> dict:
    return {
        "id": goal.id,
        "metric": goal.code,
        "label": goal.label,
        "unit": goal.unit,
        "target": goal.target,
        "due_on": goal.due_on,
        "note": goal.note,
        "value": goal.value,
        "status": goal.status,
        "progress": round(goal.progress, 3),
    }


def _comparison_out(comparison) -> dict:
    return {
        "code": comparison.code,
        "label": comparison.label,
        "unit": comparison.unit,
        "rows": [{"id": r.key, "name": r.label, "value": r.value} for r in comparison.rows],
    }


@router.get(
    "/cohorts/{slug}/health/metrics",
    response={200: HealthReportOut, **ERROR_RESPONSES},
    summary="The cohort's health now (organizers, operations team, HR)",
    description=(
        "Every metric now (active ones over the last seven days, the rest over the "
        "cohort's timeline), each compared across sub-groups and the program's cohorts, "
        "the goals against results, the key members, topics and feedback comments."
    ),
)
def health_metrics(request, slug: str):
    cohort = _staff_cohort(request, slug)
    report = cohort_health(cohort)
    return {
        "cohort": cohort.slug,
        "as_of": report.as_of,
        "metrics": [
            {
                "code": m.code,
                "label": m.label,
                "unit": m.unit,
                "higher_is_better": m.higher_is_better,
                "value": m.value,
                "display": m.display,
            }
            for m in report.metrics
        ],
        "subgroups": [_comparison_out(c) for c in report.subgroups],
        "cohorts": [_comparison_out(c) for c in report.cohorts],
        "goals": [_goal_out(g) for g in report.goals],
        "key_members": [
            {
                "membership_id": k.membership_id,
                "user_id": k.user_id,
                "name": k.name,
                "role": k.role,
                "score": k.score,
                "contributions": k.contributions,
            }
            for k in report.key_members
        ],
        "topics": [
            {"name": t.name, "count": t.count, "source": t.source_label} for t in report.topics
        ],
        "comments": [
            {"text": c.text, "rating": c.rating, "session": c.session_title, "day": c.day}
            for c in report.comments
        ],
    }


@router.get(
    "/cohorts/{slug}/health/trends",
    response={200: list[HealthSeriesOut], **ERROR_RESPONSES},
    summary="Each metric week by week over the cohort's timeline",
)
def health_trends(request, slug: str):
    report = cohort_health(_staff_cohort(request, slug))
    return [
        {
            "code": s.code,
            "label": s.label,
            "unit": s.unit,
            "higher_is_better": s.higher_is_better,
            "points": [{"week_of": p.start, "value": p.value} for p in s.points],
        }
        for s in report.trends
    ]


@router.get(
    "/cohorts/{slug}/health/goals",
    response={200: list[GoalOut], **ERROR_RESPONSES},
    summary="The cohort's operations goals against results",
)
def goals_list(request, slug: str):
    report = cohort_health(_staff_cohort(request, slug))
    return [_goal_out(g) for g in report.goals]


@router.put(
    "/cohorts/{slug}/health/goals/{metric}",
    response={200: GoalOut, **ERROR_RESPONSES},
    summary="Set the goal for a metric (organizers, core and planning teams, HR)",
    description="One goal per metric: setting it again changes it.",
)
def goal_put(request, slug: str, metric: str, payload: GoalIn):
    cohort = _staff_cohort(request, slug)
    services.goal_set(
        actor=request.user,
        cohort=cohort,
        metric=metric,
        target=payload.target,
        due_on=payload.due_on,
        note=payload.note,
    )
    report = cohort_health(cohort)
    return next(_goal_out(g) for g in report.goals if g.code == metric)


@router.delete(
    "/cohorts/{slug}/health/goals/{metric}",
    response={204: None, **ERROR_RESPONSES},
    summary="Remove the goal for a metric",
)
def goal_delete(request, slug: str, metric: str):
    cohort = _staff_cohort(request, slug)
    goal = get_object_or_404(HealthGoal, cohort=cohort, metric=metric)
    goal.cohort = cohort
    services.goal_remove(actor=request.user, goal=goal)
    return Status(204, None)
