"""Demo data for guest sessions: two weeks of evenings in the November intake.

Guests of every tier (the CEO and the CFO, a long-standing partner, a company whose users
overlap ours, an outstanding newcomer), yesterday's session with its room, questions,
attendance, feedback and published summary, and the next evenings confirmed, the one in
two days already announced. Made through the services with the organizer as actor; the
past (a session that went live and ended yesterday) is written as it would have been,
because the services only let a session go live on its evening.

Registered as a ``guild_seed_demo`` hook after the cohorts' own; safe to repeat.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cohorts.models import Cohort, Membership
from cohorts.sessions import services
from cohorts.sessions.models import (
    Attendance,
    Feedback,
    Guest,
    GuestInvitation,
    QuestionVote,
    RoomPost,
    RoomQuestion,
    Session,
)

COHORT_SLUG = "november-2026-intake"
Tier = Guest.Tier
Step = GuestInvitation.Status

OUTSIDE_GUESTS = [
    (
        Tier.PARTNER,
        "Helen Marsh",
        "Northwind Systems",
        "Partner director",
        "Twelve years of joint bids with Meridian in banking and insurance.",
    ),
    (
        Tier.PARTNER,
        "Dmitri Volkov",
        "Volga Integration",
        "Founder",
        "Has resold Meridian Cloud in Russia since its first release.",
    ),
    (
        Tier.SHARED_USERS,
        "Sofia Lambrou",
        "Aegean Logistics",
        "Head of digital operations",
        "Her teams use Meridian Cloud every day alongside two other suppliers.",
    ),
    (
        Tier.SHARED_USERS,
        "Zhou Min",
        "Pearl River Retail",
        "Chief information officer",
        "Runs one of the largest retail deployments of our products in South China.",
    ),
]

TITLES = [
    "How Meridian makes money",
    "Selling to banks: what the partner sees",
    "A customer's week with our software",
    "From printers to cloud: my first month",
    "Pricing without fear",
    "What our retail customers ask for",
    "Questions to ask in a first meeting",
    "Running a public-sector project",
    "The customer success playbook",
    "Reading a tender",
]

ROOM_POSTS = [
    ("talk", "Good evening, everyone. Tonight: where our revenue comes from, in three parts."),
    ("talk", "First, subscriptions: 70% of revenue, renewed yearly. Churn is the number to watch."),
    (
        "talk",
        "Second, services: projects that make the software fit. Margins are lower, "
        "but they open the door.",
    ),
    ("talk", "Third, partners: they sell where we have no office. Treat them as colleagues."),
    ("qa", "Thank you for the questions! I will take the most voted first."),
]

QUESTIONS = [
    ("How do we decide the discount for a first-year customer?", 3, True),
    ("Which partners should a new sales rep in Athens meet first?", 2, True),
    ("Is there a template for a renewal conversation?", 1, False),
]

SUMMARY = {
    "key_points": (
        "1. Subscriptions bring 70% of revenue: renewals matter more than new logos.\n"
        "2. Services open doors; price them honestly and hand over early.\n"
        "3. Partners sell where we have no office: bring them in from the first meeting."
    ),
    "questions_and_answers": (
        "First-year discounts: within the band the pricing desk publishes; anything beyond "
        "it goes to your manager the same day.\n"
        "Partners in Athens: start with the two the customer success team works with most."
    ),
    "actions": (
        "Read the pricing desk's bands before Friday. Ask your mentor for one renewal story."
    ),
}


def _evenings(cohort: Cohort, today: dt.date) -> tuple[dt.date, dt.date]:
    """A fortnight around today, within the cohort's dates."""
    first = max(cohort.start_date, today - dt.timedelta(days=6))
    last = min(cohort.end_date, first + dt.timedelta(days=13))
    if last < first:
        first = max(cohort.start_date, cohort.end_date - dt.timedelta(days=13))
        last = cohort.end_date
    return first, last


