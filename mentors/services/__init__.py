"""The services of mentoring: every rule and every write (profiles, matching runs,
publishing, re-pair requests)."""

from mentors.services.profiles import (
    mentor_eligibility_check,
    mentor_profile_save,
    mentor_rule_for,
    mentor_rule_set,
)
from mentors.services.repairs import (
    repair_request_check,
    repair_request_create,
    repair_request_decide,
)
from mentors.services.runs import (
    match_exclusion_add,
    match_run_discard,
    match_run_publish,
    match_run_rerun,
    match_run_solve,
    match_run_start,
    pair_check,
    proposal_change,
    proposal_lock,
    weights_clean,
)

__all__ = [
    "match_exclusion_add",
    "match_run_discard",
    "match_run_publish",
    "match_run_rerun",
    "match_run_solve",
    "match_run_start",
    "mentor_eligibility_check",
    "mentor_profile_save",
    "mentor_rule_for",
    "mentor_rule_set",
    "pair_check",
    "proposal_change",
    "proposal_lock",
    "repair_request_check",
    "repair_request_create",
    "repair_request_decide",
    "weights_clean",
]
