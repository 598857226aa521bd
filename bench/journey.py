"""The newcomer journey, for locust: how many newcomers the site holds at p95 < 500 ms.

Run by ``bench/run.py`` (``locust -f bench/journey.py --headless --host URL``) with
``GUILD_BENCH_STATE`` naming the JSON written by ``bench/prepare.py`` and
``GUILD_BENCH_JOURNEY_OUT`` the file to write the steps to.

Each simulated person signs in through the form as a different member of the large
cohort, then walks: home, my cohorts, the cohort home, its members, the inbox and the
cohort list in the API, thinking 1 to 2 seconds between pages, over and over. The
``Ramp`` shape adds people step by step (``GUILD_BENCH_STEPS``); once every newcomer of a
step has signed in, the step's walk is measured for ``GUILD_BENCH_STEP_SECONDS`` (a
sign-in is a deliberately slow password hash, done once per person: it is counted apart
from the pages' p95). The ramp stops after the first step whose p95 passes
``P95_LIMIT_MS``, that has errors or answers nothing, or whose sign-ins take longer than
``SIGN_IN_LIMIT_SECONDS``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from pathlib import Path

from locust import HttpUser, LoadTestShape, SequentialTaskSet, between, task
from locust.stats import StatsEntry

P95_LIMIT_MS = 500
STATE = json.loads(Path(os.environ["GUILD_BENCH_STATE"]).read_text())
OUT = Path(os.environ["GUILD_BENCH_JOURNEY_OUT"])
STEPS = [int(n) for n in os.environ.get("GUILD_BENCH_STEPS", "10,20,40,60,80,100").split(",")]
STEP_SECONDS = float(os.environ.get("GUILD_BENCH_STEP_SECONDS", "20"))
SPAWN_RATE = 10
# Sign-ins are slow on purpose (PBKDF2): a step waits for its newcomers up to this long.
SIGN_IN_LIMIT_SECONDS = 180
SIGNED_IN: list = []  # the people who have signed in so far (one locust process)
PEOPLE = itertools.cycle(STATE["journey_users"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SLUG = STATE["large_slug"]


class Walk(SequentialTaskSet):
    """One page after another, in the order a newcomer opens them."""

    @task
    def home(self):
        self.client.get("/", name="home")

    @task
    def my_cohorts(self):
        self.client.get("/cohorts/", name="my cohorts")

    @task
    def cohort_home(self):
        self.client.get(f"/cohorts/{SLUG}/", name="cohort home")

    @task
    def members(self):
        self.client.get(f"/cohorts/{SLUG}/members/", name="members")

    @task
    def inbox(self):
        self.client.get("/inbox/", name="inbox")

    @task
    def api_cohorts(self):
        self.client.get("/api/v1/cohorts/", name="API cohorts")


class Newcomer(HttpUser):
    wait_time = between(1, 2)
    tasks = [Walk]

    def on_start(self):
        form = self.client.get("/login/", name="sign in (form)")
        match = CSRF.search(form.text)
        self.client.post(
            "/login/",
            data={
                "username": next(PEOPLE),
                "password": STATE["journey_password"],
                "csrfmiddlewaretoken": match.group(1) if match else "",
            },
            name="sign in",
        )
        SIGNED_IN.append(self)


class Ramp(LoadTestShape):
    """More newcomers each step; each step's p95 and requests/s recorded to ``OUT``."""

    def __init__(self):
        super().__init__()
        self.step = -1
        self.results: list[dict] = []
        self.step_start = 0.0
        self.window_start: float | None = None
        self.stopping = False

    def _record(self) -> None:
        stats = self.runner.stats
        # The walk's pages only: a sign-in (a deliberately slow password hash) happens
        # once per person, and is reported apart.
        walk, sign_in = StatsEntry(stats, "walk", ""), StatsEntry(stats, "sign in", "")
        for (name, _method), entry in stats.entries.items():
            (sign_in if name.startswith("sign in") else walk).extend(entry)
        seconds = time.perf_counter() - self.window_start if self.window_start else 0
        p95 = walk.get_response_time_percentile(0.95) or 0
        self.results.append(
            {
                "users": STEPS[self.step],
                "requests": walk.num_requests,
                "failures": walk.num_failures + sign_in.num_failures,
                "rps": walk.num_requests / seconds if seconds else 0,
                "p50_ms": walk.get_response_time_percentile(0.5) or 0,
                "p95_ms": p95,
                "sign_ins": sign_in.num_requests,
                "sign_in_p95_ms": sign_in.get_response_time_percentile(0.95) or 0,
            }
        )
        OUT.write_text(json.dumps(self.results, indent=1))
        # A step that answered nothing in its window is not held either.
        step = self.results[-1]
        self.stopping = p95 > P95_LIMIT_MS or step["failures"] > 0 or not step["requests"]

    def _begin(self, step: int) -> None:
        self.step, self.step_start, self.window_start = step, time.perf_counter(), None

    def tick(self):
        if self.step < 0:
            self._begin(0)
        now = time.perf_counter()
        if self.window_start is None:
            if len(SIGNED_IN) >= STEPS[self.step]:
                # Everyone of this step is in: measure the walk from here.
                self.runner.stats.reset_all()
                self.window_start = now
            elif now - self.step_start > SIGN_IN_LIMIT_SECONDS:
                self.window_start = self.step_start
                self._record()
                return None
        elif now - self.window_start >= STEP_SECONDS:
            self._record()
            if self.stopping or self.step + 1 >= len(STEPS):
                return None
            self._begin(self.step + 1)
        return STEPS[self.step], SPAWN_RATE
