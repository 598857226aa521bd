"""Production: refuses to start without a secret key; secure cookies and HTTPS by default."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("GUILD_SECRET_KEY must be set in production.")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("GUILD_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("GUILD_SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: plain HTTP is redirected, and browsers are told (HSTS, sent on HTTPS answers
# only) to use nothing else for a year. GUILD_HTTPS=false turns both off for a
# deployment without TLS, where browsers would otherwise lock themselves out.
_HTTPS = env_bool("GUILD_HTTPS", True)
SECURE_SSL_REDIRECT = env_bool("GUILD_SSL_REDIRECT", _HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("GUILD_HSTS_SECONDS", 365 * 24 * 3600 if _HTTPS else 0))
# Subdomains of Guild's own host (not of the company's domain) must be HTTPS too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("GUILD_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is for the owner of the whole domain to decide (see README, Production).
SECURE_HSTS_PRELOAD = env_bool("GUILD_HSTS_PRELOAD", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}
