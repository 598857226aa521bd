"""The live room: the guest's and the host's posts, and the members' questions with their
votes. Readers poll with ``since`` (the last post id they have) and compare ``version``."""

from __future__ import annotations

from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field

from cohorts.sessions import services
from cohorts.sessions.api.lookups import question_of, session_visible
from cohorts.sessions.api.routing import Paginator, page_of, router
from cohorts.sessions.api.schemas import (
    QuestionIn,
    QuestionOut,
    QuestionPageOut,
    RoomPostIn,
    RoomPostOut,
    RoomPostPageOut,
    SegmentKind,
    VoteOut,
)
from cohorts.sessions.models import RoomPost, RoomQuestion, SessionSegment
from cohorts.sessions.uploads import room_media_response
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Count, Id, person_of

MediaKind = Literal["image", "audio"]
# A form field whose default is the talk (``Form[...] = default`` would drop the
# default from the schema and require the field).
TALK_FIELD = Form(SessionSegment.Kind.TALK)


class RoomSince(Schema):
    since: Count = Field(0, description="Only posts after this post id (for polling).")


def post_out(post: RoomPost) -> dict:
    return {
        "id": post.pk,
        "author": person_of(post.author),
        "segment": post.segment,
        "body": post.body,
        "has_image": bool(post.image),
        "has_audio": bool(post.audio),
        "audio_type": post.audio_type,
        "created_at": post.created_at,
    }


def question_out(question: RoomQuestion) -> dict:
    return {
        "id": question.pk,
        "author": person_of(question.author),
        "body": question.body,
        "votes": question.votes,
        "answered_at": question.answered_at,
        "created_at": question.created_at,
    }


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/room/posts",
    response={200: RoomPostPageOut, **ERROR_RESPONSES},
    summary="The live room's posts, oldest first",
)
def room_posts(
    request, slug: str, session_id: Id, since: Query[RoomSince], pagination: Query[Paginator.Input]
):
    session = session_visible(request, slug, session_id)
    posts = (
        RoomPost.objects.filter(session=session, pk__gt=since.since)
        .select_related("author__profile")
        .order_by("pk")
    )
    page = page_of(request, posts, pagination)
    return {
        "items": [post_out(post) for post in page["items"]],
        "count": page["count"],
        "version": services.room_version(session.pk),
    }


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/room/posts",
    response={201: RoomPostOut, **ERROR_RESPONSES},
    summary="Post text in the live room (the guest, the host, organizers; while live)",
)
def room_post_create(request, slug: str, session_id: Id, payload: RoomPostIn):
    session = session_visible(request, slug, session_id)
    post = services.room_post_create(
        session=session, author=request.user, body=payload.body, segment=payload.segment
    )
    return Status(201, post_out(post))


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/room/posts/media",
    response={201: RoomPostOut, **ERROR_RESPONSES},
    summary="Post an image and/or a voice clip, with optional text (multipart form)",
    description=(
        "The same rules as a text post. An image is PNG, JPEG, GIF or WebP; a voice clip "
        "Ogg, WebM, MP4/M4A, MP3 or WAV; both are recognised by their bytes, not their "
        "names, and have size limits."
    ),
)
def room_post_media(
    request,
    slug: str,
    session_id: Id,
    body: Form[str] = "",
    segment: SegmentKind = TALK_FIELD,
    image: File[UploadedFile] = None,
    audio: File[UploadedFile] = None,
):
    session = session_visible(request, slug, session_id)
    post = services.room_post_create(
        session=session, author=request.user, body=body, segment=segment, image=image, audio=audio
    )
    return Status(201, post_out(post))


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/room/posts/{post_id}/{kind}",
    response={200: None, **ERROR_RESPONSES},
    summary="A room post's image or voice clip",
    description="`kind` is `image` or `audio`; answered with the file's own type.",
)
def room_post_file(request, slug: str, session_id: Id, post_id: Id, kind: MediaKind):
    session = session_visible(request, slug, session_id)
    post = get_object_or_404(RoomPost, session=session, pk=post_id)
    return room_media_response(post, kind)


@router.get(
    "/cohorts/{slug}/sessions/{session_id}/room/questions",
    response={200: QuestionPageOut, **ERROR_RESPONSES},
    summary="The room's questions, most votes first",
)
def room_questions(request, slug: str, session_id: Id, pagination: Query[Paginator.Input]):
    session = session_visible(request, slug, session_id)
    questions = (
        RoomQuestion.objects.filter(session=session)
        .select_related("author__profile")
        .order_by("-votes", "pk")
    )
    page = page_of(request, questions, pagination)
    return {"items": [question_out(q) for q in page["items"]], "count": page["count"]}


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/room/questions",
    response={201: QuestionOut, **ERROR_RESPONSES},
    summary="Ask a question (while live)",
)
def room_question_ask(request, slug: str, session_id: Id, payload: QuestionIn):
    session = session_visible(request, slug, session_id)
    question = services.room_question_ask(session=session, author=request.user, body=payload.body)
    return Status(201, question_out(question))


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/room/questions/{question_id}/vote",
    response={200: VoteOut, **ERROR_RESPONSES},
    summary="Upvote a question, once (not your own)",
)
def room_question_vote(request, slug: str, session_id: Id, question_id: Id):
    question = question_of(session_visible(request, slug, session_id), question_id)
    counted = services.room_question_vote(question=question, user=request.user)
    question.refresh_from_db(fields=["votes"])
    return {"counted": counted, "votes": question.votes}


@router.post(
    "/cohorts/{slug}/sessions/{session_id}/room/questions/{question_id}/answered",
    response={200: QuestionOut, **ERROR_RESPONSES},
    summary="Mark a question answered (the guest, the host, organizers)",
)
def room_question_answered(request, slug: str, session_id: Id, question_id: Id):
    question = question_of(session_visible(request, slug, session_id), question_id)
    question = services.room_question_answered(question=question, actor=request.user)
    return question_out(question)
