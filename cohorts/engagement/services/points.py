"""The points ledger: which rules give points, how many in each cohort, and the two
writes every rewarded action calls, ``award`` and ``withdraw``.

Rules are declared by whoever owns the action, through the ``guild_points_rules`` hook
(``learning.registry``): ``fn() -> list[PointsRuleDeclaration]``. A declaration names
the rule's code, its label, its default points (negative for a penalty) and, to show a
ledger entry's cause with a link, ``describe(cause_ids) -> {id: (text, url)}``.

Nothing counts twice: an entry is unique on (rule, cause, person). Repeating an action
finds the entry and changes nothing; undoing it withdraws the entry (kept, stamped
``withdrawn_at``, no longer summed); redoing it counts the same entry again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from cohorts.engagement.models import PointsEntry, PointsRule
from cohorts.models import Cohort

POINTS_LIMIT = 1000


@dataclass(frozen=True)
class PointsRuleDeclaration:
    code: str
    label: str | Promise
    default_points: int
    # ``fn(cause_ids) -> {cause id: (text, url)}``: how the ledger shows a cause.
    describe: Callable[[list[int]], dict[int, tuple[str, str]]] | None = None


def points_rules() -> dict[str, PointsRuleDeclaration]:
    """Every declared rule by code (the ``guild_points_rules`` hook)."""
    rules: dict[str, PointsRuleDeclaration] = {}
    for fn in hooks.get_hooks("guild_points_rules"):
        for rule in fn():
            if rule.code in rules and rules[rule.code] != rule:
                raise ImproperlyConfigured(f"Points rule {rule.code!r} is declared twice.")
            rules[rule.code] = rule
    return rules


def _rule(code: str) -> PointsRuleDeclaration:
    rule = points_rules().get(code)
    if rule is None:
        raise ImproperlyConfigured(f"No points rule {code!r} is declared (guild_points_rules).")
    return rule


def points_for(*, cohort: Cohort | int, rule: str) -> int | None:
    """The points ``rule`` gives in ``cohort``: the cohort's own, the default without
    one, None when the cohort switched the rule off."""
    declared = _rule(rule)
    cohort_id = getattr(cohort, "pk", cohort)
    setting = PointsRule.objects.filter(cohort_id=cohort_id, rule=rule).first()
    if setting is None:
        return declared.default_points
    return setting.points if setting.enabled else None


def _cause_key(cause) -> tuple[ContentType, int]:
    return ContentType.objects.get_for_model(type(cause)), cause.pk


def award(*, person, cohort, rule: str, cause, at: dt.datetime | None = None):
    """Give ``person`` the points of ``rule`` in ``cohort`` because of ``cause`` (a saved
    model instance); returns the entry, or None when the cohort switched the rule off.

    Idempotent: an entry that counts already is returned unchanged; a withdrawn one counts
    again with the cohort's current points. Call it in the transaction of the action.
    """
    points = points_for(cohort=cohort, rule=rule)
    if points is None:
        return None
    cause_type, cause_id = _cause_key(cause)
    person_id = getattr(person, "pk", person)
    cohort_id = getattr(cohort, "pk", cohort)
    at = at or timezone.now()
    key = {"rule": rule, "cause_type": cause_type, "cause_id": cause_id, "person_id": person_id}
    entry = PointsEntry.objects.filter(**key).first()
    if entry is None:
        try:
            with transaction.atomic():
                return PointsEntry.objects.create(
                    **key, cohort_id=cohort_id, points=points, occurred_at=at
                )
        except IntegrityError:
            entry = PointsEntry.objects.get(**key)
    if entry.withdrawn_at is not None:
        # Only the caller that flips it back counts it: a racing redo changes nothing.
        revived = PointsEntry.objects.filter(pk=entry.pk, withdrawn_at__isnull=False).update(
            withdrawn_at=None, points=points, occurred_at=at, cohort_id=cohort_id
        )
        if revived:
            entry.withdrawn_at, entry.points, entry.occurred_at = None, points, at
            entry.cohort_id = cohort_id
    return entry


def withdraw(*, rule: str, cause, person=None) -> int:
    """Undo ``rule``'s points for ``cause`` (everyone's, or only ``person``'s): the entries
    stay in the ledger, withdrawn. Returns how many were withdrawn; safe to repeat."""
    cause_type, cause_id = _cause_key(cause)
    entries = PointsEntry.objects.filter(
        rule=rule, cause_type=cause_type, cause_id=cause_id, withdrawn_at__isnull=True
    )
    if person is not None:
        entries = entries.filter(person_id=getattr(person, "pk", person))
    return entries.update(withdrawn_at=timezone.now())


def points_rule_set(*, cohort: Cohort, rule: str, actor, points: int, enabled: bool = True):
    """HR or the cohort's organizers set a rule's points in a cohort (a penalty is
    negative) or switch it off there. Entries already written keep their points."""
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers set its points."))
    errors = {}
    if rule not in points_rules():
        errors["rule"] = _("No such points rule.")
    if not isinstance(points, int) or not -POINTS_LIMIT <= points <= POINTS_LIMIT:
        errors["points"] = _("Give between %(low)s and %(high)s points.") % {
            "low": -POINTS_LIMIT,
            "high": POINTS_LIMIT,
        }
    if errors:
        raise ValidationError(errors)
    setting, _created = PointsRule.objects.update_or_create(
        cohort=cohort, rule=rule, defaults={"points": points, "enabled": enabled}
    )
    return setting


# Points for coming to a guest session (``guild_session_attended``).
RULE_ATTENDED = "session_attended"


def attendance_points_award(*, attendance) -> None:
    """A first sighting at a session gives its points in the session's cohort, caused by
    the session (so being seen again, or checked in at the door too, counts once)."""
    session = attendance.session
    award(
        person=attendance.user_id,
        cohort=session.cohort_id,
        rule=RULE_ATTENDED,
        cause=session,
        at=attendance.first_seen_at,
    )
