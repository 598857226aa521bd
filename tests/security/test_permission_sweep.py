"""The permission sweep: every API operation and every member page, called as each role
against another person's things, another cohort's, a draft cohort's and a hidden
sub-group's, with the answer each call must get.

The operations come from the live OpenAPI schema and the pages from the URLconf, so a new
endpoint without a rule in ``API_RULES`` or ``PAGE_RULES`` fails here: declare who may
call it. The rules are written from ``cohorts.permissions`` and the services, in the
words of the access classes below, and do not call them: this is a second statement of
the rules, checked against the first.

How an answer is judged:

- anonymous: 401 from the API, a redirect to the sign-in page from a page;
- a role the rule allows: anything but 401, 403, 404 and 5xx (a 400 is the service
  refusing the body's business content, after permission was granted);
- a role the rule does not allow: 404 when the thing is unknown to it (hidden stays
  unknown), else 403 (or what the rule names, e.g. a page's redirect to the join page);
- nobody ever gets a 5xx.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cohorts.models import SubGroupMembership
from learning.api import api

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "outsider",  # an employee in no cohort
    "member",  # a newcomer in the target sub-group
    "other_sub",  # a newcomer in another sub-group
    "muted",
    "removed",
    "enforcer",  # a helper named as enforcer in the group rules
    "core",
    "organizer",  # organizer by cohort role, not HR staff
    "hr",  # staff with the cohort permissions and view_employeeprofile
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
TARGETS = ("own", "hidden", "other", "draft")


# Who is what, for each kind of target --------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """The callers' standing in the cohort and sub-group a target lives in.

    HR is in every set an organizer is in: ``is_hr_organizer`` makes HR an organizer of
    every cohort. It is never an active member (it has no membership).
    """

    sees_cohort: frozenset  # cohorts_visible_to: drafts only to HR and their own staff
    active: frozenset = frozenset()  # active members
    staff: frozenset = frozenset({"hr"})  # organizers and operations team (core, helpers)
    managers: frozenset = frozenset({"hr"})  # organizers and core
    organizers: frozenset = frozenset({"hr"})
    moderators: frozenset = frozenset({"hr"})  # organizers, core, enforcers in force
    sees_subgroup: frozenset = frozenset({"hr"})  # listed: members, staff, the eligible
    in_subgroup: frozenset = frozenset()  # active members of the target sub-group
    subgroup_approvers: frozenset = frozenset({"hr"})  # the sub-group's entry rule
    muted: frozenset = frozenset()
    removed: frozenset = frozenset()
    feed_post: bool = True  # the target post is in the cohort's feed (not a sub-group's)
    session_of_subgroup: bool = False  # the target guest session is a sub-group's

    @property
    def members(self) -> frozenset:
        """``is_member``: active members, and HR."""
        return self.active | {"hr"}

    @property
    def subgroup_readers(self) -> frozenset:
        """``can_view_subgroup_content``: the sub-group's members and the cohort's staff."""
        return self.in_subgroup | self.staff


_HOME_ACTIVE = frozenset({"member", "other_sub", "muted", "enforcer", "core", "organizer"})
_HOME = {
    "sees_cohort": SIGNED_IN,
    "active": _HOME_ACTIVE,
    "staff": frozenset({"enforcer", "core", "organizer", "hr"}),
    "managers": frozenset({"core", "organizer", "hr"}),
    "organizers": frozenset({"organizer", "hr"}),
    "moderators": frozenset({"enforcer", "core", "organizer", "hr"}),
    "muted": frozenset({"muted"}),
    "removed": frozenset({"removed"}),
}
STANDING = {
    # Another person's things in the caller's own cohort; the sub-group is East, whose
    # entry rule names the core team as approver.
    "own": Standing(
        **_HOME,
        sees_subgroup=_HOME_ACTIVE | {"hr"},
        in_subgroup=frozenset({"member", "muted"}),
        subgroup_approvers=frozenset({"core", "organizer", "hr"}),
        session_of_subgroup=True,
    ),
    # The same cohort's directors-only sub-group, hidden from the ineligible: only the
    # staff know it. Its approver is an organizer.
    "hidden": Standing(
        **_HOME,
        sees_subgroup=_HOME["staff"],
        subgroup_approvers=_HOME["organizers"],
        feed_post=False,
        session_of_subgroup=True,
    ),
    # A cohort none of the callers is in (only HR organizes it), open and so visible.
    "other": Standing(sees_cohort=SIGNED_IN),
    # A draft cohort: unknown to everyone but HR.
    "draft": Standing(sees_cohort=frozenset({"hr"})),
}


# Access classes: who may call, given the standing -------------------------------------

Access = Callable[[Standing], frozenset]


def AUTHENTICATED(s):  # noqa: N802  (access classes read as constants in the tables)
    """Anyone signed in; the answer is about the caller's own things."""
    return SIGNED_IN


def EMPLOYEE(s):  # noqa: N802
    """The directory: current employees and HR (every caller here is one)."""
    return SIGNED_IN


def SELF_ONLY(s):  # noqa: N802
    """Only the owner, and the target always belongs to someone else."""
    return frozenset()


def HR_ONLY(s):  # noqa: N802
    return frozenset({"hr"})


def COHORT_VISIBLE(s):  # noqa: N802
    """Whoever may see the cohort listed (its page, entry rule, group rules)."""
    return s.sees_cohort


def COHORT_MEMBER_READ(s):  # noqa: N802
    """``can_view_cohort_content``: the feed, members and sub-group list."""
    return s.members


def COHORT_POST(s):  # noqa: N802
    """Members who are not muted (HR posts as an organizer)."""
    return s.members - s.muted


def COHORT_ACTIVE(s):  # noqa: N802
    """Needs a membership of one's own: accepting the group rules."""
    return s.active


def COHORT_JOIN(s):  # noqa: N802
    """Whoever sees the cohort may ask; a removed member is refused."""
    return s.sees_cohort - s.removed


def STAFF(s):  # noqa: N802
    """``is_cohort_staff``: organizers and the operations team."""
    return s.staff


def MANAGER(s):  # noqa: N802
    """``can_manage_memberships``: organizers, core and HR."""
    return s.managers


def ORGANIZER(s):  # noqa: N802
    """``can_change_cohort``: organizers and HR."""
    return s.organizers


def COHORT_APPROVER(s):  # noqa: N802
    """``can_approve`` with no cohort entry rule: organizers."""
    return s.organizers


def MODERATOR(s):  # noqa: N802
    """``can_moderate``: organizers, core, enforcers of the rules in force, HR."""
    return s.moderators


def SUBGROUP_VISIBLE(s):  # noqa: N802
    """``subgroups_listed_for``: the sub-group's name, entry rule and group rules."""
    return s.sees_subgroup


def SUBGROUP_CONTENT(s):  # noqa: N802
    """``can_view_subgroup_content``: its posts and members."""
    return s.subgroup_readers


def SUBGROUP_POST(s):  # noqa: N802
    return s.subgroup_readers - s.muted


def SUBGROUP_ACCEPT(s):  # noqa: N802
    """Reading the content and holding an active membership of one's own."""
    return s.subgroup_readers & s.active


