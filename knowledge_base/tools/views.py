"""The member side of sales tools (phone first): the tools index with filters, a tool
page with the cases behind it and "this helped". The pages are Wagtail pages; their
``serve`` hands over here, so the same rule (``tools_visible_to``) guards page, API,
search and sheet. A tool the visitor may not read is 404, as if it did not exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowledge_base.tools import selectors
from knowledge_base.tools.forms import ToolFilterForm
from knowledge_base.tools.models import ToolIndexPage, ToolKind, ToolPage, ToolUse
from knowledge_base.tools.services import (
    record_tool_use,
    tool_editors_see_drafts,
    tool_glossary_flags,
    tool_helped_set,
)

PAGE_SIZE = 20


def tool_index_serve(request, index: ToolIndexPage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ToolFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    filters = form.filters() if request.GET and valid else {}
    tools = selectors.tool_list(user=request.user, filters=filters)
    page = Paginator(tools, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = index.get_context(request)
    context.update(
        {
            "form": form,
            "tools": page,
            "filtered": bool(filters),
            "query": query.urlencode(),
            "kinds": ToolKind.choices,
        }
    )
    return TemplateResponse(
        request, index.get_template(request), context, status=200 if valid else 400
    )


def tool_serve(request, page: ToolPage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    tool = selectors.tool_detail(user=request.user, tool_id=page.pk)
    if tool is None or not tool.live:
        raise Http404(_("No such tool."))
    record_tool_use(tool, request.user, ToolUse.Kind.VIEW)
    editor = tool_editors_see_drafts(request.user) or tool.maintainer_id == request.user.pk
    context = tool.get_context(request)
    context.update(
        {
            "page": tool,
            "self": tool,
            "cases": [link.case for link in tool.source_cases.all()],
            "flags": tool_glossary_flags(tool) if editor else [],
            "editor": editor,
        }
    )
    return TemplateResponse(request, tool.get_template(request), context)


@login_required
def tool_index(request):
    """The knowledge base's "Tools" tab: the tools index page, wherever it sits."""
    index = ToolIndexPage.objects.live().first()
    if index is None:
        raise Http404(_("No sales tool is published yet."))
    return redirect(index.url)


@login_required
@require_POST
def tool_helped(request, tool_id: int):
    """Vote that the tool helped, or take the vote back (``helped=0``)."""
    tool = selectors.tool_detail(user=request.user, tool_id=tool_id)
    if tool is None:
        raise Http404
    try:
        tool_helped_set(tool=tool, user=request.user, helped=request.POST.get("helped") != "0")
    except PermissionDenied as error:
        raise Http404 from error
    return redirect(tool.url + "#helped")
