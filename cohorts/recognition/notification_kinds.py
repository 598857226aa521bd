"""What recognition notifies people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Recognition")

notification_kind_register(
    "recognition.kudos",
    group=GROUP,
    label=_("Someone thanks me with kudos"),
)
notification_kind_register(
    "recognition.prompt",
    group=GROUP,
    label=_("The weekly question: who should be thanked?"),
    description=_("Once a week in each of my cohorts, with a link to give kudos."),
    default_channels=(),
)
notification_kind_register(
    "recognition.nominated",
    group=GROUP,
    label=_("I am nominated for an award"),
)
notification_kind_register(
    "recognition.award_counting",
    group=GROUP,
    label=_("Voting closed on an award I organize: winners to announce"),
    description=_("For the cohort's organizers, once per round."),
)
notification_kind_register(
    "recognition.award_announced",
    group=GROUP,
    label=_("An award I was nominated for is announced"),
)
notification_kind_register(
    "recognition.welcome",
    group=GROUP,
    label=_("A newcomer I should greet introduced themselves"),
    description=_("For the helper on welcome duty."),
)
notification_kind_register(
    "recognition.greeted",
    group=GROUP,
    label=_("Someone welcomes me to a cohort"),
)
