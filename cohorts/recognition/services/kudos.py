"""Giving, withdrawing and reporting kudos, and how each person likes to be recognized."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from cohorts.engagement.services import award as points_award
from cohorts.engagement.services import withdraw as points_withdraw
from cohorts.models import Cohort, Membership, Post, Report
from cohorts.recognition import selectors
from cohorts.recognition.declarations import PROMPT_BY_CODE
from cohorts.recognition.models import (
    Kudos,
    KudosReceiver,
    KudosReport,
    RecognitionPreference,
    Visibility,
)
from cohorts.recognition.services.common import active_member_check, raise_if
from cohorts.services import report_create
from learning.notifications.services import in_recipient_language, notification_send

# The points rule of kudos received (declared in ``wagtail_hooks``, kept by
# ``cohorts.engagement``'s ledger).
RULE_KUDOS_RECEIVED = "kudos_received"
MESSAGE_MAX = 2000
NOTE_MAX = 200
RECEIVERS_MAX = 10


def kudos_url(kudos: Kudos) -> str:
    return f"/cohorts/{kudos.cohort.slug}/kudos/#kudos-{kudos.pk}"


def kudos_give_check(*, cohort: Cohort, giver, receivers) -> Exception | None:
    """Whether ``giver`` may thank ``receivers`` in ``cohort``: an active, unmuted member
    thanking one to ten other active members. Reads only; the first refusal or None."""
    refusal = active_member_check(giver, cohort)
    if refusal is not None:
        return refusal
    receivers = list(receivers)
    if not receivers:
        return ValidationError({"receivers": _("Choose at least one person to thank.")})
    if len(receivers) > RECEIVERS_MAX:
        return ValidationError(
            {"receivers": _("Thank at most %(n)s people at once.") % {"n": RECEIVERS_MAX}}
        )
    if any(user.pk == giver.pk for user in receivers):
        return ValidationError({"receivers": _("Kudos are for someone else, not yourself.")})
    members = set(
        Membership.objects.filter(
            cohort=cohort, status=Membership.Status.ACTIVE, user__in=receivers
        ).values_list("user_id", flat=True)
    )
    outside = [user for user in receivers if user.pk not in members]
    if outside:
        return ValidationError(
            {
                "receivers": _("Not a member of this cohort: %(names)s.")
                % {"names": get_text_list([str(u) for u in outside], _("and"))}
            }
        )
    return None


def _visibility(receivers, *, private: bool) -> str:
    """Private when the giver says so or any receiver prefers quiet thanks."""
    if private:
        return Visibility.PRIVATE
    prefers_private = RecognitionPreference.objects.filter(
        user__in=receivers, visibility=Visibility.PRIVATE
    ).exists()
    return Visibility.PRIVATE if prefers_private else Visibility.PUBLIC


def _feed_text(kudos: Kudos, receivers, value_label: str) -> str:
    names = get_text_list([str(user) for user in receivers], _("and"))
    if value_label:
        head = _("Kudos to %(names)s · %(value)s") % {"names": names, "value": value_label}
    else:
        head = _("Kudos to %(names)s") % {"names": names}
    return f"{head}\n\n{kudos.message}"


def kudos_give(
    *,
    cohort: Cohort,
    giver,
    receivers,
    message: str,
    value: str = "",
    private: bool = False,
    prompt: str = "",
) -> Kudos:
    """Thank one or several members of the cohort.

    Public kudos go to the cohort's feed as a post by the giver; they are private (seen
    by giver, receivers and organizers only) when the giver asks or any receiver prefers
    quiet thanks. Each receiver is told through the outbox, in the same transaction.
    Not idempotent: each call is a new thank-you.
    """
    receivers = list(dict.fromkeys(receivers))
    raise_if(kudos_give_check(cohort=cohort, giver=giver, receivers=receivers))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say what you are thanking them for.")})
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Keep kudos under %(n)s characters.") % {"n": f"{MESSAGE_MAX:,}"}}
        )
    values = {choice.code: choice.label for choice in selectors.kudos_values(cohort)}
    if value and value not in values:
        raise ValidationError({"value": _("Choose one of the cohort's values, or none.")})
    if prompt and prompt not in PROMPT_BY_CODE:
        prompt = ""
    with transaction.atomic():
        kudos = Kudos.objects.create(
            cohort=cohort,
            giver=giver,
            message=message,
            value=value,
            prompt=prompt,
            visibility=_visibility(receivers, private=private),
        )
        KudosReceiver.objects.bulk_create(
            KudosReceiver(kudos=kudos, user=user) for user in receivers
        )
        if kudos.visibility == Visibility.PUBLIC:
            kudos.post = Post.objects.create(
                cohort=cohort,
                author=giver,
                kind=Post.Kind.POST,
                body=_feed_text(kudos, receivers, str(values.get(value, ""))),
            )
            kudos.save(update_fields=["post"])
        for user in receivers:
            notification_send(
                recipient=user,
                kind="recognition.kudos",
                title=in_recipient_language(
                    lambda: (
                        _("%(giver)s thanks you in %(cohort)s")
                        % {"giver": giver, "cohort": cohort.name}
                    )
                ),
                body=message[:500],
                url=kudos_url(kudos),
                dedupe_key=f"kudos:{kudos.pk}:{user.pk}",
            )
        _points_follow(kudos)
    return kudos


def _points_follow(kudos: Kudos) -> None:
    """Points for kudos received follow the kudos: each receiver's while the kudos stand,
    withdrawn (kept in the ledger) once the giver withdraws them or moderation hides
    them. In the caller's transaction; safe to repeat (the ledger counts a cause once)."""
    if kudos.is_live:
        for row in kudos.receiver_rows.select_related("user"):
            points_award(
                person=row.user,
                cohort=kudos.cohort_id,
                rule=RULE_KUDOS_RECEIVED,
                cause=kudos,
                at=kudos.created_at,
            )
    else:
        points_withdraw(rule=RULE_KUDOS_RECEIVED, cause=kudos)


