"""Query counts and response times of Guild's key pages and API lists at a given size.

Usage: ``.venv/bin/python bench/pages.py [--scale N] [--requests R]`` (defaults 200 and 20).

It makes a throw-away SQLite database in a temporary directory (never ``var/``; set
``GUILD_BENCH_DATABASE_URL`` to use an empty PostgreSQL database instead), migrates it,
seeds the demo company with ``seed_demo --scale N``, then builds one large cohort: every
active employee added through ``memberships_add_by_rule`` (one bulk service call), split
into sub-groups by subsidiary and by level through ``subgroups_generate``, with a feed and
an inbox that grow with the company. Then, with Django's test client signed in as a
member or as HR, it requests each page: once to count its SQL queries, then R times to
time it (wall clock, and the process's CPU time, which other jobs on a shared machine
disturb far less). It prints a table (Markdown, ready for ``bench/README.md``).

The bar: the query counts must be the same at ``--scale 200`` and ``--scale 10000``.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fixture  # noqa: E402

fixture.environment_prepare(
    database_url=os.environ.get("GUILD_BENCH_DATABASE_URL"),
    settings="learning.settings.dev",
    prefix="guild-bench-pages-",
)

import django  # noqa: E402

django.setup()
# Wagtail logs every page it creates while seeding; the table is what matters here.
logging.getLogger("wagtail").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from cohorts.models import Cohort, Membership  # noqa: E402
from learning.models import User  # noqa: E402

COHORT_SLUG = "bench-everyone"
MEMBERS_PER_PAGE = 30  # cohorts.views.MEMBERS_PER_PAGE
API_PAGE_SIZE = 50  # NINJA_PAGINATION_PER_PAGE


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    say(f"{label:<34} {seconds:7.2f} s")
    return result, seconds


def big_cohort_build(scale: int) -> Cohort:
    """One cohort holding (nearly) everyone, made through the services in bulk."""
    return fixture.cohort_build(
        slug=COHORT_SLUG, name="Everyone at Meridian", size=None, scale=scale
    )


@dataclass
class Result:
    label: str
    viewer: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    cpu_ms: float


def measure(label: str, viewer: str, client: Client, url: str, requests: int) -> Result:
    status, count = fixture.queries_count(client, url)
    samples, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    p95 = fixture.p95(samples)
    return Result(
        label, viewer, status, count, statistics.median(samples), p95, statistics.median(cpu)
    )


def pages(cohort: Cohort, member: User) -> list[tuple[str, str, str]]:
    """(label, viewer, url) of every page and list measured."""
    slug = cohort.slug
    members = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE).count()
    last_page = max(1, -(-members // MEMBERS_PER_PAGE))
    last_api_page = max(1, -(-members // API_PAGE_SIZE))
    subgroup = fixture.member_subgroup(cohort, member)
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
    _, seed_seconds = timed(
        f"seed_demo --scale {args.scale}", lambda: fixture.company_seed(args.scale)
    )
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
    say("| page | as | status | queries | median ms | p95 ms | CPU ms |")
    say("|---|---|---|---|---|---|---|")
    for r in results:
        say(
            f"| {r.label} | {r.viewer} | {r.status} | {r.queries} "
            f"| {r.median_ms:.0f} | {r.p95_ms:.0f} | {r.cpu_ms:.0f} |"
        )
    failed = [r.label for r in results if r.status != 200]
    if failed:
        say(f"\nNot 200: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
