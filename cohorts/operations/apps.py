from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The operations team's own room (layer 1, inside ``cohorts``): its private feed of
    plans, decisions and notes, the weekly plan, the duty roster, the periodic evaluation
    of each operations member and invitations into the planning tier."""

    name = "cohorts.operations"
    label = "operations"
    verbose_name = _("Operations team")

    def ready(self):
        from cohorts.operations import notification_kinds  # noqa: F401
