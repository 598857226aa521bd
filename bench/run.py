"""Measure Guild's pages against bare views and a newcomer journey; write docs/benchmarks.md.

Usage: ``./guild bench [--quick] [--baseline REF] [--outbox]`` (or
``.venv/bin/python bench/run.py …`` once wrk and the ``bench`` dependency group are
installed). See bench/README.md.

For each tree measured (this checkout as "after" and, with ``--baseline REF``, a
temporary ``git worktree`` of REF as "before", measured with this run's harness) and
each size (200 and 10,000 employees; 200 only with ``--quick``) it:

1. creates a throw-away PostgreSQL database (``guild_bench_<tree>_<size>``), and in the
   tree runs ``bench/prepare.py``: migrate, ``seed_demo --scale N``, a 10-member and a
   3,000-member cohort, query counts of every page and bare view (Django's test client);
2. serves the tree with gunicorn (2 sync workers, DEBUG off, ``bench.settings``: the
   product's URLconf plus ``bench.bare`` under ``/bare/``);
3. runs wrk against each page and its bare twin in alternating rounds (same session
   cookie): requests/s, p50 and p95, and the 1-minute load average when it ended;
4. at the largest size, ramps the newcomer journey with locust (``bench/journey.py``)
   until p95 passes 500 ms;
5. drops the database.

Never part of the test suite or CI: a full run takes ~25 minutes, ``--quick`` a few.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
BIN = REPO / ".venv" / "bin"
POSTGRES = os.environ.get("GUILD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
HARNESS = [
    "__init__.py",
    "fixture.py",
    "prepare.py",
    "settings.py",
    "urls.py",
    "wsgi.py",
    "bare.py",
    "journey.py",
]
WORKERS = 2
CONNECTIONS = 4
P95_LIMIT_MS = 500
OUTBOX_MARK = "<!-- outbox: the table of bench/outbox.py --markdown goes here -->"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status, errors))
end
"""


# The live room's readers as the page's script polls: ask with the version last seen and
# keep the one an answer carries (all of a wrk thread's connections share it), so that
# once a reader has caught up its refreshes are "nothing new" (204).
WRK_ROOM_POLL = (
    WRK_SCRIPT
    + """
local version = "0"
request = function()
  return wrk.format("GET", wrk.path .. "&v=" .. version)
end
response = function(status, headers, body)
  if status == 200 then
    version = string.match(body, '"version": *(%d+)') or version
  end
end
"""
)


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def load() -> float:
    return os.getloadavg()[0]


@dataclass
class Tree:
    """A checkout measured: this one ("after") or a worktree of the baseline ("before")."""

    label: str
    path: Path
    ref: str
    commit: str
    sizes: dict[int, dict] = field(default_factory=dict)  # scale -> prepare's state
    loads: dict[str, dict] = field(default_factory=dict)  # scale:label:kind -> wrk result
    journey: list[dict] = field(default_factory=list)
    outbox: str = ""


def git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def baseline_tree(ref: str) -> Tree:
    """A temporary worktree of ``ref`` with this run's harness copied into its bench/:
    the baseline's product code, measured exactly as this checkout's."""
    path = Path(tempfile.mkdtemp(prefix="guild-bench-baseline-"))
    git("worktree", "add", "--detach", str(path), ref)
    # The outbox benchmark too, when this checkout has it: the same script on older code.
    for name in [*HARNESS, "outbox.py"]:
        if (REPO / "bench" / name).exists():
            shutil.copy2(REPO / "bench" / name, path / "bench" / name)
    return Tree("before", path, ref, git("rev-parse", "--short", "HEAD", cwd=path))


