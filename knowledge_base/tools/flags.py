"""The standard sales language in a tool: the words its text uses that the glossary of
its language deprecates, each with the preferred term (``glossary_flags``). Apart from
the services so that the editor's panel (declared with the page model) can use it."""

from __future__ import annotations

from knowledge_base.services import Flag, glossary_flags


def tool_glossary_flags(tool) -> list[Flag]:
    """Flags in the tool's title, summary and every block's text (one query; reads
    only, safe to repeat). Each deprecated word is named once, however often used."""
    flags = glossary_flags(tool.body_text(), tool.language)
    seen, unique = set(), []
    for flag in flags:
        key = (flag.word.casefold(), flag.preferred)
        if key not in seen:
            seen.add(key)
            unique.append(flag)
    return unique
