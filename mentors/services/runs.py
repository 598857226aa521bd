"""Matching runs: HR starts one for a cohort, the engine proposes pairs (in a background
job with progress when the cohort is large), HR locks or changes pairs, re-runs around
the locked ones, and publishes. Publishing writes the ``Pairing`` rows in one
transaction and tells both sides through the outbox; every step is in the audit log.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Cohort
from learning import jobs
from learning.jobs import JobKind, RunOrJob
from learning.models import User
from learning.notifications.services import in_recipient_language, notification_send_many
from mentors import matching
from mentors.models import MatchExclusion, MatchProposal, MatchRun, Pairing, PairingEvent
from mentors.services.audit import pairing_event_log
from mentors.services.pool import cohort_pool, parts_json

MATCH_RUN_JOB = "mentors-match-run"
STAGE_LOAD, STAGE_SOLVE, STAGE_SAVE = "load", "solve", "save"
Action = PairingEvent.Action


def matching_permission_check(actor, cohort: Cohort) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` organizes ``cohort``."""
    if not permissions.can_change_cohort(actor, cohort):
        raise PermissionDenied(_("Only the cohort's organizers can match mentors."))


def weights_clean(data: dict | None) -> matching.Weights:
    """``Weights`` from what HR typed, or a ``ValidationError`` on the field at fault."""
    if data is not None and not isinstance(data, dict):
        raise ValidationError({"weights": _("Give the weights as names and numbers.")})
    unknown = sorted(set(data or {}) - set(matching.Weights().as_dict()))
    if unknown:
        raise ValidationError({name: _("No weight of this name exists.") for name in unknown})
    try:
        return matching.Weights.from_dict(data)
    except ValueError as error:
        name = str(error)
        if name == "level_gap_min":
            message = _("The smallest level gap must not exceed the largest.")
        else:
            message = _("Give a number of zero or more.")
        raise ValidationError({name: message}) from None


def match_run_start(
    *, actor, cohort: Cohort, weights: dict | None = None, return_url=""
) -> RunOrJob:
    """Start a matching run for ``cohort`` with ``weights`` (defaults for those not
    given); organizers only. Small cohorts are solved in the request, larger ones in a
    background job (``learning.jobs.job_run_or_start``); either way the result is a run
    in "ready for review". Open runs of the cohort are discarded: one review at a time.
    Logged. Each call is a new run.
    """
    matching_permission_check(actor, cohort)
    clean = weights_clean(weights)
    with transaction.atomic():
        MatchRun.objects.filter(cohort=cohort, status__in=MatchRun.OPEN).update(
            status=MatchRun.Status.DISCARDED
        )
        run = MatchRun.objects.create(cohort=cohort, weights=clean.as_dict(), created_by=actor)
        pairing_event_log(
            action=Action.RUN_STARTED,
            actor=actor,
            cohort=cohort,
            run=run,
            changes={"weights": clean.as_dict()},
        )
        return _solve_now_or_later(actor=actor, run=run, return_url=return_url)


def _solve_now_or_later(*, actor, run: MatchRun, return_url: str) -> RunOrJob:
    size = run.cohort.memberships.filter(role="newcomer", status="active").count()
    outcome = jobs.job_run_or_start(
        size=size,
        run_now=lambda: match_run_solve(run=run),
        kind=MATCH_RUN_JOB,
        params={"run": run.pk},
        user=actor,
        title=_("Match mentors in %(cohort)s") % {"cohort": run.cohort},
        return_url=return_url,
    )
    if outcome.job is not None:
        MatchRun.objects.filter(pk=run.pk).update(job=outcome.job)
        run.job = outcome.job
        return RunOrJob(job=outcome.job, result=run)
    return RunOrJob(result=outcome.result)


