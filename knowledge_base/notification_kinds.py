"""What the knowledge base notifies people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Knowledge base")

notification_kind_register(
    "knowledge.case_review",
    group=GROUP,
    label=_("A case waits for my review"),
    description=_("Someone submitted a case from the field; approve it or ask for changes."),
)
notification_kind_register(
    "knowledge.case_decided",
    group=GROUP,
    label=_("A reviewer decided on a case I submitted"),
    description=_("Approved and shared with everyone, or sent back with what to change."),
)
