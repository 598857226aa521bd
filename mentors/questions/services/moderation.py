"""Reporting a question or an answer through the cohort's own reports.

A board report is a cohort ``Report`` about the author's membership (so the enforcers
decide it in their usual queue, with warn, mute and remove), tied to the question or
answer by a ``QuestionReport``. The cohort's queue shows what it is about through the
``guild_report_subjects`` hook, and a decision that acts on it hides the question or
answer through ``guild_report_decided``: ``cohorts`` never imports the board.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Membership, Report
from cohorts.services import report_create
from mentors.questions import access
from mentors.questions.models import Answer, Question, QuestionEvent, QuestionReport
from mentors.questions.services.audit import event_log, question_url


def board_report(
    *, question: Question, reporter, reason: str, answer: Answer | None = None
) -> Report:
    """Report a question (or one of its answers) to the enforcers of the group rules.

    Whoever may see it may report it, except its own author; each call is a new report.
    """
    if not access.can_view_question(reporter, question):
        raise PermissionDenied(_("This question is not open to you."))
    if answer is not None and answer.question_id != question.pk:
        raise ValidationError({"answer": _("This answer belongs to another question.")})
    author_id = answer.author_id if answer is not None else question.author_id
    membership = Membership.objects.filter(cohort_id=question.cohort_id, user_id=author_id).first()
    if membership is None:
        raise ValidationError(
            {"target": _("Its author is not a member of this cohort; tell an organizer.")}
        )
    with transaction.atomic():
        report = report_create(
            cohort=question.cohort, reporter=reporter, reason=reason, target_member=membership
        )
        QuestionReport.objects.create(report=report, question=question, answer=answer)
        event_log(
            question=question,
            action=QuestionEvent.Action.REPORTED,
            actor=reporter,
            changes={"report": report.pk, "answer": answer.pk if answer else None},
        )
    return report


def report_subjects(reports) -> dict[int, dict]:
    """For the cohort's queue: what each board report is about (one query)."""
    ids = [report.pk for report in reports]
    subjects = {}
    for link in QuestionReport.objects.filter(report_id__in=ids).select_related(
        "question__cohort", "answer"
    ):
        subjects[link.report_id] = {
            "label": _("An answer") if link.answer_id else _("A question"),
            "text": (link.answer.body if link.answer_id else link.question.title)[:200],
            "url": question_url(link.question),
        }
    return subjects


def report_decided(*, report: Report) -> None:
    """Hide the reported question or answer when the decision acted on it (as a post is
    hidden); a dismissed report leaves it. Safe to repeat."""
    if report.status != Report.Status.ACTIONED:
        return
    link = QuestionReport.objects.filter(report=report).select_related("question").first()
    if link is None:
        return
    if link.answer_id:
        Answer.objects.filter(pk=link.answer_id).update(hidden=True)
    else:
        Question.objects.filter(pk=link.question_id).update(hidden=True)
    event_log(
        question=link.question,
        action=QuestionEvent.Action.HIDDEN,
        actor=report.decided_by,
        changes={"report": report.pk, "answer": link.answer_id},
    )
