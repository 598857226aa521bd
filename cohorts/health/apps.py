from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    """The cohort health dashboard: the metrics registry, operations goals, the charts
    (layer 1, inside ``cohorts``)."""

    name = "cohorts.health"
    label = "health"
    verbose_name = _("Cohort health")
