"""Who may see and do what on the Q&A board, built on ``cohorts.permissions``.

- A question without a sub-group is seen by the cohort's active members (and HR); a
  question in a sub-group only by that sub-group's active members and the cohort's staff
  (``can_view_subgroup_content``), so a hidden sub-group's questions stay unknown outside.
- The asker's mentor always sees their mentee's questions (a mentor may come from the
  whole directory, not only the cohort): that is who is told first.
- Whoever sees a question may answer it; members ask (not when muted); a question hidden
  by moderation is seen only by moderators.
- The asker accepts an answer; the asker and the cohort's staff mark answers helpful.

``questions_visible`` is the query form of ``can_view_question``: lists and single pages
agree by construction.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cohorts import permissions
from cohorts.models import Cohort, Membership, SubGroup
from mentors.models import Pairing
from mentors.questions.models import Question


def _mentors_mentee(user, cohort_ref: str = "cohort", author_ref: str = "author") -> Exists:
    return Exists(
        Pairing.objects.filter(
            cohort=OuterRef(cohort_ref),
            mentee=OuterRef(author_ref),
            mentor=user,
            status=Pairing.Status.ACTIVE,
        )
    )


def questions_visible(*, cohort: Cohort, user) -> QuerySet[Question]:
    """The cohort's questions ``user`` may see (one query when evaluated)."""
    queryset = Question.objects.filter(cohort=cohort)
    if user is None or not user.is_authenticated:
        return queryset.none()
    if permissions.is_cohort_staff(user, cohort):
        if not permissions.can_moderate(user, cohort):
            queryset = queryset.filter(hidden=False)
        return queryset
    mentee = Q(_mentors_mentee(user))
    if permissions.is_member(user, cohort):
        in_scope = Q(subgroup__isnull=True) | Q(
            subgroup__in=permissions.subgroup_ids_of(user, cohort)
        )
        queryset = queryset.filter(in_scope | mentee)
    else:
        queryset = queryset.filter(mentee)
    if not permissions.can_moderate(user, cohort):
        queryset = queryset.filter(hidden=False)
    return queryset


def can_view_question(user, question: Question) -> bool:
    return questions_visible(cohort=question.cohort, user=user).filter(pk=question.pk).exists()


def can_ask(user, cohort: Cohort, *, subgroup: SubGroup | None) -> bool:
    """Members ask on the cohort's board, or in a sub-group whose content they see."""
    if subgroup is not None:
        return permissions.is_member(user, cohort) and permissions.can_view_subgroup_content(
            user, subgroup
        )
    return permissions.is_member(user, cohort)


def muted_until(user, cohort: Cohort):
    """When a mute set by moderation ends, or ``None`` if the user may write."""
    membership = permissions.membership_for(user, cohort)
    until = membership.muted_until if membership is not None else None
    return until if until is not None and until > timezone.now() else None


def can_mark_helpful(user, question: Question) -> bool:
    return question.author_id == user.pk or permissions.is_cohort_staff(user, question.cohort)


def can_change_settings(user, cohort: Cohort) -> bool:
    """The board's deadline: organizers and the core team."""
    return permissions.can_manage_memberships(user, cohort)


def ops_level(user, cohort: Cohort, *, duty_match: str) -> int:
    """The escalation level from which ``user`` is asked to step in: 1 for a helper on
    Q&A duty, 2 for the planning team, 3 for the core team and organizers; 0 otherwise."""
    membership = permissions.membership_for(user, cohort)
    if permissions.is_hr_organizer(user):
        return Question.Level.CORE
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return 0
    Role = Membership.Role
    if membership.role in (Role.CORE, Role.ORGANIZER):
        return Question.Level.CORE
    if membership.role == Role.PLANNING:
        return Question.Level.PLANNING
    if membership.role == Role.HELPER and duty_match.lower() in membership.helper_duty.lower():
        return Question.Level.HELPERS
    return 0
