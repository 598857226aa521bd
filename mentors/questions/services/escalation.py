"""A question nobody answers in time goes up the operations team's tiers.

After the cohort's ``answer_within_hours`` (``QuestionBoardSettings``) a question without
an answer goes to the helpers on Q&A duty; after twice as long to the planning team;
after three times as long to the core team (the organizers when it has nobody, HR when
they have nobody either), so it never waits on nobody.

Exactly once, by construction, as ``cohorts.sessions.services.dispatch``: each step is a
``QuestionEscalation`` row, unique per ``(question, level)``, written in the same
transaction as its notifications and its audit entry. A second beat tick finds the row
and sends nothing; a crash before commit leaves neither and the next tick sends it. The
question's row is locked while a step is decided, and a step is never sent once the
question has an answer (``answer_post`` takes the same lock).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Membership
from learning.models import User
from learning.notifications.services import in_recipient_language, notification_send_many
from mentors.questions.models import (
    DEFAULT_ANSWER_HOURS,
    DEFAULT_DUTY,
    Question,
    QuestionBoardSettings,
    QuestionEscalation,
    QuestionEvent,
)
from mentors.questions.services.audit import event_log, question_url

Level = Question.Level
Role = Membership.Role
LEVELS = (Level.HELPERS, Level.PLANNING, Level.CORE)


def board_settings_of(cohort) -> QuestionBoardSettings:
    """The cohort's board settings, or the defaults (unsaved) when HR set none."""
    found = QuestionBoardSettings.objects.filter(cohort=cohort).first()
    return found or QuestionBoardSettings(cohort=cohort)


def _in_roles(cohort_id: int, roles, **extra):
    return User.objects.filter(
        is_active=True,
        cohort_memberships__cohort_id=cohort_id,
        cohort_memberships__status=Membership.Status.ACTIVE,
        cohort_memberships__role__in=list(roles),
        **extra,
    )


def tier_of(question: Question, level: int, *, duty_match: str = DEFAULT_DUTY) -> list[int]:
    """Who a step of the escalation goes to (user ids), never the asker."""
    cohort_id = question.cohort_id
    if level == Level.HELPERS:
        people = _in_roles(
            cohort_id, [Role.HELPER], cohort_memberships__helper_duty__icontains=duty_match
        )
    elif level == Level.PLANNING:
        people = _in_roles(cohort_id, [Role.PLANNING])
    else:
        people = _in_roles(cohort_id, [Role.CORE])
        if not people.exclude(pk=question.author_id).exists():
            people = _in_roles(cohort_id, [Role.ORGANIZER])
        if not people.exclude(pk=question.author_id).exists():
            people = permissions.hr_organizers()
    return list(people.exclude(pk=question.author_id).values_list("pk", flat=True).distinct())


TITLES = {
    Level.HELPERS: lambda: _("No answer yet after %(hours)s h: %(title)s"),
    Level.PLANNING: lambda: _("Still unanswered after %(hours)s h: %(title)s"),
    Level.CORE: lambda: _("Nobody has answered in %(hours)s h: %(title)s"),
}


def question_escalate(*, question_id: int, level: int) -> bool:
    """Send one step of a question's escalation unless it was sent or the question has an
    answer; True when this call sent it. Safe to call twice at once."""
    with transaction.atomic():
        question = (
            Question.objects.select_for_update(of=("self",))
            .select_related("cohort")
            .filter(pk=question_id)
            .first()
        )
        if question is None or question.first_answer_at is not None or question.hidden:
            return False
        if QuestionEscalation.objects.filter(question=question, level=level).exists():
            return False
        try:
            with transaction.atomic():
                step = QuestionEscalation.objects.create(question=question, level=level)
        except IntegrityError:
            return False
        board = board_settings_of(question.cohort)
        recipients = tier_of(question, level, duty_match=board.helper_duty_match)
        hours = board.answer_within_hours * level
        wording = TITLES[level]
        notification_send_many(
            recipients=recipients,
            kind="question.escalated",
            title=in_recipient_language(
                lambda: wording() % {"hours": hours, "title": question.title}
            ),
            body=question.body[:300],
            url=question_url(question),
            dedupe_key=f"question-escalation:{question.pk}:{level}",
        )
        step.recipients = len(recipients)
        step.save(update_fields=["recipients"])
        if question.escalation_level < level:
            Question.objects.filter(pk=question.pk).update(escalation_level=level)
        event_log(
            question=question,
            action=QuestionEvent.Action.ESCALATED,
            changes={"level": level, "recipients": len(recipients)},
        )
    return True


def questions_escalate_due(*, now: dt.datetime | None = None) -> dict[int, int]:
    """Send every escalation step that is due and not sent; beat runs it every few
    minutes. Safe to run twice at once or after a crash. Returns the steps sent, by level.

    A step is due ``level × answer_within_hours`` after the question was asked, while
    the question has no answer; a worker that was down catches up in order.
    """
    now = now or timezone.now()
    waiting = Question.objects.filter(
        first_answer_at__isnull=True, hidden=False, escalation_level__lt=Level.CORE
    )
    cohort_ids = list(waiting.order_by().values_list("cohort_id", flat=True).distinct())
    hours_of = dict(
        QuestionBoardSettings.objects.filter(cohort_id__in=cohort_ids).values_list(
            "cohort_id", "answer_within_hours"
        )
    )
    sent = {int(level): 0 for level in LEVELS}
    for cohort_id in cohort_ids:
        hours = hours_of.get(cohort_id, DEFAULT_ANSWER_HOURS)
        for level in LEVELS:
            ids = (
                waiting.filter(
                    cohort_id=cohort_id, created_at__lte=now - dt.timedelta(hours=hours * level)
                )
                .exclude(escalations__level=level)
                .order_by("created_at", "pk")
                .values_list("pk", flat=True)
            )
            sent[int(level)] += sum(question_escalate(question_id=pk, level=level) for pk in ids)
    return sent
