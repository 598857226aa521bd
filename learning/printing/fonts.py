"""The fonts a printed document needs, checked before every render.

Documents (the knowledge base's sheets, a cohort's retrospective) are printed in
Chinese, Russian, Greek and English. Pango falls back silently to whatever font it
finds, and a font without the script's glyphs prints empty boxes; so the families the
print CSS names must be the ones fontconfig gives, and their files must be there. A
missing font stops the render with ``PrintFontsMissing`` naming the family, the file and
the Debian package that provides it (``./guild setup`` and ``./guild test`` install
both), rather than a document nobody can read.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class FontNeed:
    family: str
    style: str
    package: str
    covers: str


# Latin, Cyrillic and Greek come from Noto Sans; Chinese from Noto Sans CJK SC (named
# after it in the CSS, so only what Noto Sans lacks falls to it).
PRINT_FONTS = (
    FontNeed("Noto Sans", "Regular", "fonts-noto-core", "Latin, Cyrillic, Greek"),
    FontNeed("Noto Sans", "Bold", "fonts-noto-core", "Latin, Cyrillic, Greek"),
    FontNeed("Noto Sans CJK SC", "Regular", "fonts-noto-cjk", "Chinese"),
    FontNeed("Noto Sans CJK SC", "Bold", "fonts-noto-cjk", "Chinese"),
)
PRINT_FONT_STACK = '"Noto Sans", "Noto Sans CJK SC"'


class PrintFontsMissing(ImproperlyConfigured):
    """A font the printed documents need is not installed: nothing is rendered."""


@functools.lru_cache(maxsize=16)
def _resolve(family: str, style: str) -> tuple[str, str]:
    """(family, file) fontconfig picks for ``family`` in ``style`` (asked once per
    process: fontconfig's answer does not change while it runs)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise PrintFontsMissing(
            "PDFs cannot check their fonts: fontconfig's fc-match is not installed "
            "(Debian package fontconfig)."
        )
    answer = subprocess.run(  # noqa: S603 (a fixed program and our own font names)
        [fc_match, "-f", "%{family[0]}|%{file}", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout
    found_family, _sep, path = answer.partition("|")
    return found_family.strip(), path.strip()


def print_fonts_check() -> dict[str, str]:
    """Raise ``PrintFontsMissing`` unless every font of ``PRINT_FONTS`` is installed;
    return each family and style's file. Cheap enough for every render (a ``stat`` per
    file after the first call). Side-effect free."""
    files, problems = {}, []
    for need in PRINT_FONTS:
        family, path = _resolve(need.family, need.style)
        if family != need.family or not path or not Path(path).is_file():
            problems.append(
                f"{need.family} {need.style} (for {need.covers}; Debian package "
                f"{need.package}) is not installed"
                + (f": fontconfig offers {family} instead" if family != need.family else "")
            )
            continue
        files[f"{need.family} {need.style}"] = path
    if problems:
        _resolve.cache_clear()  # so installing the package mends it without a restart
        raise PrintFontsMissing(
            "PDFs are not rendered without their fonts, to print no empty boxes: "
            + "; ".join(problems)
            + ". Install them with ./guild setup (apt-get install fonts-noto-core "
            "fonts-noto-cjk)."
        )
    return files
