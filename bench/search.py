"""Knowledge-base search latency at 10,000 and 100,000 cases, against a raw full-text
query on the same index, in one process.

Usage: ``.venv/bin/python bench/search.py [--sizes 10000 100000] [--queries 40]
[--markdown]``; ``GUILD_BENCH_DATABASE_URL=postgres://…/guild_bench_search`` runs it on
PostgreSQL (the database is dropped and made again), else on SQLite in a temporary folder.

For each size it writes that many approved cases in the four languages (sentences drawn
from a fixed vocabulary with a seeded generator, so every run has the same corpus; about
one case in fifty holds each query's word, inside a longer unspaced Chinese sentence or
inflected in Russian and Greek), indexes them with Wagtail's backend in bulk, then times
each query Q times after warm-up:

- **Guild**: ``knowledge_search`` as the page and the API call it (query analysis, the
  backend's search limited to approved cases, the rows the result list shows);
- **raw**: the same analysed terms straight against the index table: FTS5 ``MATCH`` on
  SQLite, ``@@ plainto_tsquery`` in the index's own configuration on PostgreSQL, the first
  50 ids, nothing else.

It prints p50 and p95 of each and their ratio (Guild ÷ raw), with the hits found, so that
a fast answer that finds nothing cannot pass for a result.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fixture  # noqa: E402
from bench.fixture import p95  # noqa: E402

DATABASE_URL = os.environ.get("GUILD_BENCH_DATABASE_URL")
if DATABASE_URL:
    from bench.outbox import database_recreate

    database_recreate(DATABASE_URL)
fixture.environment_prepare(
    database_url=DATABASE_URL, settings="learning.settings.dev", prefix="guild-bench-search-"
)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("wagtail").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from knowledge_base.analysis import query_terms  # noqa: E402
from knowledge_base.models import Case, CaseKind  # noqa: E402
from knowledge_base.services.search import knowledge_search  # noqa: E402
from learning.models import User  # noqa: E402

BATCH = 2000
# The word each language's query looks for, and the forms it appears in.
TARGETS = {
    "zh-hans": ("续约", ["续约"]),
    "ru": ("договора", ["договор", "договора", "договору", "договором"]),
    "el": ("συμβόλαιο", ["συμβόλαιο", "συμβολαίου", "συμβόλαια"]),
    "en": ("renewal", ["renewal", "renewals"]),
}
WORDS = {
    "ru": [
        "клиент",
        "цена",
        "скидка",
        "поставка",
        "сервис",
        "встреча",
        "отдел",
        "решение",
        "условия",
        "срок",
        "оплата",
        "запрос",
        "продукт",
        "рынок",
        "партнёр",
        "проект",
        "команда",
        "риск",
        "бюджет",
        "предложение",
    ],
    "el": [
        "πελάτης",
        "τιμή",
        "έκπτωση",
        "παράδοση",
        "υπηρεσία",
        "συνάντηση",
        "τμήμα",
        "λύση",
        "όροι",
        "προθεσμία",
        "πληρωμή",
        "αίτημα",
        "προϊόν",
        "αγορά",
        "συνεργάτης",
        "έργο",
        "ομάδα",
        "κίνδυνος",
        "προϋπολογισμός",
    ],
    "en": [
        "customer",
        "price",
        "discount",
        "delivery",
        "service",
        "meeting",
        "team",
        "solution",
        "terms",
        "deadline",
        "payment",
        "request",
        "product",
        "market",
        "partner",
        "project",
        "budget",
        "risk",
        "proposal",
    ],
}
CJK = "客户价格折扣交付服务会议团队方案条款期限付款请求产品市场伙伴项目预算风险建议合同采购"


def _sentence(rng: random.Random, language: str, with_target: bool) -> str:
    if language == "zh-hans":
        text = "".join(rng.choice(CJK) for _ in range(rng.randint(30, 60)))
        if with_target:
            at = rng.randint(5, len(text) - 5)
            text = text[:at] + TARGETS[language][0] + text[at:]
        return text + "。"
    words = [rng.choice(WORDS[language]) for _ in range(rng.randint(12, 24))]
    if with_target:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(TARGETS[language][1]))
    return " ".join(words).capitalize() + "."


def corpus_write(size: int, author) -> None:
    """``size`` approved cases, a quarter in each language; indexed in bulk."""
    rng = random.Random(size)
    languages = list(TARGETS)
    backend = get_search_backend()
    kinds = [kind for kind, _label in CaseKind.choices]
    for start in range(0, size, BATCH):
        cases = []
        for n in range(start, min(size, start + BATCH)):
            language = languages[n % 4]
            hit = rng.random() < 0.02
            cases.append(
                Case(
                    title=_sentence(rng, language, False)[:120],
                    kind=kinds[n % len(kinds)],
                    language=language,
                    situation=_sentence(rng, language, hit),
                    actions=_sentence(rng, language, False),
                    outcome=_sentence(rng, language, False),
                    author=author,
                    live=True,
                )
            )
        before = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        Case.objects.bulk_create(cases)
        # bulk_create sends no signals: index the new rows as seeding does, in bulk.
        backend.add_bulk(Case, list(Case.objects.filter(pk__gt=before)))


def raw_search(terms: str) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = " AND ".join(f'"{term}"' for term in terms.split())
            cursor.execute(
                "SELECT rowid FROM wagtailsearch_indexentry_fts "
                "WHERE wagtailsearch_indexentry_fts MATCH %s LIMIT 50",
                [f"body:({match})"],
            )
        else:
            cursor.execute(
                "SELECT id FROM wagtailsearch_indexentry "
                "WHERE body @@ plainto_tsquery(%s) LIMIT 50",
                [terms],
            )
        return [row[0] for row in cursor.fetchall()]


def timed(fn, times: int) -> tuple[list[float], int]:
    for _ in range(3):
        found = fn()
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        found = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    author = User.objects.create(username="bench-author", first_name="Bench Author")
    rows = []
    written = 0
    for size in sorted(args.sizes):
        started = time.perf_counter()
        corpus_write(size - written, author)
        written = size
        sys.stderr.write(
            f"{size} cases written and indexed in {time.perf_counter() - started:.0f} s\n"
        )
        for language, (query, _forms) in TARGETS.items():
            terms = query_terms(query)
            guild, guild_hits = timed(
                lambda q=query: knowledge_search(user=author, query=q)["cases"], args.queries
            )
            raw, raw_hits = timed(lambda t=terms: raw_search(t), args.queries)
            rows.append((size, language, query, guild, guild_hits, raw, raw_hits))
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    lines = [
        f"| {database} | cases | query | Guild p50 / p95 ms | raw p50 / p95 ms | ratio | hits |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for size, language, query, guild, guild_hits, raw, raw_hits in rows:
        ratio = statistics.median(guild) / max(statistics.median(raw), 1e-6)
        lines.append(
            f"| {language} | {size:,} | {query} | {statistics.median(guild):.1f} / {p95(guild):.1f}"
            f" | {statistics.median(raw):.1f} / {p95(raw):.1f} | {ratio:.1f}× |"
            f" {guild_hits} / {raw_hits} |"
        )
    print("\n".join(lines))
    if not args.markdown:
        print(f"\nload average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
