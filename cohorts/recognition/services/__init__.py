"""Every write of recognition, one module per concern:

- ``kudos``: giving, withdrawing and reporting kudos; the recognition preference
- ``awards``: nominations, votes, telling organizers voting closed, announcing winners
- ``prompts``: the weekly recognition prompt of each cohort
- ``welcome``: prompting the helper on welcome duty to greet a newcomer, and greeting
"""

from cohorts.recognition.services.awards import (
    award_close,
    award_close_check,
    awards_counting_notify,
    nominate,
    nominate_check,
    vote_cast,
    vote_check,
)
from cohorts.recognition.services.kudos import (
    kudos_give,
    kudos_give_check,
    kudos_report,
    kudos_withdraw,
    preference_set,
    report_decided,
    report_subjects,
)
from cohorts.recognition.services.prompts import prompts_send_due
from cohorts.recognition.services.welcome import welcome_greet, welcome_prompt_create

__all__ = [
    "award_close",
    "award_close_check",
    "awards_counting_notify",
    "kudos_give",
    "kudos_give_check",
    "kudos_report",
    "kudos_withdraw",
    "nominate",
    "nominate_check",
    "preference_set",
    "prompts_send_due",
    "report_decided",
    "report_subjects",
    "vote_cast",
    "vote_check",
    "welcome_greet",
    "welcome_prompt_create",
]
