"""What guest sessions notify people about (see ``learning.notifications.kinds``)."""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("Guest sessions")

notification_kind_register(
    "session.announcement",
    group=GROUP,
    label=_("A guest session is announced in my cohorts"),
    description=_("Two days ahead: who speaks, when, and a link to share."),
)
notification_kind_register(
    "session.reminder",
    group=GROUP,
    label=_("A session I am coming to starts soon"),
)
notification_kind_register(
    "session.change",
    group=GROUP,
    label=_("A session I am coming to changes"),
    description=_("A new date, time or place."),
)
notification_kind_register(
    "session.cancellation",
    group=GROUP,
    label=_("A session I am coming to is cancelled"),
)
notification_kind_register(
    "session.guest_invited",
    group=GROUP,
    label=_("I am invited to speak at a session"),
)
notification_kind_register(
    "session.guest_answered",
    group=GROUP,
    label=_("A guest answers an invitation to a session I run"),
)
notification_kind_register(
    "session.summary",
    group=GROUP,
    label=_("The summary of a session I came to is published"),
)
notification_kind_register(
    "session.summary_missing",
    group=GROUP,
    label=_("A session summary I should write is still missing"),
)
notification_kind_register(
    "session.unfilled",
    group=GROUP,
    label=_("An evening I run has no guest a week before"),
)
