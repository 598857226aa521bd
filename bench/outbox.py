"""Time the outbox fanning one notice out to N people on three channels, with real workers.

Usage::

    .venv/bin/python bench/outbox.py [--recipients N ...] [--embedded] [--markdown]

Default (the production shape): PostgreSQL and Redis. A throw-away database
``guild_bench_outbox`` is created on ``postgres://postgres@127.0.0.1:5432`` (or
``GUILD_BENCH_DATABASE_URL``, dropped and created again) and Redis database 15 of
``127.0.0.1:6379`` is flushed (``GUILD_BENCH_REDIS_URL``); N defaults to 10,000.
``--embedded`` is the default install instead: SQLite and the filesystem broker in a
temporary folder, at N = 200 and 2,000.

Each run seeds the demo company at scale N (``seed_demo``), gives everyone a webhook to
a small HTTP receiver on loopback (it counts requests by ``X-Guild-Delivery``), starts
``--workers`` Celery worker processes (``--pool solo``, both queues), then calls
``notification_send_many`` once for everyone: an in-app, an e-mail (written to files)
and a signed webhook delivery each. It reports the seconds until every delivery is marked
sent, deliveries per second (e-mail and webhook; in-app ones are born sent), and how
many were lost or doubled, counted at the receiver and in the mail files by delivery id.
With Redis it also times raw LPUSH + BRPOP of as many payloads of the webhook body's
size, one at a time, and prints the outbox's share of that rate.

``--markdown`` prints only the table (a fragment for ``docs/benchmarks.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/guild_bench_outbox"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
KIND = "guild.notice"
TITLE = "Tonight's guest session moves to the large meeting room"


def say(text: str = "") -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class Receiver:
    """Counts webhook requests per ``X-Guild-Delivery`` (HTTP/1.1, so connections stay open)."""

    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.body_bytes = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes: without this, Nagle's algorithm and
            # the client's delayed ACK hold every answer back 40 ms.
            disable_nagle_algorithm = True

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.counts[self.headers.get("X-Guild-Delivery", "")] += 1
                    receiver.body_bytes += len(body)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def database_recreate(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def redis_push_pop(url: str, count: int, size: int) -> float:
    """Payloads per second through raw LPUSH then BRPOP, one round trip each."""
    import redis

    client = redis.Redis.from_url(url)
    payload = b"x" * size
    key = "guild-bench-raw"
    client.delete(key)
    start = time.perf_counter()
    for _ in range(count):
        client.lpush(key, payload)
        client.brpop([key], timeout=5)
    return count / (time.perf_counter() - start)


def workers_start(count: int, env: dict, log_dir: Path) -> list[subprocess.Popen]:
    from django.conf import settings

    celery = str(Path(sys.executable).with_name("celery"))
    queues = ",".join(getattr(settings, "CELERY_TASK_QUEUES", None) or ["celery"])
    processes = []
    for number in range(count):
        log = (log_dir / f"worker-{number}.log").open("wb")
        command = [
            *(celery, "-A", "learning", "worker", "--pool", "solo", "--loglevel", "INFO"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("--queues", queues, "--hostname", f"bench-{number}@%h"),
        ]
        processes.append(
            subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    deadline = time.monotonic() + 60
    for number in range(count):
        path = log_dir / f"worker-{number}.log"
        while " ready." not in path.read_text(errors="replace"):
            if time.monotonic() > deadline:
                raise RuntimeError(path.read_text(errors="replace"))
            time.sleep(0.2)
    return processes


def workers_stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def mailed(mail_dir: Path) -> Counter[str]:
    pattern = re.compile(r"^X-Guild-Delivery: (\S+)$", re.MULTILINE)
    return Counter(
        uuid
        for path in (mail_dir.iterdir() if mail_dir.exists() else ())
        for uuid in pattern.findall(path.read_text(errors="replace"))
    )


def run_one(recipients: int, *, embedded: bool, workers: int, timeout: float) -> dict:
    """One run in this process (Django is set up here, for one database)."""
    var = Path(tempfile.mkdtemp(prefix="guild-bench-outbox-"))
    os.environ.update(
        {
            "GUILD_VAR_DIR": str(var),
            "DJANGO_SETTINGS_MODULE": "learning.settings.dev",
            "GUILD_DEBUG": "false",
            "GUILD_WEBHOOK_ALLOW_PRIVATE": "true",
            "GUILD_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        }
    )
    database = os.environ.get("GUILD_BENCH_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("GUILD_BENCH_REDIS_URL", DEFAULT_REDIS)
    if embedded:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CELERY_BROKER_URL"] = "filesystem://"
    else:
        database_recreate(database)
        os.environ["DATABASE_URL"] = database
        os.environ["CELERY_BROKER_URL"] = redis_url
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from learning.models import User
    from learning.notifications.models import Delivery, WebhookEndpoint
    from learning.notifications.services import notification_send_many

    shape = "SQLite + filesystem broker" if embedded else "PostgreSQL + Redis"
    say(f"== {recipients} recipients, {shape}")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale=max(recipients, 200), stdout=StringIO(), stderr=StringIO())
    people = list(
        User.objects.filter(profile__isnull=False, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:recipients]
    )
    # Only this run's notice is measured: nothing the demo left behind is delivered.
    Delivery.objects.filter(status__in=["pending", "sending"]).update(status="skipped")
    WebhookEndpoint.objects.all().delete()
    if embedded:
        shutil.rmtree(var / "broker" / "queue", ignore_errors=True)
        (var / "broker" / "queue").mkdir(parents=True)
    else:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    shutil.rmtree(settings.EMAIL_FILE_PATH, ignore_errors=True)
    receiver = Receiver()
    WebhookEndpoint.objects.bulk_create(
        WebhookEndpoint(owner_id=pk, name="Team room", url=receiver.url, secret="bench")  # noqa: S106
        for pk in people
    )
    from django.db import connection

    connection.close()
    processes = workers_start(workers, dict(os.environ), var)
    try:
        start = time.perf_counter()
        notification_send_many(recipients=people, kind=KIND, title=TITLE, body="Bring questions.")
        written = time.perf_counter() - start
        ours = Delivery.objects.filter(notification__kind=KIND, notification__title=TITLE)
        outgoing = ours.exclude(channel="inapp")
        total = outgoing.count()
        deadline = time.monotonic() + timeout
        while outgoing.filter(status__in=["pending", "sending"]).exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    finally:
        workers_stop(processes)
    statuses = Counter(outgoing.values_list("status", flat=True))
    webhook_ids = {
        str(u) for u in outgoing.filter(channel="webhook").values_list("uuid", flat=True)
    }
    email_ids = {str(u) for u in outgoing.filter(channel="email").values_list("uuid", flat=True)}
    mail = mailed(Path(settings.EMAIL_FILE_PATH))
    lost = len(webhook_ids - set(receiver.counts)) + len(email_ids - set(mail))
    doubled = sum(1 for c in receiver.counts.values() if c > 1) + sum(
        1 for c in mail.values() if c > 1
    )
    result = {
        "mode": "embedded" if embedded else "redis",
        "recipients": len(people),
        "deliveries": total,
        "inapp": ours.filter(channel="inapp").count(),
        "workers": workers,
        "seconds": round(seconds, 2),
        "write_seconds": round(written, 2),
        "per_second": round(statuses.get("sent", 0) / seconds, 1),
        "statuses": dict(statuses),
        "lost": lost,
        "doubled": doubled,
        "batch_size": getattr(settings, "GUILD_OUTBOX_BATCH_SIZE", 1),
    }
    if not embedded:
        size = receiver.body_bytes // max(1, sum(receiver.counts.values()))
        result["redis_per_second"] = round(redis_push_pop(redis_url, total, size), 1)
        result["payload_bytes"] = size
        connection.close()
        database_drop(database)
    if not os.environ.get("GUILD_BENCH_KEEP"):
        shutil.rmtree(var, ignore_errors=True)
    else:
        say(f"kept {var}")
    return result


HEADER = (
    "| broker and database | recipients | deliveries (e-mail + webhook) | workers "
    "| seconds until all sent | deliveries/s | lost | doubled | raw Redis push+pop/s "
    "| outbox / raw Redis |\n|---|---|---|---|---|---|---|---|---|---|"
)


def row(result: dict) -> str:
    mode = "SQLite + filesystem" if result["mode"] == "embedded" else "PostgreSQL + Redis"
    redis_rate = result.get("redis_per_second")
    ratio = f"{result['per_second'] / redis_rate:.2f}" if redis_rate else "n/a"
    unfinished = sum(v for k, v in result["statuses"].items() if k != "sent")
    seconds = f"{result['seconds']:.1f}" + (f" ({unfinished} not sent)" if unfinished else "")
    return (
        f"| {mode} | {result['recipients']:,} | {result['deliveries']:,} | {result['workers']} "
        f"| {seconds} | {result['per_second']:,.0f} | {result['lost']} | {result['doubled']} "
        f"| {f'{redis_rate:,.0f}' if redis_rate else 'n/a'} | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, nargs="+")
    parser.add_argument("--embedded", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print only the table")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = run_one(
            args.one, embedded=args.embedded, workers=args.workers, timeout=args.timeout
        )
        sys.stdout.write(json.dumps(result) + "\n")
        return
    sizes = args.recipients or ([200, 2000] if args.embedded else [10_000])
    results = []
    for size in sizes:
        # A process per run: Django is set up once per database.
        command = [sys.executable, __file__, "--one", str(size), "--workers", str(args.workers)]
        command += ["--timeout", str(args.timeout)] + (["--embedded"] if args.embedded else [])
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
        results.append(json.loads(output.strip().splitlines()[-1]))
        say(json.dumps(results[-1]))
    if not args.markdown:
        sys.stdout.write(
            f"Outbox fan-out, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
            f"batch size {results[0]['batch_size']}:\n\n"
        )
    sys.stdout.write(HEADER + "\n" + "\n".join(row(r) for r in results) + "\n")


if __name__ == "__main__":
    main()
