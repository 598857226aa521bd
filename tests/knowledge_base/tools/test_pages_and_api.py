"""The member pages, the API and the curators' admin for sales tools: a draft or a tool
for another cohort is unknown on every one; "this helped" votes and undoes on both; the
blocks come back as structured JSON; search finds tools; a case shows the tools built
from it; bad input is named; pages cost a fixed number of queries at any size."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from knowledge_base.models import Region
from knowledge_base.services import case_review_decide
from knowledge_base.tools.models import ToolUse
from tests.cohorts.factories import CohortFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/knowledge"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def approved_case(submit, reviewer):
    case = submit(title="Renewal at a supermarket chain")
    return case_review_decide(case=case, actor=reviewer, approve=True)


def test_the_index_lists_readable_tools_with_filters(make_tool, member):
    make_tool(title="Talk track for renewals", tags=["renewal"])
    make_tool(
        title="Concession ladder",
        kind="pricing_playbook",
        body=[
            (
                "concessions",
                {"steps": [{"give": "A", "in_return": "B", "approval": ""}], "walk_away": ["C"]},
            )
        ],
    )
    make_tool(title="Draft script", live=False)
    make_tool(title="Another cohort's script", cohort=CohortFactory())
    client = _as(member)

    page = client.get("/tools/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Talk track for renewals" in html
    assert "Concession ladder" in html
    assert "Draft script" not in html
    assert "Another cohort" not in html
    assert client.get(reverse("knowledge_tools:index")).url == "/tools/"

    only = client.get("/tools/?kind=pricing_playbook").content.decode()
    assert "Concession ladder" in only
    assert "Talk track for renewals" not in only
    tagged = client.get("/tools/?tag=renewal").content.decode()
    assert "Talk track for renewals" in tagged
    assert "Concession ladder" not in tagged

    bad = client.get("/tools/?kind=bogus&region=abc")
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    assert Client().get("/tools/").status_code == 302


def test_a_tool_page_shows_its_blocks_and_cases_and_counts_a_view(make_tool, member, approved_case):
    tool = make_tool(cases=[approved_case], summary="For renewal meetings.")
    client = _as(member)
    page = client.get(tool.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trade every concession" in html  # the talk track block
    assert "Renewal at a supermarket chain" in html
    assert ToolUse.objects.filter(tool=tool, kind="view", user=member).count() == 1

    case_page = client.get(reverse("knowledge_base:case", kwargs={"case_id": approved_case.pk}))
    assert tool.title in case_page.content.decode()


def test_drafts_and_other_cohorts_tools_are_unknown(make_tool, member, reviewer):
    draft = make_tool(title="Draft", live=False)
    hidden = make_tool(title="Theirs", cohort=CohortFactory())
    client = _as(member)
    assert client.get(hidden.url).status_code == 404
    for tool in (draft, hidden):
        assert client.get(f"{API}/tools/{tool.pk}").status_code == 404
        assert client.post(reverse("knowledge_tools:helped", args=[tool.pk])).status_code == 404
        assert client.post(f"{API}/tools/{tool.pk}/helped").status_code == 404
    assert _as(reviewer).get(f"{API}/tools/{draft.pk}").status_code == 200
    assert _as(reviewer).get(hidden.url).status_code == 200
    assert Client().get(f"{API}/tools").status_code == 401


def test_this_helped_on_the_page_and_the_api(make_tool, member):
    tool = make_tool()
    client = _as(member)
    url = reverse("knowledge_tools:helped", args=[tool.pk])
    assert client.post(url, {"helped": "1"}).status_code == 302
    assert client.post(url, {"helped": "1"}).status_code == 302
    assert "You said this helped." in client.get(tool.url).content.decode()
    assert client.post(url, {"helped": "0"}).status_code == 302
    assert not ToolUse.objects.filter(kind="helped").exists()

    voted = client.post(f"{API}/tools/{tool.pk}/helped").json()
    assert voted == {"helped_by_me": True, "helped_count": 1}
    assert client.post(f"{API}/tools/{tool.pk}/helped").json()["helped_count"] == 1
    assert client.delete(f"{API}/tools/{tool.pk}/helped").json() == {
        "helped_by_me": False,
        "helped_count": 0,
    }


def test_the_api_lists_filters_and_returns_blocks_as_structured_json(
    make_tool, member, approved_case
):
    region = Region.objects.create(name="East China")
    tool = make_tool(
        cases=[approved_case], region=region, tags=["renewal"], review_by=dt.date(2020, 1, 1)
    )
    make_tool(title="Russian", language="ru")
    client = _as(member)

    listed = client.get(f"{API}/tools?language=en").json()
    assert listed["count"] == 1
    assert listed["items"][0]["title"] == tool.title
    assert client.get(f"{API}/tools?region_id={region.pk}").json()["count"] == 1
    assert client.get(f"{API}/tools?tag=renewal&kind=sales_script").json()["count"] == 1

    detail = client.get(f"{API}/tools/{tool.pk}").json()
    block = detail["body"][0]
    assert block["type"] == "talk_track"
    assert block["value"]["ask"] == ["Who decides?"]
    assert detail["cases"] == [
        {"id": approved_case.pk, "title": approved_case.title, "kind": "case_sharing"}
    ]
    assert detail["due_for_review"] is True
    assert detail["audience"] == "everyone"
    assert detail["url"] == tool.url

    bad = client.get(f"{API}/tools?kind=bogus")
    assert bad.status_code == 400
    assert "kind" in bad.content.decode()
    assert client.get(f"{API}/tools?page=0").status_code == 400


def test_search_finds_tools_on_the_page_and_the_api(make_tool, member):
    make_tool(
        title="续约谈判手册",
        language="zh-hans",
        kind="pricing_playbook",
        body=[
            (
                "concessions",
                {
                    "steps": [{"give": "延长维保三个月", "in_return": "三年合同", "approval": ""}],
                    "walk_away": ["价格调整超过百分之五"],
                },
            )
        ],
    )
    make_tool(title="Hidden ladder", cohort=CohortFactory())
    client = _as(member)
    found = client.get(f"{API}/search?q=维保").json()
    assert [tool["title"] for tool in found["tools"]] == ["续约谈判手册"]
    page = client.get(reverse("knowledge_base:search") + "?q=维保").content.decode()
    assert "续约谈判手册" in page
    assert client.get(f"{API}/search?q=ladder").json()["tools"] == []


def test_curators_see_due_tools_in_the_listing_and_the_report(make_tool, reviewer, member):
    due = make_tool(title="Overdue script", review_by=dt.date(2020, 1, 1), maintainer=member)
    make_tool(title="Current script", review_by=dt.date(2100, 1, 1))
    ToolUse.objects.create(tool=due, user=member, kind="view")
    curator = _as(reviewer)

    listing = curator.get(reverse("sales_tools:index") + "?due=true")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Overdue script" in html
    assert "Current script" not in html
    assert "Due for review" in html

    report = curator.get(reverse("knowledge_tools_report"))
    assert report.status_code == 200
    html = report.content.decode()
    assert "Overdue script" in html
    assert "Mark Member" in html
    assert _as(member).get(reverse("knowledge_tools_report")).status_code in (302, 403)


@pytest.mark.parametrize("size", [2, 12])
def test_tool_pages_cost_the_same_queries_at_any_size(
    size, make_tool, member, reviewer, approved_case, django_assert_max_num_queries
):
    tools = [
        make_tool(title=f"Script {n}", tags=["renewal", f"t{n}"], cases=[approved_case])
        for n in range(size)
    ]
    client = _as(member)
    for path in ("/tools/", "/tools/?tag=renewal", f"{API}/tools", f"{API}/search?q=script"):
        with django_assert_max_num_queries(18):
            assert client.get(path).status_code == 200
    for path in (tools[-1].url, f"{API}/tools/{tools[-1].pk}"):
        with django_assert_max_num_queries(18):
            assert client.get(path).status_code == 200
    for tool in tools:
        ToolUse.objects.create(tool=tool, user=member, kind="view")
    curator = _as(reviewer)
    for path in (reverse("sales_tools:index"), reverse("knowledge_tools_report")):
        with django_assert_max_num_queries(45):
            assert curator.get(path).status_code == 200


def test_the_editor_sees_glossary_flags_beside_the_tool_and_previews_the_draft(make_tool, reviewer):
    from knowledge_base.models import GlossaryTerm

    GlossaryTerm.objects.create(
        concept="price-adjustment",
        language="en",
        preferred="price adjustment",
        deprecated="discount",
    )
    tool = make_tool(summary="Never lead with a discount.")
    edit = _as(reviewer).get(f"/admin/pages/{tool.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "data-glossary-flags" in html
    assert "price adjustment" in html
    preview = _as(reviewer).get(f"/admin/pages/{tool.pk}/view_draft/")
    assert preview.status_code == 200
    assert "Trade every concession" in preview.content.decode()
