"""Reads of the knowledge base: case lists, the glossary, the library of session
summaries. Each costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from cohorts import permissions
from cohorts.models import Membership, SubGroupMembership
from cohorts.sessions.models import Summary
from knowledge_base.models import Case, CaseAttachment, GlossaryTerm
from knowledge_base.services.cases import cases_visible_to

LIST_MAX = 50


def case_list(*, user, kind: str = "", mine: bool = False) -> QuerySet[Case]:
    """Approved cases, newest first (``mine``: the caller's own, whatever their state),
    with what a row shows in one query plus one for tags."""
    cases = cases_visible_to(user)
    cases = cases.filter(author=user) if mine else cases.filter(live=True)
    if kind:
        cases = cases.filter(kind=kind)
    return (
        cases.select_related("region", "author__profile")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )


def case_detail(*, user, case_id: int) -> Case | None:
    """One case the caller may read, with its attachments and tags, or None."""
    return (
        cases_visible_to(user)
        .filter(pk=case_id)
        .select_related("region", "author__profile", "source_summary__session__cohort")
        .prefetch_related(
            "tags", Prefetch("attachments", queryset=CaseAttachment.objects.order_by("pk"))
        )
        .first()
    )


def glossary_list(*, language: str = "") -> QuerySet[GlossaryTerm]:
    terms = GlossaryTerm.objects.all()
    if language:
        terms = terms.filter(language=language)
    return terms.order_by("concept", "language")


def summaries_visible_to(user) -> QuerySet[Summary]:
    """Published summaries of the sessions ``user`` may see: the query form of
    ``session_visible_to`` and ``can_view_subgroup_content`` (a whole-cohort session's
    summary to whoever sees the cohort; a sub-group's to its members and the cohort's
    staff; everything to HR)."""
    if not getattr(user, "is_authenticated", False):
        return Summary.objects.none()
    published = Summary.objects.filter(
        status=Summary.Status.PUBLISHED,
        session__cohort__in=permissions.cohorts_visible_to(user).values("pk"),
    )
    if permissions.is_hr_organizer(user):
        return published
    active = Membership.Status.ACTIVE
    staff_of = Membership.objects.filter(
        user=user, status=active, role__in=Membership.STAFF_ROLES
    ).values("cohort_id")
    in_subgroups = SubGroupMembership.objects.filter(
        membership__user=user, membership__status=active, status=active
    ).values("subgroup_id")
    return published.filter(
        Q(session__subgroup__isnull=True)
        | Q(session__subgroup_id__in=in_subgroups)
        | Q(session__cohort_id__in=staff_of)
    )


def library(
    *,
    user,
    program: int | None = None,
    cohort: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[Summary]:
    """The resource library: published summaries the caller may see, newest evening
    first, filtered by program, cohort and the evening's date. One query a page."""
    summaries = summaries_visible_to(user)
    if program:
        summaries = summaries.filter(session__cohort__program_id=program)
    if cohort:
        summaries = summaries.filter(session__cohort_id=cohort)
    if since:
        summaries = summaries.filter(session__date__gte=since)
    if until:
        summaries = summaries.filter(session__date__lte=until)
    return summaries.select_related(
        "session__cohort__program", "session__subgroup", "author__profile"
    ).order_by("-session__starts_at", "-pk")


def cases_published_counts(windows) -> dict[int, int]:
    """Cases approved (first published) in each cohort's digest week (``cohorts.digest``):
    every employee reads them, so each cohort counts those of its own week. One query
    whatever the number of cohorts (a count per distinct week)."""
    distinct = sorted(set(windows.values()))
    if not distinct:
        return {}
    counts = Case.objects.filter(live=True).aggregate(
        **{
            f"w{i}": Count(
                "pk", filter=Q(first_published_at__gte=start, first_published_at__lt=end)
            )
            for i, (start, end) in enumerate(distinct)
        }
    )
    by_window = {window: counts[f"w{i}"] for i, window in enumerate(distinct)}
    return {cohort_id: by_window[window] for cohort_id, window in windows.items()}
