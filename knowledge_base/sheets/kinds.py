"""Cases as a kind of sheet. A sheet shows the case's live revision once a reviewer has
approved it, or its latest for the author and the reviewers before; who may download it
is exactly who may read the case's page (``cases_visible_to``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge_base.models import Case, CaseKind
from knowledge_base.services import cases_visible_to
from knowledge_base.services.review import case_url
from knowledge_base.sheets.registry import SheetKind, sheet_kind_register
from learning.models import Region


def _case_revision_id(case: Case) -> int | None:
    return case.live_revision_id if case.live else case.latest_revision_id


def _case_visible(user, pk: int) -> Case | None:
    return cases_visible_to(user).filter(pk=pk).first()


def _case_context(case: Case) -> dict:
    region = Region.objects.filter(pk=case.region_id).first() if case.region_id else None
    author = case.author if case.author_id else None
    try:
        tags = sorted(tag.name for tag in case.tags.all())
    except (AttributeError, ValueError):
        tags = []
    return {
        "region": region,
        "author_name": author.get_full_name() if author else "",
        "tags": tags,
    }


def _case_collection(value: str):
    cases = Case.objects.filter(live=True)
    if value:
        cases = cases.filter(kind=value)
    return cases.order_by("kind", "title", "pk")


CASE_SHEET = SheetKind(
    key="case",
    model=Case,
    label=_("Case"),
    template="kb_sheets/case.html",
    revision_id=_case_revision_id,
    live_url=case_url,
    visible=_case_visible,
    language=lambda case: case.language,
    subtitle=lambda case: str(case.get_kind_display()),
    context=_case_context,
    collections=lambda: [("", _("All approved cases")), *CaseKind.choices],
    collection=_case_collection,
    choices=lambda: Case.objects.filter(live=True).order_by("title", "pk"),
)


def case_sheet_kind_register() -> None:
    sheet_kind_register(CASE_SHEET)
