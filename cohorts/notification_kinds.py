"""What cohorts notify people about, in the member's own words (see learning.notifications.kinds).

Imported once by ``CohortsConfig.ready()``; each code here is the ``kind`` its services
send.
"""

from django.utils.translation import gettext_lazy as _

from learning.notifications.kinds import notification_kind_register

GROUP = _("My cohorts")
ORGANIZING = _("Cohorts I help run")

notification_kind_register(
    "cohort.invited",
    group=GROUP,
    label=_("I am invited to a cohort"),
    description=_("An organizer adds you to a cohort and asks you to accept its rules."),
)
notification_kind_register(
    "cohort.request_decided",
    group=GROUP,
    label=_("My request to join a cohort or a group is decided"),
    description=_("Whether you were let in, with the organizer's reason."),
)
notification_kind_register(
    "cohort.rules_changed",
    group=GROUP,
    label=_("The group rules I accepted change"),
    description=_("New rules to read and accept before you post again."),
)
notification_kind_register(
    "cohort.warning",
    group=GROUP,
    label=_("A moderator warns me"),
    description=_("A reminder of the group rules after a report about you."),
)
notification_kind_register(
    "cohort.report_decided",
    group=GROUP,
    label=_("A report I made is decided"),
    description=_("What the enforcers did about something you reported."),
)
notification_kind_register(
    "cohort.added",
    group=GROUP,
    label=_("I am added to a cohort or a group"),
    description=_("HR or an organizer puts you in a cohort or one of its groups."),
)
notification_kind_register(
    "cohort.request_waiting",
    group=ORGANIZING,
    label=_("A request to join waits for my decision"),
    description=_("Someone asked to join a cohort or a group that you approve."),
)
notification_kind_register(
    "cohort.report_filed",
    group=ORGANIZING,
    label=_("A report waits for my decision"),
    description=_("A member reported a post or a person in a group whose rules you enforce."),
)
