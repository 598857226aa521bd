"""Fixtures of the sheets: approved cases in each script, renders run in the test."""

import pytest

from knowledge_base.services import case_review_decide
from tests.knowledge_base.tools.conftest import make_tool, tool_index  # noqa: F401

TEXTS = {
    "zh-hans": {
        "title": "大客户折扣审批",
        "situation": "采购部门要求降价百分之二十，否则转向竞争对手。",
        "actions": "我们用三年总成本对比说明了服务的价值。",
        "lessons": "先谈总成本，再谈单价。",
    },
    "ru": {
        "title": "Скидка для крупного клиента",
        "situation": "Отдел закупок потребовал скидку двадцать процентов.",
        "actions": "Мы показали совокупную стоимость владения за три года.",
        "lessons": "Сначала говорите о совокупной стоимости, потом о цене.",
    },
    "el": {
        "title": "Έκπτωση για μεγάλο πελάτη",
        "situation": "Το τμήμα προμηθειών ζήτησε έκπτωση είκοσι τοις εκατό.",
        "actions": "Δείξαμε το συνολικό κόστος τριών ετών.",
        "lessons": "Πρώτα το συνολικό κόστος, μετά η τιμή.",
    },
}


@pytest.fixture
def render_now(monkeypatch):
    """Publishing renders the sheet in the test instead of queueing it for a worker."""
    from knowledge_base.sheets import tasks

    rendered = []

    def run(*args):
        rendered.append(args)
        return tasks.sheet_render_task.run(*args)

    monkeypatch.setattr(tasks.sheet_render_task, "delay", run)
    return rendered


@pytest.fixture
def approve(reviewer):
    def decide(case):
        return case_review_decide(case=case, actor=reviewer, approve=True)

    return decide


@pytest.fixture
def live_case(submit, approve):
    """``live_case(language=..., **fields)``: a case approved by the reviewer."""

    def make(language="en", **fields):
        texts = TEXTS.get(language, {})
        return approve(submit(language=language, **{**texts, **fields}))

    return make
