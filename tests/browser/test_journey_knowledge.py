"""The knowledge base on a phone, in each of Guild's languages: a member shares a case
from the field and sees it waiting for review; a reader searches in their own language
(a Chinese word inside an unspaced sentence, an inflected Russian or Greek word) and finds
the approved case, not the one still in review."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from knowledge_base.models import Case, CaseKind
from knowledge_base.services import (
    REVIEWER_GROUP,
    case_review_decide,
    case_review_ensure,
    case_submit,
)
from tests.browser.test_journey_inbox import _no_horizontal_scroll, _tall_screenshot
from tests.learning.factories import EmployeeProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Per language: the member's case as they type it, then an approved case by a colleague
# and the query that must find it though the text has the word in another form (or, in
# Chinese, inside a sentence without spaces).
CONTENT = {
    "en": {
        "member": "Tomás Ortega",
        "reader": "Priya Nair",
        "author": "Margaret Cole",
        "title": "A hospital group split the order across two budgets",
        "situation": "The purchasing office could not approve the whole order in one year.",
        "actions": "We proposed two deliveries, each inside one year's budget.",
        "tags": "healthcare, budgets",
        "approved_title": "Keeping a distributor at renewal time",
        "approved_text": "The distributor was weighing a cheaper competitor before the renewal.",
        "query": "renewals",
    },
    "zh-hans": {
        "member": "王芳",
        "reader": "李伟",
        "author": "罗超",
        "title": "医院集团把订单拆成两年预算",
        "situation": "采购部门无法在一年内批完整张订单。",
        "actions": "我们提出分两次交付，每次都在当年预算之内。",
        "tags": "医疗, 预算",
        "approved_title": "赢回一家经销商",
        "approved_text": "我们和客户确认了采购预算和决策链，然后给出三年总成本方案。",
        "query": "预算",
    },
    "ru": {
        "member": "Иван Петров",
        "reader": "Мария Волкова",
        "author": "Ольга Смирнова",
        "title": "Больница разделила заказ на два бюджета",
        "situation": "Отдел закупок не мог согласовать весь заказ в одном году.",
        "actions": "Мы предложили две поставки, каждую в пределах годового бюджета.",
        "tags": "медицина, бюджет",
        "approved_title": "Как удержать дистрибьютора при продлении",
        "approved_text": "Дистрибьютор просил скидку и смотрел на более дешёвого конкурента.",
        "query": "скидки",
    },
    "el": {
        "member": "Νίκος Πέτρου",
        "reader": "Μαρία Κωνσταντίνου",
        "author": "Ελένη Παπαδάκη",
        "title": "Ένα νοσοκομείο μοίρασε την παραγγελία σε δύο προϋπολογισμούς",
        "situation": "Το τμήμα προμηθειών δεν μπορούσε να εγκρίνει όλη την παραγγελία σε ένα έτος.",
        "actions": "Προτείναμε δύο παραδόσεις, την καθεμία μέσα στον ετήσιο προϋπολογισμό.",
        "tags": "υγεία, προϋπολογισμός",
        "approved_title": "Μια προσφορά που κράτησε τον διανομέα",
        "approved_text": "Ο πελάτης ζήτησε καλύτερη τιμή πριν από την ανανέωση της σύμβασης.",
        "query": "πελάτες",
    },
}


def _person(name: str, language: str):
    return EmployeeProfileFactory(full_name=name, preferred_language=language).user


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_member_shares_a_case_and_sees_it_waiting_for_review(page, login, screenshot, language):
    text = CONTENT[language]
    case_review_ensure()
    member = _person(text["member"], language)
    login(page, member)

    page.goto(reverse("knowledge_base:case_new"))
    assert page.locator("#id_language").input_value() == language  # written in my language
    page.fill("#id_title", text["title"])
    page.locator("#id_kind").select_option(CaseKind.CASE_SHARING)
    page.fill("#id_situation", text["situation"])
    page.fill("#id_actions", text["actions"])
    page.fill("#id_tags", text["tags"])
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"knowledge-case-form-{language}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    case = Case.objects.get(title=text["title"])
    assert not case.live
    page.wait_for_url(f"**/knowledge/cases/{case.pk}/")
    assert page.get_by_test_id("case-status").is_visible()
    assert text["member"] in page.locator("main").inner_text()  # "Shared by", by name
    assert member.username not in page.locator("main").inner_text()

    # My cases keeps it, marked as waiting
    page.goto(reverse("knowledge_base:my_cases"))
    row = page.locator(".case-row", has_text=text["title"])
    assert row.locator(".pill.warn").is_visible()
    assert _no_horizontal_scroll(page)


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_reader_finds_an_approved_case_in_their_language(page, login, screenshot, language):
    text = CONTENT[language]
    case_review_ensure()
    reviewer = _person("Rita Reviewer", "en")
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    author, member = _person(text["author"], language), _person(text["member"], language)
    reader = _person(text["reader"], language)

    def submit(by, title, situation):
        data = {
            "title": title,
            "kind": CaseKind.CASE_SHARING,
            "language": language,
            "situation": situation,
            "actions": text["actions"],
        }
        return case_submit(author=by, data=data)

    approved = submit(author, text["approved_title"], text["approved_text"])
    case_review_decide(case=approved, actor=reviewer, approve=True)
    # Still in review, with the same words: the reader must not find it
    submit(member, text["title"], text["approved_text"])

    login(page, reader)
    page.goto(reverse("knowledge_base:search"))
    page.fill("#id_q", text["query"])
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").click()
    results = page.get_by_test_id("case-results")
    assert results.locator(".case-row").count() == 1
    results.get_by_role("link", name=text["approved_title"]).click()
    page.wait_for_url(f"**/knowledge/cases/{approved.pk}/")
    assert text["author"] in page.locator("main").inner_text()
    page.go_back()
    page.wait_for_url("**/knowledge/?q=*")
    assert page.locator("#id_q").input_value() == text["query"]
    assert _no_horizontal_scroll(page)
    _tall_screenshot(page, screenshot, f"knowledge-search-{language}")


@pytest.mark.parametrize("language", list(CONTENT))
def test_a_reviewer_reads_a_waiting_case_in_the_admin_workflow(page, login, screenshot, language):
    text = CONTENT[language]
    case_review_ensure()
    author = _person(text["member"], language)
    case = case_submit(
        author=author,
        data={
            "title": text["title"],
            "kind": CaseKind.CASE_SHARING,
            "situation": text["situation"],
            "actions": text["actions"],
            "language": language,
        },
    )
    reviewer = _person(text["reader"], language)
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))

    # The reviewer opens the case from the admin, at a desk
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, reviewer, admin=True)
    page.goto(reverse("wagtailsnippets_knowledge_base_case:edit", args=[case.pk]))

    main = page.locator("main").inner_text()
    assert text["title"] in page.locator("#id_title").input_value()
    assert author.username not in main  # people by name, never username
    # The footer's menu holds the workflow's actions (approve, request changes)
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    assert page.locator("footer [data-workflow-action-name]").count() >= 2
    screenshot(page, f"admin-case-review-{language}")
