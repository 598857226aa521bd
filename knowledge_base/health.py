"""Cases for the cohort health dashboard (``guild_health_metrics``): cases its members
shared, sharing one as activity, and case tags as topics. A case belongs to its author,
not to a cohort: it counts for each cohort its author is an active member of."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cohorts.health.metrics import (
    UNIT_COUNT,
    ActivitySource,
    HealthMetric,
    Scope,
    TopicSource,
    top_counts,
)
from knowledge_base.models import Case, TaggedCase


def cases_values(scope: Scope) -> dict:
    rows = scope.keyed(Case.objects.filter(live=True), at="created_at", person="author")
    return {row["k"]: row["n"] for row in rows.values("k").annotate(n=Count("pk"))}


def case_tag_counts(cohort, start, end, limit) -> list[tuple[str, int]]:
    rows = TaggedCase.objects.filter(
        content_object__live=True,
        content_object__created_at__gte=start,
        content_object__created_at__lt=end,
        content_object__author__cohort_memberships__cohort=cohort,
        content_object__author__cohort_memberships__status="active",
    )
    return top_counts(rows, "tag__name", limit)


def health_declarations() -> list:
    return [
        HealthMetric(
            "cases",
            _("Cases shared"),
            UNIT_COUNT,
            values=cases_values,
            order=70,
            help=_("Published cases from the field written by the cohort's members."),
        ),
        ActivitySource("cases", lambda: Case.objects.all(), person="author", at="created_at"),
        TopicSource("case_tags", _("Case tags"), case_tag_counts),
    ]
