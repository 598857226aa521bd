"""The sales tools' demo: eight kinds in four languages, each linked to approved demo
cases, published through revisions, searchable; once."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from cohorts.demo import cohorts_demo_seed
from cohorts.sessions.demo import sessions_demo_seed
from knowledge_base.demo import knowledge_demo_seed
from knowledge_base.services.search import knowledge_search
from knowledge_base.tools.demo import tool_demo_seed
from knowledge_base.tools.models import ToolKind, ToolPage
from knowledge_base.tools.selectors import tools_stale
from learning.demo import demo_directory_seed

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_tool_of_every_kind_in_four_languages(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC))
    company = demo_directory_seed(scale=100)
    out = io.StringIO()
    cohorts_demo_seed(company=company, stdout=out)
    sessions_demo_seed(company=company, stdout=out)
    knowledge_demo_seed(company=company, stdout=out)

    tool_demo_seed(company=company, stdout=out)
    tool_demo_seed(company=company, stdout=out)

    tools = list(ToolPage.objects.live().prefetch_related("source_cases__case"))
    assert {tool.kind for tool in tools} == set(ToolKind.values)
    assert {tool.language for tool in tools} == {"en", "zh-hans", "ru", "el"}
    for tool in tools:
        cases = [link.case for link in tool.source_cases.all()]
        assert cases, tool.title
        assert all(case.live for case in cases), tool.title
        assert tool.maintainer_id
        assert tool.review_by
        tool.full_clean()  # the kind's own block is there, no other kind's
        assert tool.revisions.count() == 1
    assert [t.title for t in tools_stale()][:1] == ["Talk track: a hospital group tender"]
    hr = company.hr.user
    assert [t.kind for t in knowledge_search(user=hr, query="让步")["tools"]] == [
        "pricing_playbook"
    ]
    assert knowledge_search(user=hr, query="внедрения")["tools"]
    assert "already present" in out.getvalue()
