"""Reading the board: its lists, a question's page, the mentor's queue, the scorecard.

Every list here costs a fixed number of queries whatever the board's size: counters
live on the question, people come with ``select_related``, tags with one prefetch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cohorts import permissions
from cohorts.digest.selectors import in_windows
from cohorts.models import Cohort, Membership
from mentors.models import Pairing
from mentors.questions import access
from mentors.questions.models import (
    DEFAULT_DUTY,
    Answer,
    Question,
    QuestionBoardSettings,
    QuestionVote,
)

LIST_RELATED = ("cohort", "author__profile", "subgroup")


def board_questions(
    *, cohort: Cohort, user, tag: str = "", unanswered: bool = False, mine: bool = False
) -> QuerySet[Question]:
    """The questions of the board ``user`` may see, newest first, with the filters of
    the board's page (two queries when evaluated: the rows and their tags)."""
    queryset = access.questions_visible(cohort=cohort, user=user)
    if tag:
        queryset = queryset.filter(tags__name__iexact=tag)
    if unanswered:
        queryset = queryset.filter(first_answer_at__isnull=True)
    if mine:
        queryset = queryset.filter(author=user)
    return (
        queryset.select_related(*LIST_RELATED)
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )


def question_page(*, question: Question, user) -> dict:
    """A question's answers (the accepted one first, then by time) and whether the viewer
    voted, in a fixed number of queries."""
    answers = question.answers.select_related("author__profile")
    if not permissions.can_moderate(user, question.cohort):
        answers = answers.filter(hidden=False)
    answers = sorted(
        answers, key=lambda a: (a.pk != question.accepted_answer_id, a.created_at, a.pk)
    )
    voted = QuestionVote.objects.filter(question=question, user=user).exists()
    return {"answers": answers, "voted": voted}


def question_for(*, cohort: Cohort, user, pk: int) -> Question | None:
    return (
        access.questions_visible(cohort=cohort, user=user)
        .select_related("cohort", "subgroup", "author__profile", "mentor__profile")
        .prefetch_related("tags")
        .filter(pk=pk)
        .first()
    )


WORD = re.compile(r"\w+", re.UNICODE)
# Han, kana and CJK compatibility ideographs: scripts written without spaces.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_LIMIT = 12
STOP = {"the", "and", "how", "what", "for", "with", "can", "does", "who", "when", "why", "are"}


def similar_terms(text: str, *, limit: int = 4) -> list[str]:
    """The longest few words of what is being typed; for Chinese or Japanese, written
    without spaces, every two-character piece in the order typed (up to ``CJK_LIMIT``),
    since no word splitter is at hand: "大客户的折扣" must find "折扣" in a title."""
    words, pieces = [], []
    for word in WORD.findall(text.lower()):
        if CJK.search(word):
            pieces += [word[i : i + 2] for i in range(len(word) - 1)]
        elif len(word) >= 3 and word not in STOP:
            words.append(word)
    pieces = list(dict.fromkeys(pieces))[:CJK_LIMIT]
    return sorted(set(words), key=lambda w: (-len(w), w))[:limit] + pieces


def questions_similar(*, cohort: Cohort, user, text: str, limit: int = 5) -> list[Question]:
    """Questions the viewer may see whose title shares a word with ``text``: answered
    and upvoted ones first. One query; nothing for fewer than three letters."""
    terms = similar_terms(text)
    if not terms:
        return []
    match = Q()
    for term in terms:
        match |= Q(title__icontains=term)
    return list(
        access.questions_visible(cohort=cohort, user=user)
        .filter(match)
        .select_related("cohort")
        .order_by("-answer_count", "-votes", "-created_at")[:limit]
    )


# --- The mentor's queue ------------------------------------------------------------------


