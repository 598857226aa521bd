from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Guild core")

    def ready(self):
        # Before any URLconf is read: apps' patterns use <id:…>.
        from learning import converters  # noqa: F401

        # Declares the notification kinds of getting in (invitations, password resets).
        from learning.accounts import notification_kinds  # noqa: F401
