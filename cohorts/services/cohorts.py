"""Creating and changing a cohort, and moving it along its life cycle
(draft → open → running → closed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    ProgramPage,
)
from cohorts.selectors import charter_current
from cohorts.services.audit import audit_fields, audit_log, audit_value, history_log
from cohorts.services.validation import refuse_unknown_fields, validated
from learning.models import (
    Subsidiary,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


# draft → open → running → closed. An open cohort may go back to draft to fix a mistake,
# but only while nobody outside the organizing team has joined, asked or been invited:
# people who already joined would otherwise see their cohort disappear.
COHORT_TRANSITIONS: dict[str, set[str]] = {
    Cohort.Status.DRAFT: {Cohort.Status.OPEN},
    Cohort.Status.OPEN: {Cohort.Status.RUNNING, Cohort.Status.DRAFT},
    Cohort.Status.RUNNING: {Cohort.Status.CLOSED},
    Cohort.Status.CLOSED: set(),
}


def cohort_allowed_transitions(cohort: Cohort) -> list[str]:
    return sorted(COHORT_TRANSITIONS[cohort.status])


def cohort_transition(*, cohort: Cohort, to_status: str, actor, reason: str = "") -> Cohort:
    """Move a cohort along its life cycle (draft → open → running → closed).

    Opening needs published group rules: the rules are written before the group opens.
    Logs the change. Repeating a transition already made is refused, not ignored.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can change its status."))
    if to_status not in Cohort.Status.values:
        raise ValidationError({"status": _("Unknown status “%(status)s”.") % {"status": to_status}})
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if to_status not in COHORT_TRANSITIONS[cohort.status]:
            raise ValidationError(
                {
                    "status": _(
                        "The cohort's status is “%(current)s”; it cannot change to “%(target)s”."
                    )
                    % {
                        "current": cohort.get_status_display(),
                        "target": Cohort.Status(to_status).label,
                    }
                }
            )
        if to_status == Cohort.Status.OPEN and charter_current(cohort=cohort) is None:
            raise ValidationError(
                {"status": _("Publish the group rules before opening the cohort.")}
            )
        if cohort.status == Cohort.Status.OPEN and to_status == Cohort.Status.DRAFT:
            joined = (
                cohort.memberships.exclude(role__in=Membership.STAFF_ROLES)
                .filter(status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED])
                .exists()
            )
            if joined:
                raise ValidationError(
                    {
                        "status": _(
                            "People have already joined or been invited; the cohort "
                            "can no longer go back to draft."
                        )
                    }
                )
        previous = cohort.status
        cohort.status = to_status
        cohort.save(update_fields=["status", "updated_at"])
        audit_log(
            cohort=cohort,
            action=Action.COHORT_STATUS,
            actor=actor,
            changes={"status": [previous, to_status]},
            reason=reason,
        )
    return cohort


# What an organizer may set on a cohort. The status moves only by ``cohort_transition``.
COHORT_FIELDS = frozenset(
    {
        "program",
        "name",
        "slug",
        "description",
        "start_date",
        "end_date",
        "time_zone",
        "capacity",
        "session_start",
        "session_end",
        "announce_days_before",
        "reminder_minutes_before",
        "group_wide",
        "subsidiaries",
    }
)
# Changes the guest sessions follow (their UTC instants and message times move).
SCHEDULE_FIELDS = frozenset({"time_zone", "announce_days_before", "reminder_minutes_before"})


def _cohort_errors(cohort: Cohort, subsidiaries) -> dict:
    errors: dict = {}
    if cohort.start_date and cohort.end_date and cohort.end_date < cohort.start_date:
        errors["end_date"] = _("The cohort must end on or after its start date.")
    if cohort.session_start and cohort.session_end and cohort.session_end <= cohort.session_start:
        errors["session_end"] = _("The nightly sessions must end after they start.")
    if cohort.group_wide and subsidiaries:
        errors["subsidiaries"] = _(
            "A group-wide cohort takes every subsidiary; leave the list empty."
        )
    return errors


