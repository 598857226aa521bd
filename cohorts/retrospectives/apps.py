from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetrospectivesConfig(AppConfig):
    """The end-of-program retrospective of a cohort (layer 1, inside ``cohorts``): what
    went well, what to change and a closing summary, written by the core team and the
    organizers, draft → published, printed to an A4 PDF with the health dashboard's
    charts and goals."""

    name = "cohorts.retrospectives"
    label = "retrospectives"
    verbose_name = _("Retrospectives")

    def ready(self):
        from cohorts.retrospectives import notification_kinds  # noqa: F401
