from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "learning.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Declares the core's own notification kinds (one definition each).
        from learning.notifications import notification_kinds  # noqa: F401
