"""Telling a cohort's team, once, that its retrospective waits.

A beat job looks for cohorts whose last day has passed on their own clock and whose
retrospective is neither published nor announced yet; for each it creates the draft and
notifies the core team and the organizers, stamping ``waiting_notified_at`` in the same
transaction. The retrospective then stays in their queue until it is published
(``selectors.retrospectives_waiting_for``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from cohorts.retrospectives.models import Retrospective
from cohorts.retrospectives.services.writing import (
    cohort_ended,
    retrospective_start,
    retrospective_url,
    team_ids,
)
from learning.notifications.services import in_recipient_language, notification_send_many


def cohorts_ended_unannounced(*, now=None):
    """Cohorts (not drafts) whose end date may have passed somewhere on Earth and whose
    retrospective is neither published nor announced. Each one's own clock decides in
    ``retrospectives_due_notify``. Side-effect free."""
    now = now or timezone.now()
    # A day later than UTC's date covers every time zone (UTC+14 is the furthest ahead).
    latest_end = (now + dt.timedelta(hours=14)).date() - dt.timedelta(days=1)
    return (
        Cohort.objects.exclude(status=Cohort.Status.DRAFT)
        .filter(end_date__lte=latest_end)
        .exclude(retrospective__status=Retrospective.Status.PUBLISHED)
        .exclude(retrospective__waiting_notified_at__isnull=False)
        .order_by("end_date", "pk")
    )


def retrospective_due_notify(*, cohort: Cohort, now=None) -> bool:
    """Create ``cohort``'s draft retrospective if need be and tell its core team and
    organizers it waits. True if they were told now; False if the cohort has not ended
    on its clock, or they were told before (safe to repeat and to run twice at once:
    the row is locked and the notifications carry a dedupe key)."""
    now = now or timezone.now()
    if not cohort_ended(cohort, now=now):
        return False
    retrospective_start(cohort=cohort)
    with transaction.atomic():
        retrospective = Retrospective.objects.select_for_update().get(cohort=cohort)
        if (
            retrospective.waiting_notified_at is not None
            or retrospective.status == Retrospective.Status.PUBLISHED
        ):
            return False
        notification_send_many(
            recipients=team_ids(cohort),
            kind="retrospectives.due",
            title=in_recipient_language(
                lambda: _("%(cohort)s has ended: write its retrospective") % {"cohort": cohort.name}
            ),
            body=in_recipient_language(
                lambda: _(
                    "What went well, what to change, and a closing summary; the PDF adds "
                    "the dashboard's charts and the goals against the results."
                )
            ),
            url=retrospective_url(cohort),
            dedupe_key=f"retrospective-due:{cohort.pk}",
        )
        retrospective.waiting_notified_at = now
        retrospective.save(update_fields=["waiting_notified_at", "updated_at"])
    return True


def retrospectives_due_notify(*, now=None, limit: int = 500) -> int:
    """Announce every ended cohort's retrospective (the beat job); returns how many
    teams were told. Safe to repeat: each cohort's team is told once."""
    now = now or timezone.now()
    told = 0
    for cohort in cohorts_ended_unannounced(now=now)[:limit]:
        told += retrospective_due_notify(cohort=cohort, now=now)
    return told
