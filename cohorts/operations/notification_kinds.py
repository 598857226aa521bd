"""What the operations room notifies people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Operations team")

notification_kind_register(
    "operations.decision",
    group=GROUP,
    label=_("The operations team posts a decision in its room"),
)
notification_kind_register(
    "operations.plan_missing",
    group=GROUP,
    label=_("The coming week has no plan yet (core team)"),
)
notification_kind_register(
    "operations.evaluation",
    group=GROUP,
    label=_("An evaluation of the operations team waits for an assessment"),
)
notification_kind_register(
    "operations.planning_invited",
    group=GROUP,
    label=_("I am invited to join the planning team"),
)
notification_kind_register(
    "operations.planning_answered",
    group=GROUP,
    label=_("A member answers my invitation to join the planning team"),
)
