"""Reviewing cases: the "Knowledge reviewers" group, the Wagtail workflow that asks them,
and what people are told as a case moves through it.

A submitted case goes through Wagtail's own workflow (a ``GroupApprovalTask`` for the
reviewers, assigned to the ``Case`` model by ``WorkflowContentType``), so the admin's
snippet screens show the reviewer Approve / Request changes, lock the case while they
edit, and keep every revision. Wagtail signals when a task starts and when the workflow
ends; the receivers here only hand over to ``case_review_requested_notify`` and
``case_decision_notify``, which write to the outbox in the same transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from cohorts.engagement.services import award
from cohorts.models import Cohort, Membership
from knowledge_base.models import Case
from learning.notifications.services import in_recipient_language, notification_send_many

REVIEWER_GROUP = "Knowledge reviewers"
WORKFLOW_NAME = "Case review"
TASK_NAME = "Review by the knowledge reviewers"
REVIEWER_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("knowledge_base", "view_case"),
    ("knowledge_base", "change_case"),
    ("knowledge_base", "publish_case"),
    ("knowledge_base", "lock_case"),
    ("knowledge_base", "view_glossaryterm"),
)


@transaction.atomic
def case_review_ensure() -> Workflow:
    """Create or complete the reviewers' group, its approval task and the workflow that
    every case goes through. Safe to repeat (the demo and tests call it; an installation
    runs it once through ``seed_demo`` or the admin)."""
    group, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    wanted = Q()
    for app_label, codename in REVIEWER_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(wanted))
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(group)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Case), defaults={"workflow": workflow}
    )
    return workflow


def case_reviewer_ids() -> set[int]:
    """Who may approve a case: members of the reviewers' group and superusers."""
    from learning.models import User

    return set(
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=REVIEWER_GROUP) | Q(is_superuser=True))
        .values_list("pk", flat=True)
    )


