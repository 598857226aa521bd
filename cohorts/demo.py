"""Demo data for cohorts: a group-wide new-hire intake and a sales program.

Registered as a ``guild_seed_demo`` hook (see ``cohorts/wagtail_hooks.py``) and called by
``manage.py seed_demo`` with the ``learning.demo.DemoCompany`` it built. Everything is
made through the services, as an organizer would, so the audit log reads like a real
cohort's. Safe to repeat: a program that exists already is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from cohorts import services
from cohorts.demo_texts import (
    INTRODUCTIONS,
    LOCAL_COHORTS,
    SUBSIDIARY_SUBGROUP_RULES,
    LocalCohort,
)
from cohorts.models import Cohort, EntryRule, Membership, Post, ProgramPage, SubGroup
from learning.conditions import DirectoryConditions
from learning.demo import SUBSIDIARIES
from learning.models import HomePage

Role = Membership.Role

# The language each subsidiary's people speak, by the subsidiary's code.
LANGUAGE_OF = {code: language for code, _name, _region, language, _culture in SUBSIDIARIES}

NEW_HIRE_SLUG = "november-2026-intake"
SALES_SLUG = "sales-winter-2026"

NEW_HIRE_RULES = """\
1. Introduce yourself in your first week: who you are, where you work, what you hope to learn.
2. Ask anything. Veterans and helpers answer within a working day.
3. Keep the main feed for the program; chat freely in your sub-group.
4. No advertising, no forwarding chain letters, no arguments about people.
5. Check in daily; missing three days in a row means a friendly call from your helper.
6. Evening sessions run 19:30–21:00: the guest talks first, questions come after.
"""

SALES_RULES = """\
1. Share real cases: the customer, the problem, what worked and what did not.
2. Customer names stay inside Guild; never post prices agreed under contract.
3. Criticise ideas, not colleagues.
4. Answer questions from the field before the end of the next day.
"""

ANNOUNCEMENTS = [
    "Welcome to the November intake! Read the group rules, introduce yourself, and join "
    "your subsidiary's sub-group. Our first evening session is on Wednesday at 19:30.",
    "Reminder: in two days our CFO joins us at 19:30 to explain how Meridian makes money. "
    "Bring your questions; veterans are very welcome too.",
    "The summary of last week's session is now in the resource library.",
]


def _program(home: HomePage, *, title: str, slug: str, kind: str, intro: str, modules, group_wide):
    existing = ProgramPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    curriculum = [("paragraph", f"<p>{intro}</p>")]
    curriculum += [
        ("module", {"title": title_, "summary": summary, "week": week})
        for week, title_, summary in modules
    ]
    page = ProgramPage(
        title=title,
        slug=slug,
        kind=kind,
        description=f"<p>{intro}</p>",
        group_wide=group_wide,
        curriculum=curriculum,
        resources=[
            ("heading", "Before you start"),
            (
                "link",
                {
                    "title": "How the evening sessions work",
                    "url": "https://guild.example/sessions",
                    "note": "Ten minutes to read.",
                },
            ),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _rules(*, cohort=None, subgroup=None, body: str, owner, enforcers, actor):
    """Publish the rules; the team already seated accepts them, as everyone must to post."""
    version = services.charter_draft(
        cohort=cohort, subgroup=subgroup, body=body, owner=owner, enforcers=enforcers, actor=actor
    )
    version = services.charter_publish(version=version, actor=actor)
    for membership in Membership.objects.filter(
        cohort=cohort, status=Membership.Status.ACTIVE
    ).select_related("user"):
        services.charter_accept(user=membership.user, cohort=cohort, version_number=version.number)
    return version


def cohorts_demo_seed(*, company, stdout) -> None:
    """Create the demo's programs, cohorts, sub-groups, rules, teams, posts and a report."""
    home = HomePage.objects.first()
    if home is None or Cohort.objects.filter(slug__in=[NEW_HIRE_SLUG, SALES_SLUG]).exists():
        stdout.write("Cohorts: demo data already present.")
        return
    actor = company.admin
    hr = company.hr.user
    program = _new_hire_seed(company=company, home=home, actor=actor, hr=hr)
    _sales_seed(company=company, home=home, actor=actor, hr=hr)
    for local in LOCAL_COHORTS:
        _local_seed(company=company, program=program, local=local, actor=actor)
    stdout.write(
        "Cohorts: a new-hire intake and a sales program, with their members, and each "
        "subsidiary's own cohort in its language."
    )


