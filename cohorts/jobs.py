"""Large bulk changes of cohorts run as background jobs (see ``learning.jobs``).

Adding thousands of people by rule, or generating sub-groups and filling them, takes
seconds plus the notifications. The admin and the API call the ``*_run`` functions here,
which check what can be checked at once (permission, conditions) and then run the
service in the request, or over ``GUILD_INLINE_BULK_MAX`` people start a job whose
handler calls the very same service with a progress callback.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import permissions, services
from cohorts.models import Cohort, Membership, SubGroup
from learning import jobs
from learning.conditions import DirectoryConditions
from learning.jobs import RunOrJob
from learning.models import Job

ADD_BY_RULE = "cohorts-add-by-rule"
SUBGROUPS_GENERATE = "cohorts-subgroups-generate"


def memberships_add_by_rule_run(
    *,
    actor,
    conditions: DirectoryConditions,
    cohort: Cohort | None = None,
    subgroup: SubGroup | None = None,
    reason: str = "",
    return_url: str = "",
) -> RunOrJob:
    """``memberships_add_by_rule`` now, or as a background job when it would add more
    than ``GUILD_INLINE_BULK_MAX`` people (``learning.jobs.job_run_or_start``).

    What can be checked at once is (``PermissionDenied``, ``ValidationError``), so a job
    is only started for work that can succeed; the seat limit is checked by the service
    itself, under the cohort's lock, wherever it runs.
    """
    if (cohort is None) == (subgroup is None):
        raise ValidationError({"target": _("Choose a cohort or a sub-group.")})
    target = subgroup.cohort if subgroup is not None else cohort
    if not permissions.can_manage_memberships(actor, target):
        raise PermissionDenied(_("Only organizers and the core team can add people."))
    count = services.memberships_add_by_rule_preview(
        cohort=target, conditions=conditions, actor=actor
    ).count()
    return jobs.job_run_or_start(
        size=count,
        run_now=lambda: services.memberships_add_by_rule(
            actor=actor, conditions=conditions, cohort=cohort, subgroup=subgroup, reason=reason
        ),
        kind=ADD_BY_RULE,
        params={
            "cohort": cohort.pk if cohort is not None else None,
            "subgroup": subgroup.pk if subgroup is not None else None,
            "filters": conditions.as_params(),
            "reason": reason,
        },
        user=actor,
        title=_("Add %(count)d people to %(target)s")
        % {"count": count, "target": subgroup or cohort},
        return_url=return_url,
    )


def subgroups_generate_run(
    *,
    cohort: Cohort,
    dimension: str,
    actor,
    custom_key: str = "",
    add_members: bool = True,
    opens_at: datetime.datetime | None = None,
    return_url: str = "",
) -> RunOrJob:
    """``subgroups_generate`` now, or as a background job when it would fill the groups
    with more than ``GUILD_INLINE_BULK_MAX`` members (``learning.jobs.job_run_or_start``).

    Permission and the dimension are checked at once, as the service would.
    """
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only organizers can create sub-groups."))
    services.subgroups_preview(
        cohort=cohort, dimension=dimension, custom_key=custom_key, actor=actor
    )
    count = (
        Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE).count()
        if add_members
        else 0
    )
    return jobs.job_run_or_start(
        size=count,
        run_now=lambda: services.subgroups_generate(
            cohort=cohort,
            dimension=dimension,
            custom_key=custom_key,
            actor=actor,
            add_members=add_members,
            opens_at=opens_at,
        ),
        kind=SUBGROUPS_GENERATE,
        params={
            "cohort": cohort.pk,
            "dimension": dimension,
            "custom_key": custom_key,
            "opens_at": opens_at.isoformat() if opens_at else None,
        },
        user=actor,
        title=_("Generate sub-groups for %(count)d members of %(cohort)s")
        % {"count": count, "cohort": cohort.name},
        return_url=return_url,
    )


def _add_by_rule_run(job: Job, progress) -> dict:
    params = job.params
    cohort = Cohort.objects.filter(pk=params["cohort"]).first() if params["cohort"] else None
    subgroup = (
        SubGroup.objects.select_related("cohort").filter(pk=params["subgroup"]).first()
        if params["subgroup"]
        else None
    )
    if cohort is None and subgroup is None:
        raise ValidationError(_("The cohort or sub-group no longer exists."))
    added = services.memberships_add_by_rule(
        actor=job.created_by,
        conditions=DirectoryConditions.from_values(params["filters"]),
        cohort=cohort,
        subgroup=subgroup,
        reason=params["reason"],
        progress=progress,
    )
    with jobs.job_starter_language(job):
        message = ngettext(
            "%(count)d person added to %(target)s.",
            "%(count)d people added to %(target)s.",
            len(added),
        ) % {"count": len(added), "target": subgroup or cohort}
    return {"added": len(added), "message": message}


def _datetime(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _subgroups_generate_run(job: Job, progress) -> dict:
    params = job.params
    cohort = Cohort.objects.filter(pk=params["cohort"]).first()
    if cohort is None:
        raise ValidationError(_("The cohort no longer exists."))
    created = services.subgroups_generate(
        cohort=cohort,
        dimension=params["dimension"],
        custom_key=params["custom_key"],
        actor=job.created_by,
        add_members=True,
        opens_at=_datetime(params.get("opens_at")),
        progress=progress,
    )
    with jobs.job_starter_language(job):
        message = ngettext(
            "%(count)d sub-group created in %(cohort)s.",
            "%(count)d sub-groups created in %(cohort)s.",
            len(created),
        ) % {"count": len(created), "cohort": cohort.name}
    return {"created": len(created), "message": message}


HANDLERS = {ADD_BY_RULE: _add_by_rule_run, SUBGROUPS_GENERATE: _subgroups_generate_run}
