"""Mentor profiles and who may mentor: a veteran opts in and says how many mentees,
what they know, where and in which languages; a program's or cohort's rule (tenure and
level) decides whom the matching engine may pick."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort
from learning.models import Region
from mentors.models import MentorProfile, MentorRule, PairingEvent
from mentors.services.audit import pairing_event_log

PROFILE_FIELDS = frozenset(
    {
        "opted_in",
        "capacity",
        "products",
        "skills",
        "regions",
        "languages",
        "availability",
        "contact",
    }
)
MAX_TAGS = 20
MAX_TAG_LENGTH = 40


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def mentor_rule_for(cohort: Cohort) -> MentorRule:
    """The rule that holds for ``cohort``: its own, else its program's, else the
    default (an unsaved rule). Reads only."""
    rule = (
        MentorRule.objects.filter(cohort=cohort).select_related("min_level").first()
        or MentorRule.objects.filter(program_id=cohort.program_id)
        .select_related("min_level")
        .first()
    )
    return rule or MentorRule(cohort=cohort)


def mentor_eligibility_check(profile, *, cohort: Cohort, rule: MentorRule | None = None) -> str:
    """Why the employee ``profile`` may not mentor in ``cohort``, or ''. Reads only
    (give ``rule`` and load ``profile.level`` to ask for many people without queries)."""
    rule = rule or mentor_rule_for(cohort)
    if not profile.is_active:
        return _("Only active employees can mentor.")
    if rule.min_tenure_months:
        if profile.hire_date is None:
            return _("The hire date is unknown, so tenure cannot be checked.")
        if profile.hire_date > months_before(cohort.start_date, rule.min_tenure_months):
            return _("Mentors need at least %(months)d months with the company.") % {
                "months": rule.min_tenure_months
            }
    if rule.min_level_id and profile.level.rank < rule.min_level.rank:
        return _("Mentors need to be at level %(level)s or above.") % {"level": rule.min_level}
    return ""


def _tags_clean(name: str, value, errors: dict) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(tag, str) for tag in value):
        errors[name] = [_("Give a list of words.")]
        return []
    tags = list(dict.fromkeys(tag.strip().lower() for tag in value if tag.strip()))
    if len(tags) > MAX_TAGS:
        errors[name] = [_("At most %(count)d tags.") % {"count": MAX_TAGS}]
    elif any(len(tag) > MAX_TAG_LENGTH for tag in tags):
        errors[name] = [_("Each tag has at most %(count)d characters.") % {"count": MAX_TAG_LENGTH}]
    return tags


def mentor_profile_save(*, actor, user, changes: dict) -> MentorProfile:
    """Create or change ``user``'s mentor profile: the person themself or HR.

    ``changes`` may hold ``PROFILE_FIELDS`` only; tags are trimmed, lower-cased and
    de-duplicated; languages must be the site's; regions are ids. Every problem is
    reported by field and nothing is saved. Logged. Safe to repeat.
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to mentor."))
    if actor.pk != user.pk and not permissions.is_hr_organizer(actor):
        raise PermissionDenied(_("Only HR can change another person's mentor profile."))
    if not hasattr(user, "profile") or not user.profile.is_active:
        raise ValidationError(_("Only active employees can mentor."))
    unknown = sorted(set(changes) - PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    errors: dict[str, list[str]] = {}
    values = dict(changes)
    for name in ("products", "skills"):
        if name in values:
            values[name] = _tags_clean(name, values[name], errors)
    if "languages" in values:
        known = {code for code, _name in settings.LANGUAGES}
        languages = values["languages"]
        if isinstance(languages, str):
            languages = [languages]
        if not isinstance(languages, list | tuple) or not set(languages) <= known:
            errors["languages"] = [_("Choose languages from the list.")]
        else:
            values["languages"] = sorted(set(languages))
    if "capacity" in values:
        capacity = values["capacity"]
        if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 20:
            errors["capacity"] = [_("Choose from 1 to 20 mentees.")]
    for name in ("availability", "contact"):
        if name in values and (not isinstance(values[name], str) or len(values[name]) > 200):
            errors[name] = [_("At most 200 characters.")]
    if "opted_in" in values and not isinstance(values["opted_in"], bool):
        errors["opted_in"] = [_("Say yes or no.")]
    regions = None
    if "regions" in values:
        ids = values.pop("regions")
        try:
            ids = sorted({int(getattr(region, "pk", region)) for region in ids or ()})
        except (TypeError, ValueError):
            ids = None
        regions = list(Region.objects.filter(pk__in=ids or [])) if ids is not None else None
        if regions is None or len(regions) != len(ids):
            errors["regions"] = [_("Choose regions from the list.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        profile, created = MentorProfile.objects.select_for_update().get_or_create(user=user)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["user"])
        profile.save()
        if regions is not None:
            profile.regions.set(regions)
        pairing_event_log(
            action=PairingEvent.Action.PROFILE_SAVED,
            actor=actor,
            changes={
                "user": user.pk,
                "created": created,
                **{name: value for name, value in values.items()},
                **({"regions": [r.pk for r in regions]} if regions is not None else {}),
            },
        )
    return profile


def mentor_rule_set(
    *, actor, cohort: Cohort | None = None, program=None, min_tenure_months: int, min_level=None
) -> MentorRule:
    """Set who may mentor in a cohort or a program (HR and the cohort's organizers).
    Logged. Safe to repeat."""
    if (cohort is None) == (program is None):
        raise ValidationError({"cohort": _("Choose a cohort or a program.")})
    if cohort is not None and not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can set who may mentor."))
    if program is not None and not permissions.is_hr_organizer(actor):
        raise PermissionDenied(_("Only HR can set who may mentor in a program."))
    if (
        isinstance(min_tenure_months, bool)
        or not isinstance(min_tenure_months, int)
        or not 0 <= min_tenure_months <= 600
    ):
        raise ValidationError({"min_tenure_months": _("Give a number of months from 0 to 600.")})
    with transaction.atomic():
        rule, _created = MentorRule.objects.update_or_create(
            cohort=cohort,
            program=program,
            defaults={"min_tenure_months": min_tenure_months, "min_level": min_level},
        )
        pairing_event_log(
            action=PairingEvent.Action.RULE_SET,
            actor=actor,
            cohort=cohort,
            changes={
                "program": getattr(program, "pk", None),
                "min_tenure_months": min_tenure_months,
                "min_level": getattr(min_level, "pk", None),
            },
        )
    return rule
