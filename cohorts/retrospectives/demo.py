"""Demo data for retrospectives: an earlier intake of the Shanghai head office, which
ended in October, with its retrospective written and published in Chinese by its team.

Registered as a ``guild_seed_demo`` hook after the cohorts' own; the retrospective is
written and published through the services (its PDF is queued as publishing queues it).
Safe to repeat: a cohort already there is left alone.
"""

from __future__ import annotations

import datetime as dt

from cohorts.models import Cohort, Membership
from cohorts.retrospectives import services
from cohorts.retrospectives.demo_texts import (
    LANGUAGE,
    PAST_COHORT,
    SUMMARY,
    TO_CHANGE,
    WENT_WELL,
)
from cohorts.retrospectives.services import EntryInput
from cohorts.services import membership_add_staff, memberships_add_by_rule
from learning.conditions import DirectoryConditions

SUBSIDIARY = "meridian-shanghai"
NEW_HIRE_PROGRAM = "meridian-onboarding"


def retrospectives_demo_seed(*, company, stdout) -> None:
    if Cohort.objects.filter(slug=PAST_COHORT["slug"]).exists():
        stdout.write("Retrospectives: demo data already present.")
        return
    onboarding = Cohort.objects.filter(program__slug=NEW_HIRE_PROGRAM).first()
    subsidiary = company.subsidiaries.get(SUBSIDIARY)
    managers = [
        person.user
        for person in company.executives
        if subsidiary is not None
        and person.subsidiary_id == subsidiary.pk
        and person.title == "General manager"
    ]
    if onboarding is None or not managers:
        stdout.write("Retrospectives: no program or head office to seed them in.")
        return
    actor, manager = company.admin, managers[0]
    hired_after, hired_before = (dt.date(*day) for day in PAST_COHORT["hired"])
    cohort = Cohort.objects.create(
        program=onboarding.program,
        name=PAST_COHORT["name"],
        slug=PAST_COHORT["slug"],
        description=PAST_COHORT["description"],
        start_date=dt.date(*PAST_COHORT["start_date"]),
        end_date=dt.date(*PAST_COHORT["end_date"]),
        time_zone="Asia/Shanghai",
        # Its life cycle is over: nobody joins it any more.
        status=Cohort.Status.CLOSED,
    )
    cohort.subsidiaries.set([subsidiary])
    membership_add_staff(cohort=cohort, user=manager, role=Membership.Role.ORGANIZER, actor=actor)
    membership_add_staff(
        cohort=cohort, user=company.hr.user, role=Membership.Role.CORE, actor=actor
    )
    memberships_add_by_rule(
        cohort=cohort,
        conditions=DirectoryConditions(
            subsidiaries=(subsidiary,), hired_after=hired_after, hired_before=hired_before
        ),
        actor=actor,
        reason=cohort.name,
    )
    retrospective = services.retrospective_write(
        cohort=cohort,
        actor=manager,
        language=LANGUAGE,
        summary=SUMMARY,
        went_well=[EntryInput(text=text, quote=quote) for text, quote in WENT_WELL],
        to_change=[EntryInput(text=text, quote=quote) for text, quote in TO_CHANGE],
    )
    services.retrospective_publish(retrospective=retrospective, actor=manager)
    stdout.write(
        "Retrospectives: the Shanghai head office's September intake, ended, with its "
        "retrospective published in Chinese."
    )