def SUBGROUP_JOIN(s):  # noqa: N802
    """Active cohort members who may see the sub-group (the entry rule then decides)."""
    return s.sees_subgroup & s.active


def SUBGROUP_APPROVER(s):  # noqa: N802
    """The approver the sub-group's entry rule names, and organizers."""
    return s.subgroup_approvers


def FEED_POST_REPORTER(s):  # noqa: N802
    """The report page reaches posts of the cohort's feed only."""
    return s.members if s.feed_post else frozenset()


def SESSION_READ(s):  # noqa: N802
    """``session_visible_to`` where the cohort is visible: a sub-group's session to those
    who read the sub-group's content; a whole-cohort session to anyone who sees the
    cohort (listeners from outside it included)."""
    return s.subgroup_readers if s.session_of_subgroup else s.sees_cohort


def COHORT_ACTIVE_UNMUTED(s):  # noqa: N802
    """An active member of one's own who is not muted: giving kudos, nominating, voting."""
    return s.active - s.muted


def WALL_READER(s):  # noqa: N802
    """``may_read_wall``: executives, HR and whoever organizes a cohort (here: the
    organizer and HR), whatever the target."""
    return frozenset({"organizer", "hr"})


def NOBODY_WITHOUT_THE_LINK(s):  # noqa: N802
    """Only the holder of an outside guest's secret link, which no caller here has."""
    return frozenset()


def ORGANIZES_SOMETHING(s):  # noqa: N802
    """``guest_create``: HR, and whoever organizes a cohort or sits on its core team."""
    return frozenset({"core", "organizer", "hr"})


def WEBHOOK_OWNER(s):  # noqa: N802
    """``webhook_endpoint_manage_check``: staff, and who organizes or sits on a core team."""
    return frozenset({"core", "organizer", "hr"})


# Who knows the thing a call is about (a refused caller outside this set gets 404).


def KNOWS_ALL(s):  # noqa: N802
    return SIGNED_IN


def KNOWS_COHORT(s):  # noqa: N802
    return s.sees_cohort


def KNOWS_SUBGROUP(s):  # noqa: N802
    return s.sees_subgroup


def KNOWS_MEMBERSHIP(s):  # noqa: N802
    """``membership_visible``: another person's membership, to the cohort's members."""
    return s.members


def KNOWS_REPORT(s):  # noqa: N802
    """A report is known only to those who may decide it."""
    return s.moderators


def KNOWS_NOTHING(s):  # noqa: N802
    return frozenset()


def KNOWS_ANYONE(s):  # noqa: N802
    """For public operations: anonymous callers are answered as anyone else."""
    return frozenset(ROLES)


def KNOWS_SESSION(s):  # noqa: N802
    """A session is unknown to whoever may not see it (404), as a hidden sub-group is."""
    return SESSION_READ(s)


@dataclass(frozen=True)
class Rule:
    allowed: Access
    knows: Access = KNOWS_ALL
    # What a caller that knows the thing but is not allowed gets: a status, "join" (a
    # page sends non-members to the join page) or a callable(role, standing).
    refused: object = 403
    # {path parameter: Target field} where the default filling is not the one meant.
    params: dict = field(default_factory=dict)
    # A refusal for allowed callers because the body names something they may not see.
    body_unknown: Callable[[str, Standing], object] | None = None
    # Open to anonymous callers (``PUBLIC_OPERATIONS``): they are judged as any caller.
    public: bool = False


def _report_target_unknown(role, s):
    # report_create answers a post the reporter cannot see as it answers one that does not
    # exist (400 naming target_post_id), so a report cannot confirm that it exists.
    return 400 if role not in s.subgroup_readers and not s.feed_post else None


