"""Cases from the field: submitting one into review, deciding on it, and who sees it.

A member's case is saved as a draft (``live=False``) with its first revision, and the
review workflow starts at once (``knowledge_base.services.review``). Until a reviewer
approves it, only its author and the reviewers see it; approval publishes the revision
and every employee sees it.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from cohorts.sessions.models import Summary
from knowledge_base.models import Case, CaseAttachment, CaseKind, CaseSource, DealStage
from knowledge_base.services.review import case_may_review, case_review_ensure, case_url
from knowledge_base.uploads import attachments_check
from learning.models import Region
from mentors.questions.services.audit import question_url

TEXT_MAX = 10_000
LINE_MAX = 120
TAGS_MAX = 10
TAG_MAX = 40
REQUIRED = ("title", "kind", "situation", "actions")
LINES = {"title": 200, "product": LINE_MAX, "industry": LINE_MAX, "customer_segment": LINE_MAX}
TEXTS = ("situation", "actions", "outcome", "lessons")


def _clean(data: dict) -> tuple[dict, list[str]]:
    """The case's fields, stripped and checked; every problem named by its field."""
    errors: dict[str, list[str]] = {}
    values = {}
    for name in (*LINES, *TEXTS):
        value = (data.get(name) or "").strip()
        limit = LINES.get(name, TEXT_MAX)
        if len(value) > limit:
            errors.setdefault(name, []).append(
                _("Keep it under %(count)s characters.") % {"count": limit}
            )
        values[name] = value
    for name in REQUIRED:
        if not (data.get(name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    choices = {
        "kind": CaseKind,
        "deal_stage": DealStage,
        "source": CaseSource,
    }
    for name, enum in choices.items():
        value = data.get(name) or ""
        if value and value not in enum.values:
            errors.setdefault(name, []).append(_("Choose one of the listed values."))
        values[name] = value
    values["source"] = values["source"] or CaseSource.FIELD
    language = data.get("language") or "en"

    if language not in dict(settings.LANGUAGES):
        errors.setdefault("language", []).append(_("Choose one of the listed values."))
    values["language"] = language
    region = data.get("region")
    values["region"] = None
    if region not in (None, ""):
        values["region"] = (
            Region.objects.filter(pk=region).first() if str(region).isdigit() else None
        )
        if values["region"] is None:
            errors.setdefault("region", []).append(_("No such region."))
    values["source_reference"] = (data.get("source_reference") or "").strip()[:300]
    summary = data.get("source_summary")
    values["source_summary"] = None
    if summary not in (None, ""):
        values["source_summary"] = Summary.objects.filter(
            pk=summary, status=Summary.Status.PUBLISHED
        ).first()
        if values["source_summary"] is None:
            errors.setdefault("source_summary", []).append(_("No such published summary."))
    tags = [t.strip() for t in data.get("tags") or [] if t and t.strip()]
    if len(tags) > TAGS_MAX or any(len(t) > TAG_MAX for t in tags):
        errors.setdefault("tags", []).append(
            _("At most %(count)s tags of %(length)s characters each.")
            % {"count": TAGS_MAX, "length": TAG_MAX}
        )
    if errors:
        raise ValidationError(errors)
    return values, list(dict.fromkeys(tags))


def case_submit(*, author, data: dict, attachments=()) -> Case:
    """Save a member's case as a draft and send it to the reviewers.

    ``data`` holds the case's fields (``region`` as an id, ``tags`` as a list). Every
    field and file is checked before anything is written; a problem raises
    ``ValidationError`` naming the field, and nothing is saved. Not idempotent: each
    call is a new case."""
    if not getattr(author, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to share a case."))
    values, tags = _clean(data)
    files = attachments_check(attachments)
    with transaction.atomic():
        workflow = case_review_ensure()
        case = Case(author=author, live=False, has_unpublished_changes=True, **values)
        case.save()
        if tags:
            case.tags.set(tags)
            case.save()
        _attachments_save(case, files)
        case.save_revision(user=author)
        workflow.start(case, author)
    return case


def _attachments_save(case: Case, files) -> None:
    for checked in files:
        attachment = CaseAttachment(
            case=case,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
        )
        attachment.file.save(f"upload.{checked.extension}", checked.upload, save=False)
        attachment.save()


def case_resubmit_check(*, case: Case, user) -> str:
    """Why ``user`` may not change ``case`` and send it to review again now, or ''.

    Only its author, and only while a reviewer's request for changes waits on them."""
    if case.author_id is None or case.author_id != getattr(user, "pk", None):
        return _("Only the person who shared this case can change it.")
    if case_review_status(case) != "needs_changes":
        return _("Only a case that a reviewer sent back can be changed and sent again.")
    return ""


def case_review_comment(case: Case) -> str:
    """What the reviewer who sent ``case`` back asked for ('' if nothing)."""
    state = case.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return ""
    task_state = state.task_states.order_by("-pk").first()
    return (task_state.comment or "") if task_state else ""


def case_resubmit(*, case: Case, author, data: dict, attachments=(), remove_attachments=()) -> Case:
    """The author's changes to a case sent back for changes, and the case back in review.

    Checked as ``case_submit`` checks a new case (every field, and the files as
    ``case_attachments_change`` checks them), then saved as a new revision; the review
    resumes at the task that sent it back and the reviewers are told again. Raises
    ``PermissionDenied`` for anyone but the author and ``ValidationError`` when the case
    is not waiting for changes (a second submit finds it in review)."""
    _refuse(case_resubmit_check(case=case, user=author), case=case, user=author)
    values, tags = _clean(data)
    removing, files = _attachments_change_check(case, attachments, remove_attachments)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _refuse(case_resubmit_check(case=case, user=author), case=case, user=author)
        for name, value in values.items():
            setattr(case, name, value)
        case.has_unpublished_changes = True
        case.tags.set(tags)
        case.save()
        _attachments_change(case, removing, files)
        case.save_revision(user=author)
        case.current_workflow_state.resume(author)
    return case


def _refuse(reason: str, *, case: Case, user) -> None:
    """Raise for a check's ``reason``: ``PermissionDenied`` when ``user`` is not the
    case's author, ``ValidationError`` when it is the case's state that says no."""
    if not reason:
        return
    if case.author_id != getattr(user, "pk", None):
        raise PermissionDenied(reason)
    raise ValidationError(reason)


def case_attachments_change_check(*, case: Case, user) -> str:
    """Why ``user`` may not add or remove ``case``'s files now, or ''. The author may,
    until the case is approved."""
    if case.author_id is None or case.author_id != getattr(user, "pk", None):
        return _("Only the person who shared this case can change it.")
    if case.live:
        return _("An approved case's files no longer change.")
    return ""


def case_attachments_change(*, case: Case, author, add=(), remove=()) -> Case:
    """Add files to the author's case and remove some (ids), checked as a new case's
    files are (at most ``ATTACHMENTS_MAX`` kept and added); all or nothing."""
    _refuse(case_attachments_change_check(case=case, user=author), case=case, user=author)
    removing, files = _attachments_change_check(case, add, remove)
    with transaction.atomic():
        _attachments_change(case, removing, files)
    return case


def _attachments_change_check(case: Case, add, remove) -> tuple[set[int], list]:
    removing = set(case.attachments.filter(pk__in=list(remove)).values_list("pk", flat=True))
    kept = case.attachments.exclude(pk__in=removing).count()
    return removing, attachments_check(add, already=kept)


def _attachments_change(case: Case, removing: set[int], files) -> None:
    for attachment in case.attachments.filter(pk__in=removing):
        attachment.delete()
        # The file goes once the change is committed (a rollback keeps it).
        transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
    _attachments_save(case, files)


def case_from_answer(*, answer, actor) -> str:
    """An accepted answer from the Q&A board, proposed as a case (the receiver of
    ``guild_answer_proposed_as_case``): the question is the situation and the answer
    what was done; the proposer is the author, sent to review like any case, where a
    reviewer completes it. Returns the case's address. Proposing twice makes two cases,
    as submitting twice does."""
    question = answer.question
    case = case_submit(
        author=actor,
        data={
            "title": question.title,
            "kind": CaseKind.CASE_SHARING,
            "situation": question.body or question.title,
            "actions": answer.body,
            "source": CaseSource.ACCEPTED_ANSWER,
            "source_reference": question_url(question),
            "language": translation.get_language(),
        },
    )
    return case_url(case)


def case_review_decide(*, case: Case, actor, approve: bool, comment: str = "") -> Case:
    """Approve the case (it goes live) or send it back with ``comment``, as the admin's
    workflow buttons do. Only reviewers; only a case in review."""
    state = case.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None or task_state.status != task_state.STATUS_IN_PROGRESS:
        raise ValidationError(_("This case is not waiting for a review."))
    actions = [name for name, *_rest in task_state.task.specific.get_actions(case, actor)]
    if "approve" not in actions:
        raise PermissionDenied(_("Only knowledge reviewers decide on cases."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    with transaction.atomic():
        task_state.task.specific.on_action(
            task_state, actor, "approve" if approve else "reject", comment=comment.strip()
        )
    case.refresh_from_db()
    return case


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases ``user`` may read: approved ones, their own, and every case for the
    reviewers."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if case_may_review(user):
        return Case.objects.all()
    return Case.objects.filter(Q(live=True) | Q(author=user))


def case_visible_to(user, case: Case) -> bool:
    return case.live or case.author_id == user.pk or case_may_review(user)


def case_review_status(case: Case) -> str:
    """ "approved", "in_review", "needs_changes" or "draft", as the author sees it."""
    if case.live:
        return "approved"
    state = case.workflow_states.order_by("-pk").first()
    if state is None:
        return "draft"
    if state.status == state.STATUS_IN_PROGRESS:
        return "in_review"
    if state.status == state.STATUS_NEEDS_CHANGES:
        return "needs_changes"
    return "draft"
