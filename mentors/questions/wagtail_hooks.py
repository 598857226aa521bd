"""What the Q&A board hands to the rest, through hooks (``learning.registry``): the
handed-on live-room questions, the subjects and decisions of board reports in the
cohort's queue, the mentor's queue in the navigation, the API router and the demo."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from learning.registry import NavItem
from mentors.questions import selectors, services

# The navigation's count is read on every page: kept a minute per person, so a page
# costs no query for it (the queue page itself is always fresh).
QUEUE_COUNT_SECONDS = 60


def queue_count_cached(user) -> int:
    return cache.get_or_set(
        f"questions-queue:{user.pk}", lambda: selectors.queue_count(user), QUEUE_COUNT_SECONDS
    )


@hooks.register("guild_session_question_handoff")
def _room_questions_to_board(*, session, questions, actor):
    return services.room_questions_take(session=session, questions=questions, actor=actor)


@hooks.register("guild_report_subjects")
def _board_report_subjects(reports):
    return services.report_subjects(reports)


@hooks.register("guild_report_decided")
def _board_report_decided(*, report):
    services.report_decided(report=report)


@hooks.register("guild_nav_items")
def _questions_nav_item(request):
    if not request.user.is_authenticated:
        return []
    waiting = queue_count_cached(request.user)
    if not waiting:
        return []
    return [
        NavItem(
            label=_("Questions for me"),
            url=reverse("questions_queue:queue"),
            icon="help",
            order=26,
            badge=waiting,
        )
    ]


@hooks.register("guild_shell_badges")
def _questions_badge(request):
    if not request.user.is_authenticated:
        return {}
    return {"questions": queue_count_cached(request.user)}


@hooks.register("guild_cohort_home_sections")
def _questions_home_section(request, cohort, place):
    """A way to the board from the cohort home. No query: the home's budget is full
    (``tests/cohorts/test_page_costs.py``), so the count waits on the board itself."""
    if place != "questions":
        return []
    return [
        render_to_string(
            "questions/home_section.html",
            {"cohort": cohort},
            request=request,
        )
    ]


@hooks.register("guild_digest_sections")
def _questions_digest_lines(*, windows):
    def line(n):
        return lambda: ngettext("%(n)d question answered", "%(n)d questions answered", n) % {"n": n}

    return {
        cohort_id: [line(n)]
        for cohort_id, n in selectors.questions_answered_counts(windows).items()
    }


@hooks.register("guild_seed_demo")
def _questions_seed_demo(*, company, stdout):
    from mentors.questions.demo import questions_demo_seed

    questions_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_api_routers")
def _questions_api_router():
    from mentors.questions.api import router

    return [("/", router)]


@hooks.register("register_admin_viewset")
def _questions_admin():
    from mentors.questions.viewsets import QuestionsGroup

    return QuestionsGroup()


@hooks.register("guild_audit_log_sources")
def audit_log_sources():
    """The cohort's audit log lists these entries beside its own."""
    from mentors.questions.models import QuestionEvent

    return [QuestionEvent.objects.filter(cohort__isnull=False).select_related("cohort", "actor")]


@hooks.register("guild_points_rules")
def _questions_points_rules():
    """An accepted answer gives its author points (``answer_accept``; withdrawn when the
    mark moves or is taken back)."""
    from django.utils.translation import gettext_lazy

    from cohorts.engagement.services import PointsRuleDeclaration
    from mentors.questions.models import Answer
    from mentors.questions.services import RULE_ACCEPTED, question_url

    def describe(ids):
        answers = Answer.objects.filter(pk__in=ids).select_related("question__cohort")
        return {a.pk: (a.question.title, question_url(a.question)) for a in answers}

    return [
        PointsRuleDeclaration(RULE_ACCEPTED, gettext_lazy("Answer accepted"), 5, describe=describe)
    ]


@hooks.register("guild_duty_counts")
def _questions_duty_counts(cohort_ids, start, end):
    """Questions triaged by the operations team for its evaluation: the board's steps
    someone takes on another's question (answered, escalated, hidden, handed on from a
    session, proposed as a case), counted per person in one query."""
    from django.db.models import Count

    from mentors.questions.models import QuestionEvent

    Action = QuestionEvent.Action
    rows = (
        QuestionEvent.objects.filter(
            cohort_id__in=cohort_ids,
            created_at__gte=start,
            created_at__lt=end,
            actor__isnull=False,
            action__in=[
                Action.ANSWERED,
                Action.ESCALATED,
                Action.HIDDEN,
                Action.HANDED_ON,
                Action.PROPOSED_AS_CASE,
            ],
        )
        .values("actor_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["actor_id"]: {"questions_triaged": row["n"]} for row in rows}


@hooks.register("guild_health_metrics")
def _health_metrics():
    from mentors.questions.health import health_declarations

    return health_declarations()
