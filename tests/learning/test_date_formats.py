"""Dates read the way each language writes them, through the format modules in
learning/formats/, and templates only ever name a format."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from learning.conditions import date_text

# In the site's time zone, which is also the time zone templates show.
NOVEMBER_2 = datetime.datetime(2026, 11, 2, 14, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
MAY_2 = datetime.date(2026, 5, 2)


def render(source, language, **context):
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "month_day", "date", "date_time", "may"),
    [
        ("en", "2 Nov", "2 Nov 2026", "2 Nov 2026, 14:30", "2 May"),
        ("zh-hans", "11月2日", "2026年11月2日", "2026年11月2日 14:30", "5月2日"),
        ("ru", "2 ноября", "2 ноября 2026 г.", "2 ноября 2026 г., 14:30", "2 мая"),
        ("el", "2 Νοεμβρίου", "2 Νοεμβρίου 2026", "2 Νοεμβρίου 2026, 14:30", "2 Μαΐου"),
    ],
)
def test_named_formats_read_naturally_in_each_language(language, month_day, date, date_time, may):
    def shown(name, value=NOVEMBER_2):
        return render(f'{{{{ value|date:"{name}" }}}}', language, value=value)

    assert shown("MONTH_DAY_FORMAT") == month_day
    assert shown("DATE_FORMAT") == date
    assert shown("DATETIME_FORMAT") == date_time
    assert shown("MONTH_DAY_FORMAT", MAY_2) == may
    assert shown("SHORT_DATE_FORMAT")  # defined for every language


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2 Nov 14:30"),
        ("zh-hans", "11月2日 14:30"),
        ("ru", "2 ноября 14:30"),
        ("el", "2 Νοεμβρίου 14:30"),
    ],
)
def test_a_posts_time_reads_naturally(language, expected):
    source = '{% load i18n %}{% include "cohorts/_post.html" %}'
    post = type("Post", (), {"created_at": NOVEMBER_2, "body": "", "pk": 1})()
    with translation.override(language):
        html = Template(source).render(Context({"post": post}))
    assert expected in html


NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
}


def test_templates_name_their_date_formats_instead_of_spelling_them():
    spelled = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for found in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", line):
                # "c" is the machine-readable ISO form of a <time datetime="...">.
                if found not in NAMED and found != "c":
                    spelled.append(f"{path.name}:{number}: {found}")
    assert not spelled, (
        'Use a named format (|date:"DATE_FORMAT", |time:"TIME_FORMAT"):\n' + "\n".join(spelled)
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "2026年11月2日"), ("ru", "2 ноября 2026 г."), ("el", "2 Νοεμβρίου 2026")],
)
def test_dates_in_messages_follow_the_same_formats(language, expected):
    # Entry-rule refusals and other messages write dates through learning.conditions.
    with translation.override(language):
        assert date_text(NOVEMBER_2.date()) == expected