def database_reset(name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def tree_environment(tree: Tree, database: str, var: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "GUILD_DEBUG": "0",
        "GUILD_VAR_DIR": str(var),
        "CELERY_BROKER_URL": "filesystem://",
        "GUILD_CACHE_URL": "",
        "PYTHONPATH": str(tree.path),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_start(tree: Tree, environment: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "bench.wsgi:application",
        "--chdir",
        str(tree.path),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(
        command,
        cwd=tree.path,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/login/", timeout=5)  # noqa: S310
            return server, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if server.poll() is not None:
                break
            time.sleep(0.5)
    server_stop(server)
    raise SystemExit(f"gunicorn did not start; see {log}")


def server_stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wrk(url: str, cookie: str, seconds: int, script: Path, connections: int = CONNECTIONS) -> dict:
    """Requests, seconds, p50 and p95 (ms) of ``url`` under wrk, and the load average after."""
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("BENCH "))
    requests, duration, p50, p95, bad_status, errors = (int(x) for x in line.split()[1:])
    return {
        "requests": requests,
        "seconds": duration / 1e6,
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "errors": bad_status + errors,
        "load": load(),
    }


def rounds_merge(rounds: list[dict]) -> dict:
    """One figure from several rounds: requests/s over all of them, the median of their
    p50s and the worst of their p95s (wrk's histograms cannot be merged), each round's
    requests/s kept to show the spread."""
    seconds = sum(r["seconds"] for r in rounds)
    return {
        "rps": sum(r["requests"] for r in rounds) / seconds if seconds else 0,
        "rounds_rps": [r["requests"] / r["seconds"] if r["seconds"] else 0 for r in rounds],
        "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
        "p95_ms": max(r["p95_ms"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "load": max(r["load"] for r in rounds),
    }


def workers_warm(url: str, paths: list[str], cookie: str) -> None:
    """Each path asked by every worker, waiting for the answers: before anything is timed
    (a fresh worker's first request loads the URLconfs, hooks and templates, seconds on
    a busy machine, which a 1 s warm-up round may not outlast), and after each round (the
    backlog wrk leaves behind is served first)."""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> None:
        request = urllib.request.Request(url + path, headers={"Cookie": cookie})  # noqa: S310
        # A failure here is measured (and counted as an error) by wrk.
        with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
            urllib.request.urlopen(request, timeout=120).read()  # noqa: S310

    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        for path in paths:
            list(pool.map(get, [path] * 2 * WORKERS))


def pages_measure(tree: Tree, scale: int, state: dict, url: str, args) -> None:
    """Each page and its bare view in alternating rounds, so that a neighbour's burst of
    work falls on both rather than on one."""
    scripts = Path(tempfile.mkdtemp(prefix="guild-bench-wrk-"))
    (scripts / "p95.lua").write_text(WRK_SCRIPT)
    (scripts / "room-poll.lua").write_text(WRK_ROOM_POLL)
    cookies = {
        viewer: f"{state['session_cookie']}={value}" for viewer, value in state["sessions"].items()
    }
    workers_warm(url, [t["page"] for t in state["targets"][:1]], cookies["member"])
    for target in state["targets"]:
        cookie = cookies[target["viewer"]]
        key = f"{scale}:{target['group']}:{target['label']}"
        # The live room is polled by many readers at once; the pages by a few.
        connections = target.get("connections", CONNECTIONS)
        script = {
            "page": scripts / f"{target.get('script', 'p95')}.lua",
            "bare": scripts / "p95.lua",
        }
        for kind in ("page", "bare"):
            wrk(url + target[kind], cookie, 1, script[kind], connections)  # warm both workers
        rounds = {"page": [], "bare": []}
        for _ in range(args.rounds):
            for kind in ("page", "bare"):
                rounds[kind].append(
                    wrk(url + target[kind], cookie, args.seconds, script[kind], connections)
                )
                # wrk stops at the round's end, but the requests it left in gunicorn's
                # backlog are still served: wait for them, or the next round (the other
                # view's) pays for them (32 slow naive polls are seconds of work).
                workers_warm(url, ["/login/"], cookie)
        for kind in ("page", "bare"):
            tree.loads[f"{key}:{kind}"] = rounds_merge(rounds[kind])
        page, bare = tree.loads[f"{key}:page"], tree.loads[f"{key}:bare"]
        say(
            f"  {target['group']:<7} {_shown(target):<40} page {page['rps']:7.1f}/s "
            f"bare {bare['rps']:7.1f}/s ratio {_ratio(tree, key):.2f} ({_spread(tree, key)}) "
            f"p95 {page['p95_ms']:.0f}/{bare['p95_ms']:.0f} ms load {page['load']:.2f}"
        )


def journey_measure(tree: Tree, state_file: Path, url: str, args, log: Path) -> None:
    out = state_file.with_name("journey.json")
    environment = {
        **os.environ,
        "GUILD_BENCH_STATE": str(state_file),
        "GUILD_BENCH_JOURNEY_OUT": str(out),
        "GUILD_BENCH_STEPS": args.journey_steps,
        "GUILD_BENCH_STEP_SECONDS": str(args.step_seconds),
    }
    command = [
        str(BIN / "locust"),
        "-f",
        str(tree.path / "bench" / "journey.py"),
        "--headless",
        "--host",
        url,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with log.open("w") as output:
        subprocess.run(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
    tree.journey = json.loads(out.read_text()) if out.exists() else []
    for step in tree.journey:
        say(
            f"  journey {step['users']:>4} users {step['rps']:6.1f} req/s "
            f"p50 {step['p50_ms']:.0f} p95 {step['p95_ms']:.0f} ms failures {step['failures']}"
        )


def outbox_measure(tree: Tree) -> None:
    script = tree.path / "bench" / "outbox.py"
    if not script.exists():
        tree.outbox = "`bench/outbox.py` does not exist in this checkout."
        return
    result = subprocess.run(
        [str(PYTHON), str(script), "--markdown"],
        cwd=tree.path,
        capture_output=True,
        text=True,
    )
    tree.outbox = (
        result.stdout.strip() or f"`bench/outbox.py` failed:\n\n```\n{result.stderr[-2000:]}\n```"
    )


def tree_measure(tree: Tree, args, work: Path) -> None:
    largest = max(args.scales)
    for scale in args.scales:
        database = f"guild_bench_{tree.label}_{scale}"
        var = work / f"{tree.label}-{scale}"
        var.mkdir()
        environment = tree_environment(tree, database, var)
        say(f"[{tree.label} {tree.commit}] {scale} employees: preparing {database}")
        database_reset(database, create=True)
        try:
            state_file = var / "state.json"
            subprocess.run(
                [
                    str(PYTHON),
                    "bench/prepare.py",
                    "--scale",
                    str(scale),
                    "--state",
                    str(state_file),
                    *(["--only-room"] if args.only_room else []),
                ],
                cwd=tree.path,
                env=environment,
                check=True,
            )
            state = json.loads(state_file.read_text())
            tree.sizes[scale] = state
            say(f"  prepared: {state['timings']}, cohorts {state['cohort_sizes']}")
            server, url = server_start(tree, environment, var / "gunicorn.log")
            try:
                pages_measure(tree, scale, state, url, args)
                if scale == largest and not (args.no_journey or args.only_room):
                    journey_measure(tree, state_file, url, args, var / "locust.log")
            finally:
                server_stop(server)
        finally:
            database_reset(database, create=False)
    if args.outbox:
        outbox_measure(tree)


# --- The report -------------------------------------------------------------------------


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {"cores": os.cpu_count(), "cpu": model, "ram_gb": int(memory) / 1024 / 1024}


def versions() -> dict:
    def out(command: list[str]) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            return "absent"
        return (result.stdout or result.stderr).strip().splitlines()[0]

    import django
    import gunicorn
    import locust
    import psycopg
    import wagtail

    with psycopg.connect(f"{POSTGRES}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "Wagtail": wagtail.__version__,
        "PostgreSQL": postgres,
        "gunicorn": gunicorn.__version__,
        "wrk": out(["wrk", "-v"]).split(" [")[0].removeprefix("wrk "),
        "locust": locust.__version__,
    }


GROUP_NAMES = {"company": "—", "small": "small", "large": "large", "room": "large (live room)"}


def _shown(target: dict) -> str:
    """The row's name, with the page number of a last page ("members, last page (7)")."""
    return f"{target['label']} ({target['note']})" if target.get("note") else target["label"]


def _ratio(tree: Tree, key: str) -> float:
    """Page req/s ÷ bare req/s; NaN when a round answered nothing (printed as "nan")."""
    page, bare = tree.loads[f"{key}:page"]["rps"], tree.loads[f"{key}:bare"]["rps"]
    return page / bare if page and bare else float("nan")


def _spread(tree: Tree, key: str) -> str:
    """The lowest and highest ratio of the rounds: how much the machine moved meanwhile."""
    pairs = zip(
        tree.loads[f"{key}:page"]["rounds_rps"],
        tree.loads[f"{key}:bare"]["rounds_rps"],
        strict=True,
    )
    pairs = list(pairs)
    ratios = [page / bare for page, bare in pairs if page and bare]
    silent = len(pairs) - len(ratios)
    spread = f"{min(ratios):.2f}–{max(ratios):.2f}" if ratios else ""
    if silent:
        spread += f"{', ' if spread else ''}{silent} round(s) without an answer"
    return spread


def _targets(tree: Tree, scale: int) -> list[tuple[str, dict]]:
    return [(f"{scale}:{t['group']}:{t['label']}", t) for t in tree.sizes[scale]["targets"]]


def tree_table(tree: Tree, scale: int) -> list[str]:
    state = tree.sizes[scale]
    lines = [
        f"**{tree.label}** ({tree.ref}, {tree.commit}) at {scale:,} employees; cohorts: "
        f"small {state['cohort_sizes']['small']} members, large "
        f"{state['cohort_sizes']['large']:,} (organizer included).",
        "",
        "| page | cohort | queries page / bare | req/s page / bare | ratio (rounds) | "
        "p50 / p95 ms page | p50 / p95 ms bare | errors | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, target in _targets(tree, scale):
        page, bare = tree.loads[f"{key}:page"], tree.loads[f"{key}:bare"]
        errors = page["errors"] + bare["errors"]
        lines.append(
            f"| {_shown(target)} | {GROUP_NAMES[target['group']]} "
            f"| {target['page_queries']} / {target['bare_queries']} "
            f"| {page['rps']:.1f} / {bare['rps']:.1f} "
            f"| **{_ratio(tree, key):.2f}** ({_spread(tree, key)}) "
            f"| {page['p50_ms']:.0f} / {page['p95_ms']:.0f} "
            f"| {bare['p50_ms']:.0f} / {bare['p95_ms']:.0f} | {errors} | {page['load']:.1f} |"
        )
    return [*lines, ""]


def side_by_side(before: Tree, after: Tree, scale: int) -> list[str]:
    lines = [
        f"At {scale:,} employees:",
        "",
        "| page | cohort | ratio before → after | req/s before → after | "
        "p95 ms before → after | queries before → after |",
        "|---|---|---|---|---|---|",
    ]
    earlier = dict(_targets(before, scale))
    for key, target in _targets(after, scale):
        if key not in earlier:
            continue
        b, a = before.loads, after.loads
        lines.append(
            f"| {_shown(target)} | {GROUP_NAMES[target['group']]} "
            f"| {_ratio(before, key):.2f} → **{_ratio(after, key):.2f}** "
            f"| {b[f'{key}:page']['rps']:.1f} → {a[f'{key}:page']['rps']:.1f} "
            f"| {b[f'{key}:page']['p95_ms']:.0f} → {a[f'{key}:page']['p95_ms']:.0f} "
            f"| {earlier[key]['page_queries']} → {target['page_queries']} |"
        )
    return [*lines, ""]


def sizes_table(tree: Tree, small: int, large: int) -> list[str]:
    lines = [
        f"**{tree.label}**: each page at {small:,} and at {large:,} employees. The page/bare "
        "ratio is the steadier figure: the machine's load moves page and bare view alike.",
        "",
        f"| page | cohort | page req/s {small:,} → {large:,} | change | bare change | ratio → |",
        "|---|---|---|---|---|---|",
    ]
    for key, target in _targets(tree, large):
        key_small = key.replace(f"{large}:", f"{small}:", 1)
        a, b = tree.loads[f"{key_small}:page"]["rps"], tree.loads[f"{key}:page"]["rps"]
        bare_a = tree.loads[f"{key_small}:bare"]["rps"]
        bare_b = tree.loads[f"{key}:bare"]["rps"]
        lines.append(
            f"| {target['label']} | {GROUP_NAMES[target['group']]} | {a:.1f} → {b:.1f} "
            f"| {_change(a, b)} | {_change(bare_a, bare_b)} "
            f"| {_ratio(tree, key_small):.2f} → {_ratio(tree, key):.2f} |"
        )
    return [*lines, ""]


def _change(before: float, after: float) -> str:
    return f"{after / before - 1:+.0%}" if before else "—"


def journey_table(tree: Tree, scale: int) -> list[str]:
    if not tree.journey:
        return [f"**{tree.label}**: no journey measured.", ""]
    held = [
        s
        for s in tree.journey
        if s["requests"] and s["p95_ms"] <= P95_LIMIT_MS and not s["failures"]
    ]
    best = held[-1] if held else None
    summary = (
        f"held **{best['users']} users** at {best['rps']:.1f} requests/s "
        f"(p95 {best['p95_ms']:.0f} ms)"
        if best
        else "did not hold even the first step"
    )
    lines = [
        f"**{tree.label}** ({tree.commit}) at {scale:,} employees: {summary}.",
        "",
        "| users | req/s | p50 ms | p95 ms | failures | sign-ins (p95 ms) |",
        "|---|---|---|---|---|---|",
    ]
    for step in tree.journey:
        lines.append(
            f"| {step['users']} | {step['rps']:.1f} | {step['p50_ms']:.0f} "
            f"| {step['p95_ms']:.0f} | {step['failures']} "
            f"| {step['sign_ins']} ({step['sign_in_p95_ms']:.0f}) |"
        )
    return [*lines, ""]


def report(trees: list[Tree], args, started: datetime.datetime, loads: tuple) -> str:
    info, tools = machine(), versions()
    after = trees[-1]
    before = trees[0] if len(trees) > 1 else None
    command = " ".join(["./guild bench", *map(shlex.quote, sys.argv[1:])])
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{command}` (see [bench/README.md](../bench/README.md)), "
        f"started {started:%Y-%m-%d %H:%M} UTC, "
        f"{(datetime.datetime.now(datetime.UTC) - started).seconds // 60} minutes."
        + (" **Quick run**: 200 employees and short measurements only." if args.quick else ""),
        "",
        "## Machine",
        "",
        f"- {info['cores']} cores ({info['cpu']}), {info['ram_gb']:.1f} GB RAM; shared with "
        f"other work: 1-minute load average {loads[0]:.2f} at the start, {loads[1]:.2f} at the "
        "end (each row below gives it as its measurement ended). wrk, locust, PostgreSQL and "
        "gunicorn share the same cores.",
        "- " + ", ".join(f"{name} {version}" for name, version in tools.items()) + ".",
        "- Trees: "
        + "; ".join(f"{t.label} = `{t.ref}` ({t.commit})" for t in trees)
        + (
            ". The baseline is a temporary `git worktree`, measured with this run's harness "
            "(bench/) and virtual environment."
            if before
            else "."
        ),
        "",
        "## How",
        "",
        f"gunicorn, {WORKERS} sync workers, DEBUG off, persistent database connections, "
        "PostgreSQL. Each page is measured with wrk "
        f"({CONNECTIONS} connections, one thread, a 1 s warm-up, then {args.rounds} rounds "
        f"of {args.seconds} s on the page and {args.seconds} s on its **bare view**, "
        "alternating; req/s over all rounds, p50 the rounds' median, p95 the worst round; "
        "the ratio's range over the rounds shows how much the machine moved meanwhile). "
        "A bare view (`bench/bare.py`) is a plain Django view that "
        "reads the same rows (the same members, posts, notifications, people, the same page "
        "of them) and renders them as a bare table or JSON, without Wagtail, the site shell, "
        "forms or permission checks, served by the same gunicorn. **ratio** = page req/s ÷ "
        "bare req/s (goal ≥ 0.7). Queries: one warm request by Django's test client, "
        "counted with `CaptureQueriesContext`. The member is the demo's `newcomer` (in both "
        "cohorts); the admin list is seen by `hr`. Small cohort: 10 people (plus the "
        "organizer); large: 3,000 (everyone when the company is smaller). "
        "p50 and p95 include waiting for a free worker. The **live room** rows poll a guest "
        "session's `/room-updates/<id>/` (200 posts, 100 questions) with "
        "32 wrk connections, readers refreshing at once: once with the reader's version "
        "current (nothing new: 204, from the cache) and once with an old one (the "
        "snapshot, cached per version); their bare twin is the naive poll that reads the "
        "same snapshot from the database on every refresh, so a ratio above 1 is the "
        "cache's gain and the queries column what a refresh costs the database.",
        "",
        "## Pages against bare views",
        "",
    ]
    if before:
        lines += ["### Before / after", ""]
        for scale in args.scales:
            lines += side_by_side(before, after, scale)
    for tree in reversed(trees):
        lines += [f"### {tree.label.capitalize()}", ""]
        for scale in args.scales:
            lines += tree_table(tree, scale)
    if len(args.scales) > 1:
        lines += ["### The same page at two sizes", ""]
        for tree in reversed(trees):
            lines += sizes_table(tree, min(args.scales), max(args.scales))
    lines += [
        "## Newcomer journey",
        "",
        "locust (`bench/journey.py`): each simulated newcomer signs in through the form as a "
        "different member of the large cohort, then opens home, my cohorts, the cohort home, "
        "its members, the inbox and `/api/v1/cohorts/`, thinking 1–2 s between pages. "
        f"Users grow in steps (`{args.journey_steps}`); once all of a step's newcomers have "
        f"signed in, its walk is measured for {args.step_seconds:g} s (sign-ins, a "
        "deliberately slow password hash done once per person, are counted apart, not in "
        "the pages' p95), and the ramp stops at the "
        f"first step with p95 over {P95_LIMIT_MS} ms or a failure. Goal: 100 users.",
        "",
    ]
    for tree in reversed(trees):
        lines += journey_table(tree, max(args.scales))
    lines += ["## Outbox", "", OUTBOX_MARK, ""]
    if args.outbox:
        for tree in reversed(trees):
            lines += [f"### {tree.label.capitalize()}", "", tree.outbox, ""]
    else:
        lines += [
            "Not measured in this run: `--outbox` runs `bench/outbox.py --markdown` in each "
            "tree and puts its table here.",
            "",
        ]
    return "\n".join(lines)


def requirements_install(*, journey: bool) -> None:
    """wrk from Debian and, for the journey, the ``bench`` dependency group (locust),
    when missing."""
    if shutil.which("wrk") is None:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    if journey and not (BIN / "locust").exists():
        subprocess.run(
            [str(BIN / "uv"), "sync", "--frozen", "--inexact", "--group", "bench"],
            cwd=REPO,
            env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(REPO / ".venv")},
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 employees, short runs")
    parser.add_argument("--baseline", metavar="REF", help="also measure this git ref, as before")
    parser.add_argument("--outbox", action="store_true", help="also run bench/outbox.py")
    parser.add_argument("--scales", help="employees, comma-separated (default 200,10000)")
    parser.add_argument("--seconds", type=int, default=2, help="wrk seconds per round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of page, then bare")
    parser.add_argument("--journey-steps", help="users per journey step, comma-separated")
    parser.add_argument("--step-seconds", type=float, help="seconds per journey step")
    parser.add_argument("--no-journey", action="store_true")
    parser.add_argument(
        "--only-room", action="store_true", help="the live room's polling only (no pages)"
    )
    parser.add_argument(
        "--only-sheets",
        action="store_true",
        help="the PDF sheets alone (bench/sheets.py: renders, memory, cached downloads)",
    )
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args()
    if args.only_sheets:
        # One process, no server or wrk: its table goes to bench/README.md by hand.
        os.execv(str(PYTHON), [str(PYTHON), str(REPO / "bench" / "sheets.py")])  # noqa: S606
    args.scales = [
        int(s) for s in (args.scales or ("200" if args.quick else "200,10000")).split(",")
    ]
    args.journey_steps = args.journey_steps or (
        "10,20,40,60,80,100" if args.quick else "10,20,30,40,60,80,100,130,160,200"
    )
    args.step_seconds = args.step_seconds or (10 if args.quick else 20)

    requirements_install(journey=not (args.no_journey or args.only_room))
    started = datetime.datetime.now(datetime.UTC)
    load_start = load()
    trees = []
    work = Path(tempfile.mkdtemp(prefix="guild-bench-run-"))
    try:
        if args.baseline:
            trees.append(baseline_tree(args.baseline))
        trees.append(
            Tree(
                "after",
                REPO,
                git("rev-parse", "--abbrev-ref", "HEAD"),
                git("rev-parse", "--short", "HEAD"),
            )
        )
        for tree in trees:
            tree_measure(tree, args, work)
    finally:
        for tree in trees:
            if tree.path != REPO:
                git("worktree", "remove", "--force", str(tree.path))
    args.output.write_text(report(trees, args, started, (load_start, load())) + "\n")
    say(f"Wrote {args.output} (logs in {work})")


if __name__ == "__main__":
    main()
