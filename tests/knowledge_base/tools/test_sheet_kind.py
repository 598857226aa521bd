"""Sales tools as sheets: the sheet draws the tool's blocks from its published
revision, follows tools_visible_to, and counts a download as a use."""

import pytest
from wagtail.models import Revision

from knowledge_base.sheets.engine import sheet_html
from knowledge_base.sheets.registry import sheet_kind_for
from knowledge_base.tools.models import ToolUse
from tests.cohorts.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_a_tool_sheet_draws_its_blocks_and_follows_the_tools_rule(make_tool, member):
    tool = make_tool(summary="For renewal meetings.", maintainer=member)
    hidden = make_tool(title="Theirs", cohort=CohortFactory())
    kind = sheet_kind_for(tool)
    assert kind.key == "tool"

    revision = Revision.objects.get(pk=kind.revision_id(tool))
    html = sheet_html(kind=kind, obj=tool, revision=revision, language="en")
    assert "Trade every concession" in html  # the talk track block
    assert "For renewal meetings." in html
    assert "Mark Member" in html  # the owner, by name

    assert kind.visible(member, tool.pk) == tool
    assert kind.visible(member, hidden.pk) is None
    kind.downloaded(tool, member)
    assert ToolUse.objects.filter(tool=tool, user=member, kind="download").count() == 1
