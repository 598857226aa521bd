"""The services of check-ins and points: every rule and every write.

- ``words``: the word count of a check-in, for Chinese and Japanese as for Russian;
- ``periods``: a task's periods on the cohort's clock, across daylight-saving changes;
- ``checkins``: submitting, editing and taking back a check-in, and streaks;
- ``supervision``: who has not checked in, nudges, reminders, closing a period;
- ``points``: the ledger's rules, ``award`` and ``withdraw``.
"""

from cohorts.engagement.services.checkins import (
    RULE_COMPLETED,
    RULE_MISSED,
    checkin_delete,
    checkin_submit,
    checkin_submit_check,
    checkin_url,
    streak_of,
)
from cohorts.engagement.services.periods import (
    period_current_day,
    period_get,
    period_times,
)
from cohorts.engagement.services.points import (
    RULE_ATTENDED,
    PointsRuleDeclaration,
    attendance_points_award,
    award,
    points_for,
    points_rule_set,
    points_rules,
    withdraw,
)
from cohorts.engagement.services.supervision import (
    checkin_nudge,
    checkin_nudge_check,
    checkin_periods_close,
    checkin_photo_readable,
    checkin_reminders_due,
    expected_members,
    may_supervise,
    missing_members,
)
from cohorts.engagement.services.words import word_count

__all__ = [
    "RULE_ATTENDED",
    "RULE_COMPLETED",
    "RULE_MISSED",
    "PointsRuleDeclaration",
    "attendance_points_award",
    "award",
    "checkin_delete",
    "checkin_nudge",
    "checkin_nudge_check",
    "checkin_periods_close",
    "checkin_reminders_due",
    "checkin_submit",
    "checkin_submit_check",
    "checkin_url",
    "expected_members",
    "checkin_photo_readable",
    "may_supervise",
    "missing_members",
    "period_current_day",
    "period_get",
    "period_times",
    "points_for",
    "points_rule_set",
    "points_rules",
    "streak_of",
    "withdraw",
    "word_count",
]