def match_run_solve(*, run: MatchRun, progress=None) -> MatchRun:
    """Solve ``run``: keep its locked proposals (on a first run, the cohort's active
    pairings), let the engine place everyone else, and replace the unlocked proposals
    with the new ones. Safe to run twice: the same input gives the same proposals.
    """
    progress = progress or (lambda stage, done, total: None)
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
        if run.status not in MatchRun.OPEN:
            raise ValidationError(_("This run is over; start a new one."))
        progress(STAGE_LOAD, 0, 1)
        kept = {row.mentee_id: row for row in MatchProposal.objects.filter(run=run, locked=True)}
        first = run.solved_at is None and not kept
        pool = cohort_pool(run.cohort, keep_mentors={row.mentor_id for row in kept.values()})
        locked = dict(pool.paired) if first else {m: row.mentor_id for m, row in kept.items()}
        newcomer_ids = {person.id for person in pool.newcomers}
        locked = {mentee: mentor for mentee, mentor in locked.items() if mentee in newcomer_ids}
        progress(STAGE_LOAD, 1, 1)
        progress(STAGE_SOLVE, 0, 1)
        weights = matching.Weights.from_dict(run.weights)
        problem = matching.problem_build(
            pool.newcomers, pool.mentors, weights=weights, locked=locked, excluded=pool.excluded
        )
        result = matching.solve(problem)
        progress(STAGE_SOLVE, 1, 1)
        MatchProposal.objects.filter(run=run).exclude(mentee_id__in=list(locked)).delete()
        rows = []
        for index, pair in enumerate(result.pairs):
            parts = parts_json(pair.parts, pool.names)
            if pair.newcomer in kept:
                row = kept[pair.newcomer]
                row.score, row.parts = pair.score, parts
                row.save(update_fields=["score", "parts"])
            elif pair.locked:
                rows.append(
                    MatchProposal(
                        run=run,
                        mentee_id=pair.newcomer,
                        mentor_id=pair.mentor,
                        score=pair.score,
                        parts=parts,
                        locked=True,
                        source=MatchProposal.Source.PUBLISHED,
                    )
                )
            else:
                rows.append(
                    MatchProposal(
                        run=run,
                        mentee_id=pair.newcomer,
                        mentor_id=pair.mentor,
                        score=pair.score,
                        parts=parts,
                    )
                )
            if index % 500 == 0:
                progress(STAGE_SAVE, index, len(result.pairs))
        MatchProposal.objects.bulk_create(rows, batch_size=1000)
        run.status = MatchRun.Status.PROPOSED
        run.total = result.total
        run.unmatched = [
            {"mentee": item.newcomer, "reason": item.reason, "counts": item.counts}
            for item in result.unmatched
        ]
        run.solved_at = timezone.now()
        run.error = ""
        run.save(update_fields=["status", "total", "unmatched", "solved_at", "error"])
        pairing_event_log(
            action=Action.RUN_SOLVED,
            cohort=run.cohort,
            run=run,
            changes={
                "pairs": len(result.pairs),
                "locked": len(locked),
                "unmatched": len(result.unmatched),
                "total": result.total,
            },
        )
        progress(STAGE_SAVE, len(result.pairs), len(result.pairs))
    return run


def _match_run_handler(job, progress) -> dict:
    run = MatchRun.objects.filter(pk=job.params.get("run")).first()
    if run is None:
        raise ValidationError(_("This matching run no longer exists."))
    run = match_run_solve(run=run, progress=progress)
    return {"run": run.pk, "pairs": run.proposals.count(), "unmatched": len(run.unmatched)}


HANDLERS = {
    MATCH_RUN_JOB: JobKind(run=_match_run_handler, stages=(STAGE_LOAD, STAGE_SOLVE, STAGE_SAVE))
}


def match_run_rerun(*, actor, run: MatchRun, return_url="") -> RunOrJob:
    """Solve ``run`` again around its locked pairs (after HR locked, changed or
    unlocked some); organizers only. Logged through the solve."""
    matching_permission_check(actor, run.cohort)
    if run.status != MatchRun.Status.PROPOSED:
        raise ValidationError(_("Only a run that is ready for review can run again."))
    return _solve_now_or_later(actor=actor, run=run, return_url=return_url)


def _open_run_locked(run: MatchRun) -> MatchRun:
    run = MatchRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
    if run.status != MatchRun.Status.PROPOSED:
        raise ValidationError(_("Only a run that is ready for review can change."))
    return run


def proposal_lock(*, actor, proposal: MatchProposal, locked: bool) -> MatchProposal:
    """Lock a proposed pair (a re-run keeps it) or unlock it (a re-run may move it);
    organizers only, while the run is ready for review. Logged. Safe to repeat."""
    matching_permission_check(actor, proposal.run.cohort)
    with transaction.atomic():
        run = _open_run_locked(proposal.run)
        proposal = MatchProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.locked == locked:
            return proposal
        proposal.locked = locked
        proposal.save(update_fields=["locked"])
        pairing_event_log(
            action=Action.PAIR_LOCKED if locked else Action.PAIR_UNLOCKED,
            actor=actor,
            cohort=run.cohort,
            run=run,
            changes={"mentee": proposal.mentee_id, "mentor": proposal.mentor_id},
        )
    return proposal


