"""What recognition hands to the rest, through hooks (``learning.registry``): the cohort
home's recognition card with the spotlight, the queue's newcomers to greet, the welcome
prompt on an introduction, kudos reports in the cohort's queue, the wall in the
navigation, the API router, the demo and the admin screens."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from cohorts import permissions
from cohorts.recognition import admin_views, selectors, services
from cohorts.recognition.forms import GreetingForm
from learning import registry
from learning.registry import NavItem


@hooks.register("guild_viewer_counts")
def _wall_reader_count(user):
    """Whether the viewer reads the wall, in the shell's one query of the viewer's counts
    (``learning.registry.viewer_counts``): no query of its own on any page."""
    return {
        "recognition_wall_reader": selectors.wall_reader_expression(user),
        # What recognition puts in "Waiting for me" (``_welcome_queue_section``, below).
        "queue_greetings": registry.count_of(selectors.welcome_prompts_waiting_for(user)),
        "queue_awards": registry.count_of(selectors.awards_to_announce_for(user)),
    }


@hooks.register("guild_cohort_home_sections")
def _recognition_home_section(request, cohort, place):
    """The spotlight's latest winners (from the cache) and the ways to thank someone."""
    if place != "recognition":
        return []
    return [
        render_to_string(
            "recognition/home_section.html",
            {
                "cohort": cohort,
                "spotlight": selectors.spotlight_cached(cohort),
                "may_read_wall": permissions.is_organizer(request.user, cohort),
            },
            request=request,
        )
    ]


@hooks.register("guild_introduction_posted")
def _welcome_on_introduction(*, membership, post):
    services.welcome_prompt_create(membership=membership, introduction=post)


@hooks.register("guild_queue_sections")
def _welcome_queue_section(request):
    prompts = list(selectors.welcome_prompts_waiting_for(request.user)[:50])
    if not prompts:
        return []
    return [
        render_to_string(
            "recognition/queue_section.html",
            {"prompts": prompts, "form": GreetingForm()},
            request=request,
        )
    ]


@hooks.register("guild_queue_sections")
def _awards_queue_section(request):
    """Rounds whose voting closed, waiting for the organizer to announce the winners."""
    awards = list(selectors.awards_to_announce_for(request.user)[:50])
    if not awards:
        return []
    return [render_to_string("recognition/queue_awards.html", {"awards": awards}, request=request)]


@hooks.register("guild_report_subjects")
def _kudos_report_subjects(reports):
    return services.report_subjects(reports)


@hooks.register("guild_report_decided")
def _kudos_report_decided(*, report):
    services.report_decided(report=report)


@hooks.register("guild_nav_items")
def _wall_nav_item(request):
    user = request.user
    if not user.is_authenticated:
        return []
    reads = registry.viewer_counts(request).get("recognition_wall_reader", 0)
    if not reads and not permissions.is_hr_organizer(user):
        return []
    return [
        NavItem(
            label=_("Recognition wall"),
            url=reverse("recognition_me:wall"),
            icon="pick",
            order=60,
        )
    ]


@hooks.register("guild_seed_demo")
def _recognition_seed_demo(*, company, stdout):
    from cohorts.recognition.demo import recognition_demo_seed

    recognition_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_api_routers")
def _recognition_api_router():
    from cohorts.recognition.api import router

    return [("/", router)]


@hooks.register("register_admin_viewset")
def _recognition_admin():
    from cohorts.recognition.viewsets import RecognitionGroup

    return RecognitionGroup()


@hooks.register("register_admin_urls")
def _recognition_admin_urls():
    return [
        path(
            "recognition/awards/<int:pk>/close/",
            admin_views.award_close,
            name="recognition_award_close",
        )
    ]


@hooks.register("guild_points_rules")
def _recognition_points_rules():
    """Kudos received give each receiver points (withdrawn with the kudos). The ledger
    names private kudos without their words."""
    from django.utils.translation import gettext_lazy

    from cohorts.engagement.services import PointsRuleDeclaration
    from cohorts.recognition.models import Kudos, Visibility
    from cohorts.recognition.services.kudos import RULE_KUDOS_RECEIVED, kudos_url

    def describe(ids):
        return {
            kudos.pk: (
                str(_("Private kudos"))
                if kudos.visibility == Visibility.PRIVATE
                else kudos.message[:80],
                kudos_url(kudos),
            )
            for kudos in Kudos.objects.filter(pk__in=ids).select_related("cohort")
        }

    return [
        PointsRuleDeclaration(
            code=RULE_KUDOS_RECEIVED,
            label=gettext_lazy("Kudos received"),
            default_points=2,
            describe=describe,
        )
    ]
