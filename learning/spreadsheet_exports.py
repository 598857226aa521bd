"""Admin spreadsheet exports that a spreadsheet program cannot turn into formulas.

Wagtail's ``list_export`` writes each value as it is. In a CSV file a cell that begins
with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which Excel skips before
reading one of those) is run as a formula when the file is opened: a name typed as
``=HYPERLINK(...)`` by anyone who can edit their profile becomes a link, a command or a
data leak on HR's machine (OWASP "CSV injection"). Wagtail already types such XLSX cells
as text, which Excel never evaluates; CSV has no types, so the cell gets a leading
apostrophe, which spreadsheet programs read as "this is text" and do not show.

Any app's ViewSet with ``list_export`` takes ``FormulaSafeExportViewSetMixin`` first
among its bases; it works for ``ModelViewSet`` and ``SnippetViewSet`` alike and keeps
the index view class the ViewSet names.
"""

from __future__ import annotations

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# OWASP's list: what makes a spreadsheet program read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell_neutralise(value: object) -> object:
    """``value`` as a CSV cell that no spreadsheet program evaluates; non-text is unchanged.

    Only text is touched: a negative number is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a view with ``SpreadsheetExportMixin``: CSV cells are neutralised as they are
    written (see the module's docstring). Put it before the view class."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return spreadsheet_cell_neutralise(value)
        return value


class FormulaSafeExportViewSetMixin:
    """For a ViewSet: every view it builds that can export (the index and its results)
    gets ``FormulaSafeExportMixin``, whatever index view class the ViewSet names."""

    def construct_view(self, view_class, **kwargs):
        if issubclass(view_class, SpreadsheetExportMixin) and not issubclass(
            view_class, FormulaSafeExportMixin
        ):
            view_class = type(
                view_class.__name__,
                (FormulaSafeExportMixin, view_class),
                {"__module__": view_class.__module__},
            )
        return super().construct_view(view_class, **kwargs)
