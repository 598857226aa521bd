"""Account activation: HR invites imported employees, who set their first password.

An imported employee has an account with an unusable password and no way to know Guild
exists. HR sends an invitation (one person, a selection, or everyone an import created);
it goes through the outbox as an e-mail in the person's language with a link that lets
them set a password, signs them in and takes them to their cohorts.

The link's token, as a security engineer would keep it:

- 32 random bytes (``secrets.token_urlsafe``), minted when the e-mail is *built* for
  sending (``account_invitation_link_mint``, the kind's ``secret_link``), never when the
  invitation is recorded: the outbox keeps no copy, so nobody who can read notifications
  can open someone's account.
- At rest only as HMAC-SHA256 keyed by ``SECRET_KEY`` (``_digest``): a copy of the
  database alone gives no working link. Looked up by digest, then compared in constant
  time.
- Single-use (the digest is cleared when the password is set), expiring
  (``GUILD_INVITATION_DAYS`` after sending), replaced by any later invitation (the
  previous link stops working at once) and dead once the person has a password, signs
  in another way, or leaves.
- Never logged, and in one URL only, which the page exchanges for a session key at once
  so that it does not linger in the address bar, history or ``Referer`` headers.

If the outbox ever delivers the same e-mail twice (see its at-least-once guarantee), the
second message carries a newer link and the first one stops working.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from learning import jobs, services
from learning.directory import invitation_permitted
from learning.models import AccountInvitation, EmployeeProfile, Job, User
from learning.notifications.services import (
    DeliveryRefused,
    in_recipient_language,
    notification_send_many,
)

INVITATION_KIND = "account.invited"
INVITATION_JOB = "account-invitations"
RESEND_AFTER = dt.timedelta(hours=1)
TOKEN_BYTES = 32
# Longer than any token we mint; anything longer is not worth hashing.
TOKEN_MAX_LENGTH = 100
BATCH_SIZE = 500

LEFT = "left"
ACTIVATED = "activated"
RECENT = "recent"


def _digest(token: str) -> str:
    return salted_hmac("guild.accounts.invitation", token, algorithm="sha256").hexdigest()


def account_activated(user: User) -> bool:
    """Whether the person has got in already: a password of their own, or a sign-in."""
    return user.has_usable_password() or user.last_login is not None


@dataclass
class InvitationVerdict:
    """Who an invitation goes to (``invited``) and who it does not, with why.

    ``refused`` maps a reason (``LEFT``, ``ACTIVATED``, ``RECENT``) to the profiles it
    holds for. Verdicts of batches add up (``+``) for a job's summary.
    """

    invited: list[EmployeeProfile] = field(default_factory=list)
    refused: dict[str, list[EmployeeProfile]] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)

    def refuse(self, profile: EmployeeProfile, reason: str) -> None:
        self.refused.setdefault(reason, []).append(profile)
        self.counts[reason] += 1

    def invite(self, profile: EmployeeProfile) -> None:
        self.invited.append(profile)
        self.counts["invited"] += 1

    def __add__(self, other: InvitationVerdict) -> InvitationVerdict:
        return InvitationVerdict(counts=self.counts + other.counts)

    def explain(self, profile: EmployeeProfile) -> str:
        """Why ``profile`` is not invited, in a sentence for HR; ``""`` when it is."""
        reason, profile = next(
            (
                (reason, refused)
                for reason, profiles in self.refused.items()
                for refused in profiles
                if refused.pk == profile.pk
            ),
            ("", profile),
        )
        name = profile.full_name
        if reason == LEFT:
            return _("%(name)s has left: invitations are for current employees.") % {"name": name}
        if reason == ACTIVATED:
            return _(
                "%(name)s has already activated their account. If they forgot their "
                "password, they can use “Forgot password” on the sign-in page."
            ) % {"name": name}
        if reason == RECENT:
            again = profile.user.invitation.sent_at + RESEND_AFTER
            return _(
                "%(name)s was invited less than an hour ago. You can send the invitation "
                "again after %(time)s."
            ) % {
                "name": name,
                "time": formats.time_format(timezone.localtime(again), "TIME_FORMAT"),
            }
        return ""

    def summary(self) -> str:
        """What was (or would be) done, in sentences for HR's message or a job's result."""
        invited = self.counts["invited"]
        parts = [
            ngettext(
                "Invitation sent to %(count)d person.",
                "Invitations sent to %(count)d people.",
                invited,
            )
            % {"count": invited}
        ]
        left, activated, recent = (self.counts[key] for key in (LEFT, ACTIVATED, RECENT))
        if left:
            parts.append(
                ngettext("%(count)d has left.", "%(count)d have left.", left) % {"count": left}
            )
        if activated:
            parts.append(
                ngettext(
                    "%(count)d has already activated their account.",
                    "%(count)d have already activated their account.",
                    activated,
                )
                % {"count": activated}
            )
        if recent:
            parts.append(
                ngettext(
                    "%(count)d was invited less than an hour ago.",
                    "%(count)d were invited less than an hour ago.",
                    recent,
                )
                % {"count": recent}
            )
        return " ".join(parts)

    def as_dict(self) -> dict:
        return {
            "invited": self.counts["invited"],
            "left": self.counts[LEFT],
            "activated": self.counts[ACTIVATED],
            "recent": self.counts[RECENT],
            "message": self.summary(),
        }


def _profiles_load(profiles: Iterable[EmployeeProfile | int], *, lock: bool) -> list:
    """The profiles again, each with its user and invitation, one query per batch."""
    ids = list(dict.fromkeys(getattr(profile, "pk", profile) for profile in profiles))
    loaded = []
    for start in range(0, len(ids), BATCH_SIZE):
        rows = EmployeeProfile.objects.select_related("user__invitation").filter(
            pk__in=ids[start : start + BATCH_SIZE]
        )
        if lock:
            rows = rows.select_for_update(of=("self",))
        loaded.extend(rows.order_by("pk"))
    return loaded


def _verdict(profiles: list[EmployeeProfile], *, now: dt.datetime) -> InvitationVerdict:
    verdict = InvitationVerdict()
    for profile in profiles:
        user = profile.user
        invitation = getattr(user, "invitation", None)
        if not profile.is_active or not user.is_active:
            verdict.refuse(profile, LEFT)
        elif account_activated(user):
            verdict.refuse(profile, ACTIVATED)
        elif invitation is not None and invitation.sent_at > now - RESEND_AFTER:
            verdict.refuse(profile, RECENT)
        else:
            verdict.invite(profile)
    return verdict


def account_invitation_send_check(
    *, profiles: Iterable[EmployeeProfile | int], actor
) -> InvitationVerdict:
    """Who an invitation from ``actor`` would reach, and why the others would not.

    Raises ``PermissionDenied`` unless ``actor`` is HR (``invitation_permitted``). Not
    invited: people who left (inactive profile or account), people who got in already,
    people invited within the last hour (``RESEND_AFTER``: a second click must not flood
    their mailbox). Reads only, one query per 500 people: the confirmation pages call it
    to explain; ``account_invitation_send`` applies the same verdict.
    """
    if not invitation_permitted(actor):
        raise PermissionDenied(_("Only HR can invite people to Guild."))
    return _verdict(_profiles_load(profiles, lock=False), now=timezone.now())


def account_invitation_send(
    *, profiles: Iterable[EmployeeProfile | int], actor
) -> InvitationVerdict:
    """Invite ``profiles`` to activate their accounts; returns who was invited and who not.

    The rules are ``account_invitation_send_check``'s, applied under a lock on the
    profiles. For each person invited, in one transaction: their ``AccountInvitation``
    is written or replaced (a new expiry; the old link stops working at once) and an
    ``account.invited`` notification goes into the outbox, e-mailed after commit in the
    person's language with a link minted as it is sent. Bounded queries per 500 people.
    Safe to repeat: a second call within the hour invites nobody again.
    """
    if not invitation_permitted(actor):
        raise PermissionDenied(_("Only HR can invite people to Guild."))
    with transaction.atomic():
        now = timezone.now()
        verdict = _verdict(_profiles_load(profiles, lock=True), now=now)
        if not verdict.invited:
            return verdict
        AccountInvitation.objects.bulk_create(
            [
                AccountInvitation(
                    user_id=profile.user_id,
                    token_digest=None,
                    sent_at=now,
                    sent_by=actor,
                    expires_at=now + dt.timedelta(days=settings.GUILD_INVITATION_DAYS),
                    used_at=None,
                )
                for profile in verdict.invited
            ],
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=["token_digest", "sent_at", "sent_by", "expires_at", "used_at"],
            batch_size=BATCH_SIZE,
        )
        inviter = actor.get_full_name() or actor.get_username()
        days = settings.GUILD_INVITATION_DAYS
        notification_send_many(
            recipients=[profile.user_id for profile in verdict.invited],
            kind=INVITATION_KIND,
            title=gettext_lazy("You are invited to Guild"),
            body=in_recipient_language(
                lambda: (
                    ngettext(
                        "%(inviter)s invited you to Guild, where your company runs its "
                        "onboarding and training. Set your password with the link below to "
                        "get in; it works once, for %(days)d day.",
                        "%(inviter)s invited you to Guild, where your company runs its "
                        "onboarding and training. Set your password with the link below to "
                        "get in; it works once, for %(days)d days.",
                        days,
                    )
                    % {"inviter": inviter, "days": days}
                )
            ),
            # Which sending this message belongs to: a later invitation retires it.
            payload={"sent_at": now.isoformat()},
        )
    return verdict


def account_invitation_link_mint(notification) -> str:
    """The link of an invitation e-mail, minted as the e-mail is built (the kind's
    ``secret_link``).

    Stores the new token's digest in one conditional UPDATE, which holds only while the
    invitation this message announced is still the current one, unused and unexpired;
    otherwise raises ``DeliveryRefused`` and the message is not sent (a newer one is on
    its way, or there is nothing left to open). Each call makes a new token and retires
    the previous one: a retried send carries the only working link.
    """
    sent_at = dt.datetime.fromisoformat(notification.payload.get("sent_at", "1970-01-01T00:00Z"))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    minted = AccountInvitation.objects.filter(
        user_id=notification.recipient_id,
        sent_at=sent_at,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(token_digest=_digest(token))
    if not minted:
        raise DeliveryRefused("the invitation was replaced, used or has expired")
    return reverse("account_invitation", kwargs={"token": token})


def account_invitation_check(*, token: str) -> AccountInvitation | None:
    """The invitation a link opens, or None: unknown, used, expired or replaced, or its
    person has left or got in meanwhile.

    One answer for every failure, so the page cannot tell anyone whether an account
    exists. Reads only.
    """
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    digest = _digest(token)
    invitation = (
        AccountInvitation.objects.select_related("user__profile")
        .filter(token_digest=digest)
        .first()
    )
    if invitation is None or not constant_time_compare(invitation.token_digest, digest):
        return None
    user = invitation.user
    profile = getattr(user, "profile", None)
    if (
        invitation.used_at is not None
        or invitation.expires_at <= timezone.now()
        or not user.is_active
        or (profile is not None and not profile.is_active)
        or account_activated(user)
    ):
        return None
    return invitation


def account_invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's first password with the link's token; returns the user.

    Raises ``ValidationError`` on ``token`` when the link no longer opens anything (see
    ``account_invitation_check``) and on ``password`` when Django's password validators
    refuse it; nothing changes then. The invitation is used up in the same transaction
    (under a lock, so two submissions cannot both succeed): not safe to repeat, by
    design. The caller signs the person in.
    """
    with transaction.atomic():
        invitation = account_invitation_check(token=token)
        if invitation is not None:
            invitation = (
                AccountInvitation.objects.select_for_update()
                .filter(pk=invitation.pk, token_digest=_digest(token), used_at__isnull=True)
                .first()
            )
        if invitation is None:
            raise ValidationError(
                {"token": _("This link no longer works. Ask HR for a new invitation.")}
            )
        user = invitation.user
        try:
            password_validation.validate_password(password, user)
        except ValidationError as refused:
            raise ValidationError({"password": refused.messages}) from None
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.token_digest = None
        invitation.save(update_fields=["used_at", "token_digest"])
    return user


