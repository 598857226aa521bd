"""Settings shared by every environment; everything that differs comes from the environment.

Embedded defaults run Guild on one machine with nothing installed: SQLite (WAL) under
``var/``, a filesystem Celery broker, e-mail written to files and media under ``var/``.
Set ``DATABASE_URL`` and ``CELERY_BROKER_URL`` to move to PostgreSQL and Redis.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GUILD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("GUILD_SECRET_KEY", "")
DEBUG = env_bool("GUILD_DEBUG", False)
ALLOWED_HOSTS = env_list("GUILD_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("GUILD_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "learning",
    "learning.notifications",
    "cohorts",
    "cohorts.sessions",
    "cohorts.retrospectives",
    "cohorts.engagement",
    "cohorts.recognition",
    "cohorts.digest",
    "cohorts.operations",
    "cohorts.health",
    "mentors",
    "mentors.questions",
    "knowledge_base",
    "knowledge_base.tools",
    "knowledge_base.sheets",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.api.v3",  # only for its admin screen that issues API tokens
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "learning.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learning.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "learning.urls"
WSGI_APPLICATION = "learning.wsgi.application"
AUTH_USER_MODEL = "learning.User"
# Django's password checks; the person's profile loaded with the account on each request.
AUTHENTICATION_BACKENDS = ["learning.accounts.backends.AccountWithProfileBackend"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "learning.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'guild.sqlite3'}"),
        # Connections are kept between requests and tasks (a new PostgreSQL connection
        # per request costs more than the request) and checked before reuse.
        conn_max_age=int(os.environ.get("GUILD_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE transactions take
    # the write lock up front, so two writers queue instead of failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
    ("el", _("Greek")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates by language: templates name a format ("DATE_FORMAT"), these modules spell it.
FORMAT_MODULE_PATH = ["learning.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = os.environ.get("GUILD_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GUILD_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static_src"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GUILD_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Employee files are read by the worker, never served: they live outside MEDIA_ROOT.
GUILD_PRIVATE_ROOT = Path(os.environ.get("GUILD_PRIVATE_ROOT", VAR_DIR / "private"))
GUILD_IMPORT_MAX_BYTES = int(os.environ.get("GUILD_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
# An .xlsx is a zip: a small upload can unpack to gigabytes (a zip bomb). Both limits are
# checked before a file is parsed.
GUILD_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("GUILD_IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
)
GUILD_IMPORT_MAX_ROWS = int(os.environ.get("GUILD_IMPORT_MAX_ROWS", 100_000))
# A workbook states its own size (its "dimension"), so a tiny file can claim billions of
# cells: sheets are read row by row, never trusting it, and stop at these.
GUILD_IMPORT_MAX_COLUMNS = int(os.environ.get("GUILD_IMPORT_MAX_COLUMNS", 200))
GUILD_IMPORT_MAX_CELLS = int(os.environ.get("GUILD_IMPORT_MAX_CELLS", 3_000_000))
# Bulk changes concerning more people than this run as a background job, not in the request.
GUILD_INLINE_BULK_MAX = int(os.environ.get("GUILD_INLINE_BULK_MAX", "200"))

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "GUILD_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("GUILD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("GUILD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GUILD_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GUILD_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GUILD_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("GUILD_FROM_EMAIL", "Guild <guild@localhost>")

# --- Cache ----------------------------------------------------------------------------
# Shared by web and worker processes (progress of long jobs lives here), so never locmem.
GUILD_CACHE_URL = os.environ.get("GUILD_CACHE_URL", "")
if GUILD_CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": GUILD_CACHE_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker" / "queue"
    _processed_dir = VAR_DIR / "broker" / "processed"
    # Kombu's filesystem transport expects its folders to exist.
    for _folder in (_queue_dir, _processed_dir, VAR_DIR / "broker" / "control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
        # How long an idle worker sleeps before looking at the folders again (kombu's
        # default is 1 s): the delay of a lone urgent notice, at the cost of a directory
        # listing per queue every tenth of a second.
        "polling_interval": float(os.environ.get("GUILD_BROKER_POLLING_INTERVAL", "0.1")),
    }
else:
    # Redis re-delivers an unacknowledged task after this long: it must outlast the
    # longest task (the hard time limit below).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Two queues, both consumed by every worker unless it is started with -Q: "celery" for
# single notices, password resets and other urgent work; GUILD_OUTBOX_BULK_QUEUE for the
# batches of large fan-outs, so that a 10,000-person announcement never stands in front of
# a password reset (workers take from their queues in turn).
CELERY_TASK_DEFAULT_QUEUE = "celery"
GUILD_OUTBOX_BULK_QUEUE = os.environ.get("GUILD_OUTBOX_BULK_QUEUE", "outbox-bulk")
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, GUILD_OUTBOX_BULK_QUEUE: {}}
# Celery's Django fixup closes the database connection around every task unless this is
# set; connections are instead closed when unusable or older than CONN_MAX_AGE
# (learning/celery.py), as Django does between requests.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Reviewed like code: every periodic job Guild runs.
CELERY_BEAT_SCHEDULE = {
    "notifications-dispatch-pending": {
        "task": "learning.notifications.tasks.outbox_dispatch_pending_task",
        "schedule": 60.0,
    },
    # Announcements two days ahead and the day's reminders; each is sent once however
    # often this runs, so the period only bounds how late one can be.
    "sessions-dispatch-due": {
        "task": "cohorts.sessions.tasks.sessions_dispatch_due_task",
        "schedule": 60.0,
    },
    # Unanswered questions go up the operations team's tiers; each step is sent once
    # however often this runs, and none after the first answer.
    "questions-escalate-due": {
        "task": "mentors.questions.tasks.questions_escalate_due_task",
        "schedule": 300.0,
    },
    # Check-in reminders at each task's time, and closing the periods that stopped
    # taking check-ins (the missed check-in penalty); each happens once per period.
    "checkins-remind-due": {
        "task": "cohorts.engagement.tasks.checkin_reminders_due_task",
        "schedule": 300.0,
    },
    "checkins-close-periods": {
        "task": "cohorts.engagement.tasks.checkin_periods_close_task",
        "schedule": 300.0,
    },
    # The weekly recognition prompt of each running cohort: sent once a week however
    # often this runs.
    "recognition-prompts-due": {
        "task": "cohorts.recognition.tasks.recognition_prompts_due_task",
        "schedule": 3600.0,
    },
    # The organizers of an award whose voting closed are told once per round.
    "recognition-awards-counting": {
        "task": "cohorts.recognition.tasks.awards_counting_notify_task",
        "schedule": 300.0,
    },
    # Each member's weekly digest, from Monday morning on their own clock: sent once per
    # member and week however often this runs.
    "digests-send-due": {
        "task": "cohorts.digest.tasks.digests_send_due_task",
        "schedule": 3600.0,
    },
    # The core team is told when the coming week has no plan (once per cohort and week),
    # and each cohort's operations team is evaluated every few weeks (once per period).
    "operations-plans-remind": {
        "task": "cohorts.operations.tasks.plans_remind_due_task",
        "schedule": 3600.0,
    },
    "operations-evaluations-due": {
        "task": "cohorts.operations.tasks.evaluations_due_task",
        "schedule": 3600.0,
    },
    # A cohort's core team and organizers are told once that its retrospective waits,
    # however often this runs.
    "retrospectives-due": {
        "task": "cohorts.retrospectives.tasks.retrospectives_due_task",
        "schedule": 3600.0,
    },
    # Owners of sales tools past their review-by date are reminded once per date however
    # often this runs.
    "tools-review-remind": {
        "task": "knowledge_base.tools.tasks.tools_review_remind_task",
        "schedule": 3600.0,
    },
}

# How many weeks one evaluation period of a cohort's operations team lasts.
GUILD_OPERATIONS_EVALUATION_WEEKS = int(os.environ.get("GUILD_OPERATIONS_EVALUATION_WEEKS", "4"))

# --- Notifications --------------------------------------------------------------------
# Delivery retries: attempt n waits RETRY_BASE * 2**(n-1) seconds; after MAX_ATTEMPTS the
# delivery is marked failed. A claim lasts LEASE_SECONDS: it must outlast one send.
GUILD_NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("GUILD_NOTIFICATIONS_MAX_ATTEMPTS", "5"))
GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS = float(
    os.environ.get("GUILD_NOTIFICATIONS_RETRY_BASE_SECONDS", "60")
)
GUILD_NOTIFICATIONS_LEASE_SECONDS = float(
    os.environ.get("GUILD_NOTIFICATIONS_LEASE_SECONDS", "120")
)
# Deliveries are attempted in batches of this many, one Celery task per batch.
GUILD_OUTBOX_BATCH_SIZE = int(os.environ.get("GUILD_OUTBOX_BATCH_SIZE", "100"))
# How long a queued delivery is left to its task before the dispatcher queues it again
# (a message lost with the broker). A backlog that takes longer is queued once more per
# period, which is harmless: an attempt claims before it sends.
GUILD_NOTIFICATIONS_QUEUED_SECONDS = float(
    os.environ.get("GUILD_NOTIFICATIONS_QUEUED_SECONDS", "300")
)
# Webhooks: how long to wait to connect, then for the answer (each, not in total).
GUILD_WEBHOOK_CONNECT_TIMEOUT_SECONDS = float(
    os.environ.get("GUILD_WEBHOOK_CONNECT_TIMEOUT_SECONDS", "5")
)
GUILD_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("GUILD_WEBHOOK_TIMEOUT_SECONDS", "10"))
# Webhooks of one batch in flight at once: a slow receiver holds up only its own.
GUILD_WEBHOOK_CONCURRENCY = max(1, int(os.environ.get("GUILD_WEBHOOK_CONCURRENCY", "8")))
# Plain http:// and private or loopback hosts for webhooks: only for local development.
GUILD_WEBHOOK_ALLOW_PRIVATE = env_bool("GUILD_WEBHOOK_ALLOW_PRIVATE", DEBUG)

# Guest sessions: how long an outside guest's invitation link works (never past the
# session's end).
# Paths polled by many readers that identify callers with a signed ticket of their own
# (the live room's updates): no session, user or profile is loaded for them.
GUILD_SESSIONLESS_PATHS = ["/room-updates/"]
GUILD_GUEST_LINK_DAYS = int(os.environ.get("GUILD_GUEST_LINK_DAYS", "30"))
# What the live room accepts: images (JPEG, PNG, WebP, GIF) and voice clips, by size.
GUILD_ROOM_IMAGE_MAX_BYTES = int(os.environ.get("GUILD_ROOM_IMAGE_MAX_BYTES", str(5 * 2**20)))
GUILD_ROOM_AUDIO_MAX_BYTES = int(os.environ.get("GUILD_ROOM_AUDIO_MAX_BYTES", str(10 * 2**20)))
GUILD_CASE_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("GUILD_CASE_ATTACHMENT_MAX_BYTES", str(10 * 2**20))
)

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Guild"
# Links in e-mails and the admin: the demo serves on 127.0.0.1:8000 (./guild demo sets it
# to the port it really takes).
WAGTAILADMIN_BASE_URL = os.environ.get("GUILD_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Employees' e-mail hashes stay in the company: the admin draws its own avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's sign-in obeys the same throttle as the site's (learning/throttle.py).
WAGTAILADMIN_USER_LOGIN_FORM = "learning.forms.AdminSignInForm"

# --- API ------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_CLASS = "learning.api.pagination.PageNumberPagination"
NINJA_MAX_PER_PAGE_SIZE = 200

# --- Headers --------------------------------------------------------------------------
# Content-Security-Policy: the member pages load only Guild's own scripts, styles, images
# and fonts, so injected markup can neither run nor phone home. A template that truly needs
# an inline script gives it nonce="{{ request.csp_nonce }}"; everything else is a static
# file. The browser journeys fail on any violation (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        # Only Guild may frame Guild: the admin's live preview shows a page in an iframe.
        "frame-ancestors": [SELF],
    },
}
# The Wagtail admin (under /admin/ only) cannot live with that policy yet; these directives
# replace the strict ones there. Each is the least the admin needed when its journeys ran
# under the strict policy, and the rest (no other origins for scripts, images, fetches or
# form posts; no plugins; no <base>; no framing by others) still holds in the admin.
GUILD_ADMIN_CSP = {
    # Wagtail's widgets set themselves up with inline <script>s whose text varies with
    # the field (initDateChooser("id_hire_date", ...), new Chooser("id_manager", ...)), so
    # no nonce or hash can name them (wagtail/wagtail#7053). Without a nonce here, since
    # a nonce would make browsers ignore 'unsafe-inline'.
    "script-src": [SELF, UNSAFE_INLINE],
    # Wagtail's bundled libraries (vendor.js) write style attributes everywhere and, in
    # the page editor, inject <style> elements at run time. Style sheets from other
    # origins stay refused.
    "style-src": [SELF, UNSAFE_INLINE],
}
# Django's own defaults already send X-Content-Type-Options: nosniff,
# Referrer-Policy: same-origin, Cross-Origin-Opener-Policy: same-origin and
# X-Frame-Options: DENY (Wagtail's preview views allow SAMEORIGIN themselves).

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GUILD_LOG_LEVEL", "INFO")},
    # Wagtail's index updates run in-process and log every one of them at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# --- Authentication throttling --------------------------------------------------------
# Failed sign-ins and bad API tokens lock the account (and the address) they came from for
# at most a window: see learning/throttle.py. An office behind one NAT address shares the
# address count, hence its larger limit.
GUILD_AUTH_THROTTLE_WINDOW_SECONDS = int(
    os.environ.get("GUILD_AUTH_THROTTLE_WINDOW_SECONDS", "900")
)
GUILD_AUTH_FAILURES_PER_ACCOUNT = int(os.environ.get("GUILD_AUTH_FAILURES_PER_ACCOUNT", "10"))
GUILD_AUTH_FAILURES_PER_ADDRESS = int(os.environ.get("GUILD_AUTH_FAILURES_PER_ADDRESS", "50"))
# How many proxies in front of Guild append to X-Forwarded-For (0: clients connect directly).
# Set it behind a proxy, or every client counts as the proxy's address.
GUILD_PROXY_COUNT = int(os.environ.get("GUILD_PROXY_COUNT", "0"))

# --- Accounts -------------------------------------------------------------------------
# How long an invitation link works, and how many "Forgot password" e-mails one address
# may ask for in an hour.
GUILD_INVITATION_DAYS = int(os.environ.get("GUILD_INVITATION_DAYS", "14"))
GUILD_PASSWORD_RESET_PER_HOUR = int(os.environ.get("GUILD_PASSWORD_RESET_PER_HOUR", "3"))
# Where someone lands after setting a password from an invitation or a reset link.
GUILD_WELCOME_URL = os.environ.get("GUILD_WELCOME_URL", "/cohorts/")
