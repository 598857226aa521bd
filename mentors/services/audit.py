"""The mentoring audit log (``PairingEvent``): every service records what it did here."""

from __future__ import annotations

from cohorts.services.audit import audit_write
from mentors.models import PairingEvent


def pairing_event_log(
    *,
    action: str,
    actor=None,
    cohort=None,
    run=None,
    pairing=None,
    changes: dict | None = None,
    reason: str = "",
) -> PairingEvent:
    """Write one audit entry. Call it inside the change's own transaction."""
    return audit_write(
        PairingEvent,
        action=action,
        actor=actor,
        cohort=cohort,
        run=run,
        pairing=pairing,
        changes=changes,
        reason=reason,
    )
