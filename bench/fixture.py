"""The throw-away company every benchmark measures: environment, seed and cohorts.

Import order matters: ``environment_prepare`` must run before Django is imported, so a
script calls it first, then ``django.setup()``, then the builders below. Everything a
run writes (database, cache, queued tasks, mail) stays in a temporary folder, never in
``var/``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def p95(samples: list[float]) -> float:
    """The 95th percentile of ``samples`` (inclusive), as every bench reports it."""
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


RULES = """\
1. Be kind; assume good intent.
2. Keep the main feed for the whole company; chat in your sub-group.
"""


def environment_prepare(*, database_url: str | None, settings: str, prefix: str) -> Path:
    """Point Django at a fresh temporary ``GUILD_VAR_DIR`` and the given database
    (SQLite inside that folder when ``database_url`` is empty), with production's
    debugging off, the embedded broker (tasks are queued, never run) and no shared
    cache. Returns the folder. Call it before importing Django.
    """
    var = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["GUILD_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{var / 'guild.sqlite3'}"
    os.environ["CELERY_BROKER_URL"] = "filesystem://"
    os.environ["GUILD_CACHE_URL"] = ""
    # Timings as production would see them: no debug pages, no query log kept in memory.
    os.environ["GUILD_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    return var


def company_seed(scale: int) -> None:
    """``seed_demo --scale N``: the demo company grown to N employees."""
    from django.core.management import call_command

    call_command("seed_demo", scale=scale, stdout=StringIO(), stderr=StringIO())


def _members_bulk_add(cohort, users) -> None:
    """Exactly these people as active newcomers, as ``memberships_add_by_rule`` writes
    them (one bulk insert), without its audit events: no service adds an exact number of
    people, and directory conditions cannot pick exactly 10 or 3,000 of them."""
    from django.utils import timezone

    from cohorts.models import Membership

    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            cohort=cohort,
            user=user,
            role=Membership.Role.NEWCOMER,
            status=Membership.Status.ACTIVE,
            joined_at=now,
        )
        for user in users
    )


def cohort_build(*, slug: str, name: str, size: int | None, scale: int):
    """One running cohort made through the services: HR on its core team, published and
    accepted group rules, members (everyone active when ``size`` is None, through
    ``memberships_add_by_rule``; else exactly ``size`` people, the demo's ``newcomer``
    first), sub-groups by subsidiary and by level (``subgroups_generate``), and a feed
    and inboxes that grow with the company (one post per 20 people, three announcements,
    three notices to everyone, one note per 20 people to the newcomer).
    """
    from cohorts import services as cohort_services
    from cohorts.models import Cohort, Membership, Post, ProgramPage, SubGroup
    from learning.conditions import DirectoryConditions
    from learning.models import Level, User
    from learning.notifications.services import notification_send_many

    admin = User.objects.get(username="admin")
    hr = User.objects.get(username="hr")
    member = User.objects.get(username="newcomer")
    program = ProgramPage.objects.get(slug="meridian-onboarding")
    template = program.cohorts.first()
    cohort = Cohort.objects.create(
        program=program,
        name=name,
        slug=slug,
        description="A cohort made to measure pages at scale.",
        start_date=template.start_date,
        end_date=template.end_date,
        time_zone="Asia/Shanghai",
        group_wide=True,
    )
    cohort_services.membership_add_staff(
        cohort=cohort, user=hr, role=Membership.Role.CORE, actor=admin
    )
    version = cohort_services.charter_draft(
        cohort=cohort, body=RULES, owner=hr, enforcers=[hr], actor=admin
    )
    cohort_services.charter_publish(version=version, actor=admin)
    cohort_services.cohort_transition(cohort=cohort, to_status=Cohort.Status.OPEN, actor=admin)
    if size is None:
        cohort_services.memberships_add_by_rule(
            cohort=cohort,
            conditions=DirectoryConditions(min_level=Level.objects.order_by("rank").first()),
            actor=admin,
            reason="Everyone.",
        )
    else:
        others = (
            User.objects.filter(is_active=True, profile__is_active=True)
            .exclude(pk__in=[member.pk, hr.pk])
            .order_by("pk")[: size - 1]
        )
        _members_bulk_add(cohort, [member, *others])
    for dimension in (SubGroup.Dimension.SUBSIDIARY, SubGroup.Dimension.LEVEL):
        cohort_services.subgroups_generate(cohort=cohort, dimension=dimension, actor=admin)
    cohort_services.cohort_transition(cohort=cohort, to_status=Cohort.Status.RUNNING, actor=admin)
    for person in (hr, member):
        cohort_services.charter_accept(user=person, cohort=cohort, version_number=version.number)

    active = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
    authors = list(active.select_related("user").order_by("pk")[: max(scale // 20, 10)])
    Post.objects.bulk_create(
        Post(cohort=cohort, author=m.user, kind=Post.Kind.POST, body=f"Hello from {m.user}.")
        for m in authors
    )
    for number in range(3):
        cohort_services.post_create(
            cohort=cohort,
            author=hr,
            kind=Post.Kind.ANNOUNCEMENT,
            body=f"Announcement {number + 1} for the whole cohort.",
        )
    for subgroup in SubGroup.objects.filter(cohort=cohort, memberships__membership__user=member):
        cohort_services.post_create(
            cohort=cohort, subgroup=subgroup, author=member, body="Hello, group."
        )
    everyone = list(active.values_list("user_id", flat=True))
    for number in range(3):
        notification_send_many(
            recipients=everyone,
            kind="guild.notice",
            title=f"{name}: notice {number + 1}",
            url=f"/cohorts/{slug}/",
        )
    for number in range(max(scale // 20, 10)):
        notification_send_many(
            recipients=[member], kind="guild.notice", title=f"Personal note {number + 1}"
        )
    return cohort


def member_subgroup(cohort, user):
    """The viewer's sub-group by subsidiary in ``cohort``: the sub-group page measured."""
    from cohorts.models import SubGroup

    return (
        SubGroup.objects.filter(
            cohort=cohort,
            dimension=SubGroup.Dimension.SUBSIDIARY,
            memberships__membership__user=user,
        )
        .order_by("pk")
        .first()
    )


def queries_count(client, url: str) -> tuple[int, int]:
    """(status, SQL queries) of one warm request to ``url`` by Django's test client."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, URL resolver, translations)
    # The query log is a bounded deque: once full, its length stops telling new from old.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Counted now: the next request's start clears the log the context reads from.
    return response.status_code, len(queries)
