"""CPU time per request of each member page against its bare view, in one process.

Usage: ``.venv/bin/python bench/cpu.py [--scale N] [--requests N]``

Seeds the demo (SQLite in a temporary folder, debugging off) and asks each page and its
bare twin (``bench/bare.py``) through Django's test client as the demo's ``newcomer``,
timing the process's own CPU (``time.process_time``), so the figure hardly moves with
the machine's load, which wall-clock figures on a shared machine do. No HTTP, no
gunicorn: what is left is what Guild's own Python costs per request, the part that
``bench/run.py``'s requests/s divide among themselves. Prints the best of three rounds
for each and the ratio bare ÷ page (1.0 would be a page as cheap as its bare view).
"""

from __future__ import annotations

import argparse
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fixture  # noqa: E402

fixture.environment_prepare(database_url=None, settings="bench.settings", prefix="guild-bench-cpu-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

COHORT = "november-2026-intake"
PAGES = [
    ("home", "/"),
    ("my cohorts", "/cohorts/"),
    ("inbox", "/inbox/"),
    ("cohort home", f"/cohorts/{COHORT}/"),
    ("members", f"/cohorts/{COHORT}/members/"),
]


def cpu_ms(client: Client, path: str, requests: int) -> float:
    for _ in range(3):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    rounds = []
    for _ in range(3):
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        rounds.append((time.process_time() - started) / requests * 1000)
    return min(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="seed_demo --scale (0: the demo)")
    parser.add_argument("--requests", type=int, default=40, help="requests per round")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if args.scale:
        fixture.company_seed(args.scale)
    else:
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(username="newcomer"))
    sys.stdout.write("| page | CPU ms page | CPU ms bare | bare ÷ page |\n|---|---|---|---|\n")
    for name, path in PAGES:
        page, bare = (
            cpu_ms(client, path, args.requests),
            cpu_ms(client, f"/bare{path}", args.requests),
        )
        sys.stdout.write(f"| {name} `{path}` | {page:.1f} | {bare:.1f} | {bare / page:.2f} |\n")


if __name__ == "__main__":
    main()
