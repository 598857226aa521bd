"""The notification kinds of Guild's core (see learning.notifications.kinds).

Imported once by ``NotificationsConfig.ready()``.
"""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

notification_kind_register(
    "guild.notice",
    group=_("From the organizers"),
    label=_("Notices from HR and programme organizers"),
    description=_("News for everyone a programme concerns, such as schedule changes."),
)
