from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = _("Cohorts")

    def ready(self):
        # Declares the notification kinds cohorts sends (one definition each).
        from cohorts import notification_kinds  # noqa: F401
