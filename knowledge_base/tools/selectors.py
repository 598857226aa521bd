"""Reads of sales tools: the member list with filters, one tool, the tools built from a
case, and the curators' report (most used, stale, due). Each costs a fixed number of
queries whatever the number of tools."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from knowledge_base.models import Case
from knowledge_base.tools.models import TaggedTool, ToolCase, ToolPage, ToolUse
from knowledge_base.tools.services.visibility import tools_visible_to

FILTERS = ("kind", "product", "region", "deal_stage", "tag", "language")
STALE_DAYS = 90
REPORT_ROWS = 20


def tool_list(*, user, filters: dict | None = None) -> QuerySet[ToolPage]:
    """Live tools ``user`` may read, newest first, filtered by kind, product, region,
    deal stage, tag and language; with what a row shows (one query, plus one for tags)."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    tools = tools_visible_to(user).filter(live=True)
    for name in ("kind", "deal_stage", "language"):
        if filters.get(name):
            tools = tools.filter(**{name: filters[name]})
    if filters.get("product"):
        tools = tools.filter(product__iexact=filters["product"])
    if filters.get("region"):
        tools = tools.filter(region_id=filters["region"])
    if filters.get("tag"):
        tools = tools.filter(
            Exists(
                TaggedTool.objects.filter(
                    content_object_id=OuterRef("pk"), tag__name__iexact=filters["tag"]
                )
            )
        )
    return (
        tools.select_related("region", "maintainer__profile")
        .prefetch_related("tags")
        .annotate(helped_count=Count("uses", filter=Q(uses__kind=ToolUse.Kind.HELPED)))
        .order_by("-last_published_at", "-pk")
    )


def tool_detail(*, user, tool_id: int) -> ToolPage | None:
    """One tool ``user`` may read (a draft only to editors and its owner), with its
    cases, tags, owner and helped votes, or None."""
    cases = Case.objects.filter(live=True).select_related("region")
    return (
        tools_visible_to(user)
        .filter(pk=tool_id)
        .select_related("region", "maintainer__profile", "cohort", "subgroup")
        .prefetch_related(
            "tags",
            Prefetch(
                "source_cases",
                queryset=ToolCase.objects.filter(case__in=cases)
                .select_related("case__region")
                .order_by("sort_order", "pk"),
            ),
        )
        .annotate(
            helped_count=Count("uses", filter=Q(uses__kind=ToolUse.Kind.HELPED)),
            helped_by_me=Exists(
                ToolUse.objects.filter(
                    tool=OuterRef("pk"), user_id=user.pk, kind=ToolUse.Kind.HELPED
                )
            ),
        )
        .first()
    )


def tools_built_from(*, user, case: Case) -> list[ToolPage]:
    """The live tools built from ``case`` that ``user`` may read (one query)."""
    return list(
        tools_visible_to(user)
        .filter(live=True, source_cases__case=case)
        .only("pk", "title", "kind", "url_path", "language")
        .order_by("title")
    )


def tools_most_used(*, since: dt.date | None = None, limit: int = REPORT_ROWS) -> list:
    """Tools by views, downloads and helped votes since ``since`` (default: 90 days), the
    most used first. One query."""
    since = since or timezone.localdate() - dt.timedelta(days=STALE_DAYS)
    recent = Q(uses__at__date__gte=since)
    return list(
        ToolPage.objects.select_related("maintainer__profile")
        .annotate(
            views=Count("uses", filter=recent & Q(uses__kind=ToolUse.Kind.VIEW)),
            downloads=Count("uses", filter=recent & Q(uses__kind=ToolUse.Kind.DOWNLOAD)),
            helped=Count("uses", filter=Q(uses__kind=ToolUse.Kind.HELPED)),
        )
        .filter(Q(views__gt=0) | Q(downloads__gt=0) | Q(helped__gt=0))
        .order_by("-views", "-downloads", "-helped", "title")[:limit]
    )


def tools_stale(*, today: dt.date | None = None, limit: int = REPORT_ROWS) -> list:
    """Tools due for review (past their review-by date) or not used in 90 days, the
    longest overdue first. One query."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=STALE_DAYS)
    used = ToolUse.objects.filter(tool=OuterRef("pk"), at__date__gte=since)
    return list(
        ToolPage.objects.select_related("maintainer__profile")
        .annotate(used_lately=Exists(used))
        .filter(Q(review_by__lt=today) | Q(live=True, used_lately=False))
        .order_by("review_by", "title")[:limit]
    )


def tools_published_counts(windows) -> dict[int, int]:
    """Tools first published in each cohort's digest week (``cohorts.digest``) that the
    whole cohort may read (company-wide or limited to that cohort, not a sub-group's).
    One query whatever the number of cohorts."""
    if not windows:
        return {}
    earliest = min(start for start, _end in windows.values())
    rows = ToolPage.objects.filter(
        live=True, subgroup__isnull=True, first_published_at__gte=earliest
    ).values_list("cohort_id", "first_published_at")
    counts: dict[int, int] = {}
    for cohort_id, published in rows:
        for target in [cohort_id] if cohort_id else list(windows):
            window = windows.get(target)
            if window and window[0] <= published < window[1]:
                counts[target] = counts.get(target, 0) + 1
    return counts
