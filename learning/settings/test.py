"""The test suite: fast hashing, mail in memory, a file database a real worker can share."""

import os
import uuid

from .base import *  # noqa: F403
from .base import (
    CELERY_BROKER_TRANSPORT_OPTIONS,
    CELERY_BROKER_URL,
    DATABASES,
    GUILD_CACHE_URL,
    VAR_DIR,
)

# Each test run has an id of its own: its SQLite file, its cache and its Celery queue, so a
# worker started by one run (or a developer's worker) never takes another's tasks or rows.
# Worker processes started by tests inherit GUILD_TEST_RUN_ID and so join the same run.
GUILD_TEST_RUN_ID = os.environ.setdefault("GUILD_TEST_RUN_ID", uuid.uuid4().hex[:12])
GUILD_TEST_RUN_DIR = VAR_DIR / "test-runs" / GUILD_TEST_RUN_ID
GUILD_TEST_RUN_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = "guild-tests-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("GUILD_TEST_MAIL_DIR"):
    # A worker started by a test writes its e-mail to files there, for the test to count.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["GUILD_TEST_MAIL_DIR"]
MEDIA_ROOT = VAR_DIR / "test-media"
GUILD_PRIVATE_ROOT = VAR_DIR / "test-private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


if not GUILD_CACHE_URL.startswith("redis://"):
    # CI sets GUILD_CACHE_URL to run the suite on the Redis cache production uses.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(GUILD_TEST_RUN_DIR / "cache"),
        }
    }


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a Celery worker process started by a test sees the
    # same rows; one per test run, so that two runs at once never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(GUILD_TEST_RUN_DIR / "db.sqlite3")}
CELERY_TASK_DEFAULT_QUEUE = f"guild-test-{GUILD_TEST_RUN_ID}"
GUILD_OUTBOX_BULK_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-bulk"
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, GUILD_OUTBOX_BULK_QUEUE: {}}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "test-broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

# Webhook tests post to local receivers (127.0.0.1); tests of the address checks switch
# this off themselves.
GUILD_WEBHOOK_ALLOW_PRIVATE = True
