"""Asking to be paired again: a mentee or their mentor gives a reason, the cohort's
organizers (and HR) decide. Granting ends the pairing and rules the pair out of later
matching runs; HR may name the new mentor at once. Every step is logged and told
through the outbox."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from learning.notifications.services import in_recipient_language, notification_send_many
from mentors.models import MatchExclusion, Pairing, PairingEvent, RepairRequest
from mentors.services.audit import pairing_event_log
from mentors.services.runs import pair_check, pairings_notify, person_names

MAX_REASON = 2000


def repair_request_check(*, actor, pairing: Pairing) -> str:
    """Why ``actor`` may not ask to leave ``pairing`` now, or ''. Reads only."""
    if actor is None or not actor.is_authenticated:
        return _("Sign in first.")
    if actor.pk not in (pairing.mentee_id, pairing.mentor_id):
        return _("Only the mentor or the newcomer of a pair can ask to be paired again.")
    if pairing.status != Pairing.Status.ACTIVE:
        return _("This pairing has already ended.")
    if RepairRequest.objects.filter(pairing=pairing, status=RepairRequest.Status.OPEN).exists():
        return _("A request for this pair is already waiting for a decision.")
    return ""


def repair_request_create(*, actor, pairing: Pairing, reason: str) -> RepairRequest:
    """Ask to be paired with someone else, with a reason; the pair's mentor or newcomer
    only, one open request per pair. The cohort's organizers and HR are told. Logged."""
    if actor is None or actor.pk not in (pairing.mentee_id, pairing.mentor_id):
        raise PermissionDenied(
            _("Only the mentor or the newcomer of a pair can ask to be paired again.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you want another pairing.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("At most %(count)d characters.") % {"count": MAX_REASON}}
        )
    try:
        with transaction.atomic():
            pairing = (
                Pairing.objects.select_for_update().select_related("cohort").get(pk=pairing.pk)
            )
            problem = repair_request_check(actor=actor, pairing=pairing)
            if problem:
                raise ValidationError({"pairing": problem})
            request = RepairRequest.objects.create(
                pairing=pairing, requested_by=actor, reason=reason
            )
            pairing_event_log(
                action=PairingEvent.Action.REPAIR_ASKED,
                actor=actor,
                cohort=pairing.cohort,
                pairing=pairing,
                reason=reason,
                changes={"request": request.pk},
            )
            cohort = pairing.cohort
            deciders = set(permissions.hr_organizers().values_list("pk", flat=True))
            deciders |= set(
                cohort.memberships.filter(role="organizer", status="active").values_list(
                    "user_id", flat=True
                )
            )
            notification_send_many(
                recipients=sorted(deciders),
                kind="mentors.repair_asked",
                title=in_recipient_language(
                    lambda: (
                        _("Someone asks to be paired again in %(cohort)s") % {"cohort": cohort.name}
                    )
                ),
                url="/admin/mentors/repairs/",
                dedupe_key=f"mentors-repair:{request.pk}",
            )
    except IntegrityError:
        raise ValidationError(
            {"pairing": _("A request for this pair is already waiting for a decision.")}
        ) from None
    return request


def repair_request_decide(
    *,
    actor,
    request: RepairRequest,
    grant: bool,
    note: str = "",
    new_mentor=None,
    over_capacity: bool = False,
) -> RepairRequest:
    """Grant or decline a re-pair request; the cohort's organizers and HR only, once.

    Granting ends the pairing, excludes the pair from later runs and, with
    ``new_mentor`` (checked against the engine's hard constraints), starts the new
    pairing at once (past the new mentor's capacity only with ``over_capacity``, which
    the log records). The asker and the other side are told. Logged.
    """
    cohort = request.pairing.cohort
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can decide re-pair requests."))
    if len(note or "") > MAX_REASON:
        raise ValidationError({"note": _("At most %(count)d characters.") % {"count": MAX_REASON}})
    if new_mentor is not None and not grant:
        raise ValidationError({"new_mentor": _("Name a new mentor only when granting.")})
    with transaction.atomic():
        request = (
            RepairRequest.objects.select_for_update(of=("self",))
            .select_related("pairing__cohort")
            .get(pk=request.pk)
        )
        if request.status != RepairRequest.Status.OPEN:
            raise ValidationError({"status": _("This request has already been decided.")})
        pairing = Pairing.objects.select_for_update().get(pk=request.pairing_id)
        started = []
        if grant:
            if pairing.status == Pairing.Status.ACTIVE:
                pairing.status = Pairing.Status.ENDED
                pairing.ended_at = timezone.now()
                pairing.save(update_fields=["status", "ended_at"])
            MatchExclusion.objects.get_or_create(
                cohort=cohort,
                mentee_id=pairing.mentee_id,
                mentor_id=pairing.mentor_id,
                defaults={"reason": request.reason[:300], "created_by": actor},
            )
            if new_mentor is not None:
                problem, _parts = pair_check(
                    cohort=cohort,
                    mentee_id=pairing.mentee_id,
                    mentor_id=new_mentor.pk,
                    over_capacity=over_capacity,
                )
                if problem:
                    raise ValidationError({"new_mentor": problem})
                started.append(
                    Pairing.objects.create(
                        cohort=cohort, mentor=new_mentor, mentee_id=pairing.mentee_id
                    )
                )
        request.status = RepairRequest.Status.GRANTED if grant else RepairRequest.Status.DECLINED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.note = (note or "").strip()
        request.save(update_fields=["status", "decided_by", "decided_at", "note"])
        pairing_event_log(
            action=PairingEvent.Action.REPAIR_DECIDED,
            actor=actor,
            cohort=cohort,
            pairing=pairing,
            reason=request.note,
            changes={
                "request": request.pk,
                "status": request.status,
                "new_mentor": getattr(new_mentor, "pk", None),
                **({"over_capacity": True} if new_mentor is not None and over_capacity else {}),
            },
        )
        for new in started:
            pairing_event_log(
                action=PairingEvent.Action.PAIRING_STARTED,
                actor=actor,
                cohort=cohort,
                pairing=new,
                changes={"mentee": new.mentee_id, "mentor": new.mentor_id},
            )
        granted = grant
        other_id = (
            pairing.mentor_id if request.requested_by_id == pairing.mentee_id else pairing.mentee_id
        )
        other = person_names([other_id]).get(other_id, "")
        notification_send_many(
            recipients=[request.requested_by_id],
            kind="mentors.repair_decided",
            title=in_recipient_language(
                lambda: (
                    (
                        _("Your request to leave your pairing with %(name)s is granted")
                        if granted
                        else _("Your request to leave your pairing with %(name)s is declined")
                    )
                    % {"name": other}
                )
            ),
            body=request.note,
            url=f"/cohorts/{cohort.slug}/",
            dedupe_key=f"mentors-repair-decided:{request.pk}",
        )
        if grant:
            pairings_notify(
                cohort=cohort, started=started, ended=[pairing], key=f"repair-{request.pk}"
            )
    return request