def _new_hire_seed(*, company, home, actor, hr) -> None:
    program = _program(
        home,
        title="Meridian onboarding",
        slug="meridian-onboarding",
        kind=ProgramPage.Kind.NEW_HIRE,
        group_wide=True,
        intro="Six weeks that take a new colleague from their first login to their first "
        "customer conversation, together with everyone who joined the group that month.",
        modules=[
            (1, "Who we are", "The group, its subsidiaries, and the customers we serve."),
            (2, "Our products", "What each product does, in the customer's own words."),
            (3, "How we work", "Tools, approvals, and who to ask for what."),
            (4, "Customers up close", "Shadow a veteran on two customer calls."),
            (5, "Your first case", "Write up one real situation and what you learned."),
            (6, "Looking back", "A retrospective with your sub-group and your mentor."),
        ],
    )
    cohort = Cohort.objects.create(
        program=program,
        name="November 2026 intake",
        slug=NEW_HIRE_SLUG,
        description="Everyone who joined Meridian in November 2026, in all five subsidiaries.",
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 12, 11),
        time_zone="Asia/Shanghai",
        group_wide=True,
    )
    cohort.subsidiaries.set(company.subsidiaries.values())
    veterans = [p.user for p in company.veterans]
    planners, helpers = veterans[:2], veterans[2:5]
    duties = ["Check-in supervision", "Q&A triage", "Session summaries"]
    services.membership_add_staff(cohort=cohort, user=hr, role=Role.CORE, actor=actor)
    for user in planners:
        services.membership_add_staff(cohort=cohort, user=user, role=Role.PLANNING, actor=actor)
    for user, duty in zip(helpers, duties, strict=False):
        services.membership_add_staff(
            cohort=cohort, user=user, role=Role.HELPER, helper_duty=duty, actor=actor
        )
    services.membership_add_staff(
        cohort=cohort, user=company.mentor.user, role=Role.MENTOR, actor=actor
    )
    rules = _rules(
        cohort=cohort, body=NEW_HIRE_RULES, owner=hr, enforcers=[hr, *helpers], actor=actor
    )
    services.cohort_transition(cohort=cohort, to_status=Cohort.Status.OPEN, actor=actor)
    services.memberships_add_by_rule(
        cohort=cohort,
        conditions=DirectoryConditions(
            hired_after=datetime.date(2026, 11, 1), hired_before=datetime.date(2026, 11, 30)
        ),
        actor=actor,
        reason="The whole November intake.",
    )
    services.subgroups_generate(cohort=cohort, dimension=SubGroup.Dimension.SUBSIDIARY, actor=actor)
    for subgroup in cohort.subgroups.select_related("subsidiary"):
        body = SUBSIDIARY_SUBGROUP_RULES.get(LANGUAGE_OF.get(subgroup.subsidiary.code, ""))
        if body:
            _rules(subgroup=subgroup, body=body, owner=hr, enforcers=[hr], actor=actor)
    members = list(
        Membership.objects.filter(cohort=cohort, role=Role.NEWCOMER).select_related("user__profile")
    )
    for membership, text in _introductions(members):
        services.charter_accept(user=membership.user, cohort=cohort, version_number=rules.number)
        services.introduction_post(membership=membership, body=text)
    for text in ANNOUNCEMENTS:
        services.post_create(cohort=cohort, author=hr, body=text, kind=Post.Kind.ANNOUNCEMENT)
    services.cohort_transition(cohort=cohort, to_status=Cohort.Status.RUNNING, actor=actor)
    if len(members) >= 2:
        services.charter_accept(user=members[-1].user, cohort=cohort, version_number=rules.number)
        offending = services.post_create(
            cohort=cohort,
            author=members[-1].user,
            body="Anyone want to buy my old bicycle? Good price for colleagues!",
        )
        services.report_create(
            cohort=cohort,
            reporter=members[0].user,
            target_post=offending,
            reason="This is an advert, not about the program.",
            rule_excerpt="No advertising, no forwarding chain letters, no arguments about people.",
        )
    return program


def _introductions(members):
    """Who introduces themselves with which text: a few people per language, each in
    their own."""
    said: dict[str, int] = {}
    for membership in members:
        language = membership.user.profile.preferred_language
        texts = INTRODUCTIONS.get(language, ())
        if said.get(language, 0) < len(texts):
            yield membership, texts[said.get(language, 0)]
            said[language] = said.get(language, 0) + 1


