"""Query counts and response times of Guild's key pages and API lists at a given size.

Usage: ``.venv/bin/python bench/pages.py [--scale N] [--requests R]`` (defaults 200 and 20).

It makes a throw-away SQLite database in a temporary directory (never ``var/``; set
``GUILD_BENCH_DATABASE_URL`` to use an empty PostgreSQL database instead), migrates it,
seeds the demo company with ``seed_demo --scale N``, then builds one large cohort: every
active employee added through ``memberships_add_by_rule`` (one bulk service call), split
into sub-groups by subsidiary and by level through ``subgroups_generate``, with a feed and
an inbox that grow with the company. Then, with Django's test client signed in as a
member or as HR, it requests each page: once to count its SQL queries, then R times to
time it. It prints a table (Markdown, ready for ``bench/README.md``).

The bar: the query counts must be the same at ``--scale 200`` and ``--scale 10000``.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
VAR = Path(tempfile.mkdtemp(prefix="guild-bench-pages-"))
# Everything the run writes (database, cache, queued tasks, mail) stays in VAR.
os.environ["GUILD_VAR_DIR"] = str(VAR)
os.environ["DATABASE_URL"] = os.environ.get(
    "GUILD_BENCH_DATABASE_URL", f"sqlite:///{VAR / 'guild.sqlite3'}"
)
os.environ["CELERY_BROKER_URL"] = "filesystem://"
os.environ["GUILD_CACHE_URL"] = ""
# Timings as production would see them: no debug pages, no query log kept in memory.
os.environ["GUILD_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.dev")

import django  # noqa: E402

django.setup()
# Wagtail logs every page it creates while seeding; the table is what matters here.
logging.getLogger("wagtail").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cohorts import services as cohort_services  # noqa: E402
from cohorts.models import Cohort, Membership, Post, ProgramPage, SubGroup  # noqa: E402
from learning.conditions import DirectoryConditions  # noqa: E402
from learning.models import Level, User  # noqa: E402
from learning.notifications.services import notification_send_many  # noqa: E402

COHORT_SLUG = "bench-everyone"
MEMBERS_PER_PAGE = 30  # cohorts.views.MEMBERS_PER_PAGE
API_PAGE_SIZE = 50  # NINJA_PAGINATION_PER_PAGE

RULES = """\
1. Be kind; assume good intent.
2. Keep the main feed for the whole company; chat in your sub-group.
"""


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    say(f"{label:<34} {seconds:7.2f} s")
    return result, seconds


def seed(scale: int) -> None:
    call_command("seed_demo", scale=scale, stdout=StringIO(), stderr=StringIO())


def big_cohort_build(scale: int) -> Cohort:
    """One cohort holding (nearly) everyone, made through the services in bulk."""
    admin = User.objects.get(username="admin")
    hr = User.objects.get(username="hr")
    program = ProgramPage.objects.get(slug="meridian-onboarding")
    cohort = Cohort.objects.create(
        program=program,
        name="Everyone at Meridian",
        slug=COHORT_SLUG,
        description="The whole company in one cohort, to measure pages at scale.",
        start_date=program.cohorts.first().start_date,
        end_date=program.cohorts.first().end_date,
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
    lowest = Level.objects.order_by("rank").first()
    cohort_services.memberships_add_by_rule(
        cohort=cohort,
        conditions=DirectoryConditions(min_level=lowest),
        actor=admin,
        reason="Everyone.",
    )
    for dimension in (SubGroup.Dimension.SUBSIDIARY, SubGroup.Dimension.LEVEL):
        cohort_services.subgroups_generate(cohort=cohort, dimension=dimension, actor=admin)
    cohort_services.cohort_transition(cohort=cohort, to_status=Cohort.Status.RUNNING, actor=admin)

    member = User.objects.get(username="newcomer")
    cohort_services.charter_accept(user=member, cohort=cohort, version_number=version.number)
    # A feed that grows with the company: one post per 20 people, a few announcements.
    authors = list(
        Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")[: max(scale // 20, 10)]
    )
    Post.objects.bulk_create(
        Post(cohort=cohort, author=m.user, kind=Post.Kind.POST, body=f"Hello from {m.user}.")
        for m in authors
    )
    for number in range(3):
        cohort_services.post_create(
            cohort=cohort,
            author=hr,
            kind=Post.Kind.ANNOUNCEMENT,
            body=f"Announcement {number + 1} for the whole company.",
        )
    for subgroup in SubGroup.objects.filter(cohort=cohort, memberships__membership__user=member):
        cohort_services.post_create(
            cohort=cohort, subgroup=subgroup, author=member, body="Hello, group."
        )
    # Everyone's inbox fills up (three company-wide notices), the member's grows with N.
    everyone = Membership.objects.filter(cohort=cohort).values_list("user_id", flat=True)
    for number in range(3):
        notification_send_many(
            recipients=list(everyone),
            kind="guild.notice",
            title=f"Company notice {number + 1}",
            url=f"/cohorts/{COHORT_SLUG}/",
        )
    for number in range(max(scale // 20, 10)):
        notification_send_many(
            recipients=[member], kind="guild.notice", title=f"Personal note {number + 1}"
        )
    return cohort


@dataclass
class Result:
    label: str
    viewer: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float


def measure(label: str, viewer: str, client: Client, url: str, requests: int) -> Result:
    response = client.get(url)  # warm caches (templates, URL resolver, translations)
    # The query log is a bounded deque: once full, its length stops telling new from old.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Counted now: the next request's start clears the log the context reads from.
    count = len(queries)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
    return Result(label, viewer, response.status_code, count, statistics.median(samples), p95)


def pages(cohort: Cohort, member: User) -> list[tuple[str, str, str]]:
    """(label, viewer, url) of every page and list measured."""
    slug = cohort.slug
    members = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE).count()
    last_page = max(1, -(-members // MEMBERS_PER_PAGE))
    last_api_page = max(1, -(-members // API_PAGE_SIZE))
    subgroup = (
        SubGroup.objects.filter(
            cohort=cohort,
            dimension=SubGroup.Dimension.SUBSIDIARY,
            memberships__membership__user=member,
        )
        .order_by("pk")
        .first()
    )
    return [
        ("home page", "member", "/"),
        ("/inbox/", "member", reverse("notifications:inbox")),
        ("/cohorts/", "member", reverse("cohorts:mine")),
        ("cohort home", "member", reverse("cohorts:home", args=[slug])),
        ("cohort members, page 1", "member", reverse("cohorts:members", args=[slug])),
        (
            f"cohort members, page {last_page}",
            "member",
            reverse("cohorts:members", args=[slug]) + f"?page={last_page}",
        ),
        ("sub-group page", "member", reverse("cohorts:subgroup", args=[slug, subgroup.slug])),
        ("/admin/ dashboard", "hr", reverse("wagtailadmin_home")),
        ("admin employees", "hr", reverse("learning_employees:index")),
        ("admin cohorts", "hr", reverse("cohorts_cohort:index")),
        ("admin memberships", "hr", reverse("wagtailsnippets_cohorts_membership:list")),
        ("/api/v1/people/", "member", "/api/v1/people/"),
        ("/api/v1/cohorts/", "member", "/api/v1/cohorts/"),
        ("/api/v1/cohorts/{slug}/members", "member", f"/api/v1/cohorts/{slug}/members"),
        (
            f"  … ?page={last_api_page}",
            "member",
            f"/api/v1/cohorts/{slug}/members?page={last_api_page}",
        ),
        ("/api/v1/inbox/", "member", "/api/v1/inbox/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=200, help="employees (seed_demo --scale)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    args = parser.parse_args()

    say(f"database: {connection.settings_dict['NAME']} (DEBUG={settings.DEBUG})")
    timed("migrate", lambda: call_command("migrate", verbosity=0))
    _, seed_seconds = timed(f"seed_demo --scale {args.scale}", lambda: seed(args.scale))
    cohort, _ = timed("large cohort (services, in bulk)", lambda: big_cohort_build(args.scale))
    members = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE).count()
    say(f"large cohort: {members} active members, {cohort.subgroups.count()} sub-groups")
    say()

    member = User.objects.get(username="newcomer")
    clients = {"member": Client(), "hr": Client()}
    clients["member"].force_login(member)
    clients["hr"].force_login(User.objects.get(username="hr"))

    results = [
        measure(label, viewer, clients[viewer], url, args.requests)
        for label, viewer, url in pages(cohort, member)
    ]
    say(f"scale {args.scale}: seed {seed_seconds:.1f} s, {args.requests} timed requests each")
    say()
    say("| page | as | status | queries | median ms | p95 ms |")
    say("|---|---|---|---|---|---|")
    for r in results:
        say(
            f"| {r.label} | {r.viewer} | {r.status} | {r.queries} "
            f"| {r.median_ms:.0f} | {r.p95_ms:.0f} |"
        )
    failed = [r.label for r in results if r.status != 200]
    if failed:
        say(f"\nNot 200: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
