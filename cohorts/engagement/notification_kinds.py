"""What check-ins notify people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Check-ins")

notification_kind_register(
    "checkin.nudge",
    group=GROUP,
    label=_("A helper reminds me of a check-in I have not done"),
)
notification_kind_register(
    "checkin.reminder",
    group=GROUP,
    label=_("A check-in is due soon and I have not done it"),
)
