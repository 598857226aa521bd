"""Reads for cohorts: querysets shaped for the page or API that shows them."""

from __future__ import annotations

from django.db.models import QuerySet

from cohorts.models import Cohort, ProgramPage


def program_cohorts_visible(*, program: ProgramPage, user) -> QuerySet[Cohort]:
    """The program's cohorts that ``user`` may see (drafts only for organizers)."""
    from cohorts.permissions import cohorts_visible_to

    return cohorts_visible_to(user).filter(program=program).order_by("start_date", "name")
