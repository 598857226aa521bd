"""What retrospectives notify people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Retrospectives")

notification_kind_register(
    "retrospectives.due",
    group=GROUP,
    label=_("A cohort I run has ended: its retrospective waits"),
    description=_("For the core team and the organizers, once per cohort."),
)
notification_kind_register(
    "retrospectives.published",
    group=GROUP,
    label=_("A retrospective of a cohort I run is published"),
)
