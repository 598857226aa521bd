"""The audit logs (``MembershipEvent`` and every other ``AuditEvent`` table), Wagtail's
history entry, and the link notifications point to. Every service records what it did
through ``audit_write``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import QuerySet

from cohorts.models import (
    AuditEvent,
    Cohort,
    Membership,
    MembershipEvent,
    Report,
    SubGroup,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


def audit_write(
    model: type[AuditEvent],
    *,
    action: str,
    actor=None,
    changes: dict | None = None,
    reason: str = "",
    **links,
) -> AuditEvent:
    """Write one entry to an audit log (``model``, any ``AuditEvent`` table) with its
    ``links`` (cohort, membership, run, question…). An anonymous actor is written as
    nobody. Call it inside the change's own transaction, so the entry exists exactly
    when the change does; not safe to repeat (each call is one more entry)."""
    return model.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        changes=changes or {},
        reason=reason or "",
        **links,
    )


def audit_log(
    *,
    cohort: Cohort,
    action: str,
    actor=None,
    membership: Membership | None = None,
    subgroup: SubGroup | None = None,
    report: Report | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> MembershipEvent:
    """One entry in the cohort's own log (``MembershipEvent``)."""
    return audit_write(
        MembershipEvent,
        cohort=cohort,
        action=action,
        actor=actor,
        membership=membership,
        subgroup=subgroup,
        report=report,
        changes=changes,
        reason=reason,
    )


def audit_value(value):
    """A value as the audit log's JSON keeps it: a row by its id, a date or time as ISO
    text, a list of rows as their sorted ids.
    """
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset | QuerySet):
        return sorted(audit_value(item) for item in value)
    return value


def audit_fields(instance, names: Iterable[str]) -> dict:
    # ``attname`` reads a foreign key's id without fetching the row it points to.
    return {
        name: audit_value(getattr(instance, instance._meta.get_field(name).attname))
        for name in names
    }


def history_log(*, instance, action: str, actor) -> None:
    """The entry Wagtail's own save would write to its history.

    The admin's create and edit views of cohorts, sub-groups and entry rules save through
    these services instead of the model form, so this is the one place the history entry
    is written, whether the change came from the admin, the API or code.
    """
    from wagtail.log_actions import log

    log(
        instance=instance,
        action=action,
        user=actor if actor is not None and actor.is_authenticated else None,
        content_changed=True,
    )


def cohort_url(cohort: Cohort) -> str:
    return f"/cohorts/{cohort.slug}/"
