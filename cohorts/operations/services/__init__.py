"""Every rule and write of the operations room, one module per concern."""

from cohorts.operations.services import evaluations
from cohorts.operations.services.access import (
    is_team_member,
    may_enter_room,
    may_lead,
    room_url,
    team_memberships,
)
from cohorts.operations.services.duties import DUTY_LABELS, duty_label, member_duty_counts
from cohorts.operations.services.evaluations import (
    evaluation_assess,
    evaluation_assess_check,
    evaluation_round_start,
    evaluation_start_check,
    evaluations_due,
    evaluations_url,
    last_period,
)
from cohorts.operations.services.invitations import (
    planning_answer_check,
    planning_invitation_answer,
    planning_invite,
    planning_invite_check,
)
from cohorts.operations.services.plans import (
    plan_fill_check,
    plan_item_add,
    plan_item_done,
    plans_remind_due,
    week_of,
    week_parse,
    weekly_plan_focus_set,
    weekly_plan_get_or_create,
)
from cohorts.operations.services.room import (
    room_post_create,
    room_post_create_check,
    room_post_edit,
    room_post_edit_check,
    room_post_pin,
    room_post_pin_check,
)
from cohorts.operations.services.roster import (
    roster_set_check,
    roster_shift_remove,
    roster_shift_set,
)

__all__ = [
    "DUTY_LABELS",
    "duty_label",
    "evaluation_assess",
    "evaluation_assess_check",
    "evaluation_round_start",
    "evaluation_start_check",
    "evaluations",
    "evaluations_due",
    "evaluations_url",
    "is_team_member",
    "last_period",
    "may_enter_room",
    "may_lead",
    "member_duty_counts",
    "plan_fill_check",
    "plan_item_add",
    "plan_item_done",
    "planning_answer_check",
    "planning_invitation_answer",
    "planning_invite",
    "planning_invite_check",
    "plans_remind_due",
    "room_post_create",
    "room_post_create_check",
    "room_post_edit",
    "room_post_edit_check",
    "room_post_pin",
    "room_post_pin_check",
    "room_url",
    "roster_set_check",
    "roster_shift_remove",
    "roster_shift_set",
    "team_memberships",
    "week_of",
    "week_parse",
    "weekly_plan_focus_set",
    "weekly_plan_get_or_create",
]
