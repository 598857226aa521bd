"""Self-service API tokens: people create and revoke their own bearer tokens.

The tokens are Wagtail's ``APIToken``: only a digest is stored, so the plaintext exists
once, in what ``api_token_create`` returns.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import APIToken

# Enough for a laptop, a phone and a few scripts; more usually means forgotten tokens.
MAX_ACTIVE_TOKENS = 20


def api_token_list(*, user) -> QuerySet[APIToken]:
    """The user's tokens that still work, newest first. Never includes the secret."""
    return APIToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created", "-pk")


def api_token_create(*, user, name: str) -> tuple[APIToken, str]:
    """Issue a token for ``user`` and return ``(token, plaintext)``.

    The plaintext is not stored anywhere: show it to the person once. Writes an audit
    log entry, as Wagtail's own admin and ``api_tokens`` command do. Raises
    ``ValidationError`` on ``name`` for an empty name or when the user already has the
    maximum number of working tokens. Not idempotent: each call issues a new token.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the device it is for.")})
    # A race between two requests can at worst add one token over the limit: no lock needed.
    with transaction.atomic():
        if api_token_list(user=user).count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {
                    "name": _("You already have %(count)d tokens. Revoke one you no longer use.")
                    % {"count": MAX_ACTIVE_TOKENS}
                }
            )
        token, plaintext = APIToken.create_token(user=user, name=name)
        # Same audit trail as Wagtail's own admin and command.
        log(token, "wagtail.apitoken.create", user=user, data={"source": "api"})
    return token, plaintext


def api_token_revoke(*, user, token_id: int) -> None:
    """Revoke one of ``user``'s own tokens; it stops working at once.

    Raises ``APIToken.DoesNotExist`` for a token that is not theirs, so nobody learns
    which ids exist. Writes an audit log entry. Safe to repeat: revoking a revoked token
    changes nothing and logs nothing.
    """
    with transaction.atomic():
        token = APIToken.objects.select_for_update().get(pk=token_id, user=user)
        if token.revoked_at is None:
            token.revoke()
            log(token, "wagtail.apitoken.revoke", user=user, data={"source": "api"})
