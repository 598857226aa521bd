"""The sales tools' services: every rule and every write, one module per concern."""

from knowledge_base.tools.flags import tool_glossary_flags
from knowledge_base.tools.services.review import (
    TOOL_WORKFLOW_NAME,
    tool_review_due,
    tool_review_ensure,
    tools_review_remind,
)
from knowledge_base.tools.services.usage import (
    record_tool_use,
    tool_helped_set,
)
from knowledge_base.tools.services.visibility import (
    tool_editors_see_drafts,
    tool_visible_to,
    tools_visible_to,
)

__all__ = [
    "TOOL_WORKFLOW_NAME",
    "record_tool_use",
    "tool_editors_see_drafts",
    "tool_glossary_flags",
    "tool_helped_set",
    "tool_review_due",
    "tool_review_ensure",
    "tool_visible_to",
    "tools_review_remind",
    "tools_visible_to",
]