def queue_questions(user) -> QuerySet[Question]:
    """The open questions that wait on ``user``: their mentees' questions still
    unresolved, and, for the operations team, questions escalated to their tier (helpers
    on Q&A duty from level 1, planning from 2, core and organizers at 3). Oldest first.
    """
    if user is None or not user.is_authenticated:
        return Question.objects.none()
    ops = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, cohort=OuterRef("cohort")
    )
    Role = Membership.Role
    # The board's own words for Q&A duty, or the default when HR set none.
    duty = Coalesce(
        Subquery(
            QuestionBoardSettings.objects.filter(cohort=OuterRef("cohort")).values(
                "helper_duty_match"
            )[:1]
        ),
        Value(DEFAULT_DUTY),
    )
    helper_on_duty = Exists(ops.filter(role=Role.HELPER, helper_duty__icontains=duty))
    level = Question.Level
    escalated = (
        Q(helper_on_duty, escalation_level__gte=level.HELPERS)
        | Q(Exists(ops.filter(role=Role.PLANNING)), escalation_level__gte=level.PLANNING)
        | Q(
            Exists(ops.filter(role__in=[Role.CORE, Role.ORGANIZER])),
            escalation_level__gte=level.CORE,
        )
    )
    mine = Q(
        Exists(
            Pairing.objects.filter(
                cohort=OuterRef("cohort"),
                mentee=OuterRef("author"),
                mentor=user,
                status=Pairing.Status.ACTIVE,
            )
        ),
        resolved_at__isnull=True,
    )
    return (
        Question.objects.filter(hidden=False)
        .filter(mine | (escalated & Q(first_answer_at__isnull=True)))
        .exclude(author=user)
        .select_related("cohort", "author__profile", "subgroup")
        .order_by("created_at", "pk")
    )


def queue_count(user) -> int:
    return queue_questions(user).count()


# --- The mentor's scorecard --------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    mentor_id: int
    mentor_name: str
    questions: int
    replied: int
    resolved: int
    median_first_reply: dt.timedelta | None

    @property
    def resolved_share(self) -> float | None:
        return self.resolved / self.questions if self.questions else None

    @property
    def resolved_percent(self) -> int | None:
        share = self.resolved_share
        return None if share is None else round(share * 100)

    @property
    def median_hours(self) -> float | None:
        if self.median_first_reply is None:
            return None
        return round(self.median_first_reply.total_seconds() / 3600, 1)


def _median(values: list[dt.timedelta]) -> dt.timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def scorecards(*, cohort: Cohort | None = None, mentor=None) -> list[Scorecard]:
    """Per mentor: how many of their mentees' questions (asked while paired, so counted
    against the mentor of the time), the median time to the mentor's first reply, and
    how many were resolved (an answer accepted). One query over the questions."""
    rows = Question.objects.filter(mentor__isnull=False)
    if cohort is not None:
        rows = rows.filter(cohort=cohort)
    if mentor is not None:
        rows = rows.filter(mentor=mentor)
    data: dict[int, dict] = {}
    for mentor_id, first_name, last_name, full, asked, replied, resolved in rows.values_list(
        "mentor_id",
        "mentor__first_name",
        "mentor__last_name",
        "mentor__profile__full_name",
        "created_at",
        "mentor_replied_at",
        "resolved_at",
    ):
        name = full or f"{first_name} {last_name}".strip()
        entry = data.setdefault(mentor_id, {"name": name, "n": 0, "waits": [], "resolved": 0})
        entry["n"] += 1
        if replied is not None:
            entry["waits"].append(replied - asked)
        if resolved is not None:
            entry["resolved"] += 1
    cards = [
        Scorecard(
            mentor_id=mentor_id,
            mentor_name=entry["name"],
            questions=entry["n"],
            replied=len(entry["waits"]),
            resolved=entry["resolved"],
            median_first_reply=_median(entry["waits"]),
        )
        for mentor_id, entry in data.items()
    ]
    return sorted(cards, key=lambda card: (card.mentor_name, card.mentor_id))


def answers_of(question: Question) -> QuerySet[Answer]:
    return question.answers.filter(hidden=False).select_related("author__profile")


def questions_answered_counts(windows) -> dict[int, int]:
    """Questions first answered in each cohort's digest week (``cohorts.digest``), in one
    grouped query for all the cohorts; hidden ones left out."""
    rows = (
        Question.objects.filter(
            in_windows(windows, cohort="cohort_id", instant="first_answer_at"), hidden=False
        )
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["cohort_id"]: row["n"] for row in rows}
