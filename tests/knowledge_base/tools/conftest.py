"""Fixtures of sales tools: the index with its review workflow, and published tools."""

import pytest

from knowledge_base.tools.demo import tool_index_ensure
from knowledge_base.tools.models import ToolCase, ToolPage
from knowledge_base.tools.services import tool_review_ensure
from tests.cohorts.factories import program_page
from tests.knowledge_base.conftest import author, member, reviewer, submit  # noqa: F401

SCRIPT_BODY = [
    (
        "talk_track",
        {
            "stage": "negotiation",
            "goal": "Trade every concession",
            "say": "Let us look at the total cost of ownership first.",
            "ask": ["Who decides?"],
            "listen_for": "A date",
        },
    )
]


@pytest.fixture
def tool_index(db):
    program_page()  # makes the home page
    index = tool_index_ensure()
    tool_review_ensure(index)
    return index


@pytest.fixture
def make_tool(tool_index):
    """``make_tool(live=True, cases=(), **fields)``: a tool under the index, published
    unless ``live=False``."""

    def make(*, live=True, cases=(), tags=(), **fields):
        values = {
            "title": "Negotiation talk track",
            "kind": "sales_script",
            "language": "en",
            "body": SCRIPT_BODY,
            **fields,
        }
        tool = ToolPage(**values)
        tool.source_cases = [ToolCase(case=case) for case in cases]
        tool_index.add_child(instance=tool)
        if tags:
            tool.tags.set(tags)
        revision = tool.save_revision()
        if live:
            revision.publish()
        else:
            ToolPage.objects.filter(pk=tool.pk).update(live=False)
        tool.refresh_from_db()
        return tool

    return make
