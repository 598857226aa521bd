"""Keeping tools right: the "Tool review" page workflow on the tools index, and the
review-by date after which the owner is reminded once and the tool is due for review.

Tools are pages, so they use Wagtail's own page workflow (``WorkflowPage``): an editor
submits a tool and the "Knowledge reviewers" approve or send it back, with the same
approval task that reviews cases. The reviewers may add, edit and publish tools under
the index (``GroupPagePermission``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from knowledge_base.services import REVIEWER_GROUP, case_review_ensure
from knowledge_base.services.review import TASK_NAME
from knowledge_base.tools.models import ToolIndexPage, ToolPage
from learning.notifications.services import in_recipient_language, notification_send_many

TOOL_WORKFLOW_NAME = "Tool review"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "view_page")


@transaction.atomic
def tool_review_ensure(index: ToolIndexPage) -> Workflow:
    """Give the reviewers the tools index's page permissions and assign the "Tool
    review" workflow (the reviewers' approval task) to it. Safe to repeat."""
    case_review_ensure()
    group = Group.objects.get(name=REVIEWER_GROUP)
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    task = GroupApprovalTask.objects.get(name=TASK_NAME)
    workflow, _created = Workflow.objects.get_or_create(name=TOOL_WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def tool_review_due(tool: ToolPage, *, today: dt.date | None = None) -> bool:
    """Whether the tool's review-by date has passed."""
    today = today or timezone.localdate()
    return tool.review_by is not None and tool.review_by < today


def tools_due(*, today: dt.date | None = None) -> QuerySet[ToolPage]:
    """Tools past their review-by date (the curators' "due for review")."""
    return ToolPage.objects.filter(review_by__lt=today or timezone.localdate())


def _remind(tool: ToolPage) -> int:
    title = tool.title
    return notification_send_many(
        recipients=[tool.maintainer_id],
        kind="knowledge.tool_review_due",
        title=in_recipient_language(
            lambda: _("Your sales tool is due for review: %(title)s") % {"title": title}
        ),
        body=in_recipient_language(
            lambda: _("Check that it is still right, then set a new review-by date.")
        ),
        url=f"/admin/pages/{tool.pk}/edit/",
        dedupe_key=f"tool-review-due:{tool.pk}:{tool.review_by.isoformat()}",
    )


def tools_review_remind(*, today: dt.date | None = None) -> int:
    """Mark every tool past its review-by date as reminded for that date and tell its
    owner through the outbox, in the same transaction. Once per date: running it twice
    sends nothing new (the mark, and the outbox's dedupe key); a new date set by the
    owner makes the tool remindable again when that one passes. Returns how many owners
    were told."""
    told = 0
    due = (
        tools_due(today=today)
        .filter(Q(review_reminded_for__isnull=True) | ~Q(review_reminded_for=F("review_by")))
        .order_by("pk")
        .only("pk", "title", "maintainer_id", "review_by", "review_reminded_for")
    )
    for tool in due.iterator(chunk_size=200):
        with transaction.atomic():
            marked = (
                ToolPage.objects.filter(pk=tool.pk, review_by=tool.review_by)
                .exclude(review_reminded_for=tool.review_by)
                .update(review_reminded_for=tool.review_by)
            )
            if marked and tool.maintainer_id:
                told += _remind(tool)
    return told