def case_may_review(user) -> bool:
    """Whether ``user`` reviews cases (and so sees them before they are approved)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_knowledge_reviewer", None)
    if cached is None:
        cached = user.groups.filter(name=REVIEWER_GROUP).exists()
        user._knowledge_reviewer = cached
    return cached


def case_reviewer_known(user, *, in_group: bool) -> None:
    """Tell ``case_may_review`` whether ``user`` is in the reviewers' group, read by the
    caller with other things in one query (the shell's counts), so it asks no more."""
    user._knowledge_reviewer = in_group


def case_admin_url(case: Case) -> str:
    return reverse("wagtailsnippets_knowledge_base_case:edit", args=[case.pk])


def case_url(case: Case) -> str:
    return reverse("knowledge_base:case", kwargs={"case_id": case.pk})


def case_review_requested_notify(*, case: Case, submitted_by) -> int:
    """Tell every reviewer (but the submitter) that ``case`` waits for them. Once per
    revision: repeating it sends nothing new."""
    recipients = case_reviewer_ids() - {getattr(submitted_by, "pk", None)}
    return notification_send_many(
        recipients=recipients,
        kind="knowledge.case_review",
        title=in_recipient_language(
            lambda: _("A case waits for your review: %(title)s") % {"title": case.title}
        ),
        body=case.situation[:500],
        url=case_admin_url(case),
        dedupe_key=f"case-review:{case.pk}:{case.latest_revision_id}",
    )


def case_decision_notify(*, case: Case, approved: bool, comment: str = "") -> int:
    """Tell the author what the reviewer decided, with the reviewer's comment."""
    if case.author_id is None:
        return 0
    if approved:
        title = in_recipient_language(
            lambda: _("Your case is approved and shared: %(title)s") % {"title": case.title}
        )
    else:
        title = in_recipient_language(
            lambda: _("Your case needs changes: %(title)s") % {"title": case.title}
        )
    return notification_send_many(
        recipients=[case.author_id],
        kind="knowledge.case_decided",
        title=title,
        body=comment[:1000],
        url=case_url(case),
        dedupe_key=f"case-decided:{case.pk}:{case.latest_revision_id}:{int(approved)}",
    )


# Points for the author of a case once it is approved and shared (``wagtail_hooks``).
RULE_PUBLISHED = "case_published"


def case_points_cohort(case: Case) -> Cohort | None:
    """The cohort a case earns its author points in: the one whose session it came from,
    else the author's latest running cohort they are an active member of."""
    summary = case.source_summary
    if summary is not None:
        return summary.session.cohort
    return (
        Cohort.objects.filter(
            status=Cohort.Status.RUNNING,
            memberships__user_id=case.author_id,
            memberships__status=Membership.Status.ACTIVE,
        )
        .order_by("-start_date", "-pk")
        .first()
    )


def case_points_award(*, case: Case) -> None:
    """Give the author the points of a published case, once however often it is
    approved again (each new revision); none for a case without an author or cohort."""
    if case.author_id is None:
        return
    cohort = case_points_cohort(case)
    if cohort is not None:
        award(person=case.author_id, cohort=cohort, rule=RULE_PUBLISHED, cause=case)


def _is_case(workflow_state: WorkflowState) -> bool:
    return workflow_state.base_content_type_id == ContentType.objects.get_for_model(Case).pk


def _case_of(workflow_state: WorkflowState) -> Case | None:
    if not _is_case(workflow_state):
        return None
    return Case.objects.filter(pk=workflow_state.object_id).first()


def _on_task_submitted(sender, instance, user=None, **kwargs):
    case = _case_of(instance.workflow_state)
    if case is not None:
        case_review_requested_notify(case=case, submitted_by=user)


def _on_workflow_decided(approved: bool):
    def receiver(sender, instance, user=None, **kwargs):
        case = _case_of(instance)
        if case is None:
            return
        last = instance.task_states.order_by("-pk").first()
        case_decision_notify(case=case, approved=approved, comment=(last and last.comment) or "")
        if approved:
            case_points_award(case=case)

    return receiver


_on_approved = _on_workflow_decided(True)
_on_rejected = _on_workflow_decided(False)


# Wagtail's admin e-mails reviewers and authors itself on these signals; for cases the
# outbox does (in each person's language and channels), so those e-mails skip cases and
# still go out for pages. Its receivers are taken over under their own dispatch_uid,
# whichever app's ``ready`` runs first.
WAGTAIL_EMAILS = (
    (task_submitted, "TaskState", "group_approval_task_submitted_email_notification",
     "task_submission_email_notifier"),
    (workflow_submitted, "WorkflowState", "workflow_state_submitted_email_notification",
     "workflow_submission_email_notifier"),
    (workflow_rejected, "WorkflowState", "workflow_state_rejected_email_notification",
     "workflow_rejection_email_notifier"),
    (workflow_approved, "WorkflowState", "workflow_state_approved_email_notification",
     "workflow_approval_email_notifier"),
)  # fmt: skip


def _not_for_cases(notifier):
    def receiver(sender, instance, **kwargs):
        workflow_state = getattr(instance, "workflow_state", instance)
        if _is_case(workflow_state):
            return None
        return notifier(sender=sender, instance=instance, **kwargs)

    return receiver


def review_signals_connect() -> None:
    """Listen to Wagtail's workflow (called once from the app's ``ready``)."""
    from wagtail.admin import signal_handlers as wagtail_emails
    from wagtail.models import TaskState

    senders = {"TaskState": TaskState, "WorkflowState": WorkflowState}
    for signal, sender, uid, name in WAGTAIL_EMAILS:
        signal.disconnect(sender=senders[sender], dispatch_uid=uid)
        signal.connect(
            _not_for_cases(getattr(wagtail_emails, name)),
            sender=senders[sender],
            dispatch_uid=uid,
            weak=False,
        )
    task_submitted.connect(_on_task_submitted, dispatch_uid="knowledge_case_task_submitted")
    workflow_approved.connect(_on_approved, dispatch_uid="knowledge_case_approved")
    workflow_rejected.connect(_on_rejected, dispatch_uid="knowledge_case_rejected")