def sessions_demo_seed(*, company, stdout) -> None:
    cohort = Cohort.objects.filter(slug=COHORT_SLUG).first()
    if cohort is None or cohort.sessions.exists():
        stdout.write("Guest sessions: demo data already present or no intake to hold them.")
        return
    hr = company.hr.user
    today = timezone.localdate(timezone=services.schedule.cohort_zone(cohort))
    first, last = _evenings(cohort, today)
    series = services.series_generate(
        cohort=cohort, actor=hr, first_date=first, last_date=last, skip_weekdays=[6, 7]
    )
    sessions = list(series.sessions.order_by("date"))
    guests = _guests(company, cohort, hr)
    helper = (
        Membership.objects.filter(cohort=cohort, role=Membership.Role.HELPER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    past = [session for session in sessions if session.date < today]
    for index, session in enumerate(sessions):
        services.session_update(
            session=session,
            actor=hr,
            changes={
                "title": TITLES[index % len(TITLES)],
                "host": hr,
                "summary_writer": helper.user if helper else None,
            },
        )
        invitation = services.invitation_create(
            session=session, guest=guests[index % len(guests)], actor=hr
        )
        if session.date < today:
            _past(session, invitation, company, hr, full=session == past[-1])
        elif session.date <= today + dt.timedelta(days=7):
            GuestInvitation.objects.filter(pk=invitation.pk).update(status=Step.CONFIRMED)
            services.session_transition(session=session, actor=hr, to=Session.Status.CONFIRMED)
    sent = services.sessions_dispatch_due()
    stdout.write(
        f"Guest sessions: {len(sessions)} evenings, {len(guests)} guests, "
        f"{sent['announcement']} announced."
    )


def _guests(company, cohort: Cohort, hr) -> list[Guest]:
    guests = [
        services.guest_create(actor=hr, tier=Tier.EXECUTIVE, employee=profile)
        for profile in company.executives[:2]
    ]
    for tier, name, organization, title, bio in OUTSIDE_GUESTS:
        guests.append(
            services.guest_create(
                actor=hr,
                tier=tier,
                name=name,
                organization=organization,
                job_title=title,
                bio=bio,
            )
        )
    if company.newcomers:
        guests.append(
            services.guest_create(actor=hr, tier=Tier.NEWCOMER, employee=company.newcomers[0])
        )
    return guests


def _past(session: Session, invitation: GuestInvitation, company, hr, *, full: bool) -> None:
    """A session that took place; the ``full`` one with its room, questions, attendance,
    feedback and published summary."""
    GuestInvitation.objects.filter(pk=invitation.pk).update(status=Step.THANKED)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE)
    session.refresh_from_db()
    if not full:
        return
    at = session.starts_at
    for minute, (segment, body) in enumerate(ROOM_POSTS):
        post = RoomPost.objects.create(session=session, author=hr, segment=segment, body=body)
        RoomPost.objects.filter(pk=post.pk).update(created_at=at + dt.timedelta(minutes=8 * minute))
    newcomers = [profile.user for profile in company.newcomers[:6]]
    for (body, votes, answered), asker in zip(QUESTIONS, newcomers, strict=False):
        question = RoomQuestion.objects.create(
            session=session,
            author=asker,
            body=body,
            votes=votes,
            answered_at=at + dt.timedelta(minutes=60) if answered else None,
            answered_by=hr if answered else None,
        )
        QuestionVote.objects.bulk_create(
            QuestionVote(question=question, user=voter)
            for voter in [u for u in newcomers if u != asker][:votes]
        )
    for rating, user in zip([5, 4, 5, 4], newcomers, strict=False):
        Attendance.objects.create(session=session, user=user, source=Attendance.Source.ROOM)
        Feedback.objects.create(session=session, user=user, rating=rating)
    summary = services.summary_save(session=session, actor=hr, **SUMMARY)
    services.summary_publish(summary=summary, actor=hr)