# --- In bulk, in the background ------------------------------------------------------


def account_invitations_start(
    *, profile_ids: list[int], actor, title: str = "", return_url: str = ""
) -> jobs.RunOrJob:
    """Invite many people now, or in a background job with a progress bar when they are
    more than ``GUILD_INLINE_BULK_MAX`` (``learning.jobs.job_run_or_start``).

    What the admin's bulk action, the import's job page and the API call. Raises
    ``PermissionDenied`` for anyone but HR before anything starts. The result (now) is
    an ``InvitationVerdict``; a job's result is its ``as_dict()``.
    """
    if not invitation_permitted(actor):
        raise PermissionDenied(_("Only HR can invite people to Guild."))
    profile_ids = list(dict.fromkeys(profile_ids))
    return jobs.job_run_or_start(
        size=len(profile_ids),
        run_now=lambda: account_invitation_send(profiles=profile_ids, actor=actor),
        kind=INVITATION_JOB,
        params={"profile_ids": profile_ids},
        user=actor,
        title=title or _("Invitations to Guild"),
        return_url=return_url,
    )


def account_invitations_run(job: Job, progress: jobs.Progress) -> dict:
    """The background job of ``account_invitations_start``: invite in batches of 500.

    Each batch commits on its own, so a worker that dies part-way runs the job again and
    the hour's rate limit skips the people already invited: safe to run twice.
    """
    ids = job.params.get("profile_ids", [])
    total = InvitationVerdict()
    for start in range(0, len(ids), BATCH_SIZE):
        total = total + account_invitation_send(
            profiles=ids[start : start + BATCH_SIZE], actor=job.created_by
        )
        progress("sending", min(start + BATCH_SIZE, len(ids)), len(ids))
    with jobs.job_starter_language(job):
        return total.as_dict()


INVITATION_JOB_KIND = jobs.JobKind(run=account_invitations_run, stages=("sending",))


def employee_import_and_invite_run(job: Job, progress: jobs.Progress) -> dict:
    """The employee import's job handler (``services.employee_import_run``), then, when
    the upload asked for it (``invite``), invitations for everyone it created.

    Invites after the import has committed, as its starter (HR, checked when the job was
    created). Safe to run twice: the import is idempotent and the hour's rate limit
    skips people already invited.
    """
    result = services.employee_import_run(job, progress)
    if job.params.get("invite") and result.get("created_ids"):
        with jobs.job_starter_language(job):
            verdict = account_invitation_send(profiles=result["created_ids"], actor=job.created_by)
            result["invitations"] = verdict.as_dict()
            result["message"] = f"{result['message']} {verdict.summary()}"
    return result


EMPLOYEE_IMPORT_KIND = dataclasses.replace(
    services.EMPLOYEE_IMPORT_KIND, run=employee_import_and_invite_run
)
