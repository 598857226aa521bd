"""What the weekly digest notifies people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register
from learning.notifications.models import Channel

DIGEST_KIND = "digest.weekly"

notification_kind_register(
    DIGEST_KIND,
    group=_("My cohorts"),
    label=_("My weekly digest"),
    description=_(
        "Once a week: what happened in my cohorts, my check-in streak, kudos and points. "
        "Keep it in the inbox only to stop it altogether."
    ),
    default_channels=(Channel.EMAIL,),
)
