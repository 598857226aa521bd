"""Demo data for recognition: kudos public and private, a few recognition preferences,
a finished spotlight award with its winner on the cohort home, a round open for
nominations, and greetings to some of the newcomers who introduced themselves (the
others wait in the greeters' queue).

Registered as a ``guild_seed_demo`` hook after the cohorts' own; everything is made
through the services, the past with the clock the services are given. Safe to repeat:
a cohort that already has kudos is left alone.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from cohorts.models import Cohort, Membership
from cohorts.recognition import services
from cohorts.recognition.demo_texts import AWARDS, GREETINGS, KUDOS, PREFERENCES
from cohorts.recognition.models import Award, Kudos, WelcomePrompt

NEW_HIRE_SLUG = "november-2026-intake"
# Each local cohort's language (``cohorts.demo_texts.LOCAL_COHORTS``).
LOCAL = {
    "shanghai-newcomers-2026-11": "zh-hans",
    "moscow-newcomers-2026-11": "ru",
    "athens-newcomers-2026-11": "el",
}


def _members(cohort: Cohort) -> list:
    """Active members, those who accepted the rules first, then newcomers first."""
    rows = sorted(
        Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
        .select_related("user__profile")
        .order_by("pk"),
        key=lambda m: m.rules_accepted_version_id is None,
    )
    newcomers = [m.user for m in rows if m.role == Membership.Role.NEWCOMER]
    team = [m.user for m in rows if m.role != Membership.Role.NEWCOMER]
    return newcomers + team


def recognition_demo_seed(*, company, stdout) -> None:
    cohorts = {c.slug: c for c in Cohort.objects.filter(slug__in=[NEW_HIRE_SLUG, *LOCAL])}
    if not cohorts or Kudos.objects.filter(cohort__in=cohorts.values()).exists():
        stdout.write("Recognition: demo data already present, or no cohorts to seed.")
        return
    hr = company.hr.user
    for slug, language in [(NEW_HIRE_SLUG, "en"), *LOCAL.items()]:
        cohort = cohorts.get(slug)
        if cohort is None:
            continue
        people = _members(cohort)
        if len(people) < 2:
            continue
        _preference(people[1], language)
        _kudos(cohort, people, language)
        _greetings(cohort, language)
        if language in AWARDS:
            _awards(cohort, people, language, hr=hr)
    stdout.write(
        "Recognition: kudos in four languages, an announced spotlight award, an award open "
        "for nominations, and newcomers greeted."
    )


def _preference(user, language: str) -> None:
    visibility, note = PREFERENCES[language]
    services.preference_set(user=user, visibility=visibility, note=note)


def _kudos(cohort: Cohort, people: list, language: str) -> None:
    """Each text from one person to the next; the first privately."""
    pairs = itertools.cycle(zip(people, people[1:] + people[:1], strict=True))
    for index, ((message, value), (giver, receiver)) in enumerate(
        zip(KUDOS[language], pairs, strict=False)
    ):
        services.kudos_give(
            cohort=cohort,
            giver=giver,
            receivers=[receiver],
            message=message,
            value=value,
            private=index == 0,
        )


def _greetings(cohort: Cohort, language: str) -> None:
    """The first of each cohort's introductions is greeted; the rest wait in the queue."""
    waiting = WelcomePrompt.objects.filter(
        membership__cohort=cohort, greeted_at__isnull=True
    ).order_by("pk")
    prompt = waiting.first()
    greeter = prompt.greeters.first() if prompt is not None else None
    if greeter is not None:
        services.welcome_greet(prompt=prompt, helper=greeter, message=GREETINGS[language])


def _awards(cohort: Cohort, people: list, language: str, *, hr) -> None:
    """A round that ended last week, announced, and (in English) one open now."""
    texts = AWARDS[language]
    now = timezone.now()
    start = now - dt.timedelta(days=14)
    name, description = texts["finished"]
    finished = Award.objects.create(
        cohort=cohort,
        name=name,
        description=description,
        nominations_open_at=start,
        nominations_close_at=start + dt.timedelta(days=4),
        voting_open_at=start + dt.timedelta(days=4),
        voting_close_at=start + dt.timedelta(days=7),
    )
    nominees = people[: len(texts["reasons"])]
    for nominee, reason, nominator in zip(
        nominees, texts["reasons"], people[1:] + people[:1], strict=False
    ):
        if nominator != nominee:
            services.nominate(
                award=finished,
                nominator=nominator,
                nominee=nominee,
                reason=reason,
                now=start + dt.timedelta(days=1),
            )
    voting = start + dt.timedelta(days=5)
    for index, voter in enumerate(people[len(nominees) :][:7]):
        # Most vote for the first nominee; a few for the second.
        choice = nominees[0] if index % 3 else nominees[min(1, len(nominees) - 1)]
        services.vote_cast(award=finished, voter=voter, nominee=choice, now=voting)
    services.award_close(award=finished, actor=hr, now=start + dt.timedelta(days=8))
    if "open" in texts:
        name, description = texts["open"]
        Award.objects.create(
            cohort=cohort,
            name=name,
            description=description,
            nominations_open_at=now - dt.timedelta(days=1),
            nominations_close_at=now + dt.timedelta(days=5),
            voting_open_at=now + dt.timedelta(days=5),
            voting_close_at=now + dt.timedelta(days=9),
        )