API_RULES: dict[str, Rule] = {
    # account, people, jobs, inbox (learning.api, learning.notifications.api)
    "learning_api_account_me": Rule(AUTHENTICATED),
    "learning_api_account_tokens_list": Rule(AUTHENTICATED),
    "learning_api_account_tokens_create": Rule(AUTHENTICATED),
    "learning_api_account_tokens_revoke": Rule(SELF_ONLY, KNOWS_NOTHING),
    "learning_api_people_people_list": Rule(EMPLOYEE),
    "learning_api_people_levels_list": Rule(EMPLOYEE),
    "learning_api_people_region_list": Rule(EMPLOYEE),
    "learning_api_people_subsidiary_list": Rule(EMPLOYEE),
    "learning_api_people_department_list": Rule(EMPLOYEE),
    "learning_api_people_projectteam_list": Rule(EMPLOYEE),
    "learning_api_people_people_detail": Rule(EMPLOYEE),
    "learning_accounts_api_invitation_send": Rule(HR_ONLY),
    "learning_api_jobs_job_detail": Rule(SELF_ONLY, KNOWS_NOTHING),
    "learning_notifications_api_notification_list": Rule(AUTHENTICATED),
    "learning_notifications_api_unread_count": Rule(AUTHENTICATED),
    "learning_notifications_api_mark_read": Rule(AUTHENTICATED),
    "learning_notifications_api_preference_kinds": Rule(AUTHENTICATED),
    "learning_notifications_api_preference_get": Rule(AUTHENTICATED),
    "learning_notifications_api_preference_put": Rule(AUTHENTICATED),
    # programs and cohorts
    "cohorts_api_programs_programs_list": Rule(AUTHENTICATED),
    "cohorts_api_programs_program_detail": Rule(AUTHENTICATED),
    "cohorts_api_cohorts_cohorts_list": Rule(AUTHENTICATED),
    "cohorts_api_cohorts_cohort_create": Rule(HR_ONLY),
    "cohorts_api_cohorts_cohort_detail": Rule(COHORT_VISIBLE, KNOWS_COHORT),
    "cohorts_api_cohorts_cohort_update": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_cohorts_cohort_transition": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_cohorts_cohort_health": Rule(STAFF, KNOWS_COHORT),
    "cohorts_api_cohorts_cohort_events": Rule(MANAGER, KNOWS_COHORT),
    # entry rules
    "cohorts_api_entry_rules_cohort_entry_rule": Rule(COHORT_VISIBLE, KNOWS_COHORT),
    "cohorts_api_entry_rules_cohort_entry_rule_set": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_entry_rules_subgroup_entry_rule": Rule(SUBGROUP_VISIBLE, KNOWS_SUBGROUP),
    # cohort_organized is asked before the sub-group is looked up: a refused caller
    # learns nothing about the sub-group.
    "cohorts_api_entry_rules_subgroup_entry_rule_set": Rule(ORGANIZER, KNOWS_COHORT),
    # group rules
    "cohorts_api_charters_cohort_rules": Rule(COHORT_VISIBLE, KNOWS_COHORT),
    "cohorts_api_charters_cohort_rules_accept": Rule(COHORT_ACTIVE, KNOWS_COHORT),
    "cohorts_api_charters_cohort_rules_draft": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_charters_cohort_rules_publish": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_charters_subgroup_rules": Rule(SUBGROUP_VISIBLE, KNOWS_SUBGROUP),
    "cohorts_api_charters_subgroup_rules_accept": Rule(SUBGROUP_ACCEPT, KNOWS_SUBGROUP),
    "cohorts_api_charters_subgroup_rules_draft": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_charters_subgroup_rules_publish": Rule(ORGANIZER, KNOWS_COHORT),
    # feeds
    "cohorts_api_feed_cohort_posts": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_api_feed_cohort_post_create": Rule(COHORT_POST, KNOWS_COHORT),
    "cohorts_api_feed_subgroup_posts": Rule(SUBGROUP_CONTENT, KNOWS_SUBGROUP),
    "cohorts_api_feed_subgroup_post_create": Rule(SUBGROUP_POST, KNOWS_SUBGROUP),
    # memberships
    "cohorts_api_memberships_cohort_join": Rule(COHORT_JOIN, KNOWS_COHORT),
    "cohorts_api_memberships_cohort_members": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_api_memberships_cohort_invite": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_api_memberships_members_by_rule_preview": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_api_memberships_members_by_rule_add": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_api_memberships_membership_approve": Rule(
        COHORT_APPROVER, KNOWS_MEMBERSHIP, params={"membership_id": "pending_membership"}
    ),
    "cohorts_api_memberships_membership_reject": Rule(
        COHORT_APPROVER, KNOWS_MEMBERSHIP, params={"membership_id": "pending_membership"}
    ),
    "cohorts_api_memberships_membership_leave": Rule(SELF_ONLY, KNOWS_MEMBERSHIP),
    "cohorts_api_memberships_membership_remove": Rule(MANAGER, KNOWS_MEMBERSHIP),
    "cohorts_api_memberships_membership_role": Rule(ORGANIZER, KNOWS_MEMBERSHIP),
    "cohorts_api_memberships_subgroup_join": Rule(SUBGROUP_JOIN, KNOWS_SUBGROUP),
    "cohorts_api_memberships_subgroup_request_approve": Rule(SUBGROUP_APPROVER, KNOWS_SUBGROUP),
    "cohorts_api_memberships_subgroup_request_reject": Rule(SUBGROUP_APPROVER, KNOWS_SUBGROUP),
    # reports
    "cohorts_api_moderation_report_create": Rule(
        COHORT_MEMBER_READ, KNOWS_COHORT, body_unknown=_report_target_unknown
    ),
    "cohorts_api_moderation_reports_mine": Rule(AUTHENTICATED),
    "cohorts_api_moderation_reports_review": Rule(MODERATOR, KNOWS_COHORT),
    "cohorts_api_moderation_report_decide": Rule(MODERATOR, KNOWS_REPORT),
    "cohorts_api_queue_queue_mine": Rule(AUTHENTICATED),
    # sub-groups
    "cohorts_api_subgroups_subgroups_list": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_api_subgroups_subgroups_preview": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_subgroups_subgroups_generate": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_subgroups_subgroup_create": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_subgroups_subgroup_detail": Rule(SUBGROUP_VISIBLE, KNOWS_SUBGROUP),
    "cohorts_api_subgroups_subgroup_update": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_api_subgroups_subgroup_members": Rule(SUBGROUP_CONTENT, KNOWS_SUBGROUP),
    # guest sessions (cohorts.sessions.api): a session the caller may not see is 404, so
    # a hidden sub-group's evening, room and summary stay unknown
    "cohorts_sessions_api_sessions_sessions_list": Rule(COHORT_VISIBLE, KNOWS_COHORT),
    "cohorts_sessions_api_sessions_session_create": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_sessions_api_sessions_series_generate": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_sessions_api_sessions_session_clashes": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_sessions_api_sessions_session_detail": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_sessions_session_update": Rule(ORGANIZER, KNOWS_SESSION),
    # The session's host may also take it live and done; no role here hosts it.
    "cohorts_sessions_api_sessions_session_transition": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_sessions_session_share": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_guests_guest_pipeline": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_sessions_api_guests_guest_suggestions": Rule(ORGANIZER, KNOWS_COHORT),
    "cohorts_sessions_api_guests_guest_create": Rule(ORGANIZES_SOMETHING),
    "cohorts_sessions_api_guests_guest_update": Rule(ORGANIZES_SOMETHING),
    "cohorts_sessions_api_guests_invitations_list": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_guests_invitation_create": Rule(ORGANIZER, KNOWS_SESSION),
    # An employee guest may also confirm or decline their own; no role here is the guest.
    "cohorts_sessions_api_guests_invitation_transition": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_guests_invitation_link_mint": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_guests_invitation_link_revoke": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_guests_invitation_link_email": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_guests_guest_answer": Rule(
        NOBODY_WITHOUT_THE_LINK, KNOWS_ANYONE, public=True
    ),
    "cohorts_sessions_api_attendance_rsvp_set": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_attendance_attendance_list": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_attendance_attendance_record": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_attendance_attendance_check_in": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_attendance_feedback_give": Rule(SESSION_READ, KNOWS_SESSION),
    # Speakers: the host, organizers and confirmed employee guests.
    "cohorts_sessions_api_room_room_posts": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_room_room_post_create": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_room_room_post_media": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_room_room_post_file": Rule(
        SESSION_READ, KNOWS_SESSION, params={"post_id": "room_post"}
    ),
    "cohorts_sessions_api_room_room_questions": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_room_room_question_ask": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_room_room_question_vote": Rule(SESSION_READ, KNOWS_SESSION),
    "cohorts_sessions_api_room_room_question_answered": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_summaries_summary_get": Rule(SESSION_READ, KNOWS_SESSION),
    # Organizers and the helper on summary duty; no role here has that duty.
    "cohorts_sessions_api_summaries_summary_save": Rule(ORGANIZER, KNOWS_SESSION),
    "cohorts_sessions_api_summaries_summary_publish": Rule(ORGANIZER, KNOWS_SESSION),
    # knowledge base: approved cases, the glossary and the library (filtered by
    # summaries_visible_to) to every employee; a case in review only to its author and
    # the knowledge reviewers (no role here is either: the target is another's case)
    "knowledge_base_api_cases_case_list": Rule(AUTHENTICATED),
    "knowledge_base_api_cases_case_create": Rule(AUTHENTICATED),
    "knowledge_base_api_cases_case_detail": Rule(SELF_ONLY, KNOWS_NOTHING),
    # Changing a case and its files: its author only; another's case in review is unknown.
    "knowledge_base_api_cases_case_change": Rule(SELF_ONLY, KNOWS_NOTHING),
    "knowledge_base_api_cases_case_attachments_add": Rule(SELF_ONLY, KNOWS_NOTHING),
    "knowledge_base_api_cases_case_attachment_remove": Rule(SELF_ONLY, KNOWS_NOTHING),
    "knowledge_base_api_cases_case_attachment_download": Rule(SELF_ONLY, KNOWS_NOTHING),
    "knowledge_base_api_search_glossary_list": Rule(AUTHENTICATED),
    "knowledge_base_api_search_search": Rule(AUTHENTICATED),
    "knowledge_base_api_library_library_list": Rule(AUTHENTICATED),
    # A case's sheet follows the case: another person's case in review is unknown.
    "knowledge_base_sheets_api_case_sheet_pdf": Rule(SELF_ONLY, KNOWS_NOTHING),
    # sales tools: the target is a published tool limited to the target's sub-group
    # (tools_visible_to: its members and the cohort's staff; unknown to everyone else)
    "knowledge_base_tools_api_tools_tool_list": Rule(AUTHENTICATED),
    "knowledge_base_tools_api_tools_tool_detail": Rule(
        SUBGROUP_CONTENT, SUBGROUP_CONTENT, params={"tool_id": "tool"}
    ),
    "knowledge_base_tools_api_tools_tool_helped": Rule(
        SUBGROUP_CONTENT, SUBGROUP_CONTENT, params={"tool_id": "tool"}
    ),
    "knowledge_base_tools_api_tools_tool_helped_undo": Rule(
        SUBGROUP_CONTENT, SUBGROUP_CONTENT, params={"tool_id": "tool"}
    ),
    "knowledge_base_sheets_api_tool_sheet_pdf": Rule(
        SUBGROUP_CONTENT, SUBGROUP_CONTENT, params={"tool_id": "tool"}
    ),
    # the Q&A board (mentors.questions.api): a question is seen where its sub-group's
    # content is (the sweep's questions sit in the target sub-group), else 404
    "mentors_questions_api_board_questions_list": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "mentors_questions_api_board_question_ask": Rule(COHORT_POST, KNOWS_COHORT),
    "mentors_questions_api_board_questions_similar": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "mentors_questions_api_board_board_settings_get": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "mentors_questions_api_board_board_settings_put": Rule(MANAGER, KNOWS_COHORT),
    "mentors_questions_api_board_scorecards": Rule(MANAGER, KNOWS_COHORT),
    "mentors_questions_api_board_question_detail": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
    "mentors_questions_api_board_answer_post": Rule(SUBGROUP_POST, SUBGROUP_CONTENT),
    "mentors_questions_api_board_question_vote": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
    "mentors_questions_api_board_question_report": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
    # only the asker accepts, and the asker is never a caller here
    "mentors_questions_api_board_answer_accept": Rule(SELF_ONLY, SUBGROUP_CONTENT),
    "mentors_questions_api_board_answer_helpful": Rule(STAFF, SUBGROUP_CONTENT),
    # the sweep's answer is not accepted: every reader is told so (400)
    "mentors_questions_api_board_answer_propose_case": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
    "mentors_questions_api_board_questions_waiting": Rule(AUTHENTICATED),
    # mentoring (mentors.api): a matching run is known only to the cohort's organizers; a
    # pairing to its pair (no role here is one) and the cohort's staff
    "mentors_api_profiles_my_mentor_profile": Rule(AUTHENTICATED),
    "mentors_api_profiles_my_mentor_profile_save": Rule(AUTHENTICATED),
    "mentors_api_profiles_mentor_profiles_list": Rule(HR_ONLY),
    "mentors_api_runs_match_runs_list": Rule(ORGANIZER, KNOWS_COHORT),
    "mentors_api_runs_match_run_start": Rule(ORGANIZER, KNOWS_COHORT),
    "mentors_api_runs_match_run_detail": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_run_pairs": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_run_pair_lock": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_run_change": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_run_rerun": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_run_publish": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_run_discard": Rule(ORGANIZER, ORGANIZER),
    "mentors_api_runs_match_exclusions_list": Rule(ORGANIZER, KNOWS_COHORT),
    "mentors_api_runs_match_exclusion_add": Rule(ORGANIZER, KNOWS_COHORT),
    "mentors_api_pairings_cohort_pairings": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "mentors_api_pairings_repair_request_create": Rule(SELF_ONLY, STAFF),
    "mentors_api_pairings_repair_requests_list": Rule(AUTHENTICATED),
    "mentors_api_pairings_repair_request_decide": Rule(ORGANIZER, ORGANIZER),
    # check-ins and points (cohorts.engagement.api): the sweep's helper has another duty,
    # so those who supervise check-ins are the organizers and the core team
    "cohorts_engagement_api_checkin_tasks_list": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_engagement_api_checkin_submit": Rule(COHORT_ACTIVE, KNOWS_COHORT),
    "cohorts_engagement_api_checkin_submit_with_photo": Rule(COHORT_ACTIVE, KNOWS_COHORT),
    "cohorts_engagement_api_checkin_photo": Rule(SELF_ONLY, KNOWS_NOTHING),
    "cohorts_engagement_api_my_checkins": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_engagement_api_checkin_missing": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_engagement_api_checkin_nudge": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_engagement_api_points_mine": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_engagement_api_points_of_member": Rule(ORGANIZER, KNOWS_MEMBERSHIP),
    "cohorts_engagement_api_leaderboard": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_engagement_api_subgroup_leaderboard": Rule(SUBGROUP_CONTENT, KNOWS_SUBGROUP),
    # cohort health (cohorts.health.api): the dashboard is the staff's; goals are set by
    # organizers, core (and planning) and HR, so the sweep's helper is refused them
    "cohorts_health_api_health_metrics": Rule(STAFF, KNOWS_COHORT),
    "cohorts_health_api_health_trends": Rule(STAFF, KNOWS_COHORT),
    "cohorts_health_api_goals_list": Rule(STAFF, KNOWS_COHORT),
    "cohorts_health_api_goal_put": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_health_api_goal_delete": Rule(MANAGER, KNOWS_COHORT),
    # recognition (cohorts.recognition.api): the target's kudos are private, so known only
    # to their giver, receiver (no caller here) and the cohort's organizers
    "cohorts_recognition_api_kudos_kudos_list": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_recognition_api_kudos_kudos_give": Rule(COHORT_ACTIVE_UNMUTED, KNOWS_COHORT),
    "cohorts_recognition_api_kudos_kudos_withdraw": Rule(SELF_ONLY, ORGANIZER),
    "cohorts_recognition_api_kudos_preference_get": Rule(AUTHENTICATED),
    "cohorts_recognition_api_kudos_preference_put": Rule(AUTHENTICATED),
    "cohorts_recognition_api_kudos_wall": Rule(WALL_READER),
    "cohorts_recognition_api_awards_awards_list": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_recognition_api_awards_award_nominees": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    "cohorts_recognition_api_awards_nomination_create": Rule(COHORT_ACTIVE_UNMUTED, KNOWS_COHORT),
    "cohorts_recognition_api_awards_vote_create": Rule(COHORT_ACTIVE_UNMUTED, KNOWS_COHORT),
    "cohorts_recognition_api_awards_award_close": Rule(ORGANIZER, KNOWS_COHORT),
    # the operations room (cohorts.operations.api): the team, organizers and HR; the core
    # team, organizers and HR assess and invite; only the invited member answers.
    "cohorts_operations_api_room_posts_list": Rule(STAFF, KNOWS_COHORT),
    "cohorts_operations_api_room_post_create": Rule(STAFF, KNOWS_COHORT),
    "cohorts_operations_api_weekly_plan_get": Rule(STAFF, KNOWS_COHORT),
    "cohorts_operations_api_weekly_plan_fill": Rule(STAFF, KNOWS_COHORT),
    "cohorts_operations_api_plan_item_add": Rule(STAFF, KNOWS_COHORT),
    "cohorts_operations_api_plan_item_done": Rule(
        STAFF, KNOWS_COHORT, params={"item_id": "ops_item"}
    ),
    "cohorts_operations_api_evaluations_list": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_operations_api_evaluation_assess": Rule(
        MANAGER, KNOWS_COHORT, params={"evaluation_id": "ops_evaluation"}
    ),
    "cohorts_operations_api_planning_invitation_create": Rule(MANAGER, KNOWS_COHORT),
    "cohorts_operations_api_planning_invitation_accept": Rule(SELF_ONLY, KNOWS_NOTHING),
    "cohorts_operations_api_planning_invitation_decline": Rule(SELF_ONLY, KNOWS_NOTHING),
    # retrospectives (cohorts.retrospectives.api): unknown outside the cohort's staff;
    # the organizers and the core team write and publish it (publishing before the
    # cohort's end is the service's 400).
    "cohorts_retrospectives_api_retrospective_get": Rule(STAFF, STAFF),
    "cohorts_retrospectives_api_retrospective_edit": Rule(MANAGER, STAFF),
    "cohorts_retrospectives_api_retrospective_publish": Rule(MANAGER, STAFF),
    "cohorts_retrospectives_api_retrospective_pdf": Rule(STAFF, STAFF),
}


