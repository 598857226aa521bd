"""A real Celery worker process for integration tests.

``celery_worker_process`` starts ``celery -A learning worker --pool solo`` against the
test database and the test run's own queues (see ``learning/settings/test.py``), waits for
its "ready" line, and can kill it with SIGKILL and start it again. Use it with
``@pytest.mark.worker`` and ``@pytest.mark.django_db(transaction=True)``: the worker only
sees committed rows.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

READY_TIMEOUT = 60


def database_url() -> str:
    """The test database (not the development one) as a URL the worker's settings read."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    if "postgresql" in db["ENGINE"]:
        user = urllib.parse.quote(db.get("USER") or "")
        password = urllib.parse.quote(db.get("PASSWORD") or "")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = db.get("HOST") or "localhost"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{urllib.parse.quote(db['NAME'])}"
    raise NotImplementedError(f"No worker database URL for {db['ENGINE']}")


class CeleryWorkerProcess:
    """One worker subprocess at a time; ``kill()`` is SIGKILL, ``start()`` starts anew."""

    def __init__(self, *, log_dir: Path, env: dict[str, str]):
        self.log_dir = log_dir
        self.env = env
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"worker-{self.starts}.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> CeleryWorkerProcess:
        assert self.process is None, "the worker is already running"
        self.starts += 1
        celery = Path(sys.executable).with_name("celery")
        command = [
            str(celery),
            "-A",
            "learning",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            f"test-{os.getpid()}-{self.starts}@%h",
            # The run's urgent and bulk queues, as every Guild worker takes both.
            "--queues",
            ",".join(settings.CELERY_TASK_QUEUES),
        ]
        with self.log_path.open("wb") as log:
            # A session of its own: SIGKILL reaches the whole worker and nothing else.
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while " ready." not in self.log():
            if self.process.poll() is not None:
                raise RuntimeError(f"The Celery worker exited early:\n{self.log()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"The Celery worker never became ready:\n{self.log()}")
            time.sleep(0.1)
        return self

    def kill(self) -> None:
        """SIGKILL, as when a machine or container dies mid-task: no cleanup runs."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """A warm shutdown (SIGTERM), then SIGKILL if it does not go in time."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self.process = None

    def restart(self) -> CeleryWorkerProcess:
        self.kill()
        return self.start()


def worker_environment(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learning.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # Same run id, same queue (and on the filesystem broker, the same folders).
        "GUILD_TEST_RUN_ID": settings.GUILD_TEST_RUN_ID,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env.update(extra)
    return env


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment for the worker; override it in a test module to tune settings."""
    return {}


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, celery_worker_env):
    """A running ``celery -A learning worker`` on the test database; stopped afterwards."""
    worker = CeleryWorkerProcess(log_dir=tmp_path, env=worker_environment(**celery_worker_env))
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        # Close this process's connection so the test database can be flushed and
        # destroyed without waiting for the worker's (now closed) one.
        connection.close()