def cohort_create(
    *,
    actor,
    program: ProgramPage,
    name: str,
    slug: str,
    start_date: datetime.date,
    end_date: datetime.date,
    description: str = "",
    time_zone: str | None = None,
    capacity: int | None = None,
    session_start: datetime.time | None = None,
    session_end: datetime.time | None = None,
    announce_days_before: int | None = None,
    reminder_minutes_before: int | None = None,
    group_wide: bool = False,
    subsidiaries: Iterable[Subsidiary] = (),
) -> Cohort:
    """Create a cohort of a program, in draft: nobody outside HR sees it until it opens.

    HR organizers only. Validated whole (dates and session times in order, capacity not
    negative, a free slug…); nothing is saved when any field is wrong. Logged in the
    cohort's audit log and in Wagtail's history. A second call with the same slug is
    refused.
    """
    if not permissions.is_hr_organizer(actor):
        raise PermissionDenied(_("Only HR organizers can create cohorts."))
    defaults = {
        "time_zone": time_zone,
        "session_start": session_start,
        "session_end": session_end,
        "announce_days_before": announce_days_before,
        "reminder_minutes_before": reminder_minutes_before,
    }
    cohort = Cohort(
        program=program,
        name=name,
        slug=slug,
        description=description,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        group_wide=group_wide,
        # Left out, the model's defaults apply (the site's time zone, 19:30–21:00,
        # announced two days ahead, reminded two hours before).
        **{name: value for name, value in defaults.items() if value is not None},
    )
    subsidiaries = list(subsidiaries)
    validated(cohort, _cohort_errors(cohort, subsidiaries))
    with transaction.atomic():
        cohort.save()
        cohort.subsidiaries.set(subsidiaries)
        audit_log(
            cohort=cohort,
            action=Action.COHORT_CREATED,
            actor=actor,
            changes={
                **audit_fields(cohort, sorted(COHORT_FIELDS - {"subsidiaries"})),
                "subsidiaries": audit_value(subsidiaries),
            },
        )
        history_log(instance=cohort, action="wagtail.create", actor=actor)
    return cohort


def cohort_update(*, cohort: Cohort, actor, changes: dict) -> Cohort:
    """Change some of a cohort's fields (not its status: that is ``cohort_transition``).

    ``changes`` maps field names to new values; ``subsidiaries`` replaces the list.
    Organizers only. Validated whole against the cohort as it would become; nothing is
    saved when any field is wrong. What changed (before and after) goes to the audit log
    and the change to Wagtail's history. Safe to repeat: unchanged values write nothing.
    A new time zone or announcement timing is passed on to the ``guild_cohort_schedule_
    changed`` hook (``fn(cohort, changed)``), where the guest sessions follow it.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can change it."))
    refuse_unknown_fields(changes, COHORT_FIELDS)
    changes = dict(changes)
    subsidiaries = changes.pop("subsidiaries", None)
    with transaction.atomic():
        # Only the cohort's own row: the program page it joins stays unlocked.
        cohort = (
            Cohort.objects.select_for_update(of=("self",))
            .select_related("program")
            .get(pk=cohort.pk)
        )
        before_subsidiaries = {s.pk for s in cohort.subsidiaries.all()}
        changed = [name for name, value in changes.items() if getattr(cohort, name) != value]
        before = audit_fields(cohort, changed)
        for name in changed:
            setattr(cohort, name, changes[name])
        new_subsidiaries = (
            list(subsidiaries) if subsidiaries is not None else list(cohort.subsidiaries.all())
        )
        validated(cohort, _cohort_errors(cohort, new_subsidiaries))
        subsidiaries_changed = {s.pk for s in new_subsidiaries} != before_subsidiaries
        if not changed and not subsidiaries_changed:
            return cohort
        cohort.save()
        after = audit_fields(cohort, changed)
        audit = {name: [before[name], after[name]] for name in changed}
        if subsidiaries_changed:
            cohort.subsidiaries.set(new_subsidiaries)
            audit["subsidiaries"] = [
                sorted(before_subsidiaries),
                audit_value(new_subsidiaries),
            ]
        audit_log(cohort=cohort, action=Action.COHORT_UPDATED, actor=actor, changes=audit)
        history_log(instance=cohort, action="wagtail.edit", actor=actor)
        if SCHEDULE_FIELDS.intersection(changed):
            # The guest sessions recompute their instants in this same transaction.
            for fn in hooks.get_hooks("guild_cohort_schedule_changed"):
                fn(cohort=cohort, changed=SCHEDULE_FIELDS.intersection(changed))
    return cohort
