"""Series: a nightly slot generated across the cohort's dates, and the clashes HR must
fix before the evenings come (a guest twice in one night, a slot still without a
confirmed guest close to its date).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, MembershipEvent, SubGroup
from cohorts.services.audit import audit_log
from cohorts.sessions.models import GuestInvitation, Session, SessionSeries
from cohorts.sessions.services.dispatch import UNFILLED_NOTICE_DAYS
from cohorts.sessions.services.schedule import _check_may_run, session_create

Action = MembershipEvent.Action
# A series longer than this is a typo (a year instead of a month), not a plan.
SERIES_MAX_EVENINGS = 366


def series_evenings(
    *,
    first_date: dt.date,
    last_date: dt.date,
    skip_weekdays: Iterable[int],
    holidays: Iterable[dt.date],
) -> list[dt.date]:
    """Every evening from ``first_date`` to ``last_date`` but the skipped weekdays (ISO:
    1 is Monday) and the holidays."""
    skipped, closed = set(skip_weekdays), set(holidays)
    days = (last_date - first_date).days + 1
    every = (first_date + dt.timedelta(days=n) for n in range(max(0, days)))
    return [day for day in every if day.isoweekday() not in skipped and day not in closed]


def _series_errors(
    cohort: Cohort, first_date, last_date, skip_weekdays, holidays, subgroup
) -> dict:
    errors: dict = {}
    if last_date < first_date:
        errors["last_date"] = _("The last evening comes before the first.")
    elif not (cohort.start_date <= first_date and last_date <= cohort.end_date):
        errors["first_date"] = _("A series runs within the cohort's dates (%(start)s–%(end)s).") % {
            "start": cohort.start_date.isoformat(),
            "end": cohort.end_date.isoformat(),
        }
    elif (last_date - first_date).days >= SERIES_MAX_EVENINGS:
        errors["last_date"] = _("A series covers at most a year.")
    if any(day not in range(1, 8) for day in skip_weekdays):
        errors["skip_weekdays"] = _("Weekdays are numbered 1 (Monday) to 7 (Sunday).")
    if subgroup is not None and subgroup.cohort_id != cohort.pk:
        errors["subgroup"] = _("This sub-group belongs to another cohort.")
    return errors


def series_generate(
    *,
    cohort: Cohort,
    actor,
    first_date: dt.date,
    last_date: dt.date,
    skip_weekdays: Iterable[int] = (),
    holidays: Iterable[dt.date] = (),
    subgroup: SubGroup | None = None,
) -> SessionSeries:
    """Create one planned session per evening of the range, at the cohort's evening
    hours; organizers only. HR fills the slots with guests afterwards.

    Evenings that already have a session of the same cohort (and sub-group) are left
    alone, so generating the same range twice adds nothing. All or nothing.
    """
    _check_may_run(actor, cohort)
    skip_weekdays, holidays = sorted(set(skip_weekdays)), sorted(set(holidays))
    errors = _series_errors(cohort, first_date, last_date, skip_weekdays, holidays, subgroup)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        series = SessionSeries.objects.create(
            cohort=cohort,
            subgroup=subgroup,
            first_date=first_date,
            last_date=last_date,
            skip_weekdays=skip_weekdays,
            holidays=[day.isoformat() for day in holidays],
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        taken = set(
            Session.objects.filter(
                cohort=cohort, subgroup=subgroup, date__range=(first_date, last_date)
            )
            .exclude(status=Session.Status.CANCELLED)
            .values_list("date", flat=True)
        )
        evenings = series_evenings(
            first_date=first_date,
            last_date=last_date,
            skip_weekdays=skip_weekdays,
            holidays=holidays,
        )
        created = [
            session_create(cohort=cohort, actor=actor, date=day, subgroup=subgroup, series=series)
            for day in evenings
            if day not in taken
        ]
        audit_log(
            cohort=cohort,
            action=Action.SESSIONS_GENERATED,
            actor=actor,
            subgroup=subgroup,
            changes={
                "series": series.pk,
                "first_date": first_date.isoformat(),
                "last_date": last_date.isoformat(),
                "sessions": len(created),
            },
        )
    return series


@dataclass(frozen=True)
class Clash:
    """Something about a session HR should fix, in words."""

    session_id: int
    code: str  # "guest_twice" | "unfilled"
    message: str


def session_clashes(
    sessions: Iterable[Session],
    *,
    now: dt.datetime | None = None,
    warn_days: int = UNFILLED_NOTICE_DAYS,
) -> dict[int, list[Clash]]:
    """The clashes of these sessions by session id, in two queries whatever their number.

    A guest invited (and not declined) to two sessions on the same evening; an open
    session starting within ``warn_days`` without a confirmed guest.
    """
    now = now or timezone.now()
    sessions = [s for s in sessions if s.status != Session.Status.CANCELLED]
    by_id = {s.pk: s for s in sessions}
    clashes: dict[int, list[Clash]] = defaultdict(list)
    invitations = list(
        GuestInvitation.objects.filter(session__in=by_id)
        .exclude(status__in=(GuestInvitation.Status.DECLINED, GuestInvitation.Status.WITHDRAWN))
        .values_list("session_id", "guest_id", "status")
    )
    dates = {pk: session.date for pk, session in by_id.items()}
    guest_nights: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    for session_id, guest_id, _status in invitations:
        guest_nights[(guest_id, dates[session_id])].add(session_id)
    # Other evenings of the same guests outside this list count too.
    guest_ids = {guest_id for _s, guest_id, _st in invitations}
    for session_id, guest_id, day in (
        GuestInvitation.objects.filter(
            guest_id__in=guest_ids, session__date__in=set(dates.values())
        )
        .exclude(session__in=by_id)
        .exclude(status__in=(GuestInvitation.Status.DECLINED, GuestInvitation.Status.WITHDRAWN))
        .exclude(session__status=Session.Status.CANCELLED)
        .values_list("session_id", "guest_id", "session__date")
    ):
        guest_nights[(guest_id, day)].add(session_id)
    for (_guest, _day), night in guest_nights.items():
        if len(night) > 1:
            for session_id in night & by_id.keys():
                clashes[session_id].append(
                    Clash(
                        session_id,
                        "guest_twice",
                        _("A guest is invited to two sessions this evening."),
                    )
                )
    confirmed = {s for s, _g, status in invitations if status in GuestInvitation.COMING}
    soon = now + dt.timedelta(days=warn_days)
    for pk, session in by_id.items():
        if session.is_open and session.starts_at <= soon and pk not in confirmed:
            clashes[pk].append(
                Clash(pk, "unfilled", _("No guest has confirmed yet, and the evening is near."))
            )
    return dict(clashes)
