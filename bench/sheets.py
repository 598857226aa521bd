"""PDF sheets: render time and memory of a 1-page and a 3-page sheet, and a cached
download against a fresh render, in one process.

Usage: ``./guild bench --only-sheets`` or ``.venv/bin/python bench/sheets.py
[--renders 500] [--downloads 100] [--markdown]``.

It makes a throw-away SQLite database (``GUILD_BENCH_DATABASE_URL`` for PostgreSQL),
migrates, and has two cases submitted and approved through the services: a short
Chinese one (one A4 page) and a long Russian one (three pages). Then:

1. **Renders**: ``engine.sheet_print`` of each, R times after 10 warm-up renders (fonts
   loaded, templates compiled): p50 and p95 wall time, and the process's resident
   memory (``VmRSS``) after the warm-up, every 100 renders and at the end — the drift
   is end minus warm-up, the leak check.
2. **Downloads**: the member's download URL through Django's test client, signed in:
   D times with the sheet cached (read from storage), and D/5 times "fresh" (the
   cached row deleted before each request, so the request renders it).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fixture  # noqa: E402

fixture.environment_prepare(
    database_url=os.environ.get("GUILD_BENCH_DATABASE_URL"),
    settings="learning.settings.dev",
    prefix="guild-bench-sheets-",
)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("wagtail").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Revision  # noqa: E402

SHORT = {
    "title": "大客户折扣审批：三年总成本说服了采购",
    "language": "zh-hans",
    "kind": "pricing_negotiation",
    "situation": "采购部门要求降价百分之二十，否则转向竞争对手。" * 6,
    "actions": "我们用三年总成本对比说明了服务的价值，并提出分阶段付款。" * 5,
    "outcome": "客户续约两年，价格不变。",
    "lessons": "先谈总成本，再谈单价。",
}
LONG_TEXT = (
    "Отдел закупок потребовал скидку двадцать процентов и сравнил нас с тремя "
    "конкурентами. Мы показали совокупную стоимость владения за три года. "
)
LONG = {
    "title": "Совокупная стоимость владения против скидки",
    "language": "ru",
    "kind": "case_analysis",
    "situation": LONG_TEXT * 30,
    "actions": LONG_TEXT * 28,
    "outcome": LONG_TEXT * 4,
    "lessons": "Сначала говорите о совокупной стоимости, потом о цене.",
}


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def world():
    from django.contrib.auth.models import Group

    from knowledge_base.services import (
        REVIEWER_GROUP,
        case_review_decide,
        case_review_ensure,
        case_submit,
    )
    from learning.models import User

    case_review_ensure()
    author = User.objects.create_user(username="bench-author", password="x")  # noqa: S106
    reviewer = User.objects.create_user(username="bench-reviewer", password="x")  # noqa: S106
    reviewer.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    cases = []
    for data in (SHORT, LONG):
        case = case_submit(author=author, data=data)
        cases.append(case_review_decide(case=case, actor=reviewer, approve=True))
    return author, cases


def renders(case, count: int) -> dict:
    from knowledge_base.sheets import engine
    from knowledge_base.sheets.kinds import CASE_SHEET

    revision = Revision.objects.get(pk=case.live_revision_id)

    cpu: list[float] = []

    def once() -> tuple[float, int]:
        start, start_cpu = time.perf_counter(), time.process_time()
        printed = engine.sheet_print(
            kind=CASE_SHEET, obj=case, revision=revision, language=case.language
        )
        cpu.append((time.process_time() - start_cpu) * 1000)
        return (time.perf_counter() - start) * 1000, printed.pages

    for _ in range(10):
        _ms, pages = once()
    cpu.clear()
    gc.collect()
    start_rss = rss_mb()
    samples, checkpoints = [], []
    for i in range(1, count + 1):
        ms, pages = once()
        samples.append(ms)
        if i % 100 == 0:
            checkpoints.append(round(rss_mb()))
    gc.collect()
    end_rss = rss_mb()
    return {
        "pages": pages,
        "renders": count,
        "p50": statistics.median(samples),
        "p95": fixture.p95(samples),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": fixture.p95(cpu),
        "rss_start": start_rss,
        "rss_end": end_rss,
        "checkpoints": checkpoints,
    }


def downloads(author, case, count: int) -> dict:
    from knowledge_base.sheets.models import Sheet

    client = Client()
    client.force_login(author)
    url = reverse("kb_sheets:download", kwargs={"sheet_kind": "case", "object_id": case.pk})

    def get() -> float:
        start = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content)
        return (time.perf_counter() - start) * 1000

    get()
    cached = [get() for _ in range(count)]
    fresh = []
    for _ in range(max(5, count // 5)):
        for sheet in Sheet.objects.all():
            sheet.file.delete(save=False)
            sheet.delete()
        fresh.append(get())
    return {
        "cached_p50": statistics.median(cached),
        "cached_p95": fixture.p95(cached),
        "fresh_p50": statistics.median(fresh),
        "fresh_p95": fixture.p95(fresh),
        "cached_n": len(cached),
        "fresh_n": len(fresh),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--downloads", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    author, (short, long) = world()
    say(f"load average at start: {os.getloadavg()[0]:.1f}")
    rows = []
    for label, case in (("1-page (Chinese)", short), ("3-page (Russian)", long)):
        result = renders(case, args.renders)
        rows.append((label, result))
        say(f"{label}: {result}")
    served = downloads(author, short, args.downloads)
    say(f"downloads: {served}")
    say(f"load average at end: {os.getloadavg()[0]:.1f}")
    say()
    say(
        "| sheet | pages | renders | p50 ms | p95 ms | CPU p50 / p95 ms "
        "| RSS after warm-up | RSS at end | drift |"
    )
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in rows:
        say(
            f"| {label} | {r['pages']} | {r['renders']} | {r['p50']:.0f} | {r['p95']:.0f} | "
            f"{r['cpu_p50']:.0f} / {r['cpu_p95']:.0f} | {r['rss_start']:.0f} MB | "
            f"{r['rss_end']:.0f} MB | "
            f"{r['rss_end'] - r['rss_start']:+.0f} MB |"
        )
    say()
    say("| download of the 1-page sheet | requests | p50 ms | p95 ms |")
    say("|---|---:|---:|---:|")
    say(
        f"| cached (from storage) | {served['cached_n']} | {served['cached_p50']:.1f} | "
        f"{served['cached_p95']:.1f} |"
    )
    say(
        f"| fresh (rendered in the request) | {served['fresh_n']} | {served['fresh_p50']:.0f} | "
        f"{served['fresh_p95']:.0f} |"
    )


if __name__ == "__main__":
    main()
