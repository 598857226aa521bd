"""Demo data for the operations room: in each demo cohort, a few weeks of posts (plans,
decisions, a roster note, notes) and weekly plans with items done, the daily roster,
and two evaluation periods: the earlier assessed, the last waiting for HR.

Registered as a ``guild_seed_demo`` hook after the cohorts' own; made through the
services, then dated back. Safe to repeat: a cohort whose room has posts is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cohorts import permissions
from cohorts import services as cohort_services
from cohorts.models import Cohort, Membership
from cohorts.operations import services
from cohorts.operations.demo_texts import ASSESSMENTS, POSTS, ROSTER, WEEKS
from cohorts.operations.models import Evaluation, PlanItem, RoomPost

NEW_HIRE_SLUG = "november-2026-intake"
LOCAL = {
    "shanghai-newcomers-2026-11": "zh-hans",
    "moscow-newcomers-2026-11": "ru",
    "athens-newcomers-2026-11": "el",
}
Role = Membership.Role


def operations_demo_seed(*, company, stdout) -> None:
    cohorts = {c.slug: c for c in Cohort.objects.filter(slug__in=[NEW_HIRE_SLUG, *LOCAL])}
    if not cohorts or RoomPost.objects.filter(cohort__in=cohorts.values()).exists():
        stdout.write("Operations room: demo data already present, or no cohorts to seed.")
        return
    hr = company.hr.user
    for slug, language in [(NEW_HIRE_SLUG, "en"), *LOCAL.items()]:
        cohort = cohorts.get(slug)
        if cohort is not None:
            _seed(cohort, language, hr=hr)
    stdout.write(
        "Operations room: posts, weekly plans and a duty roster in four languages, and an "
        "evaluation assessed and one waiting."
    )


def _team_seat(cohort: Cohort, language: str, *, hr) -> None:
    """A cohort without an operations team (the subsidiaries' own) gets a small one from
    its first members: a core member and a helper on check-in duty."""
    if Membership.objects.filter(
        cohort=cohort, status=Membership.Status.ACTIVE, role__in=Membership.OPERATIONS_ROLES
    ).exists():
        return
    members = Membership.objects.filter(
        cohort=cohort, status=Membership.Status.ACTIVE, role=Role.NEWCOMER
    ).order_by("pk")[:2]
    for membership, (role, duty) in zip(
        members, [(Role.CORE, ""), (Role.HELPER, ROSTER[language][0])], strict=False
    ):
        cohort_services.membership_set_role(
            membership=membership, role=role, helper_duty=duty, actor=hr
        )


def _seed(cohort: Cohort, language: str, *, hr) -> None:
    _team_seat(cohort, language, hr=hr)
    team = list(services.team_memberships(cohort))
    leaders = [m.user for m in team if m.role in (Role.CORE, Role.ORGANIZER)] or [hr]
    workers = [m.user for m in team if m.role in Membership.OPERATIONS_ROLES] or leaders
    lead = leaders[0]
    now = timezone.now()
    this_week = services.week_of(cohort, now)
    for index, (kind, title, body) in enumerate(POSTS[language]):
        author = workers[index % len(workers)] if kind == "note" else lead
        post = services.room_post_create(
            cohort=cohort, author=author, kind=kind, title=title, body=body
        )
        posted = now - dt.timedelta(days=3 * (len(POSTS[language]) - index), hours=index)
        RoomPost.objects.filter(pk=post.pk).update(created_at=posted, pinned=kind == "roster")
    weeks = WEEKS[language]
    for back, (focus, items) in enumerate(weeks):
        week = this_week - dt.timedelta(weeks=len(weeks) - 1 - back)
        services.weekly_plan_focus_set(cohort=cohort, week=week, actor=lead, focus=focus)
        for number, text in enumerate(items):
            item = services.plan_item_add(
                cohort=cohort,
                week=week,
                actor=lead,
                text=text,
                owner_id=workers[number % len(workers)].pk,
            )
            # Past weeks are done; this week's first item too.
            if week < this_week or number == 0:
                services.plan_item_done(item=item, actor=lead)
                done = dt.datetime.combine(
                    week + dt.timedelta(days=number + 1), dt.time(18), tzinfo=dt.UTC
                )
                PlanItem.objects.filter(pk=item.pk).update(done_at=min(done, now))
    for weekday, duty in enumerate(ROSTER[language]):
        services.roster_shift_set(
            cohort=cohort,
            actor=hr,
            weekday=weekday,
            person_id=workers[weekday % len(workers)].pk,
            duty=duty,
        )
    _evaluations(cohort, language, this_week, leaders=leaders, hr=hr)


def _evaluations(cohort: Cohort, language: str, this_week, *, leaders, hr) -> None:
    """The period before last, assessed; the last one, waiting."""
    lead = leaders[0]
    length = dt.timedelta(weeks=services.evaluations.period_weeks())
    last_start = this_week - length
    earlier, _ = services.evaluation_round_start(
        cohort=cohort, start=last_start - length, end=last_start - dt.timedelta(days=1)
    )
    services.evaluation_round_start(
        cohort=cohort, start=last_start, end=this_week - dt.timedelta(days=1)
    )
    texts = ASSESSMENTS[language]
    rows = Evaluation.objects.filter(round=earlier).select_related("round__cohort")
    for index, evaluation in enumerate(rows):
        # Nobody assesses their own work: HR's own record (HR sits on a core team) is
        # assessed by another organizer of the company, when there is one.
        others = (lead, hr, *leaders, *permissions.hr_organizers())
        assessor = next((u for u in others if u.pk != evaluation.person_id), None)
        if assessor is None:
            continue
        services.evaluation_assess(
            evaluation=evaluation, actor=assessor, assessment=texts[index % len(texts)]
        )
