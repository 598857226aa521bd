"""Demo content of the Q&A board: a few weeks of questions in the November intake.

Newcomers ask; their mentor, the helpers and other veterans answer; some answers are
accepted, others marked helpful; one question asked yesterday morning is still waiting
and has gone to the helpers on Q&A duty. Made through the services (the asker's mentor
is told first, the escalation runs as the beat would), then moved back in time to the
days they were asked. Each newcomer without a mentor yet is paired with the demo's
mentor login, so the queue and the scorecard have something to show.

Registered as a ``guild_seed_demo`` hook after the pairings; safe to repeat.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from cohorts.models import Cohort, Membership
from mentors.models import Pairing
from mentors.questions import services
from mentors.questions.models import Answer, Question

COHORT_SLUG = "november-2026-intake"

# (title, details, tags, days ago, answers as (who, text), the accepted answer or None,
# the answers the asker marked helpful)
QUESTIONS = [
    (
        "Who approves a discount above 15%?",
        "A customer asked for 20% on a three-year renewal. Who signs that off?",
        ["pricing", "approvals"],
        20,
        [
            (
                "mentor",
                "Your sales director up to 25%; above that the regional VP. "
                "Put the request in the CRM deal, not in an e-mail.",
            ),
            ("helper", "The approval matrix is in the sales handbook, chapter 4."),
        ],
        0,
        [1],
    ),
    (
        "Where do I find the current price list for Meridian Cloud?",
        "",
        ["pricing", "Meridian Cloud"],
        16,
        [("veteran", "In the partner portal under Documents › Pricing; it changes each quarter.")],
        0,
        [],
    ),
    (
        "How do I book a demo environment for a customer?",
        "I have a first meeting next Tuesday and would like to show the reporting module.",
        ["pre-sales", "demo"],
        12,
        [
            ("helper", "Ask pre-sales in the #demo-requests channel at least three days ahead."),
            (
                "mentor",
                "And bring your own sample data: the customers love seeing their "
                "own report layouts.",
            ),
        ],
        1,
        [0],
    ),
    (
        "What is the difference between a tender and a request for proposal?",
        "",
        ["public sector"],
        8,
        [
            (
                "veteran",
                "A tender is formal and legally binding; an RFP invites proposals "
                "that can still be negotiated.",
            )
        ],
        None,
        [],
    ),
    (
        "Can I give a customer a trial longer than 30 days?",
        "",
        ["Meridian Cloud", "trials"],
        3,
        [("mentor", "Yes, up to 60 days with your manager's approval in the CRM.")],
        None,
        [],
    ),
]
WAITING = (
    "Which CRM stage should a lost deal go to when the customer just stops answering?",
    ["CRM"],
)


def _people(cohort: Cohort, company) -> dict:
    def in_role(role):
        return [
            m.user
            for m in Membership.objects.filter(
                cohort=cohort, role=role, status=Membership.Status.ACTIVE
            ).select_related("user")
        ]

    return {
        "newcomers": in_role(Membership.Role.NEWCOMER)[:6],
        "helper": (in_role(Membership.Role.HELPER) or [company.mentor.user])[0],
        "veteran": (in_role(Membership.Role.PLANNING) or [company.mentor.user])[0],
    }


def _paired(cohort: Cohort, newcomer, mentor):
    """The newcomer's mentor in the demo: the one the matching published, else the
    demo's mentor login."""
    pairing = Pairing.objects.filter(
        cohort=cohort, mentee=newcomer, status=Pairing.Status.ACTIVE
    ).first()
    if pairing is None:
        pairing = Pairing.objects.create(cohort=cohort, mentor=mentor, mentee=newcomer)
    return pairing.mentor


def _back_in_time(question: Question, delta: dt.timedelta) -> None:
    Question.objects.filter(pk=question.pk).update(
        created_at=F("created_at") - delta,
        first_answer_at=F("first_answer_at") - delta,
        mentor_replied_at=F("mentor_replied_at") - delta,
        resolved_at=F("resolved_at") - delta,
    )
    # Answers came some hours after the question, one after another.
    for hours, answer in enumerate(question.answers.order_by("pk"), start=2):
        Answer.objects.filter(pk=answer.pk).update(
            created_at=answer.created_at - delta + dt.timedelta(hours=hours)
        )
    Question.objects.filter(pk=question.pk, first_answer_at__isnull=False).update(
        first_answer_at=F("first_answer_at") + dt.timedelta(hours=2)
    )
    Question.objects.filter(pk=question.pk, mentor_replied_at__isnull=False).update(
        mentor_replied_at=F("mentor_replied_at") + dt.timedelta(hours=2)
    )


def questions_demo_seed(*, company, stdout) -> None:
    cohort = Cohort.objects.filter(slug=COHORT_SLUG).first()
    if cohort is None:
        return
    if Question.objects.filter(cohort=cohort).exists():
        stdout.write("Questions: demo data already present.")
        return
    people = _people(cohort, company)
    if not people["newcomers"]:
        return
    for index, (title, body, tags, days, answers, accepted, helpful) in enumerate(QUESTIONS):
        asker = people["newcomers"][index % len(people["newcomers"])]
        mentor = _paired(cohort, asker, company.mentor.user)
        question = services.question_ask(
            cohort=cohort, author=asker, title=title, body=body, tags=tags
        )
        posted = []
        for who, text in answers:
            author = mentor if who == "mentor" else people[who]
            posted.append(services.answer_post(question=question, author=author, body=text))
        if accepted is not None:
            services.answer_accept(answer=posted[accepted], actor=asker)
        for position in helpful:
            services.answer_mark_helpful(answer=posted[position], actor=asker)
        _back_in_time(question, dt.timedelta(days=days))
    title, tags = WAITING
    asker = people["newcomers"][-1]
    _paired(cohort, asker, company.mentor.user)
    waiting = services.question_ask(cohort=cohort, author=asker, title=title, tags=tags)
    _back_in_time(waiting, dt.timedelta(hours=30))
    services.questions_escalate_due(now=timezone.now())
    stdout.write(
        "Questions: a few weeks of the intake's questions, answered and accepted, and one "
        "still waiting that went to the helpers on Q&A duty."
    )
