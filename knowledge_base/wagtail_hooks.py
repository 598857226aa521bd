"""What the knowledge base hands to the layers below, through hooks
(``learning.registry``): the "Knowledge base" admin menu (cases with their review
workflow, the glossary, the code of conduct), a "Knowledge" link with the number of
cases waiting for a reviewer, the library's link on a cohort's home (its resource
library of session summaries), accepted Q&A answers taken as proposed cases, the API
router and the demo."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from knowledge_base import selectors as kb_selectors
from knowledge_base.models import Case
from knowledge_base.services import (
    REVIEWER_GROUP,
    case_from_answer,
    case_may_review,
    case_reviewer_known,
)
from knowledge_base.viewsets import KnowledgeBaseGroup
from learning import registry
from learning.registry import NavItem

register_snippet(KnowledgeBaseGroup)


@hooks.register("guild_answer_proposed_as_case")
def _case_from_answer(answer, actor):
    return case_from_answer(answer=answer, actor=actor)


@hooks.register("guild_viewer_counts")
def knowledge_viewer_counts(user):
    """Whether the viewer is a knowledge reviewer and how many cases wait for review,
    read with the shell's other counts in one query (``registry.viewer_counts``)."""
    return {
        "knowledge_reviewer": registry.count_of(user.groups.filter(name=REVIEWER_GROUP)),
        "knowledge_cases_waiting": registry.count_of(
            Case.objects.filter(live=False, workflow_states__status="in_progress")
        ),
    }


@hooks.register("guild_nav_items")
def knowledge_nav_items(request):
    if not request.user.is_authenticated:
        return []
    items = [
        NavItem(
            label=_("Knowledge"), url=reverse("knowledge_base:search"), icon="doc-full", order=40
        )
    ]
    counts = registry.viewer_counts(request)
    case_reviewer_known(request.user, in_group=bool(counts["knowledge_reviewer"]))
    if case_may_review(request.user):
        waiting = counts["knowledge_cases_waiting"]
        if waiting:
            items.append(
                NavItem(
                    label=_("Cases to review"),
                    url=reverse("wagtailsnippets_knowledge_base_case:list") + "?live=false",
                    icon="tasks",
                    order=41,
                    badge=waiting,
                )
            )
    return items


@hooks.register("guild_cohort_home_sections")
def knowledge_library_section(request, cohort, place):
    """The cohort's summaries in the resource library, under its schedule."""
    if place != "schedule":
        return []
    return [
        render_to_string("knowledge_base/home_section.html", {"cohort": cohort}, request=request)
    ]


@hooks.register("guild_seed_demo")
def knowledge_seed_demo(*, company, stdout):
    from knowledge_base.demo import knowledge_demo_seed

    knowledge_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_api_routers")
def knowledge_api_router():
    from knowledge_base.api import router

    return [("/knowledge", router)]


@hooks.register("guild_points_rules")
def _knowledge_points_rules():
    """A case approved and shared gives its author points (``case_points_award``)."""
    from django.utils.translation import gettext_lazy

    from cohorts.engagement.services import PointsRuleDeclaration
    from knowledge_base.models import Case
    from knowledge_base.services.review import RULE_PUBLISHED, case_url

    def describe(ids):
        return {case.pk: (case.title, case_url(case)) for case in Case.objects.filter(pk__in=ids)}

    return [
        PointsRuleDeclaration(RULE_PUBLISHED, gettext_lazy("Case shared"), 10, describe=describe)
    ]


@hooks.register("guild_digest_sections")
def _cases_digest_lines(*, windows):
    def line(n):
        return lambda: (
            ngettext("%(n)d new case to learn from", "%(n)d new cases to learn from", n) % {"n": n}
        )

    return {
        cohort_id: [line(n)]
        for cohort_id, n in kb_selectors.cases_published_counts(windows).items()
        if n
    }


@hooks.register("guild_health_metrics")
def _health_metrics():
    from knowledge_base.health import health_declarations

    return health_declarations()
