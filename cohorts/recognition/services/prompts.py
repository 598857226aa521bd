"""The weekly recognition prompt: once a week each running cohort asks its members one
of the prompts (``declarations.PROMPTS``, in turn), in the inbox, with a link to the
give-kudos page filled in with the question."""

from __future__ import annotations

import datetime
import logging
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Membership
from cohorts.recognition.declarations import PROMPTS, Prompt
from cohorts.recognition.models import PromptRound
from learning.notifications.services import in_recipient_language, notification_send_many

logger = logging.getLogger(__name__)

# Asked on Monday from this hour on the cohort's clock (or at the next tick after it).
PROMPT_HOUR = 10


def week_of(cohort: Cohort, now: datetime.datetime) -> tuple[datetime.date, bool]:
    """The Monday of ``now``'s week on the cohort's clock, and whether the prompt is due."""
    local = now.astimezone(ZoneInfo(str(cohort.time_zone)))
    monday = local.date() - datetime.timedelta(days=local.weekday())
    due = local.weekday() > 0 or local.hour >= PROMPT_HOUR
    return monday, due


def prompt_for(cohort: Cohort, week: datetime.date) -> Prompt:
    """The prompts in turn, counted in weeks from the cohort's start."""
    start = cohort.start_date - datetime.timedelta(days=cohort.start_date.weekday())
    return PROMPTS[((week - start).days // 7) % len(PROMPTS)]


def give_url(cohort: Cohort, prompt: Prompt) -> str:
    return f"/cohorts/{cohort.slug}/kudos/give/?{urlencode({'prompt': prompt.code})}"


def prompts_send_due(*, now: datetime.datetime | None = None) -> int:
    """Send this week's prompt to every running cohort that has not had it; returns how
    many cohorts were prompted. Safe to run twice at once or after a crash: the week's
    ``PromptRound`` is written with its notifications, under a unique (cohort, week),
    and each member's notification carries a per-week dedupe key."""
    now = now or timezone.now()
    sent = 0
    cohorts = Cohort.objects.filter(status=Cohort.Status.RUNNING)
    done = set(PromptRound.objects.filter(cohort__in=cohorts).values_list("cohort_id", "week"))
    for cohort in cohorts:
        week, due = week_of(cohort, now)
        if not due or (cohort.pk, week) in done or week > cohort.end_date:
            continue
        try:
            sent += _prompt_send(cohort=cohort, week=week)
        except IntegrityError:
            logger.info("Prompt of cohort %s for %s already sent by another run.", cohort.pk, week)
    return sent


def _prompt_send(*, cohort: Cohort, week: datetime.date) -> int:
    prompt = prompt_for(cohort, week)
    with transaction.atomic():
        if PromptRound.objects.filter(cohort=cohort, week=week).exists():
            return 0
        recipients = list(
            Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE).values_list(
                "user_id", flat=True
            )
        )
        PromptRound.objects.create(
            cohort=cohort, week=week, prompt=prompt.code, recipients=len(recipients)
        )
        notification_send_many(
            recipients=recipients,
            kind="recognition.prompt",
            title=in_recipient_language(lambda: str(prompt.question)),
            body=in_recipient_language(
                lambda: _("Thank them in %(cohort)s: it takes a minute.") % {"cohort": cohort.name}
            ),
            url=give_url(cohort, prompt),
            dedupe_key=f"recognition-prompt:{cohort.pk}:{week.isoformat()}",
        )
    return 1
