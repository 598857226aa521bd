"""Settings for the benchmark server: the product's own, with the bare views mounted.

``GUILD_DEBUG=0`` (set by ``bench.fixture.environment_prepare`` and by ``bench/run.py``
for gunicorn) keeps debugging off, as in production; the rest (PostgreSQL from
``DATABASE_URL``, persistent connections) comes from the environment as usual.
"""

from learning.settings.dev import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
