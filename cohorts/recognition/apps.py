from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Recognition in a cohort (layer 1, inside ``cohorts``): kudos and how each person
    likes to be thanked, weekly prompts, spotlight awards with nominations and votes, the
    recognition wall, and welcoming newcomers."""

    name = "cohorts.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from cohorts.recognition import notification_kinds  # noqa: F401