CONSTRAINT_MESSAGES = {
    matching.SELF: lambda: _("Nobody can mentor themself."),
    matching.LANGUAGE: lambda: _("They share no language."),
    matching.MANAGER_CHAIN: lambda: _(
        "The mentor is the newcomer's manager or above them in the manager chain."
    ),
    matching.EXCLUDED: lambda: _("HR excluded this pair."),
    matching.CAPACITY: lambda: _("The mentor has no free place."),
    matching.LOCKED_ELSEWHERE: lambda: _("The newcomer is locked to another mentor."),
}


def pair_check(
    *,
    cohort: Cohort,
    mentee_id: int,
    mentor_id: int,
    run: MatchRun | None = None,
    over_capacity: bool = False,
):
    """Why ``mentor_id`` may not mentor ``mentee_id`` in ``cohort`` (a message), or ''
    with the pair's fit parts: the engine's own hard constraints, with the mentor's
    places counted as ``run`` (when given) or the cohort's active pairings fill them.

    A mentor whose places are all taken is refused with their name and capacity, unless
    HR says ``over_capacity``: then capacity alone no longer refuses (every other
    constraint still does), and the caller logs the override. Reads only."""
    problem, parts, _over = _pair_refusal(
        cohort=cohort,
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        run=run,
        over_capacity=over_capacity,
    )
    return problem, parts


def _pair_refusal(*, cohort, mentee_id, mentor_id, run, over_capacity):
    """``pair_check``'s answer, and whether the pair takes the mentor past capacity."""
    pool = cohort_pool(cohort, keep_mentors={mentor_id})
    newcomer = next((p for p in pool.newcomers if p.id == mentee_id), None)
    mentor = next((p for p in pool.mentors if p.id == mentor_id), None)
    if newcomer is None:
        return _("This person is not an active newcomer of the cohort."), None, False
    if mentor is None:
        return (
            pool.ineligible.get(mentor_id) or _("This person has no mentor profile."),
            None,
            False,
        )
    if run is not None:
        here = MatchProposal.objects.filter(run=run, mentor_id=mentor_id)
    else:
        here = Pairing.objects.filter(
            cohort=cohort, mentor_id=mentor_id, status=Pairing.Status.ACTIVE
        )
    taken = here.exclude(mentee_id=mentee_id).count()
    mentor = matching.Mentor(**{**mentor.__dict__, "load": mentor.load + taken})
    weights = matching.Weights.from_dict(run.weights if run is not None else None)
    problem = matching.problem_build([newcomer], [mentor], weights=weights, excluded=pool.excluded)
    reason = matching.blocked_reason(problem, 0, 0)
    if reason == matching.CAPACITY and not over_capacity:
        return (
            _(
                "%(name)s already has %(taken)d of their %(capacity)d places taken. Tick "
                "“Over capacity” to give them one more anyway."
            )
            % {"name": mentor.name, "taken": mentor.load, "capacity": mentor.capacity},
            None,
            False,
        )
    if reason and reason != matching.CAPACITY:
        return str(CONSTRAINT_MESSAGES[reason]()), None, False
    parts = matching.pair_parts(problem, 0, 0)
    return "", parts_json(parts, pool.names), reason == matching.CAPACITY


def proposal_change(
    *, actor, run: MatchRun, mentee, mentor, over_capacity: bool = False
) -> MatchProposal:
    """Give ``mentee`` the mentor HR chose in ``run`` (the pair is then locked);
    organizers only. The engine's hard constraints still hold and are explained when
    they refuse; a full mentor is refused with their capacity unless HR says
    ``over_capacity``, which the log then records. Logged."""
    matching_permission_check(actor, run.cohort)
    with transaction.atomic():
        run = _open_run_locked(run)
        problem, parts, over = _pair_refusal(
            cohort=run.cohort,
            mentee_id=mentee.pk,
            mentor_id=mentor.pk,
            run=run,
            over_capacity=over_capacity,
        )
        if problem:
            raise ValidationError({"mentor": problem})
        proposal = MatchProposal.objects.filter(run=run, mentee=mentee).first()
        before = proposal.mentor_id if proposal else None
        score = round(sum(part["points"] for part in parts), 6)
        proposal, _created = MatchProposal.objects.update_or_create(
            run=run,
            mentee=mentee,
            defaults={
                "mentor": mentor,
                "score": score,
                "parts": parts,
                "locked": True,
                "source": MatchProposal.Source.HR,
            },
        )
        run.unmatched = [item for item in run.unmatched if item.get("mentee") != mentee.pk]
        run.save(update_fields=["unmatched"])
        pairing_event_log(
            action=Action.PAIR_CHANGED,
            actor=actor,
            cohort=run.cohort,
            run=run,
            changes={
                "mentee": mentee.pk,
                "mentor": [before, mentor.pk],
                **({"over_capacity": True} if over else {}),
            },
        )
    return proposal


