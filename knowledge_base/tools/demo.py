"""Demo sales tools: one of each kind, two in each of the subsidiaries' languages, each
built from a demo case, under a "Sales tools" index beside the programs; the "Tool
review" workflow on the index. Owners are the veterans who write in the tool's
language (HR if none); one tool is already past its review-by date, so the curators'
report and the "due for review" filter show something. Registered as a
``guild_seed_demo`` hook after the cases'; safe to repeat."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_noop

from knowledge_base.models import Case
from knowledge_base.tools.demo_texts import TOOLS
from knowledge_base.tools.models import ToolCase, ToolIndexPage, ToolPage
from knowledge_base.tools.services import tool_review_ensure
from learning.models import HomePage, Region

# Marked for the catalogs: the index page translates its default title and intro.
INDEX_TITLE = gettext_noop("Sales tools")
INDEX_INTRO = gettext_noop(
    "Scripts, tables, checklists and forms built from our cases, ready for the next customer."
)


def tool_index_ensure() -> ToolIndexPage:
    """The tools index under the home page, published (created once)."""
    index = ToolIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        index = ToolIndexPage(title=INDEX_TITLE, slug="tools", intro=INDEX_INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _owners(company) -> dict[str, object]:
    owners: dict[str, object] = {}
    for profile in [company.mentor, *company.veterans]:
        owners.setdefault(profile.preferred_language or "en", profile.user)
    return owners


def tool_demo_seed(*, company, stdout) -> None:
    if ToolPage.objects.exists():
        stdout.write("Sales tools: demo data already present.")
        return
    index = tool_index_ensure()
    tool_review_ensure(index)
    owners = _owners(company)
    regions = {region.name: region for region in Region.objects.all()}
    cases = {case.title: case for case in Case.objects.filter(live=True)}
    today = timezone.localdate()
    for number, row in enumerate(TOOLS):
        language, kind, title, summary, product, region, stage, tags, case_titles, body = row
        owner = owners.get(language) or company.hr.user
        tool = ToolPage(
            title=title,
            kind=kind,
            language=language,
            summary=summary,
            product=product,
            region=regions.get(region),
            deal_stage=stage,
            body=body,
            maintainer=owner,
            # The first tool is overdue: the curators see one "due for review".
            review_by=today - dt.timedelta(days=3)
            if number == 0
            else today + dt.timedelta(days=180),
        )
        tool.source_cases = [ToolCase(case=cases[t]) for t in case_titles if t in cases]
        index.add_child(instance=tool)
        tool.tags.set(tags)
        tool.save_revision(user=owner).publish()
    stdout.write(f"Sales tools: {len(TOOLS)} tools of {len({t[1] for t in TOOLS})} kinds.")
