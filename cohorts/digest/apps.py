from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    """The weekly digest (layer 1, inside ``cohorts``): once a week each member hears what
    happened in their cohorts, their check-in streak, the kudos they received and their
    points, through the outbox. Higher layers add lines through ``guild_digest_sections``
    (``learning/registry.py``)."""

    name = "cohorts.digest"
    label = "digest"
    verbose_name = _("Weekly digest")

    def ready(self):
        from cohorts.digest import notification_kinds  # noqa: F401
