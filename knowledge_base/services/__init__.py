"""The knowledge base's services: every rule and every write (see ``cohorts.services``)."""

from knowledge_base.services.cases import (
    case_attachments_change,
    case_attachments_change_check,
    case_from_answer,
    case_resubmit,
    case_resubmit_check,
    case_review_comment,
    case_review_decide,
    case_review_status,
    case_submit,
    case_visible_to,
    cases_visible_to,
)
from knowledge_base.services.glossary import Flag, glossary_entries, glossary_flags
from knowledge_base.services.review import (
    REVIEWER_GROUP,
    case_may_review,
    case_review_ensure,
    case_reviewer_known,
)

__all__ = [
    "REVIEWER_GROUP",
    "Flag",
    "case_attachments_change",
    "case_attachments_change_check",
    "case_from_answer",
    "case_may_review",
    "case_resubmit",
    "case_resubmit_check",
    "case_review_comment",
    "case_review_decide",
    "case_review_ensure",
    "case_review_status",
    "case_reviewer_known",
    "case_submit",
    "case_visible_to",
    "cases_visible_to",
    "glossary_entries",
    "glossary_flags",
]
