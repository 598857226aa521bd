""" "Forgot password": a reset link by e-mail, through the outbox, throttled per address.

Django's ``PasswordResetTokenGenerator`` makes the token, and that is deliberate: its
token is an HMAC (keyed by ``SECRET_KEY``) of the account's state — its password hash,
last sign-in and e-mail — and a timestamp. Nothing is stored, so there is nothing to
hash at rest; it stops working as soon as the password changes or the person signs in
(single-use by construction) and after ``PASSWORD_RESET_TIMEOUT``; and Django checks it
in constant time. An invitation, by contrast, must survive HR sending it again and be
retired by the next one, which needs a stored (hashed) nonce: see ``invitations``.

As with invitations, the link is minted when the e-mail is built for sending
(``password_reset_link_mint``), never stored in the outbox. Django's own
``PasswordResetForm.save`` would send the mail directly, in the request, with no retry:
this goes through the outbox instead.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy

from learning.models import User
from learning.notifications.services import DeliveryRefused, notification_send
from learning.throttle import counter_hit

PASSWORD_RESET_KIND = "account.password_reset"  # noqa: S105 - a kind, not a password


def _throttle_key(email: str) -> str:
    # Hashed: the cache is no place for a list of addresses people typed.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"guild:password-reset:{digest}"


def password_reset_throttled(*, email: str) -> bool:
    """Count one request for ``email``; True once it passes
    ``GUILD_PASSWORD_RESET_PER_HOUR`` within the hour.

    Keeps a mailbox from being flooded and the outbox from being used as a mail cannon.
    The count is kept whether or not the address belongs to anyone, so it reveals
    nothing either.
    """
    count = counter_hit(_throttle_key(email), timeout=3600)
    return count > settings.GUILD_PASSWORD_RESET_PER_HOUR


def password_reset_request(*, email: str) -> int:
    """Send a reset link to every current account with this e-mail; returns how many.

    The caller must answer the same whatever this returns: whether an address has an
    account is nobody's business (no enumeration). Matches the directory e-mail (or the
    account's own for people outside the directory), case-insensitively; people who left
    get nothing. A throttled address gets nothing either (``password_reset_throttled``).
    Accounts without a password yet are included: a reset is also how someone whose
    invitation expired gets in. Each call sends again (the throttle bounds it).
    """
    email = email.strip()
    if not email or password_reset_throttled(email=email):
        return 0
    users = list(
        User.objects.filter(is_active=True)
        .filter(
            Q(profile__email__iexact=email, profile__is_active=True)
            | Q(email__iexact=email, profile__isnull=True)
        )
        .distinct()
    )
    with transaction.atomic():
        for user in users:
            notification_send(
                recipient=user,
                kind=PASSWORD_RESET_KIND,
                title=gettext_lazy("Set a new password for Guild"),
                body=gettext_lazy(
                    "Someone, probably you, asked to set a new password for your Guild "
                    "account. The link below lets you choose one; it works once. If you "
                    "did not ask, ignore this message: your password stays as it is."
                ),
            )
    return len(users)


def password_reset_link_mint(notification) -> str:
    """The link of a reset e-mail, minted as it is built (the kind's ``secret_link``).

    Made from the account's current state, so a retried send carries a link that works;
    an account deactivated meanwhile gets nothing (``DeliveryRefused``).
    """
    user = notification.recipient
    if not user.is_active:
        raise DeliveryRefused("the account is no longer active")
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
