"""The standard sales language: where a text uses a word the glossary deprecates, and
which preferred term replaces it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_base.analysis import word_stem
from knowledge_base.models import GlossaryTerm

_WORD = re.compile(r"[^\W_]+")
CHINESE = "zh-hans"


@dataclass(frozen=True)
class Flag:
    """A deprecated ``word`` found at ``start:end`` of the text; say ``preferred``."""

    word: str
    start: int
    end: int
    preferred: str
    concept: str


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]  # stems of the deprecated phrase, or the phrase itself (Chinese)
    preferred: str
    concept: str


def glossary_entries(language: str) -> list[_Entry]:
    """The deprecated words of ``language``'s glossary, ready to match. One query."""
    entries = []
    terms = GlossaryTerm.objects.filter(language=language).only(
        "concept", "preferred", "deprecated"
    )
    for term in terms:
        for word in term.deprecated_words:
            if language == CHINESE:
                words = (word,)
            else:
                words = tuple(word_stem(w) for w in _WORD.findall(word.casefold()))
            if words:
                entries.append(_Entry(words, term.preferred, term.concept))
    return entries


def _chinese_flags(text: str, entries) -> list[Flag]:
    flags = []
    # Longest phrases first, so 价格战 is flagged once rather than also as 价格.
    taken: set[int] = set()
    for entry in sorted(entries, key=lambda e: -len(e.words[0])):
        phrase = entry.words[0]
        for match in re.finditer(re.escape(phrase), text):
            span = set(range(match.start(), match.end()))
            if span & taken:
                continue
            taken |= span
            flags.append(Flag(phrase, match.start(), match.end(), entry.preferred, entry.concept))
    return flags


def _word_flags(text: str, entries) -> list[Flag]:
    words = [(m.start(), m.end(), word_stem(m.group().casefold())) for m in _WORD.finditer(text)]
    stems = [stem for _s, _e, stem in words]
    flags = []
    by_length = sorted(entries, key=lambda e: -len(e.words))
    i = 0
    while i < len(words):
        for entry in by_length:
            size = len(entry.words)
            if tuple(stems[i : i + size]) == entry.words:
                start, end = words[i][0], words[i + size - 1][1]
                flags.append(Flag(text[start:end], start, end, entry.preferred, entry.concept))
                i += size - 1
                break
        i += 1
    return flags


def glossary_flags(text: str, language: str, *, entries=None) -> list[Flag]:
    """Every deprecated word of ``language``'s glossary in ``text``, in order, with the
    preferred term. Chinese is matched inside unspaced text; Russian, Greek and English
    by word stems, so inflected forms are found too. Reads only (one query, none when
    ``entries`` from ``glossary_entries`` are passed): safe to repeat."""
    if not text:
        return []
    if entries is None:
        entries = glossary_entries(language)
    flags = _chinese_flags(text, entries) if language == CHINESE else _word_flags(text, entries)
    return sorted(flags, key=lambda flag: flag.start)
