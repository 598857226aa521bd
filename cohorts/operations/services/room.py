"""Posting in the operations room: create, edit (by the author) and pin (by the core
team); a decision tells the whole team through the outbox, once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from cohorts.operations.models import RoomPost
from cohorts.operations.services.access import (
    may_enter_room,
    may_lead,
    room_url,
    team_memberships,
)
from learning.notifications.services import in_recipient_language, notification_send_many

TITLE_MAX = 200
BODY_MAX = 10_000


def _clean(kind: str, title: str, body: str) -> tuple[str, str, str]:
    title = " ".join((title or "").split())
    body = (body or "").strip()
    errors = {}
    if kind not in RoomPost.Kind.values:
        errors["kind"] = _("Choose plan, decision, duty roster or note.")
    if not title:
        errors["title"] = _("Give the post a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX}
    if len(body) > BODY_MAX:
        errors["body"] = _("Keep the text under %(n)s characters.") % {"n": f"{BODY_MAX:,}"}
    if errors:
        raise ValidationError(errors)
    return kind, title, body


def room_post_create_check(*, cohort: Cohort, actor) -> str | None:
    """Why ``actor`` may not post in the room, or None. Side-effect free."""
    if not may_enter_room(actor, cohort):
        return _("Only the operations team posts in its room.")
    return None


def room_post_create(*, cohort: Cohort, author, kind: str, title: str, body: str = "") -> RoomPost:
    """Post in the room. A decision notifies the rest of the team (their preferences
    decide the channels), once per post. Not safe to repeat: each call posts again."""
    refusal = room_post_create_check(cohort=cohort, actor=author)
    if refusal:
        raise PermissionDenied(refusal)
    kind, title, body = _clean(kind, title, body)
    with transaction.atomic():
        post = RoomPost.objects.create(
            cohort=cohort, author=author, kind=kind, title=title, body=body
        )
        if kind == RoomPost.Kind.DECISION:
            _decision_notify(post)
    return post


def _decision_notify(post: RoomPost) -> None:
    cohort = post.cohort
    recipients = [
        pk
        for pk in team_memberships(cohort).values_list("user_id", flat=True)
        if pk != post.author_id
    ]
    author = str(post.author)
    notification_send_many(
        recipients=recipients,
        kind="operations.decision",
        title=in_recipient_language(
            lambda: (
                _("Decision in the operations room of %(cohort)s: %(title)s")
                % {"cohort": cohort.name, "title": post.title}
            )
        ),
        body=in_recipient_language(
            lambda: _("%(name)s: %(text)s") % {"name": author, "text": post.body[:400]}
        ),
        url=f"{room_url(cohort)}#post-{post.pk}",
        dedupe_key=f"operations-decision:{post.pk}",
    )


def room_post_edit_check(*, post: RoomPost, actor) -> str | None:
    """Only the author edits a post, while they are still in the room."""
    if post.author_id != getattr(actor, "pk", None) or not may_enter_room(actor, post.cohort):
        return _("Only the author edits a post.")
    return None


def room_post_edit(*, post: RoomPost, actor, title: str, body: str, kind: str | None = None):
    """Change a post's title, text and kind (its author only). A post edited into a
    decision notifies the team then, once. Safe to repeat."""
    refusal = room_post_edit_check(post=post, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)
    kind, title, body = _clean(kind or post.kind, title, body)
    with transaction.atomic():
        post = RoomPost.objects.select_for_update().select_related("cohort").get(pk=post.pk)
        became_decision = kind == RoomPost.Kind.DECISION and post.kind != kind
        post.kind, post.title, post.body = kind, title, body
        post.edited_at = timezone.now()
        post.save(update_fields=["kind", "title", "body", "search_text", "edited_at"])
        if became_decision:
            _decision_notify(post)
    return post


def room_post_pin_check(*, post: RoomPost, actor) -> str | None:
    if not may_lead(actor, post.cohort):
        return _("Only the core team and the organizers pin posts.")
    return None


def room_post_pin(*, post: RoomPost, actor, pinned: bool) -> RoomPost:
    """Pin a post to the top of the room or unpin it. Safe to repeat."""
    refusal = room_post_pin_check(post=post, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)
    RoomPost.objects.filter(pk=post.pk).update(pinned=pinned)
    post.pinned = pinned
    return post
