"""The Celery application: configured from Django settings, tasks found in each app."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.dev")

app = Celery("guild", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def database_connections_recycle(*, task=None, **kwargs) -> None:
    """Keep a worker's database connection across tasks, as Django does across requests.

    Celery's own Django fixup would close it around every task (it is told not to by
    ``CELERY_DB_REUSE_MAX``); instead a connection that is broken or older than
    ``CONN_MAX_AGE`` is closed here, and ``CONN_HEALTH_CHECKS`` tests the survivor before
    the next task uses it. An outbox batch then costs its queries, not a new connection.
    """
    from django.db import close_old_connections

    # An eager task runs inside its caller's (perhaps a test's) transaction: leave it be.
    if task is None or not getattr(task.request, "is_eager", False):
        close_old_connections()
