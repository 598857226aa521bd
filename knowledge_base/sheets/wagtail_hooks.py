"""What the sheets hand to the layers below and to the admin, through hooks: the
booklet job, the API route, the admin's "Download sheet" on every kind of sheet's
listing and edit screen, and HR's "Booklets" page."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.snippets.action_menu import ActionMenuItem

from knowledge_base.sheets import services, views
from knowledge_base.sheets.registry import sheet_kind_for


@hooks.register("guild_job_handlers")
def sheets_job_handlers():
    return {services.BOOKLET_JOB: services.BOOKLET_JOB_KIND}


@hooks.register("guild_api_routers")
def sheets_api_router():
    from knowledge_base.sheets.api import router

    return [("/knowledge", router)]


@hooks.register("register_admin_urls")
def sheets_admin_urls():
    return [
        path(
            "sheets/<slug:kind>/<int:object_id>/sheet.pdf",
            views.admin_sheet_download,
            name="kb_sheets_admin_download",
        ),
        path("sheets/booklets/", views.booklet_export, name="kb_sheets_booklet_export"),
        path(
            "sheets/booklets/<int:booklet_id>/booklet.pdf",
            views.booklet_download,
            name="kb_sheets_booklet_download",
        ),
    ]


def sheet_admin_url(obj) -> str | None:
    kind = sheet_kind_for(obj)
    if kind is None or kind.revision_id(obj) is None:
        return None
    return reverse("kb_sheets_admin_download", args=[kind.key, obj.pk])


@hooks.register("register_snippet_listing_buttons")
def sheet_listing_button(snippet, user, next_url=None):
    url = sheet_admin_url(snippet)
    if url:
        yield ListingMenuItem(_("Download sheet"), url, icon_name="download", priority=90)


class SheetActionMenuItem(ActionMenuItem):
    name = "action-sheet"
    label = gettext_lazy("Download sheet")
    icon_name = "download"
    order = 900

    def is_shown(self, context):
        return context.get("view") == "edit" and sheet_admin_url(context["instance"]) is not None

    def get_url(self, parent_context):
        return sheet_admin_url(parent_context["instance"])


@hooks.register("register_snippet_action_menu_item")
def sheet_action_menu_item(model):
    if sheet_kind_for(model) is not None:
        return SheetActionMenuItem()
    return None


class BookletMenuItem(MenuItem):
    def is_shown(self, request):
        return services.booklet_may_export(request.user)


@hooks.register("register_admin_menu_item")
def booklet_menu_item():
    return BookletMenuItem(
        gettext_lazy("Booklets"),
        reverse("kb_sheets_booklet_export"),
        icon_name="doc-full",
        order=260,
    )
