"""What mentoring notifies people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Mentoring")

notification_kind_register(
    "mentors.paired",
    group=GROUP,
    label=_("I am paired with a mentor or a newcomer"),
    description=_("Who it is and how to reach them."),
)
notification_kind_register(
    "mentors.pairing_ended",
    group=GROUP,
    label=_("A mentoring pair I am in ends"),
)
notification_kind_register(
    "mentors.repair_asked",
    group=GROUP,
    label=_("Someone asks to be paired again in a cohort I run"),
)
notification_kind_register(
    "mentors.repair_decided",
    group=GROUP,
    label=_("My request to be paired again is decided"),
)
