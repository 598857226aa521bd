"""The fonts printed documents need, found through fontconfig (a missing one stopping a
render: tests/knowledge_base/sheets/test_engine.py)."""

from learning.printing import fonts


def test_the_installed_fonts_are_found():
    found = fonts.print_fonts_check()
    assert set(found) == {
        "Noto Sans Regular",
        "Noto Sans Bold",
        "Noto Sans CJK SC Regular",
        "Noto Sans CJK SC Bold",
    }
