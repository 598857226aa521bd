"""Sales tools as sheets: rendered when a revision is published, limited to the tool's
audience exactly as its page is, each download counted as a use."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from knowledge_base.sheets.models import Sheet
from knowledge_base.tools.models import ToolUse
from tests.cohorts.factories import CohortFactory, MembershipFactory


def _url(tool):
    return reverse("kb_sheets:download", kwargs={"sheet_kind": "tool", "object_id": tool.pk})


def _text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_publishing_a_tool_renders_its_sheet(
    make_tool, monkeypatch, django_capture_on_commit_callbacks
):
    from knowledge_base.sheets import tasks

    ran = []

    def run(*args):
        ran.append(args)
        return tasks.sheet_render_task.run(*args)

    monkeypatch.setattr(tasks.sheet_render_task, "delay", run)
    with django_capture_on_commit_callbacks(execute=True):
        tool = make_tool(title="Concession talk track")
    assert ran == [("tool", tool.pk, tool.live_revision_id)]
    sheet = Sheet.objects.get()
    with sheet.file.open("rb") as file:
        text = _text(file.read())
    assert "Concession talk track" in text
    assert "total cost of ownership" in text


def test_a_tool_limited_to_a_cohort_keeps_its_sheet_there(make_tool, member, client):
    cohort = CohortFactory()
    tool = make_tool(title="Only for one cohort", cohort=cohort)
    client.force_login(member)
    assert client.get(_url(tool)).status_code == 404
    assert client.get(f"/api/v1/knowledge/tools/{tool.pk}/sheet.pdf").status_code == 404
    MembershipFactory(cohort=cohort, user=member)
    response = client.get(_url(tool))
    assert response.status_code == 200
    assert "Only for one cohort" in _text(b"".join(response.streaming_content))
    assert client.get(f"/api/v1/knowledge/tools/{tool.pk}/sheet.pdf").status_code == 200


def test_each_download_is_counted_as_a_use(make_tool, member, client):
    tool = make_tool()
    client.force_login(member)
    for _ in range(2):
        assert client.get(_url(tool)).status_code == 200
    assert ToolUse.objects.filter(tool=tool, user=member, kind="download").count() == 2


@pytest.mark.parametrize("live", [False])
def test_a_draft_tools_sheet_is_unknown_to_members(make_tool, member, client, live):
    tool = make_tool(title="Draft", live=live)
    client.force_login(member)
    assert client.get(_url(tool)).status_code == 404
