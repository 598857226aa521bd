from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorQuestionsConfig(AppConfig):
    """The cohort's Q&A board: questions, answers, votes and their escalation (layer 2,
    inside ``mentors``).

    Its own app label, ``mentor_questions``, beside the pairing in ``mentors``.
    """

    name = "mentors.questions"
    label = "mentor_questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from mentors.questions import notification_kinds  # noqa: F401
