"""The board's member pages (phone first): the board with its filters, a question with
its answers, the ask form with similar questions suggested while typing, reporting, and
the mentor's queue and scorecard.

A question the viewer may not see is 404, exactly like a hidden sub-group.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cohorts import permissions
from cohorts.models import SubGroup
from cohorts.pages_selectors import cohort_or_404
from learning.forms import add_service_errors
from mentors.questions import access, selectors, services
from mentors.questions.forms import AnswerForm, AskForm, ReportForm
from mentors.questions.models import Answer, Question

PAGE_SIZE = 20


def _question(request, slug: str, question_id: int) -> Question:
    cohort = cohort_or_404(request, slug)
    question = selectors.question_for(cohort=cohort, user=request.user, pk=question_id)
    if question is None:
        raise Http404(_("No such question."))
    return question


def _answer(request, slug: str, answer_id: int) -> Answer:
    answer = Answer.objects.filter(pk=answer_id, hidden=False).only("question_id").first()
    if answer is None:
        raise Http404(_("No such answer."))
    question = _question(request, slug, answer.question_id)
    answer = question.answers.select_related("author").get(pk=answer_id)
    answer.question = question
    return answer


def _refused(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@login_required
def board(request, slug: str):
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    filters = {
        "tag": request.GET.get("tag", "").strip()[:60],
        "unanswered": request.GET.get("unanswered") == "1",
        "mine": request.GET.get("mine") == "1",
    }
    questions = selectors.board_questions(cohort=cohort, user=request.user, **filters)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "questions/board.html", {"cohort": cohort, "page": page, "filters": filters}
    )


def _subgroups_to_ask_in(user, cohort):
    return list(
        SubGroup.objects.filter(pk__in=permissions.subgroup_ids_of(user, cohort)).order_by("name")
    )


@login_required
def ask(request, slug: str):
    cohort = cohort_or_404(request, slug)
    user = request.user
    if not permissions.can_view_cohort_content(user, cohort):
        return redirect("cohorts:join", slug=cohort.slug)
    if access.muted_until(user, cohort) is not None:
        raise PermissionDenied(_("You are muted in this cohort."))
    subgroups = _subgroups_to_ask_in(user, cohort)
    form = AskForm(request.POST or None, subgroups=subgroups)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            subgroup = next((g for g in subgroups if g.pk == data.get("subgroup")), None)
            try:
                question = services.question_ask(
                    cohort=cohort,
                    author=user,
                    title=data["title"],
                    body=data["body"],
                    tags=data["tags"],
                    subgroup=subgroup,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your question is on the board."))
                return redirect("questions:detail", slug=slug, board_question_id=question.pk)
    return render(request, "questions/ask.html", {"cohort": cohort, "form": form}, status=status)


@login_required
@require_GET
def similar(request, slug: str):
    """Questions like the one being typed, as JSON for the ask form's script."""
    cohort = cohort_or_404(request, slug)
    if not permissions.can_view_cohort_content(request.user, cohort):
        raise PermissionDenied(_("Only members see the board."))
    found = selectors.questions_similar(
        cohort=cohort, user=request.user, text=request.GET.get("q", "")[:200]
    )
    return JsonResponse(
        {
            "questions": [
                {
                    "title": question.title,
                    "url": services.question_url(question),
                    "answers": question.answer_count,
                    "accepted": question.accepted_answer_id is not None,
                }
                for question in found
            ]
        }
    )


@login_required
def detail(request, slug: str, board_question_id: int):
    question = _question(request, slug, board_question_id)
    user = request.user
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.answer_post(question=question, author=user, body=form.cleaned_data["body"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your answer is posted."))
                return redirect("questions:detail", slug=slug, board_question_id=question.pk)
    page = selectors.question_page(question=question, user=user)
    accepted = next((a for a in page["answers"] if a.pk == question.accepted_answer_id), None)
    context = {
        "cohort": question.cohort,
        "question": question,
        "form": form,
        "is_asker": question.author_id == user.pk,
        "may_mark": access.can_mark_helpful(user, question),
        "may_answer": access.muted_until(user, question.cohort) is None,
        "propose_case": accepted is not None
        and services.answer_propose_as_case_check(answer=accepted, actor=user) is None,
        **page,
    }
    return render(request, "questions/question.html", context, status=status)


@login_required
@require_POST
def vote(request, slug: str, board_question_id: int):
    question = _question(request, slug, board_question_id)
    return _acted(
        request,
        question.pk,
        lambda: services.question_vote(question=question, user=request.user),
        _("Your vote is counted."),
    )


def _acted(request, question_id: int, call, done: str):
    """Run one action of a question's page and come back to it saying what happened. A
    business refusal is a message; a permission refusal stays a 403. A call that
    returns ``False`` changed nothing and says nothing."""
    try:
        changed = call()
    except ValidationError as error:
        _refused(request, error)
    else:
        if changed is not False and done:
            messages.success(request, done)
    return redirect(
        "questions:detail",
        slug=request.resolver_match.kwargs["slug"],
        board_question_id=question_id,
    )


@login_required
@require_POST
def accept(request, slug: str, answer_id: int):
    answer = _answer(request, slug, answer_id)
    return _acted(
        request,
        answer.question_id,
        lambda: services.answer_accept(answer=answer, actor=request.user),
        _("Answer accepted. Thank you!"),
    )


@login_required
@require_POST
def helpful(request, slug: str, answer_id: int):
    answer = _answer(request, slug, answer_id)
    return _acted(
        request,
        answer.question_id,
        lambda: services.answer_mark_helpful(
            answer=answer, actor=request.user, helpful=request.POST.get("helpful", "1") == "1"
        ),
        "",
    )


@login_required
@require_POST
def propose_case(request, slug: str, answer_id: int):
    answer = _answer(request, slug, answer_id)
    return _acted(
        request,
        answer.question_id,
        lambda: services.answer_propose_as_case(answer=answer, actor=request.user),
        _("Proposed to the knowledge base as a case."),
    )


@login_required
def report(request, slug: str, board_question_id: int):
    question = _question(request, slug, board_question_id)
    answer = None
    answer_id = request.GET.get("answer") or request.POST.get("answer")
    if answer_id:
        answer = question.answers.filter(pk=answer_id if str(answer_id).isdigit() else 0).first()
        if answer is None:
            raise Http404(_("No such answer."))
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.board_report(
                    question=question,
                    answer=answer,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you. The enforcers of the group rules will look at it.")
                )
                return redirect("questions:detail", slug=slug, board_question_id=question.pk)
    return render(
        request,
        "questions/report.html",
        {"cohort": question.cohort, "question": question, "answer": answer, "form": form},
        status=status,
    )


# --- The mentor's queue and scorecard ------------------------------------------------------

QUEUE_ROWS = 50


@login_required
def queue(request):
    """The open questions waiting on this person: their mentees' and escalated ones."""
    questions = list(selectors.queue_questions(request.user)[:QUEUE_ROWS])
    return render(request, "questions/queue.html", {"questions": questions})


@login_required
def scorecard(request):
    """The viewer's own scorecard as a mentor, over every cohort."""
    cards = selectors.scorecards(mentor=request.user)
    return render(request, "questions/scorecard.html", {"cards": cards})