def match_run_discard(*, actor, run: MatchRun) -> MatchRun:
    """Drop a run that is not published; organizers only. Logged. Safe to repeat."""
    matching_permission_check(actor, run.cohort)
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
        if run.status == MatchRun.Status.DISCARDED:
            return run
        if run.status == MatchRun.Status.PUBLISHED:
            raise ValidationError(_("A published run cannot be discarded."))
        run.status = MatchRun.Status.DISCARDED
        run.save(update_fields=["status"])
        pairing_event_log(action=Action.RUN_DISCARDED, actor=actor, cohort=run.cohort, run=run)
    return run


def match_run_publish(*, actor, run: MatchRun) -> dict:
    """Make ``run``'s proposals the cohort's pairings, in one transaction; organizers
    only, once per run.

    A newcomer whose proposal names their current mentor keeps the pairing; one with a
    new mentor has the old pairing ended and a new one started; newcomers the run left
    without a proposal keep what they have. Both sides of every new or ended pair are
    told through the outbox; each pairing and the publication are logged. Returns the
    counts.
    """
    matching_permission_check(actor, run.cohort)
    with transaction.atomic():
        run = _open_run_locked(run)
        cohort = run.cohort
        now = timezone.now()
        active = {
            pairing.mentee_id: pairing
            for pairing in Pairing.objects.select_for_update().filter(
                cohort=cohort, status=Pairing.Status.ACTIVE
            )
        }
        proposals = list(run.proposals.all())
        ending, starting = [], []
        for proposal in proposals:
            current = active.get(proposal.mentee_id)
            if current is not None and current.mentor_id == proposal.mentor_id:
                continue
            if current is not None:
                ending.append(current)
            starting.append(
                Pairing(cohort=cohort, mentor_id=proposal.mentor_id, mentee_id=proposal.mentee_id)
            )
        Pairing.objects.filter(pk__in=[pairing.pk for pairing in ending]).update(
            status=Pairing.Status.ENDED, ended_at=now
        )
        created = Pairing.objects.bulk_create(starting, batch_size=1000)
        if any(pairing.pk is None for pairing in created):
            created = list(
                Pairing.objects.filter(
                    cohort=cohort,
                    status=Pairing.Status.ACTIVE,
                    mentee_id__in=[pairing.mentee_id for pairing in starting],
                )
            )
        run.status = MatchRun.Status.PUBLISHED
        run.published_at = now
        run.published_by = actor
        run.save(update_fields=["status", "published_at", "published_by"])
        MatchRun.objects.filter(cohort=cohort, status__in=MatchRun.OPEN).exclude(pk=run.pk).update(
            status=MatchRun.Status.DISCARDED
        )
        PairingEvent.objects.bulk_create(
            [
                PairingEvent(
                    cohort=cohort,
                    run=run,
                    pairing=pairing,
                    actor=actor,
                    action=Action.PAIRING_ENDED,
                    changes={"mentee": pairing.mentee_id, "mentor": pairing.mentor_id},
                )
                for pairing in ending
            ]
            + [
                PairingEvent(
                    cohort=cohort,
                    run=run,
                    pairing=pairing,
                    actor=actor,
                    action=Action.PAIRING_STARTED,
                    changes={"mentee": pairing.mentee_id, "mentor": pairing.mentor_id},
                )
                for pairing in created
            ],
            batch_size=1000,
        )
        counts = {
            "started": len(created),
            "ended": len(ending),
            "kept": len(proposals) - len(created),
        }
        pairing_event_log(
            action=Action.PUBLISHED, actor=actor, cohort=cohort, run=run, changes=counts
        )
        pairings_notify(cohort=cohort, started=created, ended=ending, key=f"run-{run.pk}")
    return counts


