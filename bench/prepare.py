"""Build one benchmark database and describe it for ``bench/run.py``.

Usage (run by ``bench/run.py`` in the tree being measured, with ``DATABASE_URL`` naming
an empty PostgreSQL database): ``python bench/prepare.py --scale N --state FILE``.

It migrates, seeds ``seed_demo --scale N``, builds a small (10-member) and a large
(3,000-member, or everyone when the company is smaller) cohort through
``bench.fixture.cohort_build``, gives the journey's people a known password, signs the
demo's ``newcomer`` (a member of both cohorts) and ``hr`` in, counts the SQL queries of
every measured page and of its bare twin with Django's test client, and writes all of it
(addresses, session cookies, query counts, sizes) as JSON to FILE.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fixture  # noqa: E402

fixture.environment_prepare(
    database_url=os.environ.get("DATABASE_URL"),
    settings="bench.settings",
    prefix="guild-bench-prepare-",
)

import django  # noqa: E402

django.setup()
logging.getLogger("wagtail").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from cohorts.models import Membership  # noqa: E402
from learning.models import EmployeeProfile, User  # noqa: E402

SMALL, LARGE = 10, 3000
MEMBERS_PER_PAGE, API_PAGE_SIZE = 30, 50
JOURNEY_PASSWORD = "bench-journey"  # noqa: S105 (a throw-away database's test accounts)
JOURNEY_PEOPLE = 400
ROOM_READERS = 32  # concurrent readers polling the live room (wrk connections)
ROOM_POSTS, ROOM_QUESTIONS = 200, 100  # a full room: what the snapshot carries at most


def cohort_targets(cohort, member, size_label: str) -> list[dict]:
    """The cohort's pages, each with its bare twin (see ``bench.bare``)."""
    slug = cohort.slug
    count = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE).count()
    last = max(1, -(-count // MEMBERS_PER_PAGE))
    last_api = max(1, -(-count // API_PAGE_SIZE))
    sub = fixture.member_subgroup(cohort, member).slug
    rows = [
        ("cohort home", "", f"/cohorts/{slug}/", f"/bare/cohorts/{slug}/"),
        ("members, page 1", "", f"/cohorts/{slug}/members/", f"/bare/cohorts/{slug}/members/"),
        (
            "members, last page",
            f"page {last}",
            f"/cohorts/{slug}/members/?page={last}",
            f"/bare/cohorts/{slug}/members/?page={last}",
        ),
        (
            "sub-group page",
            "",
            f"/cohorts/{slug}/groups/{sub}/",
            f"/bare/cohorts/{slug}/groups/{sub}/",
        ),
        (
            "`/api/v1/cohorts/{slug}/members`",
            "",
            f"/api/v1/cohorts/{slug}/members",
            f"/bare/api/cohorts/{slug}/members",
        ),
        (
            "… its last page",
            f"page {last_api}",
            f"/api/v1/cohorts/{slug}/members?page={last_api}",
            f"/bare/api/cohorts/{slug}/members?page={last_api}",
        ),
    ]
    return [
        {
            "label": label,
            "note": note,
            "group": size_label,
            "viewer": "member",
            "page": page,
            "bare": bare,
        }
        for label, note, page, bare in rows
    ]


def company_targets() -> list[dict]:
    """The pages whose rows depend on the company and the viewer, not on one cohort."""
    rows = [
        ("home `/`", "member", "/", "/bare/"),
        ("`/cohorts/`", "member", "/cohorts/", "/bare/cohorts/"),
        ("`/inbox/`", "member", "/inbox/", "/bare/inbox/"),
        ("`/api/v1/people/`", "member", "/api/v1/people/", "/bare/api/people/"),
        ("`/api/v1/cohorts/`", "member", "/api/v1/cohorts/", "/bare/api/cohorts/"),
        ("`/api/v1/inbox/`", "member", "/api/v1/inbox/", "/bare/api/inbox/"),
        (
            "admin employee list",
            "hr",
            reverse("learning_employees:index"),
            "/bare/admin/employees/",
        ),
    ]
    return [
        {
            "label": label,
            "note": "",
            "group": "company",
            "viewer": viewer,
            "page": page,
            "bare": bare,
        }
        for label, viewer, page, bare in rows
    ]


def room_targets(cohort) -> list[dict]:
    """The live room's polling (``/room-updates/<id>/``) by ``ROOM_READERS`` readers at
    once, in a full room: when nothing changed (the reader's version is current: 204)
    and when it did (``v=0``: the snapshot, shared per version through the cache). The
    bare twin is the naive poll: the same snapshot read from the database on every
    refresh. None in a tree without guest sessions."""
    try:
        from cohorts.sessions import services as sessions
        from cohorts.sessions.models import RoomPost, RoomQuestion, Session
        from cohorts.sessions.views import room_ticket
    except ImportError:
        return []
    session = Session.objects.filter(cohort__program=cohort.program).order_by("pk").first()
    session = session or Session.objects.order_by("pk").first()
    if session is None:
        return []
    speakers = list(
        Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
        .order_by("pk")
        .values_list("user_id", flat=True)[:50]
    )
    RoomPost.objects.bulk_create(
        RoomPost(session=session, author_id=speakers[i % len(speakers)], body=f"Note {i}.")
        for i in range(ROOM_POSTS)
    )
    RoomQuestion.objects.bulk_create(
        RoomQuestion(session=session, author_id=speakers[i % len(speakers)], body=f"Why {i}?")
        for i in range(ROOM_QUESTIONS)
    )
    version = sessions.room_version(session.pk)
    ticket = room_ticket(session, User.objects.get(username="newcomer"))
    poll = f"/room-updates/{session.pk}/?ticket={ticket}"
    bare = f"/bare/room-updates/{session.pk}/"
    # Readers who keep up: wrk's room-poll script adds the version last seen (gunicorn's
    # cache holds its own); counted here with this process's.
    rows = [
        ("live room poll, nothing new (204)", "room-poll", poll, f"&v={version}"),
        ("live room poll, always a new version", "p95", f"{poll}&v=0", ""),
    ]
    return [
        {
            "label": label,
            "note": f"{ROOM_READERS} readers",
            "group": "room",
            "viewer": "member",
            "page": page,
            "bare": bare,
            "connections": ROOM_READERS,
            "script": script,
            "count_suffix": suffix,
        }
        for label, script, page, suffix in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--only-room", action="store_true", help="measure the live room only")
    args = parser.parse_args()

    timings = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - start
    start = time.perf_counter()
    fixture.company_seed(args.scale)
    timings["seed"] = time.perf_counter() - start
    employees = EmployeeProfile.objects.filter(is_active=True).count()
    start = time.perf_counter()
    small = fixture.cohort_build(
        slug="bench-small", name="Small cohort", size=min(SMALL, employees), scale=args.scale
    )
    large = fixture.cohort_build(
        slug="bench-large", name="Large cohort", size=min(LARGE, employees), scale=args.scale
    )
    timings["cohorts"] = time.perf_counter() - start
    # The tables were just filled in bulk; a live database has statistics (autovacuum
    # analyzes a table within a minute of such a change). Without them PostgreSQL
    # guessed one row per cohort and walked the 3,000-member cohort's index for each of
    # the viewer's sub-group rows: 1.4 s for a query that takes 0.1 ms once analyzed.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    journey = list(
        Membership.objects.filter(
            cohort=large, status=Membership.Status.ACTIVE, role=Membership.Role.NEWCOMER
        )
        .order_by("pk")
        .values_list("user_id", "user__username")[:JOURNEY_PEOPLE]
    )
    # One hash for all: hashing each password would take minutes of PBKDF2.
    User.objects.filter(pk__in=[pk for pk, _ in journey]).update(
        password=make_password(JOURNEY_PASSWORD)
    )

    # Fetched after the passwords change: a session keeps a hash of the password.
    member = User.objects.get(username="newcomer")
    hr = User.objects.get(username="hr")
    clients = {"member": Client(), "hr": Client()}
    clients["member"].force_login(member)
    clients["hr"].force_login(hr)
    cookie = settings.SESSION_COOKIE_NAME
    sizes = {}
    targets = company_targets()
    for cohort, size_label in ((small, "small"), (large, "large")):
        sizes[size_label] = Membership.objects.filter(
            cohort=cohort, status=Membership.Status.ACTIVE
        ).count()
        targets += cohort_targets(cohort, member, size_label)
    targets += room_targets(large)
    if args.only_room:
        targets = [target for target in targets if target["group"] == "room"]
    for target in targets:
        client = clients[target["viewer"]]
        target["page_status"], target["page_queries"] = fixture.queries_count(
            client, target["page"] + target.get("count_suffix", "")
        )
        target["bare_status"], target["bare_queries"] = fixture.queries_count(
            client, target["bare"]
        )

    state = {
        "scale": args.scale,
        "employees": employees,
        "cohort_sizes": sizes,
        "large_slug": large.slug,
        "timings": timings,
        "sessions": {name: c.cookies[cookie].value for name, c in clients.items()},
        "session_cookie": cookie,
        "journey_users": [name for _, name in journey],
        "journey_password": JOURNEY_PASSWORD,
        "targets": targets,
    }
    args.state.write_text(json.dumps(state, indent=1))


if __name__ == "__main__":
    main()
