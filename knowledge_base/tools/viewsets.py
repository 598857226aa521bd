"""The curators' admin for sales tools: a flat listing of every tool with its kind,
language, owner and review-by date, filtered by "due for review"; and the report of the
most used and the stale tools."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from knowledge_base.tools import selectors
from knowledge_base.tools.models import ToolKind, ToolPage
from knowledge_base.tools.services import tool_editors_see_drafts


class ToolFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ToolKind.choices)
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=ToolPage._meta.get_field("language").choices
    )
    due = django_filters.BooleanFilter(label=_("Due for review"), method="filter_due")

    class Meta:
        model = ToolPage
        fields = []

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value is None:
            return queryset
        if value:
            return queryset.filter(review_by__lt=today)
        return queryset.exclude(review_by__lt=today)


class DueColumn(Column):
    cell_template_name = "knowledge_tools/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["due"] = (
            instance.review_by is not None and instance.review_by < timezone.localdate()
        )
        return context


class ToolIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("maintainer__profile")


class ToolListingViewSet(PageListingViewSet):
    model = ToolPage
    icon = "clipboard-list"
    menu_label = _("Sales tools")
    menu_order = 251
    add_to_admin_menu = True
    name = "sales_tools"
    index_view_class = ToolIndexView
    filterset_class = ToolFilterSet
    columns = [
        *IndexView.base_columns,
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("maintainer", label=_("Owner"), accessor="maintainer"),
        DateColumn("review_by", label=_("Review by"), sort_key="review_by"),
        DueColumn("due", label=_("Due for review")),
    ]


def tools_report(request):
    """The curators' report: the most used tools of the last 90 days and the stale ones
    (past their review-by date, or unused for 90 days)."""
    if not tool_editors_see_drafts(request.user):
        raise PermissionDenied
    return render(
        request,
        "knowledge_tools/admin/report.html",
        {
            "most_used": selectors.tools_most_used(),
            "stale": selectors.tools_stale(),
            "today": timezone.localdate(),
            "stale_days": selectors.STALE_DAYS,
        },
    )
