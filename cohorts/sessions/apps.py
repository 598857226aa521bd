from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuestSessionsConfig(AppConfig):
    """The nightly guest sessions of a cohort (layer 1, inside ``cohorts``).

    Its own app label, ``guest_sessions``, because ``sessions`` is Django's.
    """

    name = "cohorts.sessions"
    label = "guest_sessions"
    verbose_name = _("Guest sessions")

    def ready(self):
        from cohorts.sessions import notification_kinds  # noqa: F401
