"""Sales tools on a phone and in the admin: a seller browses the tools in their
language, filters them by kind, opens one, reads its blocks and the case behind it and
says it helped; an editor changes a tool in the admin and is told which word the
glossary replaces."""

import pytest
from django.contrib.auth.models import Group

from knowledge_base.models import GlossaryTerm
from knowledge_base.services import (
    REVIEWER_GROUP,
    case_review_decide,
    case_review_ensure,
    case_submit,
)
from knowledge_base.tools.demo import tool_index_ensure
from knowledge_base.tools.models import ToolCase, ToolPage, ToolUse
from knowledge_base.tools.services import tool_review_ensure
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.browser.test_journey_knowledge import _person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = {
    "en": {
        "seller": "Priya Nair",
        "case": "Keeping a distributor at renewal time",
        "ladder": "Renewal playbook: the concession ladder",
        "give": "Three more months of maintenance",
        "in_return": "A three-year term",
        "walk_away": "More than 5% off with a term under three years",
        "script": "Talk track for a first call",
        "deprecated": "discount",
        "preferred": "price adjustment",
    },
    "zh-hans": {
        "seller": "李伟",
        "case": "连锁超市续约：用总拥有成本代替降价",
        "ladder": "续约谈判手册：让步阶梯",
        "give": "延长维保三个月",
        "in_return": "续约期限改为三年",
        "walk_away": "价格调整超过百分之五且合同少于三年",
        "script": "首次拜访话术",
        "deprecated": "打折",
        "preferred": "价格调整",
    },
    "ru": {
        "seller": "Мария Волкова",
        "case": "Дистрибьютор требовал скидку: обмен уступок",
        "ladder": "Продление договора: лестница уступок",
        "give": "Три месяца обслуживания сверху",
        "in_return": "Договор на три года",
        "walk_away": "Корректировка цены больше пяти процентов без длинного договора",
        "script": "Скрипт первого звонка",
        "deprecated": "скидка",
        "preferred": "корректировка цены",
    },
    "el": {
        "seller": "Αθηνά Παππά",
        "case": "Διανομέας ζήτησε έκπτωση: ανταλλαγή παραχωρήσεων",
        "ladder": "Ανανέωση συμβολαίου: η σκάλα παραχωρήσεων",
        "give": "Τρεις επιπλέον μήνες συντήρησης",
        "in_return": "Συμβόλαιο τριών ετών",
        "walk_away": "Προσαρμογή τιμής πάνω από πέντε τοις εκατό χωρίς μακρύ συμβόλαιο",
        "script": "Σενάριο πρώτου τηλεφωνήματος",
        "deprecated": "έκπτωση",
        "preferred": "προσαρμογή τιμής",
    },
}


def _tools(text: dict, language: str):
    """A reviewed case, and two published tools in ``language``: a pricing playbook
    built from the case and a sales script."""
    case_review_ensure()
    reviewer = _person("Rita Reviewer", "en")
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    case = case_submit(
        author=_person("Margaret Cole", language),
        data={
            "title": text["case"],
            "kind": "pricing_negotiation",
            "language": language,
            "situation": text["give"],
            "actions": text["in_return"],
        },
    )
    case_review_decide(case=case, actor=reviewer, approve=True)
    index = tool_index_ensure()
    tool_review_ensure(index)
    ladder = ToolPage(
        title=text["ladder"],
        kind="pricing_playbook",
        language=language,
        deal_stage="negotiation",
        maintainer=reviewer,
        body=[
            (
                "concessions",
                {
                    "steps": [
                        {"give": text["give"], "in_return": text["in_return"], "approval": ""}
                    ],
                    "walk_away": [text["walk_away"]],
                },
            )
        ],
    )
    ladder.source_cases = [ToolCase(case=case)]
    script = ToolPage(
        title=text["script"],
        kind="sales_script",
        language=language,
        body=[
            (
                "talk_track",
                {
                    "stage": "prospecting",
                    "goal": text["script"],
                    "say": text["give"],
                    "ask": [text["in_return"]],
                    "listen_for": "",
                },
            )
        ],
    )
    for tool in (ladder, script):
        index.add_child(instance=tool)
        tool.save_revision().publish()
    return reviewer, ladder


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru", "el"])
def test_a_seller_browses_tools_on_a_phone_and_opens_one(page, login, screenshot, language):
    text = CONTENT[language]
    _reviewer, ladder = _tools(text, language)
    seller = _person(text["seller"], language)
    login(page, seller)

    page.goto("/knowledge/")
    with page.expect_navigation():
        page.locator("nav.tabs a[href='/knowledge/tools/']").click()
    page.wait_for_url("**/tools/")
    listed = page.get_by_test_id("tool-list")
    assert listed.locator(".tool-row").count() == 2
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"tools-index-{language}")

    # Only the pricing playbooks
    page.locator("[data-testid=tool-filters] summary").click()
    page.locator("#id_kind").select_option("pricing_playbook")
    with page.expect_navigation():
        page.locator("[data-testid=tool-filters] button[type=submit]").click()
    assert listed.locator(".tool-row").count() == 1
    with page.expect_navigation():
        listed.get_by_role("link", name=text["ladder"]).click()

    main = page.locator("main").inner_text()
    assert text["give"] in main
    assert text["walk_away"] in main
    assert page.get_by_test_id("tool-cases").get_by_role("link", name=text["case"]).is_visible()
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"tool-{language}")

    with page.expect_navigation():
        page.get_by_test_id("helped").locator("button[type=submit]").click()
    assert page.get_by_test_id("helped").locator("input[name=helped][value='0']").count() == 1
    assert ToolUse.objects.filter(tool=ladder, user=seller, kind="helped").count() == 1
    assert ToolUse.objects.filter(tool=ladder, user=seller, kind="view").exists()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_editor_saves_a_tool_and_sees_the_glossary_flag(
    desktop_page, login, screenshot, language
):
    page = desktop_page
    text = CONTENT[language]
    editor, ladder = _tools(text, language)
    editor.profile.preferred_language = language
    editor.profile.save(update_fields=["preferred_language"])
    GlossaryTerm.objects.create(
        concept="price-adjustment",
        language=language,
        preferred=text["preferred"],
        deprecated=text["deprecated"],
    )

    login(page, editor, admin=True)
    page.goto(f"/admin/pages/{ladder.pk}/edit/")
    page.fill("#id_summary", f"{text['deprecated']} — {text['give']}")
    with page.expect_navigation():
        page.locator("button.action-save").first.click()
    message = page.locator(".messages").inner_text()
    assert text["deprecated"] in message
    assert text["preferred"] in message
    # The panel above the fields says the same of the saved draft.
    panel = page.locator("[data-glossary-flags]")
    assert text["preferred"] in panel.inner_text()
    screenshot(page, f"admin-tool-glossary-{language}")
    ladder.refresh_from_db()
    assert ladder.has_unpublished_changes
