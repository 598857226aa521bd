"""Welcoming: a newcomer's introduction prompts the helper on welcome duty to greet
them, once; the greeting is a post in the feed and leaves the helper's queue."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import permissions
from cohorts.models import Membership, Post
from cohorts.recognition.declarations import WELCOME_DUTY_WORDS
from cohorts.recognition.models import WelcomePrompt
from cohorts.services import post_create
from learning.notifications.services import (
    in_recipient_language,
    notification_send,
    notification_send_many,
)

GREETING_MAX = 2000


def welcome_duty_q() -> Q:
    """A helper's free-text duty that names welcoming, in any of Guild's languages."""
    words = Q()
    for word in WELCOME_DUTY_WORDS:
        words |= Q(helper_duty__icontains=word)
    return Q(role=Membership.Role.HELPER) & words


def greeters_of(cohort) -> list[int]:
    """The helpers on welcome duty; else the organizers; else the core team (a newcomer
    is never left without someone to greet them while the cohort has a team)."""
    active = Membership.objects.filter(cohort=cohort, status=Membership.Status.ACTIVE)
    for who in (
        welcome_duty_q(),
        Q(role=Membership.Role.ORGANIZER),
        Q(role=Membership.Role.CORE),
    ):
        ids = list(active.filter(who).values_list("user_id", flat=True))
        if ids:
            return ids
    return []


def queue_url() -> str:
    return "/cohorts/queue/#welcome"


def welcome_prompt_create(*, membership: Membership, introduction: Post) -> WelcomePrompt:
    """Ask the helper on welcome duty to greet the member who just introduced
    themselves. Once per membership, whatever retries: a second call returns the first
    prompt and sends nothing."""
    with transaction.atomic():
        prompt, created = WelcomePrompt.objects.get_or_create(
            membership=membership, defaults={"introduction": introduction}
        )
        if not created:
            return prompt
        greeters = [pk for pk in greeters_of(membership.cohort) if pk != membership.user_id]
        prompt.greeters.set(greeters)
        name = str(membership.user)
        cohort = membership.cohort
        notification_send_many(
            recipients=greeters,
            kind="recognition.welcome",
            title=in_recipient_language(
                lambda: (
                    _("%(name)s introduced themselves in %(cohort)s: say hello")
                    % {"name": name, "cohort": cohort.name}
                )
            ),
            body=introduction.body[:500],
            url=queue_url(),
            dedupe_key=f"welcome:{membership.pk}",
        )
    return prompt


def welcome_greet_check(*, prompt: WelcomePrompt, helper) -> Exception | None:
    """Those asked to greet and the cohort's staff may greet; once it is done, nobody."""
    cohort = prompt.membership.cohort
    asked = prompt.greeters.filter(pk=helper.pk).exists()
    if not asked and not permissions.is_cohort_staff(helper, cohort):
        return PermissionDenied(_("Only the helper on welcome duty greets newcomers here."))
    if prompt.greeted_at is not None:
        return ValidationError(
            {"prompt": _("%(name)s has been greeted already.") % {"name": prompt.greeted_by}}
        )
    return None


def welcome_greet(*, prompt: WelcomePrompt, helper, message: str) -> WelcomePrompt:
    """Greet the newcomer in the cohort's feed; the prompt leaves every greeter's queue
    and the newcomer is told. Refused once greeted, so a double tap greets once."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a few words of welcome.")})
    if len(message) > GREETING_MAX:
        raise ValidationError(
            {"message": _("Keep it under %(n)s characters.") % {"n": f"{GREETING_MAX:,}"}}
        )
    with transaction.atomic():
        prompt = (
            WelcomePrompt.objects.select_for_update()
            .select_related("membership__cohort", "membership__user")
            .get(pk=prompt.pk)
        )
        error = welcome_greet_check(prompt=prompt, helper=helper)
        if error is not None:
            raise error
        newcomer = prompt.membership.user
        cohort = prompt.membership.cohort
        post = post_create(cohort=cohort, author=helper, body=f"@{newcomer} {message}")
        prompt.greeting = post
        prompt.greeted_by = helper
        prompt.greeted_at = timezone.now()
        prompt.save(update_fields=["greeting", "greeted_by", "greeted_at"])
        notification_send(
            recipient=newcomer,
            kind="recognition.greeted",
            title=in_recipient_language(
                lambda: (
                    _("%(helper)s welcomes you to %(cohort)s")
                    % {"helper": helper, "cohort": cohort.name}
                )
            ),
            body=message[:500],
            url=f"/cohorts/{cohort.slug}/",
            dedupe_key=f"welcome-greeted:{prompt.pk}",
        )
    return prompt
