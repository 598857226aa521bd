"""Demo data for mentoring: veterans' mentor profiles (tags, capacities, languages), the
November intake matched and published with explanations, and the sales program's run
left ready for HR's review.

Made through the services, as HR would: veterans save their own profiles, HR starts the
runs and publishes one. Registered as a ``guild_seed_demo`` hook after the cohorts' own;
safe to repeat (it stops when profiles exist).
"""

from __future__ import annotations

from cohorts import permissions
from cohorts.demo import NEW_HIRE_SLUG, SALES_SLUG
from cohorts.models import Cohort
from learning import jobs
from mentors import services
from mentors.models import MatchRun, MentorProfile

SKILLS = (
    ["negotiation", "pricing"],
    ["discovery calls", "demos"],
    ["proposals", "tenders"],
    ["onboarding customers", "renewals"],
    ["competitor analysis"],
)
AVAILABILITY = (
    "Weekday evenings after 18:00",
    "Tuesday and Thursday lunchtimes",
    "Mornings before 10:00",
    "Fridays, any time",
)


def _solved(outcome):
    """The run a start gave, solving it here when a job was queued (the seed has no
    worker): the worker would run the very same handler."""
    if outcome.job is not None:
        jobs.job_run(job_id=outcome.job.pk)
        return MatchRun.objects.get(pk=outcome.result.pk)
    return outcome.result


def mentors_demo_seed(*, company, stdout) -> None:
    intake = Cohort.objects.filter(slug=NEW_HIRE_SLUG).first()
    if intake is None or MentorProfile.objects.exists():
        stdout.write("Mentoring: demo data already present or no intake to pair.")
        return
    veterans = [company.mentor, *[v for v in company.veterans if v.pk != company.mentor.pk]]
    for index, veteran in enumerate(veterans):
        products = [veteran.project_team.name.lower()] if veteran.project_team_id else []
        skills = [veteran.department.name.lower()] if veteran.department_id else []
        skills += SKILLS[index % len(SKILLS)]
        languages = ["en"] if veteran.preferred_language != "en" and index % 2 == 0 else []
        services.mentor_profile_save(
            actor=veteran.user,
            user=veteran.user,
            changes={
                "capacity": 2 + index % 4,
                "products": products,
                "skills": skills,
                "languages": languages,
                "availability": AVAILABILITY[index % len(AVAILABILITY)],
                "contact": f"Chat: @{veteran.email.split('@')[0]}",
                "opted_in": index % 7 != 6,
            },
        )
    hr = company.hr.user if permissions.is_hr_organizer(company.hr.user) else company.admin
    run = _solved(services.match_run_start(actor=hr, cohort=intake))
    counts = services.match_run_publish(actor=hr, run=run)
    sales = Cohort.objects.filter(slug=SALES_SLUG).first()
    if sales is not None:
        _solved(services.match_run_start(actor=hr, cohort=sales, weights={"expertise": 3}))
    stdout.write(
        f"Mentoring: {len(veterans)} mentor profiles; the intake has {counts['started']} "
        "pairs published, the sales program a run ready for review."
    )
