"""What sales tools hand to the layers below and to Wagtail's admin: the curators'
listing ("Sales tools", with "due for review") and report, the glossary flags shown
when an editor saves a tool, the tools as a search source, the API router and the demo.

The print sheets' sub-app listens to Wagtail's ``page_published`` signal for
``ToolPage`` (sender) to render a sheet per revision."""

from __future__ import annotations

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from knowledge_base.tools.models import ToolIndexPage, ToolPage
from knowledge_base.tools.search import tool_search_sources
from knowledge_base.tools.selectors import tools_published_counts
from knowledge_base.tools.services import tool_editors_see_drafts, tool_glossary_flags
from knowledge_base.tools.views import tool_index_serve, tool_serve
from knowledge_base.tools.viewsets import ToolListingViewSet, tools_report


@hooks.register("before_serve_page")
def serve_tool_pages(page, request, serve_args, serve_kwargs):
    """The tools' pages on the site go through their views, which apply
    ``tools_visible_to`` (Wagtail's preview of a draft does not come here)."""
    if isinstance(page, ToolPage):
        return tool_serve(request, page)
    if isinstance(page, ToolIndexPage):
        return tool_index_serve(request, page)
    return None


@hooks.register("register_admin_viewset")
def register_tool_listing():
    return ToolListingViewSet()


@hooks.register("register_admin_urls")
def register_tool_report_url():
    return [path("reports/sales-tools/", tools_report, name="knowledge_tools_report")]


@hooks.register("register_reports_menu_item")
def register_tool_report_menu_item():
    return _ToolReportMenuItem(
        gettext_lazy("Sales tools: use and review"),
        reverse("knowledge_tools_report"),
        icon_name="clipboard-list",
        order=800,
    )


class _ToolReportMenuItem(MenuItem):
    def is_shown(self, request):
        return tool_editors_see_drafts(request.user)


def _flag_message(request, page):
    """After an editor saves a tool: the words its language's glossary deprecates."""
    if not isinstance(page.specific_deferred, ToolPage):
        return
    tool = page.specific.get_latest_revision_as_object()
    flags = tool_glossary_flags(tool)
    if not flags:
        return
    # The glossary panel's own words, so the message reads as it does, translated.
    words = " ".join(
        _("“%(word)s”: say “%(preferred)s”.") % {"word": f.word, "preferred": f.preferred}
        for f in flags
    )
    messages.warning(request, f"{_('Standard sales language')}: {words}")


hooks.register("after_create_page", _flag_message)
hooks.register("after_edit_page", _flag_message)


@hooks.register("guild_knowledge_search_sources")
def knowledge_tool_search_sources():
    return tool_search_sources()


@hooks.register("guild_api_routers")
def knowledge_tool_api_router():
    from knowledge_base.tools.api import router

    return [("/knowledge", router)]


@hooks.register("guild_seed_demo")
def knowledge_tool_seed_demo(*, company, stdout):
    from knowledge_base.tools.demo import tool_demo_seed

    tool_demo_seed(company=company, stdout=stdout)


@hooks.register("guild_digest_sections")
def _tools_digest_lines(*, windows):
    def line(n):
        return lambda: ngettext("%(n)d new sales tool", "%(n)d new sales tools", n) % {"n": n}

    return {cohort_id: [line(n)] for cohort_id, n in tools_published_counts(windows).items()}


@hooks.register("guild_health_metrics")
def _health_metrics():
    from knowledge_base.tools.health import health_declarations

    return health_declarations()
