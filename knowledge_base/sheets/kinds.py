"""Cases as a kind of sheet. A sheet shows the case's live revision once a reviewer has
approved it, or its latest for the author and the reviewers before; who may download it
is exactly who may read the case's page (``cases_visible_to``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge_base.models import Case, CaseKind
from knowledge_base.services import cases_visible_to
from knowledge_base.services.review import case_url
from knowledge_base.sheets.registry import (
    published_sheet_kind,
    sheet_kind_register,
    sheet_region,
)


def _case_visible(user, pk: int) -> Case | None:
    return cases_visible_to(user).filter(pk=pk).first()


def _case_context(case: Case) -> dict:
    author = case.author if case.author_id else None
    try:
        tags = sorted(tag.name for tag in case.tags.all())
    except (AttributeError, ValueError):
        tags = []
    return {
        "region": sheet_region(case),
        "author_name": author.get_full_name() if author else "",
        "tags": tags,
    }


CASE_SHEET = published_sheet_kind(
    key="case",
    model=Case,
    label=_("Case"),
    template="kb_sheets/case.html",
    live_url=case_url,
    visible=_case_visible,
    published=lambda: Case.objects.filter(live=True),
    kinds=CaseKind.choices,
    all_label=_("All approved cases"),
    context=_case_context,
)


def case_sheet_kind_register() -> None:
    sheet_kind_register(CASE_SHEET)
