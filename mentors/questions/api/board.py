"""The board's operations (see the package docstring)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from cohorts import permissions
from cohorts.api.lookups import cohort_visible, require
from cohorts.api.routing import Paginator, page_of
from cohorts.models import SubGroup
from learning.api import ERROR_RESPONSES
from learning.api.schemas import Id, person_of
from mentors.questions import selectors, services
from mentors.questions.api.schemas import (
    BoardAnswerIn,
    BoardAnswerOut,
    BoardHelpfulIn,
    BoardProposedOut,
    BoardQuestionDetailOut,
    BoardQuestionIn,
    BoardQuestionOut,
    BoardQuestionPageOut,
    BoardReportIn,
    BoardReportOut,
    BoardScorecardOut,
    BoardSettingsIn,
    BoardSettingsOut,
    BoardSimilarOut,
    BoardVoteOut,
)
from mentors.questions.models import Answer, Question

router = Router(tags=["questions and answers"])
BASE = "/cohorts/{slug}/questions"


def question_out(question: Question) -> dict:
    return {
        "id": question.pk,
        "title": question.title,
        "body": question.body,
        "author": person_of(question.author),
        "subgroup": question.subgroup.slug if question.subgroup_id else None,
        "tags": [tag.name for tag in question.tags.all()],
        "votes": question.votes,
        "answer_count": question.answer_count,
        "accepted_answer_id": question.accepted_answer_id,
        "escalation_level": question.escalation_level,
        "first_answer_at": question.first_answer_at,
        "resolved_at": question.resolved_at,
        "created_at": question.created_at,
        "url": services.question_url(question),
    }


def answer_out(answer: Answer, question: Question) -> dict:
    return {
        "id": answer.pk,
        "author": person_of(answer.author),
        "body": answer.body,
        "helpful": answer.helpful,
        "accepted": answer.pk == question.accepted_answer_id,
        "created_at": answer.created_at,
    }


def _reader(request, slug: str):
    """The cohort, if the caller sees it (404) and reads its board (403)."""
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_view_cohort_content(request.user, cohort),
        _("Only members see the board."),
    )
    return cohort


def _question(request, slug: str, question_id: int) -> Question:
    cohort = cohort_visible(request, slug)
    question = selectors.question_for(cohort=cohort, user=request.user, pk=question_id)
    if question is None:
        raise Http404("No Question matches the given query.")
    return question


def _answer(question: Question, answer_id: int) -> Answer:
    answer = get_object_or_404(
        Answer.objects.select_related("author__profile"),
        pk=answer_id,
        question=question,
        hidden=False,
    )
    answer.question = question
    return answer


class BoardFilters(Schema):
    tag: str = Field("", max_length=60)
    unanswered: bool = False
    mine: bool = False


class SimilarQuery(Schema):
    q: str = Field("", max_length=200, description="What is being typed.")


@router.get(
    BASE,
    response={200: BoardQuestionPageOut, **ERROR_RESPONSES},
    summary="The board's questions you may see, newest first",
)
def questions_list(
    request, slug: str, filters: Query[BoardFilters], pagination: Query[Paginator.Input]
):
    cohort = _reader(request, slug)
    questions = selectors.board_questions(cohort=cohort, user=request.user, **filters.dict())
    page = page_of(request, questions, pagination)
    return {"items": [question_out(q) for q in page["items"]], "count": page["count"]}


@router.post(
    BASE,
    response={201: BoardQuestionOut, **ERROR_RESPONSES},
    summary="Ask a question (members; your mentor is told first)",
)
def question_ask(request, slug: str, payload: BoardQuestionIn):
    cohort = cohort_visible(request, slug)
    subgroup = None
    if payload.subgroup:
        subgroup = SubGroup.objects.filter(
            cohort=cohort,
            slug=payload.subgroup,
            pk__in=permissions.subgroup_ids_of(request.user, cohort),
        ).first()
        if subgroup is None:
            raise ValidationError({"subgroup": _("You are not in this sub-group.")})
    question = services.question_ask(
        cohort=cohort,
        author=request.user,
        title=payload.title,
        body=payload.body,
        tags=payload.tags,
        subgroup=subgroup,
    )
    question = selectors.question_for(cohort=cohort, user=request.user, pk=question.pk)
    return Status(201, question_out(question))


@router.get(
    f"{BASE}/similar",
    response={200: list[BoardSimilarOut], **ERROR_RESPONSES},
    summary="Questions like the one being typed (up to five)",
)
def questions_similar(request, slug: str, query: Query[SimilarQuery]):
    cohort = _reader(request, slug)
    found = selectors.questions_similar(cohort=cohort, user=request.user, text=query.q)
    return [
        {
            "id": q.pk,
            "title": q.title,
            "answer_count": q.answer_count,
            "accepted": q.accepted_answer_id is not None,
            "url": services.question_url(q),
        }
        for q in found
    ]


@router.get(
    f"{BASE}/settings",
    response={200: BoardSettingsOut, **ERROR_RESPONSES},
    summary="The board's answer deadline and Q&A duty",
)
def board_settings_get(request, slug: str):
    cohort = _reader(request, slug)
    board = services.board_settings_of(cohort)
    return {
        "answer_within_hours": board.answer_within_hours,
        "helper_duty_match": board.helper_duty_match,
    }


@router.put(
    f"{BASE}/settings",
    response={200: BoardSettingsOut, **ERROR_RESPONSES},
    summary="Set the board's answer deadline (organizers and core)",
)
def board_settings_put(request, slug: str, payload: BoardSettingsIn):
    cohort = cohort_visible(request, slug)
    board = services.board_settings_save(
        cohort=cohort,
        actor=request.user,
        answer_within_hours=payload.answer_within_hours,
        helper_duty_match=payload.helper_duty_match,
    )
    return {
        "answer_within_hours": board.answer_within_hours,
        "helper_duty_match": board.helper_duty_match,
    }


@router.get(
    f"{BASE}/scorecards",
    response={200: list[BoardScorecardOut], **ERROR_RESPONSES},
    summary="Each mentor's time to first reply and share resolved (organizers and core)",
)
def scorecards(request, slug: str):
    cohort = cohort_visible(request, slug)
    require(
        permissions.can_manage_memberships(request.user, cohort),
        _("Only the organizers and the core team see the scorecards."),
    )
    return [
        {
            "mentor_id": card.mentor_id,
            "mentor_name": card.mentor_name,
            "questions": card.questions,
            "replied": card.replied,
            "resolved": card.resolved,
            "median_first_reply_hours": card.median_hours,
        }
        for card in selectors.scorecards(cohort=cohort)
    ]


@router.get(
    f"{BASE}/{{board_question_id}}",
    response={200: BoardQuestionDetailOut, **ERROR_RESPONSES},
    summary="A question with its answers (the accepted one first)",
)
def question_detail(request, slug: str, board_question_id: Id):
    question = _question(request, slug, board_question_id)
    page = selectors.question_page(question=question, user=request.user)
    return {
        **question_out(question),
        "answers": [answer_out(answer, question) for answer in page["answers"]],
        "voted": page["voted"],
    }


@router.post(
    f"{BASE}/{{board_question_id}}/answers",
    response={201: BoardAnswerOut, **ERROR_RESPONSES},
    summary="Answer a question (whoever may see it)",
)
def answer_post(request, slug: str, board_question_id: Id, payload: BoardAnswerIn):
    question = _question(request, slug, board_question_id)
    answer = services.answer_post(question=question, author=request.user, body=payload.body)
    return Status(201, answer_out(answer, question))


@router.post(
    f"{BASE}/{{board_question_id}}/vote",
    response={200: BoardVoteOut, **ERROR_RESPONSES},
    summary="Upvote a question, once (not your own)",
)
def question_vote(request, slug: str, board_question_id: Id):
    question = _question(request, slug, board_question_id)
    counted = services.question_vote(question=question, user=request.user)
    question.refresh_from_db(fields=["votes"])
    return {"counted": counted, "votes": question.votes}


@router.post(
    f"{BASE}/{{board_question_id}}/report",
    response={201: BoardReportOut, **ERROR_RESPONSES},
    summary="Report a question or one of its answers to the enforcers of the group rules",
)
def question_report(request, slug: str, board_question_id: Id, payload: BoardReportIn):
    question = _question(request, slug, board_question_id)
    answer = _answer(question, payload.answer_id) if payload.answer_id else None
    report = services.board_report(
        question=question, answer=answer, reporter=request.user, reason=payload.reason
    )
    return Status(201, {"id": report.pk, "status": report.status})


@router.post(
    f"{BASE}/{{board_question_id}}/answers/{{answer_id}}/accept",
    response={200: BoardQuestionOut, **ERROR_RESPONSES},
    summary="Accept an answer (the person who asked)",
)
def answer_accept(request, slug: str, board_question_id: Id, answer_id: Id):
    answer = _answer(_question(request, slug, board_question_id), answer_id)
    services.answer_accept(answer=answer, actor=request.user)
    return question_out(_question(request, slug, board_question_id))


@router.post(
    f"{BASE}/{{board_question_id}}/answers/{{answer_id}}/helpful",
    response={200: BoardAnswerOut, **ERROR_RESPONSES},
    summary="Mark an answer helpful or not (the asker and the cohort's team)",
)
def answer_helpful(
    request, slug: str, board_question_id: Id, answer_id: Id, payload: BoardHelpfulIn
):
    question = _question(request, slug, board_question_id)
    answer = services.answer_mark_helpful(
        answer=_answer(question, answer_id), actor=request.user, helpful=payload.helpful
    )
    return answer_out(answer, question)


@router.post(
    f"{BASE}/{{board_question_id}}/answers/{{answer_id}}/propose-case",
    response={200: BoardProposedOut, **ERROR_RESPONSES},
    summary="Propose an accepted answer to the knowledge base as a case",
    description="400 when no knowledge base takes cases.",
)
def answer_propose_case(request, slug: str, board_question_id: Id, answer_id: Id):
    answer = _answer(_question(request, slug, board_question_id), answer_id)
    references = services.answer_propose_as_case(answer=answer, actor=request.user)
    return {"references": [str(reference) for reference in references]}


@router.get(
    "/questions/waiting",
    response={200: BoardQuestionPageOut, **ERROR_RESPONSES},
    summary="Questions waiting on you: your mentees' open ones and escalated ones",
)
def questions_waiting(request, pagination: Query[Paginator.Input]):
    page = page_of(
        request, selectors.queue_questions(request.user).prefetch_related("tags"), pagination
    )
    return {"items": [question_out(q) for q in page["items"]], "count": page["count"]}
