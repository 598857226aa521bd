"""How sales tools are used: views of their pages, downloads of their sheets, and
"this helped" votes (one per person and tool, which they may take back)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from knowledge_base.tools.models import ToolPage, ToolUse
from knowledge_base.tools.services.visibility import tool_visible_to

KINDS = tuple(ToolUse.Kind.values)


def tool_helped_set(*, tool: ToolPage, user, helped: bool) -> bool:
    """Record that ``tool`` helped ``user`` (``helped=True``) or take that back. At most
    one vote per person: repeating either is harmless. Returns whether a vote now
    stands. Only for a live tool the person may read."""
    if not tool.live or not tool_visible_to(user, tool):
        raise PermissionDenied(_("You cannot vote on this tool."))
    votes = ToolUse.objects.filter(tool=tool, user=user, kind=ToolUse.Kind.HELPED)
    if not helped:
        votes.delete()
        return False
    if votes.exists():
        return True
    try:
        with transaction.atomic():
            ToolUse.objects.create(tool=tool, user=user, kind=ToolUse.Kind.HELPED)
    except IntegrityError:
        pass  # a second click in flight: the first vote stands
    return True


def record_tool_use(tool: ToolPage, user, kind: str) -> None:
    """Count one use of ``tool`` by ``user``: ``"view"`` (its page), ``"download"`` (its
    sheet) or ``"helped"`` (the same as ``tool_helped_set(helped=True)``). Every view and
    download counts; a vote once. The caller has already checked that ``user`` may read
    the tool (``tool_visible_to``); anonymous uses are not counted. One insert."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose one of the listed values.")})
    if not getattr(user, "is_authenticated", False):
        return
    if kind == ToolUse.Kind.HELPED:
        tool_helped_set(tool=tool, user=user, helped=True)
        return
    ToolUse.objects.create(tool=tool, user=user, kind=kind)
