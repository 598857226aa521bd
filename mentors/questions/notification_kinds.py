"""What the Q&A board notifies people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Questions and answers")

notification_kind_register(
    "question.mentee_asked",
    group=GROUP,
    label=_("A newcomer I mentor asks a question"),
    description=_("You are told first, before anyone else is asked to step in."),
)
notification_kind_register(
    "question.answered",
    group=GROUP,
    label=_("Someone answers my question"),
)
notification_kind_register(
    "question.accepted",
    group=GROUP,
    label=_("My answer is accepted"),
)
notification_kind_register(
    "question.escalated",
    group=GROUP,
    label=_("A question in a cohort I help run is still unanswered"),
    description=_("Helpers on question duty first, then the planning team, then the core team."),
)
