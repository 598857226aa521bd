from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    """Check-ins, their supervision and reminders, and the points ledger with its
    leaderboards (layer 1, inside ``cohorts``)."""

    name = "cohorts.engagement"
    label = "engagement"
    verbose_name = _("Check-ins and points")

    def ready(self):
        from cohorts.engagement import notification_kinds  # noqa: F401