def pairings_notify(*, cohort: Cohort, started, ended, key: str) -> None:
    """Tell both sides of new and ended pairs, each naming the other person (by name,
    in the recipient's language): a newcomer hears who their mentor is, a mentor who
    their new mentees are. One fan-out per mentor, so a run of many pairs costs a few
    queries per mentor. Sent once per ``key`` and person."""
    url = f"/cohorts/{cohort.slug}/"
    people = {p.mentee_id for p in [*started, *ended]} | {p.mentor_id for p in [*started, *ended]}
    names = person_names(people)
    for side, pairs in (("paired", started), ("ended", ended)):
        by_mentor: dict[int, list[int]] = {}
        for pairing in pairs:
            by_mentor.setdefault(pairing.mentor_id, []).append(pairing.mentee_id)
        kind = "mentors.paired" if side == "paired" else "mentors.pairing_ended"
        for mentor_id, mentee_ids in sorted(by_mentor.items()):
            mentor_name = names.get(mentor_id, "")
            mentee_names = ", ".join(sorted(names.get(pk, "") for pk in mentee_ids))
            values = {"cohort": cohort.name, "mentor": mentor_name, "mentees": mentee_names}
            notification_send_many(
                recipients=mentee_ids,
                kind=kind,
                title=in_recipient_language(
                    partial(_pairing_title, side=side, to="mentee", values=values)
                ),
                url=url,
                dedupe_key=f"mentors-{side}-mentee:{key}",
            )
            notification_send_many(
                recipients=[mentor_id],
                kind=kind,
                title=in_recipient_language(
                    partial(_pairing_title, side=side, to="mentor", values=values)
                ),
                url=url,
                dedupe_key=f"mentors-{side}-mentor:{key}",
            )


def _pairing_title(*, side: str, to: str, values: dict) -> str:
    if side == "paired" and to == "mentee":
        return _("Your mentor in %(cohort)s is %(mentor)s") % values
    if side == "paired":
        return _("Your new mentee in %(cohort)s: %(mentees)s") % values
    if to == "mentee":
        return _("Your mentoring with %(mentor)s in %(cohort)s has ended") % values
    return _("Your mentoring of %(mentees)s in %(cohort)s has ended") % values


def person_names(user_ids) -> dict[int, str]:
    """People's names (never usernames) by user id, in one query."""
    return {
        pk: full_name or ""
        for pk, full_name in User.objects.filter(pk__in=set(user_ids)).values_list(
            "pk", "profile__full_name"
        )
    }


def match_preview(*, cohort: Cohort, weights: dict | None = None):
    """The engine's answer for ``cohort`` now, saving nothing: the cohort's active
    pairings kept, everyone else placed. Returns the scored problem, the result and
    the pool (for names). What ``match_mentors`` prints; reads only."""
    clean = weights_clean(weights)
    pool = cohort_pool(cohort)
    problem = matching.problem_build(
        pool.newcomers, pool.mentors, weights=clean, locked=pool.paired, excluded=pool.excluded
    )
    return problem, matching.solve(problem), pool


def match_exclusion_add(*, actor, cohort: Cohort, mentee, mentor, reason: str = ""):
    """Rule a pair out of ``cohort``'s matching (a conflict of interest, a history);
    organizers only. An open run keeps its proposals until it runs again; a locked or
    published pair stays until HR changes it. Logged. Safe to repeat."""
    matching_permission_check(actor, cohort)
    reason = (reason or "").strip()
    if len(reason) > 300:
        raise ValidationError({"reason": _("At most %(count)d characters.") % {"count": 300}})
    if mentee.pk == mentor.pk:
        raise ValidationError({"mentor": _("Nobody can mentor themself.")})
    with transaction.atomic():
        exclusion, created = MatchExclusion.objects.get_or_create(
            cohort=cohort,
            mentee=mentee,
            mentor=mentor,
            defaults={"reason": reason, "created_by": actor},
        )
        if created:
            pairing_event_log(
                action=Action.EXCLUSION_ADDED,
                actor=actor,
                cohort=cohort,
                reason=reason,
                changes={"mentee": mentee.pk, "mentor": mentor.pk},
            )
    return exclusion
