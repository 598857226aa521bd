"""Reports against a member or a post, and the enforcers' decisions on them."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from cohorts.models import (
    Cohort,
    Membership,
    MembershipEvent,
    Post,
    Report,
)
from cohorts.services.audit import audit_log, cohort_url
from cohorts.services.memberships import membership_remove, membership_remove_check
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
    notification_send_many,
)

Status = Membership.Status
Role = Membership.Role
Action = MembershipEvent.Action


def report_create(
    *,
    cohort: Cohort,
    reporter,
    reason: str,
    target_member: Membership | None = None,
    target_post: Post | None = None,
    rule_excerpt: str = "",
) -> Report:
    """Report a member or a post for breaking the group rules; enforcers review it.

    Any active member may report someone else, or a post they can see: a post in a
    sub-group they cannot read, or a hidden one, is answered as if it did not exist, so a
    report cannot confirm that it does. Logged. Each call is a new report.
    """
    if not permissions.is_member(reporter, cohort):
        raise PermissionDenied(_("Only members can report."))
    reason = (reason or "").strip()
    errors = {}
    if target_member is None and target_post is None:
        errors["target"] = _("Say which member or post you are reporting.")
    if target_post is not None and (
        target_post.cohort_id != cohort.pk or not permissions.can_view_post(reporter, target_post)
    ):
        errors["target_post"] = _("This post is not in this cohort.")
    if target_member is None and target_post is not None and "target_post" not in errors:
        target_member = Membership.objects.filter(
            cohort=cohort, user_id=target_post.author_id
        ).first()
    if target_member is not None and target_member.user_id == reporter.pk:
        errors["target_member"] = _("You cannot report yourself.")
    elif (
        target_member is not None
        and target_post is None
        and (target_member.cohort_id != cohort.pk or target_member.status != Status.ACTIVE)
    ):
        # A post stays reportable after its author left; a person must still be here.
        errors["target_member"] = _("This person is not in this cohort.")
    if not reason:
        errors["reason"] = _("Say what happened.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = Report.objects.create(
            cohort=cohort,
            reporter=reporter,
            target_member=target_member,
            target_post=target_post,
            reason=reason,
            rule_excerpt=(rule_excerpt or "").strip(),
        )
        audit_log(
            cohort=cohort,
            action=Action.REPORTED,
            actor=reporter,
            membership=target_member,
            report=report,
            changes={"post": target_post.pk if target_post else None},
        )
        _report_filed_notify(report)
    return report


def _report_filed_notify(report: Report) -> None:
    """Tell the enforcers a report waits for them (``permissions.report_enforcers``), never
    the person reported nor the reporter; once per report."""
    cohort = report.cohort
    post = report.target_post
    about = {report.reporter_id}
    if report.target_member_id:
        about.add(report.target_member.user_id)
    enforcers = permissions.report_enforcers(
        cohort, subgroup=post.subgroup if post is not None else None, excluding=about
    )
    notification_send_many(
        recipients=enforcers,
        kind="cohort.report_filed",
        title=in_recipient_language(
            lambda: _("A new report in %(cohort)s") % {"cohort": cohort.name}
        ),
        body=report.reason[:300],
        url=reverse("cohorts:queue"),
        dedupe_key=f"report-filed:{report.pk}",
    )


def report_decide(
    *,
    report: Report,
    actor,
    outcome: str,
    note: str = "",
    mute_until: datetime.datetime | None = None,
) -> Report:
    """Decide a report: dismiss it, warn, mute until a date, or remove the member.

    Only enforcers and organizers, and never by the person the report is about. A mute
    stops the member posting until the date; an action on a post also hides it. The
    reporter is told the outcome. Refuses a report already decided.
    """
    cohort = report.cohort
    if not permissions.can_moderate(actor, cohort):
        raise PermissionDenied(_("Only the enforcers of the group rules can decide reports."))
    if report.target_member_id and report.target_member.user_id == actor.pk:
        # Nobody judges a complaint about themselves; another enforcer, an organizer or
        # HR decides it.
        raise PermissionDenied(_("A report about you is decided by someone else."))
    if outcome not in Report.Outcome.values:
        raise ValidationError({"outcome": _("Choose dismiss, warn, mute or remove.")})
    if outcome == Report.Outcome.MUTE:
        if mute_until is None:
            raise ValidationError({"mute_until": _("Say until when the member is muted.")})
        if mute_until <= timezone.now():
            raise ValidationError({"mute_until": _("Choose a time in the future.")})
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.OPEN:
            raise ValidationError({"report": _("This report has already been decided.")})
        target = report.target_member
        if target is None and outcome in {
            Report.Outcome.MUTE,
            Report.Outcome.REMOVE,
            Report.Outcome.WARN,
        }:
            raise ValidationError({"outcome": _("The reported person is no longer a member.")})
        if outcome in {Report.Outcome.MUTE, Report.Outcome.REMOVE}:
            # Moderation obeys the rule of ordinary removal: an enforcer cannot remove (or
            # silence) an organizer or the operations team by way of a report.
            membership_remove_check(membership=target, actor=actor, moderating=True)
        report.outcome = outcome
        report.status = (
            Report.Status.DISMISSED if outcome == Report.Outcome.DISMISS else Report.Status.ACTIONED
        )
        report.mute_until = mute_until if outcome == Report.Outcome.MUTE else None
        report.decided_by = actor
        report.decided_at = timezone.now()
        report.note = (note or "").strip()
        report.save()
        audit_log(
            cohort=cohort,
            action=Action.REPORT_DECIDED,
            actor=actor,
            membership=target,
            report=report,
            changes={"outcome": outcome},
            reason=report.note,
        )
        if outcome != Report.Outcome.DISMISS and report.target_post_id:
            Post.objects.filter(pk=report.target_post_id).update(hidden=True)
        if outcome == Report.Outcome.MUTE:
            Membership.objects.filter(pk=target.pk).update(muted_until=mute_until)
            audit_log(
                cohort=cohort,
                action=Action.MUTED,
                actor=actor,
                membership=target,
                report=report,
                changes={"muted_until": mute_until.isoformat()},
            )
            permissions.forget_memberships(target.user)
        elif outcome == Report.Outcome.WARN:
            audit_log(
                cohort=cohort, action=Action.WARNED, actor=actor, membership=target, report=report
            )
            notification_send(
                recipient=target.user,
                kind="cohort.warning",
                title=in_recipient_language(
                    lambda: _("A warning in %(cohort)s") % {"cohort": cohort.name}
                ),
                body=report.note
                or in_recipient_language(lambda: _("An enforcer reminded you of the group rules.")),
                url=cohort_url(cohort),
                dedupe_key=f"report-warning:{report.pk}",
            )
        elif outcome == Report.Outcome.REMOVE:
            membership_remove(membership=target, actor=actor, reason=report.note, report=report)
        # What a higher layer reported through this report (a question on the Q&A
        # board) follows the decision as a post does.
        for fn in hooks.get_hooks("guild_report_decided"):
            fn(report=report)
        notification_send(
            recipient=report.reporter,
            kind="cohort.report_decided",
            title=in_recipient_language(
                lambda: _("Your report in %(cohort)s") % {"cohort": cohort.name}
            ),
            body=in_recipient_language(
                lambda: (
                    _("Outcome: %(outcome)s.") % {"outcome": report.get_outcome_display()}
                    + (f" {report.note}" if report.note else "")
                )
            ),
            url=cohort_url(cohort),
            dedupe_key=f"report-decided:{report.pk}",
        )
    return report
