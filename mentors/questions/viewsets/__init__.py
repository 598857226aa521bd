"""The "Questions and answers" admin menu: the board's questions with filters, each
cohort's board settings (saved through ``board_settings_save``), and the mentors'
scorecard report for HR. Who may use it: the cohorts' organizers (HR organizes every
cohort), each for the rows of their own cohorts; registered on import so that Wagtail
never falls back to model permissions for these rows."""

from wagtail.permissions import register_permission_policy

from cohorts.sessions.admin_access import OrganizerPolicy
from mentors.questions.models import Question, QuestionBoardSettings
from mentors.questions.viewsets.board import (
    BoardSettingsViewSet,
    QuestionsGroup,
    QuestionViewSet,
    ScorecardViewSet,
)

# Questions are asked, answered and hidden on the site (or by a report's decision), never
# written in the admin; settings are kept, never deleted.
register_permission_policy(
    Question, OrganizerPolicy(Question, refused={"add", "change", "delete"}), exact_class=True
)
register_permission_policy(
    QuestionBoardSettings, OrganizerPolicy(QuestionBoardSettings), exact_class=True
)

__all__ = ["BoardSettingsViewSet", "QuestionViewSet", "QuestionsGroup", "ScorecardViewSet"]