def _members_get_the_post_page(role, s):
    # is_member is asked first (403), then the post is looked up among the feed's (404).
    return 404 if role in s.members else 403


def _muted_or_join(role, s):
    return 403 if role in s.members else "join"


# Member pages, by URL name and method. "back": the page redirects back to the sub-group
# with the refusal as a message (the sweep checks that nothing was joined).
PAGE_RULES: dict[str, dict[str, Rule]] = {
    "cohorts:mine": {"GET": Rule(AUTHENTICATED)},
    "cohorts:my_reports": {"GET": Rule(AUTHENTICATED)},
    # The queue finds a request or report only among those waiting on the caller
    # (cohorts.queue, the query form of can_approve and can_moderate): anyone else, even
    # someone who may see the thing elsewhere, is told it does not exist.
    "cohorts:queue": {"GET": Rule(AUTHENTICATED)},
    "cohorts:queue_request_decide": {
        "POST": Rule(
            COHORT_APPROVER, COHORT_APPROVER, params={"membership_id": "pending_membership"}
        )
    },
    "cohorts:queue_subgroup_request_decide": {"POST": Rule(SUBGROUP_APPROVER, SUBGROUP_APPROVER)},
    "cohorts:queue_report_decide": {"POST": Rule(MODERATOR, MODERATOR)},
    "cohorts:home": {
        "GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join"),
        "POST": Rule(COHORT_POST, KNOWS_COHORT, refused=_muted_or_join),
    },
    "cohorts:join": {
        "GET": Rule(COHORT_VISIBLE, KNOWS_COHORT),
        # The page puts the refusal on the form (400); the API answers 403.
        "POST": Rule(COHORT_JOIN, KNOWS_COHORT, refused=400),
    },
    "cohorts:leave": {
        "GET": Rule(COHORT_ACTIVE, COHORT_ACTIVE),
        "POST": Rule(COHORT_ACTIVE, COHORT_ACTIVE),
    },
    "cohorts:rules": {
        "GET": Rule(COHORT_VISIBLE, KNOWS_COHORT),
        "POST": Rule(COHORT_ACTIVE, KNOWS_COHORT),
    },
    "cohorts:members": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join")},
    "cohorts:subgroup": {
        "GET": Rule(SUBGROUP_VISIBLE, KNOWS_SUBGROUP),
        "POST": Rule(SUBGROUP_POST, KNOWS_SUBGROUP),
    },
    "cohorts:subgroup_join": {"POST": Rule(SUBGROUP_JOIN, KNOWS_SUBGROUP, refused="back")},
    "cohorts:report_post": {
        "GET": Rule(FEED_POST_REPORTER, KNOWS_COHORT, refused=_members_get_the_post_page),
        "POST": Rule(FEED_POST_REPORTER, KNOWS_COHORT, refused=_members_get_the_post_page),
    },
    "cohorts:report_member": {
        "GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
        "POST": Rule(COHORT_MEMBER_READ, KNOWS_COHORT),
    },
    # guest sessions (cohorts.sessions.urls): a session the caller may not see is 404
    "sessions:schedule": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join")},
    # check-ins and points (cohorts.engagement.views): a check-in is found only among the
    # caller's own (the sweep's id names none); supervising as in the API above
    "engagement:checkins": {
        "GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join"),
        "POST": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join"),
    },
    "engagement:checkin_delete": {"POST": Rule(SELF_ONLY, KNOWS_NOTHING)},
    "engagement:checkin_photo": {"GET": Rule(SELF_ONLY, KNOWS_NOTHING)},
    "engagement:supervise": {"GET": Rule(MANAGER, KNOWS_COHORT)},
    "engagement:nudge": {"POST": Rule(MANAGER, KNOWS_COHORT)},
    "engagement:leaderboard": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT)},
    "engagement:my_points": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT)},
    # the cohort health dashboard (cohorts.health.urls), as its API above
    "health:dashboard": {"GET": Rule(STAFF, KNOWS_COHORT)},
    "health:goal_set": {"POST": Rule(MANAGER, KNOWS_COHORT)},
    "health:goal_remove": {"POST": Rule(MANAGER, KNOWS_COHORT, params={"goal_id": "health_goal"})},
    "health:export": {"GET": Rule(STAFF, KNOWS_COHORT)},
    "sessions:detail": {"GET": Rule(SESSION_READ, KNOWS_SESSION)},
    "sessions:ics": {"GET": Rule(SESSION_READ, KNOWS_SESSION)},
    "sessions:rsvp": {"POST": Rule(SESSION_READ, KNOWS_SESSION)},
    # The service refuses feedback from someone who was not there, as a message.
    "sessions:feedback": {"POST": Rule(SESSION_READ, KNOWS_SESSION)},
    # Anyone who sees the session reads the room; asking needs it live (a 400 here).
    "sessions:room": {
        "GET": Rule(SESSION_READ, KNOWS_SESSION),
        "POST": Rule(SESSION_READ, KNOWS_SESSION),
    },
    "sessions:question_vote": {"POST": Rule(SESSION_READ, KNOWS_SESSION)},
    # The page sends a refused organizer's action back to the room with the refusal.
    "sessions:question_answered": {"POST": Rule(ORGANIZER, KNOWS_SESSION, refused="back")},
    "sessions:room_media": {
        "GET": Rule(SESSION_READ, KNOWS_SESSION, params={"post_id": "room_post"})
    },
    # the Q&A board's pages (mentors.questions.views), as its API above
    "questions:board": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join")},
    "questions:ask": {
        "GET": Rule(COHORT_POST, KNOWS_COHORT, refused=_muted_or_join),
        "POST": Rule(COHORT_POST, KNOWS_COHORT, refused=_muted_or_join),
    },
    "questions:similar": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT)},
    "questions:detail": {
        "GET": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
        "POST": Rule(SUBGROUP_POST, SUBGROUP_CONTENT),
    },
    "questions:vote": {"POST": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT)},
    "questions:report": {
        "GET": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
        "POST": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT),
    },
    "questions:accept": {"POST": Rule(SELF_ONLY, SUBGROUP_CONTENT)},
    "questions:helpful": {"POST": Rule(STAFF, SUBGROUP_CONTENT)},
    "questions:propose_case": {"POST": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT)},
    "questions_queue:queue": {"GET": Rule(AUTHENTICATED)},
    "questions_queue:scorecard": {"GET": Rule(AUTHENTICATED)},
    "mentors:mine": {"GET": Rule(AUTHENTICATED)},
    "mentors:profile": {"GET": Rule(AUTHENTICATED), "POST": Rule(AUTHENTICATED)},
    # Only the pair's two people may ask; nobody here is one, and to others it is unknown.
    "mentors:repair": {
        "GET": Rule(SELF_ONLY, KNOWS_NOTHING, params={"pairing_id": "pairing"}),
        "POST": Rule(SELF_ONLY, KNOWS_NOTHING, params={"pairing_id": "pairing"}),
    },
    "notifications:inbox": {"GET": Rule(AUTHENTICATED)},
    "notifications:mark_read": {"POST": Rule(AUTHENTICATED)},
    "notifications:open": {"POST": Rule(SELF_ONLY, KNOWS_NOTHING, params={"pk": "notification"})},
    "notifications:preferences": {"GET": Rule(AUTHENTICATED), "POST": Rule(AUTHENTICATED)},
    "notifications:webhook_add": {"POST": Rule(WEBHOOK_OWNER)},
    "notifications:webhook_delete": {
        "POST": Rule(SELF_ONLY, KNOWS_NOTHING, params={"pk": "webhook"})
    },
    "knowledge_base:search": {"GET": Rule(AUTHENTICATED)},
    "knowledge_base:cases": {"GET": Rule(AUTHENTICATED)},
    "knowledge_base:my_cases": {"GET": Rule(AUTHENTICATED)},
    "knowledge_base:case_new": {"GET": Rule(AUTHENTICATED), "POST": Rule(AUTHENTICATED)},
    # Another person's case still in review, and its file: unknown to all but its author
    # and the knowledge reviewers.
    "knowledge_base:case": {"GET": Rule(SELF_ONLY, KNOWS_NOTHING, params={"case_id": "case_id"})},
    "knowledge_base:case_change": {
        method: Rule(SELF_ONLY, KNOWS_NOTHING, params={"case_id": "case_id"})
        for method in ("GET", "POST")
    },
    "knowledge_base:case_attachment": {
        "GET": Rule(
            SELF_ONLY,
            KNOWS_NOTHING,
            params={"case_id": "case_id", "attachment_id": "attachment_id"},
        )
    },
    "knowledge_base:glossary": {"GET": Rule(AUTHENTICATED)},
    "knowledge_base:conduct": {"GET": Rule(AUTHENTICATED)},
    "knowledge_base:library": {"GET": Rule(AUTHENTICATED)},
    "kb_sheets:download": {"GET": Rule(SELF_ONLY, KNOWS_NOTHING, params={"object_id": "case_id"})},
    # recognition's pages (cohorts.recognition.urls), as its API above
    "recognition:kudos": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join")},
    "recognition:give": {
        "GET": Rule(COHORT_ACTIVE_UNMUTED, KNOWS_COHORT, refused=_muted_or_join),
        "POST": Rule(COHORT_ACTIVE_UNMUTED, KNOWS_COHORT, refused=_muted_or_join),
    },
    "recognition:withdraw": {"POST": Rule(SELF_ONLY, ORGANIZER)},
    "recognition:report": {"GET": Rule(ORGANIZER, ORGANIZER), "POST": Rule(ORGANIZER, ORGANIZER)},
    "recognition:awards": {"GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join")},
    "recognition:award": {
        "GET": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join"),
        "POST": Rule(COHORT_MEMBER_READ, KNOWS_COHORT, refused="join"),
    },
    # the operations room (cohorts.operations.urls): as its API above; only a post's
    # author edits it; HR and the organizers start an evaluation.
    "operations:room": {"GET": Rule(STAFF, KNOWS_COHORT), "POST": Rule(STAFF, KNOWS_COHORT)},
    "operations:post_edit": {
        method: Rule(SELF_ONLY, KNOWS_COHORT, params={"post_id": "ops_post"})
        for method in ("GET", "POST")
    },
    "operations:post_pin": {"POST": Rule(MANAGER, KNOWS_COHORT, params={"post_id": "ops_post"})},
    "operations:plan_item_add": {"POST": Rule(STAFF, KNOWS_COHORT)},
    "operations:plan_item_done": {
        "POST": Rule(STAFF, KNOWS_COHORT, params={"item_id": "ops_item"})
    },
    "operations:roster_set": {"POST": Rule(MANAGER, KNOWS_COHORT)},
    "operations:roster_remove": {
        "POST": Rule(MANAGER, KNOWS_COHORT, params={"shift_id": "ops_shift"})
    },
    "operations:evaluations": {"GET": Rule(MANAGER, KNOWS_COHORT)},
    "operations:evaluation_start": {"POST": Rule(ORGANIZER, KNOWS_COHORT)},
    "operations:evaluation_assess": {
        "POST": Rule(MANAGER, KNOWS_COHORT, params={"evaluation_id": "ops_evaluation"})
    },
    "operations:planning_invite": {
        "GET": Rule(MANAGER, KNOWS_COHORT),
        "POST": Rule(MANAGER, KNOWS_COHORT),
    },
    "operations:planning_answer": {
        "POST": Rule(SELF_ONLY, KNOWS_NOTHING, params={"invitation_id": "invitation"})
    },
    "recognition_me:preference": {"GET": Rule(AUTHENTICATED), "POST": Rule(AUTHENTICATED)},
    "recognition_me:wall": {"GET": Rule(WALL_READER)},
    # Only those asked to greet the newcomer find the prompt; nobody here is.
    "recognition_me:greet": {
        "POST": Rule(SELF_ONLY, KNOWS_NOTHING, params={"prompt_id": "welcome_prompt"})
    },
    # the retrospective's pages (cohorts.retrospectives.urls), as its API above
    "retrospectives:page": {"GET": Rule(STAFF, STAFF), "POST": Rule(MANAGER, STAFF)},
    "retrospectives:publish": {"POST": Rule(MANAGER, STAFF)},
    "retrospectives:pdf": {"GET": Rule(STAFF, STAFF)},
    "knowledge_tools:index": {"GET": Rule(AUTHENTICATED)},
    "knowledge_tools:helped": {
        "POST": Rule(SUBGROUP_CONTENT, SUBGROUP_CONTENT, params={"tool_id": "tool"})
    },
}
PAGE_NAMESPACES = (
    "cohorts",
    "engagement",
    "health",
    "sessions",
    "notifications",
    "knowledge_base",
    "kb_sheets",
    "knowledge_tools",
    "questions",
    "questions_queue",
    "mentors",
    "recognition",
    "recognition_me",
    "operations",
    "retrospectives",
)


