"""The glossary's flags: deprecated words found in each language (Chinese inside
unspaced text, Russian and Greek in inflected forms, English plurals and phrases), each
named with its preferred term."""

import pytest

from knowledge_base.models import GlossaryTerm
from knowledge_base.services import glossary_entries, glossary_flags

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary(db):
    rows = [
        ("price-adjustment", "en", "price adjustment", "discount\nmarkdown"),
        ("walk-away", "en", "walk-away point", "bottom line"),
        ("price-adjustment", "zh-hans", "价格调整", "打折\n降价"),
        ("other-vendor", "zh-hans", "友商", "竞争对手\n对手"),
        ("price-adjustment", "ru", "корректировка цены", "скидка"),
        ("decision-maker", "ru", "лицо, принимающее решение", "босс"),
        ("price-adjustment", "el", "προσαρμογή τιμής", "έκπτωση"),
        ("service-request", "el", "αίτημα εξυπηρέτησης", "παράπονο"),
    ]
    for concept, language, preferred, deprecated in rows:
        GlossaryTerm.objects.create(
            concept=concept, language=language, preferred=preferred, deprecated=deprecated
        )


def _said(text, language):
    return [(flag.word, flag.preferred) for flag in glossary_flags(text, language)]


def test_chinese_words_are_found_inside_unspaced_text(glossary):
    text = "客户要求打折，我们说明了竞争对手的交付周期。"
    assert _said(text, "zh-hans") == [("打折", "价格调整"), ("竞争对手", "友商")]
    flag = glossary_flags(text, "zh-hans")[0]
    assert text[flag.start : flag.end] == "打折"


def test_russian_inflected_forms_are_flagged(glossary):
    said = _said("Клиент просил скидку, а потом ещё две скидки у босса.", "ru")
    assert said == [
        ("скидку", "корректировка цены"),
        ("скидки", "корректировка цены"),
        ("босса", "лицо, принимающее решение"),
    ]


def test_greek_inflected_forms_are_flagged_with_or_without_accents(glossary):
    said = _said("Ζήτησαν εκπτώσεις και έκαναν ΠΑΡΑΠΟΝΑ.", "el")
    assert said == [("εκπτώσεις", "προσαρμογή τιμής"), ("ΠΑΡΑΠΟΝΑ", "αίτημα εξυπηρέτησης")]


def test_english_plurals_and_phrases_are_flagged(glossary):
    said = _said("Two Discounts later we reached our bottom line.", "en")
    assert said == [("Discounts", "price adjustment"), ("bottom line", "walk-away point")]


def test_clean_text_and_other_languages_raise_nothing(glossary, django_assert_num_queries):
    assert _said("We traded volume for a price adjustment.", "en") == []
    # Only the text's own language is checked: a Russian word in English text is not.
    assert _said("скидка", "en") == []
    entries = glossary_entries("ru")
    with django_assert_num_queries(0):
        assert glossary_flags("скидкой", "ru", entries=entries)
