"""PNGs of three case sheets (Chinese, Russian, Greek) for docs/screenshots/, from the
demo's own cases: rendered, rasterised with poppler's pdftoppm, and checked for size.

Marked ``browser`` (it writes the documentation's pictures, as the journeys do)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from knowledge_base.demo_texts import CASES
from knowledge_base.services import case_review_decide, case_submit
from knowledge_base.sheets.kinds import CASE_SHEET
from knowledge_base.sheets.services import sheet_render
from tests.learning.factories import EmployeeProfileFactory

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
AUTHORS = {"zh-hans": "王晓雯", "ru": "Ольга Смирнова", "el": "Ελένη Παπαδοπούλου"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", ["zh-hans", "ru", "el"])
def test_a_case_sheet_in_each_script(language, reviewer):
    row = next(case for case in CASES if case[0] == language)
    _lang, _region, kind, title, product, industry, segment, stage, *texts, tags = row
    situation, actions, outcome, lessons = texts
    author = EmployeeProfileFactory(full_name=AUTHORS[language]).user
    case = case_submit(
        author=author,
        data={
            "language": language,
            "kind": kind,
            "title": title,
            "product": product,
            "industry": industry,
            "customer_segment": segment,
            "deal_stage": stage,
            "situation": situation,
            "actions": actions,
            "outcome": outcome,
            "lessons": lessons,
            "tags": tags,
        },
    )
    case = case_review_decide(case=case, actor=reviewer, approve=True)
    sheet = sheet_render(kind=CASE_SHEET, obj=case)
    target = SCREENSHOTS / f"sheet-{language}"
    subprocess.run(  # noqa: S603
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "110",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",  # noqa: S607
            sheet.file.path,
            str(target),
        ],
        check=True,
    )
    assert target.with_suffix(".png").stat().st_size > 20_000


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(
    ("language", "kind"),
    [("zh-hans", "pricing_playbook"), ("ru", "objection_handling"), ("el", "fillable_form")],
)
def test_a_sales_tool_sheet(language, kind, make_tool):
    from knowledge_base.tools.demo_texts import TOOLS

    row = next(tool for tool in TOOLS if tool[0] == language and tool[1] == kind)
    _lang, kind, title, summary, product, _region, stage, _tags, _cases, body = row
    tool = make_tool(
        title=title, kind=kind, language=language, summary=summary, product=product,
        deal_stage=stage, body=body,
    )  # fmt: skip
    from knowledge_base.tools.sheet_kind import TOOL_SHEET

    sheet = sheet_render(kind=TOOL_SHEET, obj=tool)
    target = SCREENSHOTS / f"sheet-tool-{kind.replace('_', '-')}-{language}"
    subprocess.run(  # noqa: S603
        [shutil.which("pdftoppm"), "-png", "-r", "110", "-singlefile", "-f", "1", "-l", "1",
         sheet.file.path, str(target)],
        check=True,
    )  # fmt: skip
    assert target.with_suffix(".png").stat().st_size > 20_000