# Expected answers -----------------------------------------------------------------------

OK = "ok"


def expected(rule: Rule, role: str, target: str, *, page: bool):
    if role == "anonymous" and not rule.public:
        return "login" if page else 401
    standing = STANDING[target]
    if role in rule.allowed(standing):
        if rule.body_unknown is not None:
            refusal = rule.body_unknown(role, standing)
            if refusal is not None:
                return refusal
        return OK
    if role not in rule.knows(standing):
        return 404
    refused = rule.refused
    return refused(role, standing) if callable(refused) else refused


def answer_matches(expect, response, *, page: bool) -> bool:
    status = response.status_code
    if status >= 500:
        return False
    location = response.get("Location", "") if status in (301, 302, 303) else ""
    if expect == OK:
        refusal_redirect = location.startswith(settings.LOGIN_URL) or location.endswith("/join/")
        return status not in (401, 403, 404, 405) and not (page and refusal_redirect)
    if expect == "login":
        return status == 302 and location.startswith(reverse(settings.LOGIN_URL))
    if expect == "join":
        return status == 302 and location.endswith("/join/")
    if expect == "back":
        return status == 302
    return status == expect


# The calls ------------------------------------------------------------------------------


@functools.cache
def _schema() -> dict:
    # Built once per run: the routers do not change while the tests run.
    return api.get_openapi_schema()


