"""What every app's Wagtail admin builds on, so that the admin writes through services.

- ``ServiceOwnedPolicy``: rows that only services write. The admin may look and act
  through buttons that call a service; the actions in ``refused`` are never offered.
- ``ServiceSaveMixin``: create and edit views whose ``save_instance`` calls a service,
  with the service's refusal put back on the form.
- ``RecordDisplay``: how an inspect page shows a JSON record (an audit entry's changes,
  a notification's payload): as the data it is, not as a Python ``repr``.
- ``PlainColumn``, ``PlainTitleColumn``: listing cells formatted in Python rather than by
  a template, for long listings where rendering each cell's template is most of the
  page's time.
- ``ServiceBulkActionMixin``: bulk actions that call a service row by row and report
  each refusal.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies.base import ModelPermissionPolicy

from learning.forms import add_service_errors
from learning.paging import IdsFirst
from learning.templatetags.guild_values import shown


class ServiceOwnedPolicy(ModelPermissionPolicy):
    """Rows written only by services: the admin may look, and act through buttons."""

    refused = frozenset({"add", "change", "delete"})

    def __init__(self, model, *, refused=None, **kwargs):
        super().__init__(model, **kwargs)
        if refused is not None:
            self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)


class PlainColumn(Column):
    """A column whose cells are the same ``<td>`` as Guild's ``tables/cell.html`` writes
    (the value as ``shown`` reads it), formatted in Python: a template per cell costs
    ~0.2 ms, which is most of a 50-row, 10-column listing's time."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        text = shown("" if value is None or not str(value).strip() else value)
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, text)
        return format_html("<td>{}</td>", text)


class PlainTitleColumn(TitleColumn):
    """The title cell as ``tables/title_cell.html`` writes it (the value linked to the
    row's page, with its title id for the bulk-action checkboxes), formatted in Python,
    and without the per-row menu of actions: the linked page offers them, and building
    that menu cost more than the rest of the row."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        title = value if str(value or "").strip() else self.empty_value_display
        if title_id := self.get_title_id(instance, parent_context):
            title = format_html('<span id="{}">{}</span>', title_id, title)
        if url := self.get_link_url(instance, parent_context):
            title = format_html('<a href="{}">{}</a>', url, title)
        return format_html('<td class="title"><div class="title-wrapper">{}</div></td>', title)


class PlainListingMixin:
    """An admin index view that costs about the same on any page at any size: plain cells
    (``PlainColumn``; the title as ``PlainTitleColumn``, linked to the row's edit page),
    the order made unique by ``tie_breaker`` so pages are stable, and pages read ids
    first (``learning.paging.IdsFirst``). ``title_id_prefix`` names the title's id, which
    the bulk-action checkboxes point at (``<prefix>_<pk>_title``)."""

    title_id_prefix = "snippet"
    tie_breaker = "pk"

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        keys = queryset.query.order_by or self.model._meta.ordering
        return queryset.order_by(*keys, self.tie_breaker)

    def get_paginator(self, queryset, *args, **kwargs):
        return super().get_paginator(IdsFirst(queryset), *args, **kwargs)

    def _get_custom_column(self, field_name, column_class=PlainColumn, **kwargs):
        return super()._get_custom_column(field_name, column_class=column_class, **kwargs)

    def _get_title_column(self, field_name, *args, **kwargs):
        # The title links to the row's page, which offers the actions: no per-row menu.
        return self._get_custom_column(
            field_name,
            PlainTitleColumn,
            get_url=lambda instance: self.get_edit_url(instance) or self.get_inspect_url(instance),
            get_title_id=lambda instance: f"{self.title_id_prefix}_{instance.pk}_title",
        )


class ServiceSaveMixin:
    """Create and edit views whose ``save_instance`` calls a service.

    Wagtail's own save would run the model form and log to the history; here the service
    validates, saves and logs, so the admin, the API and code behave the same. A refusal
    goes back on the form, the transaction rolls back and nothing is saved.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do that."))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)

    def service_fields(self, names) -> dict:
        """The form's cleaned values of the fields the service takes."""
        data = self.form.cleaned_data
        return {name: data[name] for name in names if name in data}


class RecordDisplay(Component):
    """A JSON field's value on an inspect page, shown as JSON in a code block.

    Keys and codes in such records are the program's, the same in every language; Wagtail
    would print the Python ``repr`` (``{'role': ['newcomer', 'mentor']}``) as if it were
    a sentence. Registered for every ``JSONField`` in ``learning.wagtail_hooks``.
    """

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None):
        if self.value in (None, {}, []):
            return "—"
        text = json.dumps(self.value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        return format_html("<pre><code>{}</code></pre>", text)


class ServiceBulkActionMixin:
    """A bulk action whose every row goes through a service: ``run`` acts on one row,
    each refusal is reported with the row it concerns, and the others still go ahead
    (each row is its own transaction, as the service makes it)."""

    def get_execution_context(self):
        return {
            "actor": self.request.user,
            "options": self.cleaned_form.cleaned_data,
            "request": self.request,
        }

    @classmethod
    def run(cls, obj, *, actor, options):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, *, actor, options, request, **kwargs):
        done = 0
        for obj in objects:
            try:
                cls.run(obj, actor=actor, options=options)
            except (ValidationError, PermissionDenied) as error:
                reason = (
                    " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
                messages.error(request, f"{obj}: {reason}")
            else:
                done += 1
        return done, 0