def _local_seed(*, company, program, local: LocalCohort, actor) -> None:
    """A subsidiary's own cohort, written in its language: its newcomers, its general
    manager as organizer and enforcer, two sub-groups, rules and an announcement."""
    subsidiary = company.subsidiaries.get(local.subsidiary)
    managers = [
        person.user
        for person in company.executives
        if subsidiary is not None
        and person.subsidiary_id == subsidiary.pk
        and person.title == "General manager"
    ]
    if not managers:
        return
    manager = managers[0]
    cohort = Cohort.objects.create(
        program=program,
        name=local.name,
        slug=local.slug,
        description=local.description,
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 12, 11),
        time_zone=local.time_zone,
    )
    cohort.subsidiaries.set([subsidiary])
    services.membership_add_staff(cohort=cohort, user=manager, role=Role.ORGANIZER, actor=actor)
    rules = _rules(cohort=cohort, body=local.rules, owner=manager, enforcers=[manager], actor=actor)
    services.cohort_transition(cohort=cohort, to_status=Cohort.Status.OPEN, actor=actor)
    services.memberships_add_by_rule(
        cohort=cohort,
        conditions=DirectoryConditions(
            subsidiaries=(subsidiary,),
            hired_after=datetime.date(2026, 11, 1),
            hired_before=datetime.date(2026, 11, 30),
        ),
        actor=actor,
        reason=local.name,
    )
    members = list(
        Membership.objects.filter(cohort=cohort, role=Role.NEWCOMER).select_related("user__profile")
    )
    for index, (name, slug) in enumerate(local.subgroups):
        subgroup = SubGroup.objects.create(
            cohort=cohort,
            name=name,
            slug=slug,
            dimension=SubGroup.Dimension.CUSTOM,
            custom_key="track",
            custom_value=slug,
        )
        half = members[index :: len(local.subgroups)]
        services.subgroup_add_next_wave(
            subgroup=subgroup, users=[m.user for m in half], actor=actor
        )
    for membership, text in _introductions(members):
        services.charter_accept(user=membership.user, cohort=cohort, version_number=rules.number)
        services.introduction_post(membership=membership, body=text)
    services.post_create(
        cohort=cohort, author=manager, body=local.announcement, kind=Post.Kind.ANNOUNCEMENT
    )
    services.cohort_transition(cohort=cohort, to_status=Cohort.Status.RUNNING, actor=actor)


def _sales_seed(*, company, home, actor, hr) -> None:
    program = _program(
        home,
        title="Selling Meridian Cloud",
        slug="selling-meridian-cloud",
        kind=ProgramPage.Kind.SALES,
        group_wide=True,
        intro="A winter program for the sales force: real cases, objections and pricing, "
        "turned into tools the whole group can use.",
        modules=[
            (1, "Discovery that matters", "Questions that uncover a budget and a deadline."),
            (2, "Competitors", "Where we win, where we lose, and what to say."),
            (3, "Pricing and negotiation", "Holding the price without losing the deal."),
            (4, "Case clinic", "Each team brings one lost deal and one won deal."),
        ],
    )
    cohort = Cohort.objects.create(
        program=program,
        name="Sales enablement, winter 2026",
        slug=SALES_SLUG,
        description="For everyone who sells: account executives, managers and directors.",
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2027, 2, 26),
        time_zone="Asia/Shanghai",
        group_wide=True,
    )
    services.membership_add_staff(cohort=cohort, user=hr, role=Role.ORGANIZER, actor=actor)
    director = company.director.user
    services.membership_add_staff(cohort=cohort, user=director, role=Role.CORE, actor=actor)
    _rules(cohort=cohort, body=SALES_RULES, owner=director, enforcers=[director], actor=actor)
    services.cohort_transition(cohort=cohort, to_status=Cohort.Status.OPEN, actor=actor)
    sales = company.departments.get("sales")
    if sales is not None:
        services.memberships_add_by_rule(
            cohort=cohort,
            conditions=DirectoryConditions(departments=(sales,)),
            actor=actor,
            reason="All of sales.",
        )
    services.membership_add_staff(
        cohort=cohort, user=company.mentor.user, role=Role.MENTOR, actor=actor
    )
    services.subgroups_generate(cohort=cohort, dimension=SubGroup.Dimension.LEVEL, actor=actor)
    services.subgroups_generate(cohort=cohort, dimension=SubGroup.Dimension.REGION, actor=actor)
    circle = SubGroup.objects.create(
        cohort=cohort,
        name="Directors' circle",
        slug="directors-circle",
        description="Forecasts, key accounts and coaching the coaches.",
        dimension=SubGroup.Dimension.CUSTOM,
        custom_key="circle",
        custom_value="directors",
        hidden_from_non_eligible=True,
        opens_at=timezone.now(),
    )
    EntryRule.objects.create(
        subgroup=circle, min_level=company.levels["director"], invitation_only=False
    )
    services.subgroup_add_next_wave(subgroup=circle, users=[director], actor=actor)
    services.post_create(
        cohort=cohort,
        author=hr,
        kind=Post.Kind.ANNOUNCEMENT,
        body="The winter sales program starts on 1 December. Each region has its own "
        "sub-group; bring one won and one lost deal to the first case clinic.",
    )
