"""Whether a person meets an entry rule, and why not in words they understand.

Pure reads, so that pages, the API, permissions and the services themselves ask the same
question the same way before anyone acts. The conditions on a person are the directory's
own (``learning.conditions``); a rule adds only "by invitation only".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cohorts.models import Cohort, EntryRule, SubGroup
from learning.conditions import ConditionFailure, date_text
from learning.directory import profile_of
from learning.models import EmployeeProfile

__all__ = [
    "EntryCheck",
    "EntryFailure",
    "date_text",
    "entry_rule_check",
    "entry_rule_for",
    "entry_rule_preview",
    "profile_of",
]

# A failed condition of an entry rule: a stable code and a sentence for the person.
EntryFailure = ConditionFailure

RULE_LISTS = ("regions", "subsidiaries", "departments", "project_teams")


@dataclass
class EntryCheck:
    """An entry rule's verdict on one person: every condition they fail, or none."""

    failures: list[EntryFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def messages(self) -> list[str]:
        return [failure.message for failure in self.failures]


def entry_rule_check(
    *, rule: EntryRule, profile: EmployeeProfile | None, invited: bool = False
) -> EntryCheck:
    """Every condition of ``rule`` that ``profile`` fails, each with a specific message.

    Pure read; prefetch the rule's lists (``RULE_LISTS``) to keep it free of queries. An
    invitation lifts the "invitation only" condition, nothing else.
    """
    if profile is None:
        return EntryCheck(
            [EntryFailure("no_profile", _("You are not in the company directory yet."))]
        )
    failures = []
    if rule.invitation_only and not invited:
        failures.append(EntryFailure("invitation_only", _("This group is by invitation only.")))
    failures.extend(rule.conditions().failures(profile))
    return EntryCheck(failures)


def entry_rule_preview(*, rule: EntryRule) -> QuerySet[EmployeeProfile]:
    """Active employees who meet the rule's conditions (a queryset; a fixed few queries).

    Invitation-only and approval are not conditions on a person, so they are ignored here.
    """
    return EmployeeProfile.objects.active().with_directory().filter(rule.conditions().q())


def entry_rule_for(target: Cohort | SubGroup) -> EntryRule | None:
    """The entry rule of a cohort or a sub-group, ready to check without more queries."""
    return (
        EntryRule.objects.select_related("min_level", "max_level", "approver_user")
        .prefetch_related(*RULE_LISTS)
        .filter(**{"cohort" if isinstance(target, Cohort) else "subgroup": target})
        .first()
    )
