"""Local development and the seeded demo: debug on, a fixed key that is not a secret."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("GUILD_DEBUG", True)
SECRET_KEY = SECRET_KEY or "guild-dev-only-not-a-secret"  # noqa: F405
ALLOWED_HOSTS = ["*"]
