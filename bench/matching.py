"""The mentor matching engine at scale: wall time, peak memory and total fit against a
greedy baseline, on synthetic cohorts with mentors at capacity 5.

    .venv/bin/python bench/matching.py                 # 1,000 and 10,000 newcomers
    .venv/bin/python bench/matching.py --sizes 3000 --mentors-per 6

Each size runs in its own process (so its peak resident memory is its own). The
engine is pure: no database, only ``mentors.matching``. The cohort: four languages (a
newcomer speaks one, a mentor two), eight regions, four subsidiaries, twenty
sub-groups, a ladder of six, eight product and skill tags, and every newcomer's manager
among the mentors. The product's solve is exact: it starts from each newcomer's best
mentors and prices every other allowed pair until none can improve the total.
``--keep K`` also solves with each newcomer's K best mentors only and no proof (in its
own process), to show what pruning alone would lose.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentors import matching  # noqa: E402

LANGUAGES = ["en", "ru", "zh-hans", "el"]
TAGS = ["crm", "pricing", "negotiation", "cloud", "erp", "support", "retail", "logistics"]


def cohort(newcomers: int, mentors: int, *, seed: int = 1):
    r = random.Random(seed)
    people = [
        matching.Newcomer(
            id=i,
            languages=frozenset([r.choice(LANGUAGES)]),
            subgroups=frozenset([r.randrange(20)]),
            region=r.randrange(8),
            subsidiary=r.randrange(4),
            level_rank=r.randrange(1, 4),
            profile_text=" ".join(r.sample(TAGS, 2)),
            chain=frozenset([1_000_000 + r.randrange(mentors)]),
        )
        for i in range(newcomers)
    ]
    veterans = [
        matching.Mentor(
            id=1_000_000 + j,
            capacity=5,
            languages=frozenset(r.sample(LANGUAGES, 2)),
            subgroups=frozenset([r.randrange(20)]) if r.random() < 0.3 else frozenset(),
            regions=frozenset([r.randrange(8)]),
            subsidiary=r.randrange(4),
            level_rank=r.randrange(3, 7),
            tags=tuple(r.sample(TAGS, 3)),
        )
        for j in range(mentors)
    ]
    return people, veterans


def measure(newcomers: int, mentors: int, keep: int | None) -> dict:
    """One size, solved whole, or (``keep``) with each newcomer's ``keep`` best mentors
    only; the greedy baseline on the same problem beside it."""
    people, veterans = cohort(newcomers, mentors)
    started = time.perf_counter()
    problem = matching.problem_build(people, veterans)
    built = time.perf_counter()
    optimal = matching.solve(problem, keep=keep)
    solved = time.perf_counter()
    greedy = matching.greedy(problem)
    row = {
        "newcomers": newcomers,
        "mentors": mentors,
        "places": mentors * 5,
        "score_s": round(built - started, 2),
        "solve_s": round(solved - built, 2),
        "wall_s": round(solved - started, 2),
        "matched": len(optimal.pairs),
        "total": optimal.total,
        "greedy_matched": len(greedy.pairs),
        "greedy_total": greedy.total,
    }
    row["keep"] = keep or "all"
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--mentors-per", type=float, default=4.0, help="newcomers per mentor (default 4)"
    )
    parser.add_argument(
        "--keep", type=int, default=0, help="also solve with each newcomer's K best mentors"
    )
    parser.add_argument("--no-full", action="store_true", help="skip the whole solve")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mentors = max(1, int(args.one / args.mentors_per))
        sys.stdout.write(json.dumps(measure(args.one, mentors, args.keep or None)) + "\n")
        return
    modes = ([] if args.no_full else [0]) + ([args.keep] if args.keep else [])
    for size in args.sizes:
        for keep in modes:
            command = [sys.executable, __file__, "--one", str(size)]
            command += ["--mentors-per", str(args.mentors_per), "--keep", str(keep)]
            out = subprocess.run(command, check=True, capture_output=True, text=True)
            sys.stdout.write(out.stdout)


if __name__ == "__main__":
    main()