def api_operations() -> list[tuple[str, str, dict]]:
    """(method, path, operation) for every operation of the live OpenAPI schema."""
    return [
        (method.upper(), path, operation)
        for path, operations in _schema()["paths"].items()
        for method, operation in operations.items()
    ]


def member_pages() -> list[tuple[str, list[str]]]:
    """(URL name, its parameters) for every page of the member namespaces."""
    pages = []
    for namespace in PAGE_NAMESPACES:
        resolver = next(
            p
            for p in get_resolver().url_patterns
            if isinstance(p, URLResolver) and p.namespace == namespace
        )
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern), pattern
            # A namespace included under a path with parameters (the sessions'
            # /cohorts/<slug>/sessions/) passes them on to every page in it.
            params = [*resolver.pattern.converters, *pattern.pattern.converters]
            pages.append((f"{namespace}:{pattern.name}", params))
    return pages


# Path parameters that name a cohort, and those that name something of a sub-group or a
# person in it (only these make the hidden sub-group's target differ from the own one).
COHORT_PARAMS = {"slug"}
OBJECT_PARAMS = {
    "subgroup_slug",
    "sub_slug",
    "membership_id",
    "request_id",
    "report_id",
    "post_id",
    "session_id",
    "invitation_id",
    "question_id",
    "board_question_id",
    "answer_id",
    "run_id",
    "proposal_id",
    "pairing_id",
    "repair_id",
    "kudos_id",
}
OBJECT_FIELDS = {"target_membership_id", "target_post_id"}


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = _schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return {**_resolve(node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
    if "anyOf" in node:
        present = [n for n in node["anyOf"] if n.get("type") != "null"]
        return {**_resolve(present[0]), **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def _example(node: dict):
    """A value valid for a schema node: its default, first enum value or a typed sample."""
    node = _resolve(node)
    if "default" in node:
        return node["default"]
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "string":
        return {
            "date": "2026-11-10",
            "date-time": (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3))
            .isoformat()
            .replace("+00:00", "Z"),
            "time": "09:00:00Z",
        }.get(node.get("format"), "sweep")
    if kind == "integer":
        return max(node.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return [_example(node["items"])] * node.get("minItems", 0)
    if kind == "object":
        return _body(node, {})
    raise AssertionError(f"The sweep cannot fill a schema node {node!r}: teach _example.")


# Values for required fields whose type alone does not say what is sensible.
PREFERRED = {
    "slug": "sweep-new",
    "name": "Sweep",
    "body": "Sweep body",
    "reason": "Sweep reason",
    "status": "running",
    "role": "mentor",
    "outcome": "dismiss",
    "dimension": "level",
}


def _body(node: dict, named: dict) -> dict:
    """Required properties, and every property that names an object of the target."""
    node = _resolve(node)
    required = set(node.get("required", ()))
    body = {}
    for name, prop in node.get("properties", {}).items():
        if name in named:
            body[name] = named[name]
        elif name in required:
            body[name] = PREFERRED[name] if name in PREFERRED else _example(prop)
    return body


def _named_values(path: str, target, private: dict) -> dict:
    """Body fields that name something: the target's real ids and codes."""
    version = target.subgroup_version if "{subgroup_slug}" in path else target.cohort_version
    return {
        "target_membership_id": target.membership,
        "target_post_id": target.post,
        "accept_rules_version": version,
        "version": version,
        "employee_ids": [private["invitee"]],
        "program_id": private["program_id"],
        "levels": ["associate"],
        "employee_id": target.attendee,
    }


def _api_call(method: str, path: str, operation: dict, target, private: dict, rule: Rule):
    values = {
        "slug": target.slug,
        "subgroup_slug": target.subgroup_slug,
        "membership_id": target.membership,
        "request_id": target.subgroup_request,
        "report_id": target.report,
        "version": target.subgroup_version if "{subgroup_slug}" in path else target.cohort_version,
        "session_id": target.session,
        "invitation_id": target.invitation,
        "question_id": target.question,
        "guest_id": target.guest,
        "kind": "image",
        "board_question_id": target.board_question,
        "answer_id": target.board_answer,
        "run_id": target.match_run,
        "proposal_id": target.proposal,
        "pairing_id": target.pairing,
        "repair_id": target.repair_request,
        "task_id": target.checkin_task,
        # No check-in has a photo in the sweep's world: nobody gets one (as on the page).
        "checkin_id": target.checkin_task,
        "kudos_id": target.kudos,
        "award_id": target.award,
        "metric": "kudos",
        **{
            name: private[name]
            for name in (
                "employee_id",
                "token_id",
                "job_id",
                "program_id",
                "case_id",
                "attachment_id",
            )
        },
    }
    for name, field_name in rule.params.items():
        values[name] = getattr(target, field_name)

    def fill(match):
        name = match.group(1)
        assert name in values, f"The sweep does not know how to fill {{{name}}} in {path}."
        return str(values[name])

    url = re.sub(r"{(\w+)}", fill, path)
    body = None
    if "requestBody" in operation:
        kind, schema = _request_schema(operation)
        body = _body(schema, _named_values(path, target, private))
        if kind == "multipart/form-data":
            body = FormBody(body)
    return url, body


class FormBody(dict):
    """A body sent as a multipart form (an upload's), not as JSON."""


def _request_schema(operation: dict) -> tuple[str, dict]:
    """The request body's content type and schema: JSON, or a multipart form."""
    content = operation["requestBody"]["content"]
    kind = "application/json" if "application/json" in content else "multipart/form-data"
    return kind, content[kind]["schema"]


def _page_call(name: str, params: list[str], method: str, target, private: dict, rule: Rule):
    values = {
        "slug": target.slug,
        "sub_slug": target.subgroup_slug,
        "membership_id": target.membership,
        "post_id": target.post,
        "request_id": target.subgroup_request,
        "report_id": target.report,
        "session_id": target.session,
        "question_id": target.question,
        "kind": "image",
        "sheet_kind": "case",
        "board_question_id": target.board_question,
        "answer_id": target.board_answer,
        "checkin_id": target.checkin_task,
        "kudos_id": target.kudos,
        "award_id": target.award,
        "export_format": "csv",
    }
    for param, source in rule.params.items():
        values[param] = private[source] if source in private else getattr(target, source)
    url = reverse(name, kwargs={param: values[param] for param in params})
    forms = {
        "cohorts:home": {"body": "Sweep post"},
        "cohorts:join": {"accept_rules": "on"},
        "cohorts:rules": {"version": target.cohort_version},
        "cohorts:subgroup": {"body": "Sweep post"},
        "cohorts:subgroup_join": {"accept_rules": "on"},
        "cohorts:report_post": {"reason": "Sweep report"},
        "cohorts:report_member": {"reason": "Sweep report"},
        "cohorts:queue_request_decide": {"decision": "approve"},
        "cohorts:queue_subgroup_request_decide": {"decision": "approve"},
        "cohorts:queue_report_decide": {"outcome": "dismiss"},
        "sessions:rsvp": {"answer": "going"},
        "engagement:checkins": {"task": target.checkin_task, "book": "Sweep", "text": "Sweep"},
        "engagement:nudge": {"task": target.checkin_task},
        "operations:room": {"kind": "note", "title": "Sweep note"},
        "operations:post_edit": {"kind": "note", "title": "Sweep note"},
        "operations:plan_item_add": {"text": "Sweep item"},
        "operations:evaluation_assess": {"assessment": "Sweep assessment"},
        "operations:planning_invite": {"message": "Sweep"},
        "sessions:feedback": {"rating": "5", "comment": "Sweep"},
        "sessions:room": {"ask": "1", "body": "Sweep question"},
        "questions:ask": {"title": "Sweep question"},
        "questions:detail": {"body": "Sweep answer"},
        "questions:report": {"reason": "Sweep report"},
        "notifications:mark_read": {"all": "1"},
        "notifications:preferences": {"email_enabled": "on"},
        "knowledge_base:case_new": {
            "title": "Sweep case",
            "kind": "case_sharing",
            "language": "en",
            "situation": "Sweep situation",
            "actions": "Sweep actions",
            "source": "field",
        },
        "notifications:webhook_add": {
            "name": "Sweep",
            "flavor": "generic",
            "url": "http://127.0.0.1:9/sweep",
        },
    }
    return url, forms.get(name, {}) if method == "POST" else None


def _targets_for(params, body_fields=()) -> tuple[str, ...]:
    """Calls about the caller's own things, or nothing in a cohort, are made once; calls
    about a cohort against each kind; calls about a sub-group's or a person's things
    against the hidden sub-group's too."""
    names = set(params) | set(body_fields)
    if names & (OBJECT_PARAMS | OBJECT_FIELDS):
        return TARGETS
    if names & COHORT_PARAMS:
        return ("own", "other", "draft")
    return ("own",)


def _body_fields(operation: dict) -> set[str]:
    if "requestBody" not in operation:
        return set()
    _kind, schema = _request_schema(operation)
    return set(_resolve(schema).get("properties", {}))


@dataclass
class Call:
    kind: str  # "api" or "page"
    name: str  # operationId or URL name
    method: str
    role: str
    target: str
    url: str
    body: object
    expect: object
    probe: Callable | None = None


def all_calls(world) -> list[Call]:
    calls = []
    for method, path, operation in api_operations():
        rule = API_RULES[operation["operationId"]]
        params = re.findall(r"{(\w+)}", path)
        for target in _targets_for(params, _body_fields(operation)):
            url, body = _api_call(
                method, path, operation, world["targets"][target], world["private"], rule
            )
            for role in ROLES:
                calls.append(
                    Call(
                        "api",
                        operation["operationId"],
                        method,
                        role,
                        target,
                        url,
                        body,
                        expected(rule, role, target, page=False),
                    )
                )
    for name, params in member_pages():
        for method, rule in PAGE_RULES[name].items():
            for target in _targets_for(params):
                target_ids = world["targets"][target]
                url, form = _page_call(name, params, method, target_ids, world["private"], rule)
                for role in ROLES:
                    expect = expected(rule, role, target, page=True)
                    probe = None
                    if name == "cohorts:subgroup_join" and expect == "back":
                        probe = _joined_probe(target_ids)
                    calls.append(Call("page", name, method, role, target, url, form, expect, probe))
    return calls


def _joined_probe(target):
    def joined(user) -> bool:
        return SubGroupMembership.objects.filter(
            subgroup__cohort__slug=target.slug,
            subgroup__slug=target.subgroup_slug,
            membership__user=user,
        ).exists()

    return joined


def _send(client: Client, call: Call):
    if call.kind == "page":
        if call.method == "GET":
            return client.get(call.url)
        return client.post(call.url, call.body or {})
    if isinstance(call.body, FormBody):
        return client.post(call.url, dict(call.body))
    return client.generic(
        call.method,
        call.url,
        data=b"" if call.body is None else json.dumps(call.body),
        content_type="application/json",
    )


def _report(failures) -> str:
    header = ("kind", "operation / page", "method", "role", "target", "expected", "got")
    rows = [header, *failures]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _judge(call: Call, clients, sessions, users):
    """Make one call in a transaction that is rolled back; its failure row, or None."""
    client = clients[call.role]
    with transaction.atomic():
        response = _send(client, call)
        joined = call.probe is not None and call.probe(users[call.role])
        transaction.set_rollback(True)
    # Keep only the session: messages and language cookies of one call must not follow
    # the caller into the next.
    client.cookies.clear()
    if sessions[call.role] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[call.role].value
    if answer_matches(call.expect, response, page=call.kind == "page") and not joined:
        return None
    got = str(response.status_code)
    if response.get("Location"):
        got = f"{got} -> {response['Location']}"
    if joined:
        got = f"{got} (and joined)"
    return (call.kind, call.name, call.method, call.role, call.target, call.expect, got)


# The tests ------------------------------------------------------------------------------


def test_every_api_operation_declares_who_may_call_it():
    missing = sorted({op["operationId"] for _m, _p, op in api_operations()} - set(API_RULES))
    assert not missing, (
        "These API operations have no rule in tests/security/test_permission_sweep.py "
        f"API_RULES: {', '.join(missing)}. Declare who may call each (an access class and "
        "who knows the object it is about), so the permission sweep can check it."
    )
    stale = sorted(set(API_RULES) - {op["operationId"] for _m, _p, op in api_operations()})
    assert not stale, f"API_RULES names operations that no longer exist: {', '.join(stale)}."


def test_every_member_page_declares_who_may_open_it():
    names = {name for name, _params in member_pages()}
    missing = sorted(names - set(PAGE_RULES))
    assert not missing, (
        "These member pages have no rule in tests/security/test_permission_sweep.py "
        f"PAGE_RULES: {', '.join(missing)}. Declare who may open each, per method."
    )
    stale = sorted(set(PAGE_RULES) - names)
    assert not stale, f"PAGE_RULES names pages that no longer exist: {', '.join(stale)}."


def test_permission_sweep(sweep_world):
    users = sweep_world["users"]
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    sessions = {
        role: client.cookies.get(settings.SESSION_COOKIE_NAME) for role, client in clients.items()
    }

    calls = all_calls(sweep_world)
    failures = []
    started = time.monotonic()
    # Some 1,500 refusals would each log a warning with its traceback; errors still log.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        failures = [
            failure for call in calls if (failure := _judge(call, clients, sessions, users))
        ]
    finally:
        request_log.setLevel(level)
    elapsed = time.monotonic() - started
    assert not failures, (
        f"{len(failures)} of {len(calls)} calls got the wrong answer ({elapsed:.1f} s):\n"
        + _report(failures)
    )
