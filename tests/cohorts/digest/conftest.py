"""Fixtures for the weekly digest: the check-in tests' cohorts on a clock, a frozen
clock to move, and the announcement drill's mail folder and worker settings."""

from tests.cohorts.engagement.conftest import (  # noqa: F401
    clock,
    newcomer_of,
    running_in,
    task_in,
)
from tests.cohorts.sessions.test_worker import celery_worker_env, mail_dir  # noqa: F401
