"""The services of the Q&A board: every rule and every write (see ``cohorts.services``)."""

from mentors.questions.services.audit import board_url, question_url
from mentors.questions.services.board import (
    RULE_ACCEPTED,
    answer_accept,
    answer_mark_helpful,
    answer_post,
    answer_unaccept,
    question_ask,
    question_vote,
    tags_parse,
)
from mentors.questions.services.escalation import (
    board_settings_of,
    question_escalate,
    questions_escalate_due,
    tier_of,
)
from mentors.questions.services.handoff import (
    answer_propose_as_case,
    answer_propose_as_case_check,
    room_questions_take,
)
from mentors.questions.services.moderation import board_report, report_decided, report_subjects
from mentors.questions.services.settings import board_settings_save

__all__ = [
    "RULE_ACCEPTED",
    "answer_accept",
    "answer_unaccept",
    "answer_mark_helpful",
    "answer_post",
    "answer_propose_as_case",
    "answer_propose_as_case_check",
    "board_report",
    "board_settings_of",
    "board_settings_save",
    "board_url",
    "question_ask",
    "question_escalate",
    "question_url",
    "question_vote",
    "questions_escalate_due",
    "report_decided",
    "report_subjects",
    "room_questions_take",
    "tags_parse",
    "tier_of",
]
