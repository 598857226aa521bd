"""Whether a person meets an entry rule, and why not in words they understand.

Pure reads, so that pages, the API, permissions and the services themselves ask the
same question the same way before anyone acts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import (
    Cohort,
    EntryRule,
    Membership,
    MembershipEvent,
    SubGroup,
)
from learning.models import (
    EmployeeProfile,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


@dataclass(frozen=True)
class EntryFailure:
    code: str
    message: str


@dataclass
class EntryCheck:
    failures: list[EntryFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def messages(self) -> list[str]:
        return [failure.message for failure in self.failures]


def _names(items: Iterable) -> str:
    return ", ".join(str(item) for item in items)


def date_text(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def entry_rule_check(*, rule: EntryRule, profile: EmployeeProfile | None, invited: bool = False):
    """Every condition of ``rule`` that ``profile`` fails, each with a specific message.

    Pure read (no writes); prefetch the rule's lists to keep it free of queries. An
    invitation lifts the "invitation only" condition, nothing else.
    """
    result = EntryCheck()
    fail = result.failures.append
    if profile is None:
        fail(EntryFailure("no_profile", _("You are not in the company directory yet.")))
        return result
    if rule.invitation_only and not invited:
        fail(EntryFailure("invitation_only", _("This group is by invitation only.")))
    if rule.min_level_id and profile.level.rank < rule.min_level.rank:
        fail(
            EntryFailure(
                "min_level",
                _("This group is for %(level)s level and above; your level is %(yours)s.")
                % {"level": rule.min_level.name, "yours": profile.level.name},
            )
        )
    if rule.max_level_id and profile.level.rank > rule.max_level.rank:
        fail(
            EntryFailure(
                "max_level",
                _("This group is for %(level)s level and below; your level is %(yours)s.")
                % {"level": rule.max_level.name, "yours": profile.level.name},
            )
        )
    checks = [
        (
            "region",
            rule.regions.all(),
            profile.region,
            gettext_lazy("This group is for people in %(allowed)s; your region is %(yours)s."),
            gettext_lazy("This group is for people in %(allowed)s; you have no region on record."),
        ),
        (
            "subsidiary",
            rule.subsidiaries.all(),
            profile.subsidiary,
            gettext_lazy("This group is for %(allowed)s; you work for %(yours)s."),
            gettext_lazy("This group is for %(allowed)s; you have no subsidiary on record."),
        ),
        (
            "department",
            rule.departments.all(),
            profile.department,
            gettext_lazy(
                "This group is for the %(allowed)s department; your department is %(yours)s."
            ),
            gettext_lazy(
                "This group is for the %(allowed)s department; you have no department on record."
            ),
        ),
        (
            "project_team",
            rule.project_teams.all(),
            profile.project_team,
            gettext_lazy("This group is for the %(allowed)s team; your team is %(yours)s."),
            gettext_lazy("This group is for the %(allowed)s team; you are not in a project team."),
        ),
    ]
    for code, allowed, yours, message, message_missing in checks:
        allowed = list(allowed)
        if not allowed:
            continue
        if yours is None:
            fail(EntryFailure(code, str(message_missing) % {"allowed": _names(allowed)}))
        elif yours.pk not in {item.pk for item in allowed}:
            fail(EntryFailure(code, str(message) % {"allowed": _names(allowed), "yours": yours}))
    if rule.hired_after or rule.hired_before:
        hired = profile.hire_date
        if hired is None:
            fail(
                EntryFailure(
                    "hire_date", _("This group depends on the hire date; yours is not on record.")
                )
            )
        else:
            if rule.hired_after and hired < rule.hired_after:
                fail(
                    EntryFailure(
                        "hired_after",
                        _(
                            "This group is for people hired on or after %(date)s; "
                            "you were hired on %(yours)s."
                        )
                        % {"date": date_text(rule.hired_after), "yours": date_text(hired)},
                    )
                )
            if rule.hired_before and hired > rule.hired_before:
                fail(
                    EntryFailure(
                        "hired_before",
                        _(
                            "This group is for people hired on or before %(date)s; "
                            "you were hired on %(yours)s."
                        )
                        % {"date": date_text(rule.hired_before), "yours": date_text(hired)},
                    )
                )
    return result


def entry_rule_q(rule: EntryRule) -> Q:
    """The rule as a filter on employee profiles (ignores invitation and approval)."""
    q = Q()
    if rule.min_level_id:
        q &= Q(level__rank__gte=rule.min_level.rank)
    if rule.max_level_id:
        q &= Q(level__rank__lte=rule.max_level.rank)
    for lookup, related in [
        ("region", rule.regions),
        ("subsidiary", rule.subsidiaries),
        ("department", rule.departments),
        ("project_team", rule.project_teams),
    ]:
        ids = [item.pk for item in related.all()]
        if ids:
            q &= Q(**{f"{lookup}__in": ids})
    if rule.hired_after:
        q &= Q(hire_date__gte=rule.hired_after)
    if rule.hired_before:
        q &= Q(hire_date__lte=rule.hired_before)
    return q


def entry_rule_preview(*, rule: EntryRule) -> QuerySet[EmployeeProfile]:
    """Active employees who meet the rule's conditions (a queryset; a fixed few queries).

    Invitation-only and approval are not conditions on a person, so they are ignored here.
    """
    return EmployeeProfile.objects.active().with_directory().filter(entry_rule_q(rule))


def entry_rule_for(target: Cohort | SubGroup) -> EntryRule | None:
    try:
        return (
            EntryRule.objects.select_related("min_level", "max_level", "approver_user")
            .prefetch_related("regions", "subsidiaries", "departments", "project_teams")
            .get(**{"cohort" if isinstance(target, Cohort) else "subgroup": target})
        )
    except EntryRule.DoesNotExist:
        return None


def profile_of(user) -> EmployeeProfile | None:
    return (
        EmployeeProfile.objects.select_related(
            "level", "region", "subsidiary", "department", "project_team"
        )
        .filter(user=user)
        .first()
    )
