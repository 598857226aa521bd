"""Production: refuses to start without a secret key; secure cookies and HTTPS by default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("GUILD_SECRET_KEY must be set in production.")

DEBUG = False
SESSION_COOKIE_SECURE = env_bool("GUILD_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("GUILD_SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}
