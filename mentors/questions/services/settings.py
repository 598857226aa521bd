"""The per-cohort settings of the board (its answer deadline and Q&A duty)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from mentors.questions import access
from mentors.questions.models import QuestionBoardSettings, QuestionEvent
from mentors.questions.services.audit import event_log

MAX_HOURS = 24 * 14
FIELDS = ("answer_within_hours", "helper_duty_match")


def board_settings_save(
    *, cohort: Cohort, actor, answer_within_hours: int, helper_duty_match: str | None = None
) -> QuestionBoardSettings:
    """Set how many hours a question may wait before it is escalated (1 to 336), and the
    words that mark a helper's duty as Q&A triage. Organizers and core only; logged.
    Safe to repeat."""
    if not access.can_change_settings(actor, cohort):
        raise PermissionDenied(_("Only the organizers and the core team change the board."))
    errors = {}
    try:
        hours = int(answer_within_hours)
    except (TypeError, ValueError):
        hours = 0
    if not 1 <= hours <= MAX_HOURS:
        errors["answer_within_hours"] = _("Give a number of hours from 1 to %(n)s.") % {
            "n": MAX_HOURS
        }
    duty = None if helper_duty_match is None else " ".join(helper_duty_match.split())
    if duty is not None and not duty:
        errors["helper_duty_match"] = _("Say which words mark a helper on question duty.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        board, _created = QuestionBoardSettings.objects.select_for_update().get_or_create(
            cohort=cohort
        )
        before = {name: getattr(board, name) for name in FIELDS}
        board.answer_within_hours = hours
        if duty is not None:
            board.helper_duty_match = duty
        board.save()
        after = {name: getattr(board, name) for name in FIELDS}
        if before != after:
            event_log(
                cohort=cohort,
                action=QuestionEvent.Action.SETTINGS,
                actor=actor,
                changes={k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]},
            )
    return board