def kudos_withdraw(*, kudos: Kudos, actor) -> Kudos:
    """The giver takes their kudos back: gone from every page, the feed and the wall.
    Safe to repeat."""
    if actor is None or kudos.giver_id != actor.pk:
        raise PermissionDenied(_("Only the person who gave kudos can withdraw them."))
    with transaction.atomic():
        kudos = Kudos.objects.select_for_update().get(pk=kudos.pk)
        if kudos.withdrawn_at is None:
            kudos.withdrawn_at = timezone.now()
            kudos.save(update_fields=["withdrawn_at"])
            if kudos.post_id:
                Post.objects.filter(pk=kudos.post_id).update(hidden=True)
            _points_follow(kudos)
    return kudos


def kudos_report(*, kudos: Kudos, reporter, reason: str) -> Report:
    """Report kudos to the enforcers of the group rules (as a report about the giver),
    through the cohort's own reports. Whoever sees them may report them, except the
    giver; each call is a new report."""
    if selectors.kudos_for(reporter, pk=kudos.pk) is None:
        raise PermissionDenied(_("These kudos are not open to you."))
    if kudos.giver_id == reporter.pk:
        raise ValidationError({"kudos": _("Withdraw your own kudos instead of reporting them.")})
    membership = Membership.objects.filter(
        cohort_id=kudos.cohort_id, user_id=kudos.giver_id
    ).first()
    if membership is None:
        raise ValidationError(
            {"kudos": _("The giver is not a member of this cohort; tell an organizer.")}
        )
    with transaction.atomic():
        report = report_create(
            cohort=kudos.cohort, reporter=reporter, reason=reason, target_member=membership
        )
        KudosReport.objects.create(report=report, kudos=kudos)
    return report


def report_subjects(reports) -> dict[int, dict]:
    """For the cohort's queue: what each kudos report is about (one query). Private
    kudos are named without their words: the queue is read by enforcers too."""
    subjects = {}
    for link in KudosReport.objects.filter(report_id__in=[r.pk for r in reports]).select_related(
        "kudos__cohort"
    ):
        kudos = link.kudos
        private = kudos.visibility == Visibility.PRIVATE
        subjects[link.report_id] = {
            "label": _("Private kudos") if private else _("Kudos"),
            "text": "" if private else kudos.message[:200],
            "url": kudos_url(kudos),
        }
    return subjects


def report_decided(*, report: Report) -> None:
    """Hide the reported kudos (and their feed post) when the decision acted on them; a
    dismissed report leaves them. Safe to repeat."""
    if report.status != Report.Status.ACTIONED:
        return
    link = KudosReport.objects.filter(report=report).select_related("kudos").first()
    if link is None or link.kudos.hidden:
        return
    kudos = link.kudos
    kudos.hidden = True
    kudos.save(update_fields=["hidden"])
    if kudos.post_id:
        Post.objects.filter(pk=kudos.post_id).update(hidden=True)
    _points_follow(kudos)


def preference_set(*, user, visibility: str, note: str = "") -> RecognitionPreference:
    """Say how one likes to be recognized; kudos given from now on respect it. Safe to
    repeat."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose public or private.")})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX}}
        )
    preference, _created = RecognitionPreference.objects.update_or_create(
        user=user, defaults={"visibility": visibility, "note": note}
    )
    return preference
