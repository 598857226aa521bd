"""How the knowledge base cuts text into search terms, the same way for what is indexed
and for what is asked, whatever the database.

Neither of Wagtail's database backends finds words in Chinese or inflected Russian and
Greek: SQLite's FTS5 ``unicode61`` tokenizer takes an unspaced Chinese sentence as one
token, and PostgreSQL's text search configurations do not split Chinese either (nor stem
Greek). So the knowledge base indexes a text it computes (``search_terms``) and turns
the query into terms the same way (``query_terms``); the database only has to match
whole space-separated tokens, which both do alike.

- Chinese, Japanese kana and Korean runs become overlapping bigrams, as Lucene's
  ``CJKAnalyzer`` does (一二三 → 一二 二三), plus single characters in the index so a
  one-character query still finds something. A word of two characters or more is then a
  run of adjacent bigrams that all occur in the text: no dictionary to keep up, and new
  product names are found as well as common words (README, "Search").
- Russian and Greek words lose their inflectional ending (a light stemmer: the longest
  ending from a closed list, keeping a stem of at least three letters), after case
  folding, ё → е and, for Greek, accents removed and final ς folded to σ.
- Other words (English, numbers, product codes) are case-folded; English loses a plural
  or ``-ing``/``-ed`` ending the same way.

Pure functions, no database: safe anywhere, including models' search fields.
"""

from __future__ import annotations

import re
import unicodedata

# Han (CJK unified ideographs and extension A, compatibility ideographs), kana, hangul.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")

MIN_STEM = 3

# Longest first: the first ending that leaves a long enough stem is removed.
RUSSIAN_ENDINGS = sorted(
    {
        # nouns
        "иями", "ями", "ами", "иях", "ях", "ах", "ией", "ием", "ов", "ев", "ей", "ам",
        "ям", "ом", "ем", "ой", "ою", "ею", "ия", "ие", "ии",
        "ию", "ье", "ья", "ьи", "ью", "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
        # adjectives and participles
        "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ый", "ий",
        "ую", "юю", "ые", "ых", "их", "ым", "им",
        # verbs
        "ться", "тся", "ешь", "ете", "ют", "ут", "ит", "ет", "ат", "ят", "ла", "ли",
        "ло", "ть",
    },
    key=len,
    reverse=True,
)  # fmt: skip
GREEK_ENDINGS = sorted(
    {
        # nouns and adjectives (accents removed, final sigma folded)
        "ατων", "ατοσ", "ατα", "εων", "εισ", "ιασ", "ιεσ", "ιων", "ιου", "ιοσ", "ιοι", "ια",
        "ιο", "ουσ", "ου", "οι", "ων", "ασ", "εσ", "ησ", "ισ", "οσ", "υσ",
        "α", "η", "ο", "ι", "ε", "υ",
        # verbs
        "ουμε", "ουνε", "ομαι", "εται", "ουν", "ετε", "ει", "ω",
    },
    key=len,
    reverse=True,
)  # fmt: skip
ENGLISH_ENDINGS = ("ies", "ing", "ed", "es", "s")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _strip(word: str, endings) -> str:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _greek_plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("ς", "σ")


def word_stem(word: str) -> str:
    """The stem of one case-folded word, by its script."""
    if _CYRILLIC.search(word):
        return _strip(word.replace("ё", "е"), RUSSIAN_ENDINGS)
    if _GREEK.search(word):
        return _strip(_greek_plain(word), GREEK_ENDINGS)
    if word.isascii() and word.isalpha() and not word.endswith("ss"):
        stem = _strip(word, ENGLISH_ENDINGS)
        return stem + "y" if word.endswith("ies") and stem != word else stem
    return word


def _cjk_bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _terms(text: str, *, indexing: bool) -> list[str]:
    terms: list[str] = []
    for token in _TOKEN.findall(_fold(text or "")):
        if _CJK_RUN.fullmatch(token):
            if len(token) == 1:
                terms.append(token)
                continue
            terms.extend(_cjk_bigrams(token))
            if indexing:
                terms.extend(token)
        else:
            terms.append(word_stem(token))
    return terms


def search_terms(*texts: str) -> str:
    """The text to index for ``texts``: every term once, space-separated."""
    seen = dict.fromkeys(term for text in texts for term in _terms(text, indexing=True))
    return " ".join(seen)


def query_terms(query: str) -> str:
    """A person's query as the terms to look for (all of them must match)."""
    seen = dict.fromkeys(_terms(query, indexing=False))
    return " ".join(seen)
