"""Submitting a case sends it to the reviewers through Wagtail's workflow; only an
approval shows it to others, and both decisions reach the author through the outbox."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from knowledge_base.services import (
    case_review_decide,
    case_review_status,
    case_visible_to,
    cases_visible_to,
)
from learning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_submitted_case_waits_for_review_and_the_reviewers_are_told(submit, reviewer, member):
    case = submit()

    assert not case.live
    assert case_review_status(case) == "in_review"
    assert case.current_workflow_state.workflow.name == "Case review"
    told = Notification.objects.get(kind="knowledge.case_review")
    assert told.recipient == reviewer
    assert "/admin/snippets/knowledge_base/case/edit/" in told.url
    assert not case_visible_to(member, case)
    assert case not in cases_visible_to(member)
    assert case in cases_visible_to(reviewer)


def test_approval_publishes_the_case_and_tells_the_author(submit, reviewer, member, author):
    case = submit()

    case = case_review_decide(case=case, actor=reviewer, approve=True)

    assert case.live
    assert case in cases_visible_to(member)
    told = Notification.objects.get(kind="knowledge.case_decided")
    assert told.recipient == author
    assert "approved" in told.title


def test_a_rejection_needs_a_comment_and_tells_the_author_what_to_change(
    submit, reviewer, member, author
):
    case = submit()
    with pytest.raises(ValidationError):
        case_review_decide(case=case, actor=reviewer, approve=False)

    case = case_review_decide(case=case, actor=reviewer, approve=False, comment="Name the product.")

    assert not case.live
    assert case_review_status(case) == "needs_changes"
    told = Notification.objects.get(kind="knowledge.case_decided")
    assert (told.recipient, told.body) == (author, "Name the product.")
    assert case not in cases_visible_to(member)


def test_only_reviewers_decide(submit, reviewer, member):
    case = submit()
    with pytest.raises(PermissionDenied):
        case_review_decide(case=case, actor=member, approve=True)
    assert not case.__class__.objects.get(pk=case.pk).live


def test_reviewers_and_authors_hear_only_through_the_outbox(submit, reviewer, mailoutbox):
    # Wagtail's own workflow e-mails would bypass the outbox (and the person's channels).
    case = submit()
    case_review_decide(case=case, actor=reviewer, approve=True)
    assert mailoutbox == []


def test_a_reviewer_approves_in_the_admin_and_the_author_is_told(submit, reviewer, author):
    from django.test import Client
    from django.urls import reverse

    case = submit()
    task_state = case.current_workflow_state.current_task_state
    client = Client()
    client.force_login(reviewer)
    edit = reverse("wagtailsnippets_knowledge_base_case:edit", args=[case.pk])
    assert client.get(edit).status_code == 200

    response = client.post(
        reverse(
            "wagtailsnippets_knowledge_base_case:workflow_action",
            args=[case.pk, "approve", task_state.pk],
        ),
        {"comment": "Clear and useful."},
    )

    assert response.status_code in (200, 302)
    case.refresh_from_db()
    assert case.live
    told = Notification.objects.get(kind="knowledge.case_decided")
    assert (told.recipient, told.body) == (author, "Clear and useful.")


@pytest.fixture
def board_cohort(db, ladder):
    from tests.cohorts.factories import CohortFactory

    return CohortFactory()


def test_an_accepted_answer_proposed_from_the_board_becomes_a_case_in_review(
    reviewer, member, board_cohort
):
    """The Q&A board's hook: the question is the situation, the answer what was done,
    the proposer the author, and the reviewers are told as for any case."""
    from knowledge_base.models import Case, CaseSource
    from mentors.questions import services as board
    from tests.cohorts.factories import MembershipFactory

    cohort = board_cohort
    asker = MembershipFactory(cohort=cohort).user
    MembershipFactory(cohort=cohort, user=member)
    question = board.question_ask(
        cohort=cohort, author=asker, title="How do I answer 'too expensive'?"
    )
    answer = board.answer_post(question=question, author=member, body="Price the outcome.")
    board.answer_accept(answer=answer, actor=asker)

    [reference] = board.answer_propose_as_case(answer=answer, actor=asker)

    case = Case.objects.get()
    assert (case.author, case.source) == (asker, CaseSource.ACCEPTED_ANSWER)
    assert (case.title, case.actions) == ("How do I answer 'too expensive'?", "Price the outcome.")
    assert case.source_reference.endswith(f"/questions/{question.pk}/")
    assert reference.endswith(f"/{case.pk}/")
    assert case_review_status(case) == "in_review"
    assert Notification.objects.filter(kind="knowledge.case_review", recipient=reviewer).exists()


def test_an_approved_case_gives_its_author_points_once(submit, reviewer, author):
    from cohorts.engagement.models import PointsEntry
    from cohorts.models import Cohort
    from knowledge_base.services.review import case_points_award
    from tests.cohorts.factories import CohortFactory, MembershipFactory

    cohort = CohortFactory(status=Cohort.Status.RUNNING)
    MembershipFactory(cohort=cohort, user=author)
    case = submit()

    case = case_review_decide(case=case, actor=reviewer, approve=True)
    case_points_award(case=case)

    entry = PointsEntry.objects.get(person=author)
    assert (entry.rule, entry.cohort, entry.cause_id, entry.points) == (
        "case_published",
        cohort,
        case.pk,
        10,
    )
