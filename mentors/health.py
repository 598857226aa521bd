"""Mentor load for the cohort health dashboard (``guild_health_metrics``)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cohorts.health.metrics import UNIT_COUNT, HealthMetric, Scope
from mentors.models import Pairing


def mentor_load_values(scope: Scope) -> dict:
    """(newcomers paired, mentors pairing them) per key, for active pairings."""
    rows = scope.keyed(
        Pairing.objects.filter(status=Pairing.Status.ACTIVE),
        at="started_at",
        person="mentee",
        cohort="cohort_id",
    )
    return {
        row["k"]: (row["n"], row["m"])
        for row in rows.values("k").annotate(n=Count("pk"), m=Count("mentor_id", distinct=True))
    }


def mentor_load_finish(raw, members) -> float | None:
    if not isinstance(raw, tuple) or not raw[1]:
        return None
    return round(raw[0] / raw[1], 1)


def health_declarations() -> list:
    return [
        HealthMetric(
            "mentor_load",
            _("Mentor load"),
            UNIT_COUNT,
            values=mentor_load_values,
            finish=mentor_load_finish,
            higher_is_better=False,
            series=False,
            empty=None,
            order=60,
            help=_("Newcomers per mentor, in active pairings."),
        )
    ]
