"""What sales tools notify people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

notification_kind_register(
    "knowledge.tool_review_due",
    group=_("Knowledge base"),
    label=_("A sales tool I own is due for review"),
    description=_("Its review-by date has passed: check it is still right and set a new date."),
)
