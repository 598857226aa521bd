"""Words that English says alike but other languages may not get their own msgids."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from cohorts.models import MembershipEvent, Report


def _as_written(monkeypatch):
    """Make every translation show its context and msgid instead of a translation."""
    monkeypatch.setattr(translation._trans, "pgettext", lambda context, m: f"{context}|{m}")
    monkeypatch.setattr(translation._trans, "gettext", lambda m: f"|{m}")


def test_dismissing_a_report_and_declining_a_request_are_told_apart(monkeypatch):
    _as_written(monkeypatch)

    dismissed = {str(Report.Outcome.DISMISS.label), str(Report.Status.DISMISSED.label)}
    rejected = str(MembershipEvent.Action.REJECTED.label)

    assert dismissed == {"report closed without action|Dismissed"}
    assert rejected.split("|")[0]
    assert rejected not in dismissed


def test_the_queue_buttons_decline_and_dismiss_have_their_own_msgids():
    source = (Path(settings.BASE_DIR) / "templates/cohorts/queue.html").read_text()
    buttons = dict(
        re.findall(r'value="(reject|dismiss)">\{% translate ("[^"]+" context "[^"]+")', source)
    )

    assert buttons["reject"] == '"Decline" context "request to join"'
    assert buttons["dismiss"] == '"Dismiss" context "report"'
