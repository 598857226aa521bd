"""The services of guest sessions: every rule and every write (see ``cohorts.services``)."""

from cohorts.sessions.services.attendance import (
    attendance_check_in,
    attendance_record,
    feedback_give,
    may_take_attendance,
)
from cohorts.sessions.services.dispatch import (
    session_change_notify,
    session_dispatch,
    session_share_text,
    session_url,
    sessions_dispatch_due,
)
from cohorts.sessions.services.guests import (
    guest_create,
    guest_pipeline,
    guest_update,
    invitation_answer_by_token,
    invitation_by_token,
    invitation_create,
    invitation_link_mint,
    invitation_link_revoke,
    invitation_transition,
    newcomer_guest_suggestions,
)
from cohorts.sessions.services.room import (
    room_post_create,
    room_question_answered,
    room_question_ask,
    room_question_vote,
    room_questions_hand_on,
    room_speaker,
    room_version,
)
from cohorts.sessions.services.rsvp import rsvp_set, session_visible_to
from cohorts.sessions.services.schedule import (
    segments_replace,
    session_create,
    session_transition,
    session_transition_check,
    session_update,
    sessions_follow_cohort,
    wall_clock_instant,
)
from cohorts.sessions.services.series import series_evenings, series_generate, session_clashes
from cohorts.sessions.services.summaries import summary_publish, summary_save

__all__ = [
    "attendance_check_in",
    "attendance_record",
    "feedback_give",
    "may_take_attendance",
    "guest_create",
    "guest_pipeline",
    "guest_update",
    "invitation_answer_by_token",
    "invitation_by_token",
    "invitation_create",
    "invitation_link_mint",
    "invitation_link_revoke",
    "invitation_transition",
    "newcomer_guest_suggestions",
    "room_post_create",
    "room_question_answered",
    "room_question_ask",
    "room_question_vote",
    "room_questions_hand_on",
    "room_speaker",
    "room_version",
    "rsvp_set",
    "segments_replace",
    "series_evenings",
    "series_generate",
    "session_change_notify",
    "session_clashes",
    "session_create",
    "session_dispatch",
    "session_share_text",
    "session_transition",
    "session_transition_check",
    "session_update",
    "session_url",
    "session_visible_to",
    "sessions_dispatch_due",
    "sessions_follow_cohort",
    "summary_publish",
    "summary_save",
    "wall_clock_instant",
]
