"""Counting the words of a check-in, the way each language counts them."""

from __future__ import annotations

import re

# Han ideographs (with the extensions and compatibility blocks), kana and Hangul
# syllables: each character is one word, as Chinese and Japanese word counts go (a
# 500-word Chinese essay is 500 characters).
_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # 々 〇 and Hangzhou numerals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana extensions
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B to G
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
# A word between spaces: letters or digits (any script but the ones above), joined by
# apostrophes, hyphens or dots inside it ("don't", "e-mail", "3.5", "и т.д").
_WORD = re.compile(rf"[^\W{_CJK}_]+(?:['’\-.][^\W{_CJK}_]+)*")


def word_count(text: str) -> int:
    """Words in ``text``: every CJK character counts as one, and every run of letters or
    digits of other scripts (Russian, Greek, English…) counts as one; punctuation and
    emoji count as none. Mixed text adds both."""
    if not text:
        return 0
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(text))
