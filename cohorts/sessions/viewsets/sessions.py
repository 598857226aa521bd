"""Guest sessions in the admin: the evenings of the cohorts a person organizes, on each
cohort's own clock, with their guests and what HR must fix (clashes); create and edit
through the services, status buttons, and bulk confirm or cancel.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

from cohorts import permissions
from cohorts.sessions import selectors, services
from cohorts.sessions.admin_display import (
    session_cohort,
    session_flags,
    session_guests,
    session_host,
    session_when,
)
from cohorts.sessions.admin_forms import (
    CancelForm,
    InviteForm,
    NoOptionsForm,
    SegmentFormSet,
    SessionForm,
    SummaryForm,
)
from cohorts.sessions.models import GuestInvitation, Session
from cohorts.sessions.services.guests import INVITATION_TRANSITIONS
from cohorts.sessions.services.schedule import SESSION_FIELDS, TRANSITIONS
from cohorts.sessions.services.summaries import SUMMARY_FIELDS
from cohorts.sessions.viewsets.guests import guest_chooser_viewset
from learning.admin_base import ServiceBulkActionMixin, ServiceSaveMixin
from learning.choosers import person_chooser_viewset

# The status buttons, in the order HR meets them; "planned" again undoes a confirmation.
STATUS_BUTTONS = (
    Session.Status.CONFIRMED,
    Session.Status.LIVE,
    Session.Status.DONE,
    Session.Status.PLANNED,
    Session.Status.CANCELLED,
)


def _organized_cohorts(request):
    return permissions.cohorts_organized_by(request.user if request else None).order_by(
        "-start_date", "name"
    )


class SessionFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cohort"), queryset=_organized_cohorts
    )
    date = django_filters.DateFromToRangeFilter(
        label=pgettext_lazy("of an event", "date"), widget=DateRangePickerWidget
    )
    has_confirmed_guest = django_filters.BooleanFilter(
        label=gettext_lazy("Has a confirmed guest"), method="filter_has_confirmed_guest"
    )

    class Meta:
        model = Session
        fields = ["cohort", "status", "date", "format"]

    def filter_has_confirmed_guest(self, queryset, name, value):
        coming = GuestInvitation.objects.filter(
            session=OuterRef("pk"), status__in=GuestInvitation.COMING
        )
        return queryset.filter(Exists(coming)) if value else queryset.exclude(Exists(coming))


class AdminScopedMixin:
    """Only the sessions of the cohorts the person organizes exist for them here: any
    other answers 404, as if it did not exist."""

    def get_queryset(self):
        return selectors.sessions_for_admin(self.request.user)

    def get_base_object_queryset(self):
        return self.get_queryset()


class SessionIndexView(SnippetViewSet.index_view_class):
    def get_base_queryset(self):
        return selectors.sessions_for_admin(self.request.user)

    def paginate_queryset(self, queryset, page_size):
        # The clashes of the whole page at once (two queries), never one row at a time.
        paginator, page, rows, paginated = super().paginate_queryset(queryset, page_size)
        rows = list(rows)
        clashes = services.session_clashes(rows)
        for session in rows:
            session.clashes = clashes.get(session.pk, [])
        page.object_list = rows
        return paginator, page, rows, paginated

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The evening heads each row and opens it, as a day does in a calendar.
        return self._get_title_column_class(column_class)(
            "when",
            label=_("When"),
            accessor=session_when,
            sort_key="starts_at",
            width="16%",
            get_url=self.get_edit_url,
            **kwargs,
        )

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(
            HeaderButton(
                _("Generate a series"),
                url=reverse("guest_sessions_series_generate"),
                icon_name="date",
            )
        )
        return buttons


class SessionCreateView(ServiceSaveMixin, SnippetViewSet.add_view_class):
    def save_instance(self):
        return services.session_create(
            cohort=self.form.cleaned_data["cohort"],
            actor=self.request.user,
            **self.service_fields(SESSION_FIELDS),
        )


class SessionEditView(AdminScopedMixin, ServiceSaveMixin, SnippetViewSet.edit_view_class):
    def save_instance(self):
        return services.session_update(
            session=self.object,
            actor=self.request.user,
            changes=self.service_fields(SESSION_FIELDS),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(session_desk(self.request, self.object))
        return context


class SessionHistoryView(AdminScopedMixin, SnippetViewSet.history_view_class):
    pass


class SessionUsageView(AdminScopedMixin, SnippetViewSet.usage_view_class):
    pass


# The desk lists the first ones who came; the API pages through all of them.
ATTENDEES_SHOWN = 200


def session_desk(request, session: Session, **extra) -> dict:
    """What the session's edit page shows beside its form: status buttons, clashes,
    segments, invitations, who came and what they thought, the summary and the text to
    share."""
    summary = getattr(session, "summary", None)
    segments = session.segments.all()
    invitations = list(session.invitations.select_related("guest__employee"))
    return {
        "session": session,
        "status_buttons": [
            (status, Session.Status(status).label)
            for status in STATUS_BUTTONS
            if status in TRANSITIONS[session.status]
        ],
        "clashes": services.session_clashes([session]).get(session.pk, []),
        "segment_formset": extra.get("segment_formset")
        or SegmentFormSet(
            initial=[{"kind": s.kind, "minutes": s.minutes, "title": s.title} for s in segments],
            prefix="segments",
        ),
        "invitations": [(invitation, invitation_moves(invitation)) for invitation in invitations],
        "invite_form": extra.get("invite_form")
        or InviteForm(guest_widget=guest_chooser_viewset.widget_class()),
        "summary": summary,
        "summary_form": extra.get("summary_form")
        or SummaryForm(initial={name: getattr(summary, name, "") for name in SUMMARY_FIELDS}),
        "summary_open": session.status in (Session.Status.LIVE, Session.Status.DONE),
        "share_text": services.session_share_text(session, base_url=base_url()),
        "minted_link": extra.get("minted_link"),
        "turnout": selectors.session_turnout(session),
        "attendees": selectors.session_attendance(session)[:ATTENDEES_SHOWN],
    }


def invitation_moves(invitation: GuestInvitation) -> list[tuple[str, str]]:
    """The statuses this invitation may move to (its buttons), with their labels."""
    return [
        (status, GuestInvitation.Status(status).label)
        for status in GuestInvitation.Status.values
        if status in INVITATION_TRANSITIONS[invitation.status]
    ]


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = gettext_lazy("Guest sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    edit_template_name = "cohorts/sessions/admin/session_edit.html"
    history_view_class = SessionHistoryView
    usage_view_class = SessionUsageView
    filterset_class = SessionFilterSet
    ordering = ["starts_at", "pk"]
    list_display = [
        "starts_at",  # the title column: the evening on its cohort's clock (see the index)
        Column("title", label=capfirst(pgettext_lazy("of a session", "title")), accessor="title"),
        Column("cohort", label=gettext_lazy("Cohort"), accessor=session_cohort, sort_key="cohort"),
        Column("guests", label=gettext_lazy("Guests"), accessor=session_guests),
        Column("host", label=gettext_lazy("Host"), accessor=session_host),
        "status",
        Column("flags", label=gettext_lazy("To fix"), accessor=session_flags),
    ]
    list_per_page = 50
    search_fields = ["title", "description"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("cohort"), FieldPanel("subgroup")]),
            FieldPanel("title"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("date"),
                    FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                ],
                heading=gettext_lazy("When, on the cohort's clock"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("format"),
                    FieldPanel("meeting_url"),
                    FieldRowPanel([FieldPanel("place"), FieldPanel("seat_limit")]),
                ],
                heading=gettext_lazy("Where"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("host", widget=person_chooser_viewset.widget_class),
                    FieldPanel("summary_writer", widget=person_chooser_viewset.widget_class),
                ],
                heading=gettext_lazy("People"),
            ),
        ],
        base_form_class=SessionForm,
    )


class SessionBulkAction(ServiceBulkActionMixin, SnippetBulkAction):
    """A bulk action over the selected sessions: each goes through ``session_transition``,
    each refusal is reported with its session."""

    models = [Session]
    template_name = "cohorts/sessions/admin/session_bulk.html"
    form_class = NoOptionsForm
    to = ""

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    def get_all_objects_in_listing_query(self, parent_id):
        return selectors.sessions_for_admin(self.request.user).values_list("pk", flat=True)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(
            Session.objects.filter(pk__in=object_ids)
            .select_related("cohort")
            .order_by("starts_at", "pk")
        )

    @classmethod
    def run(cls, session, *, actor, options):
        services.session_transition(
            session=session, actor=actor, to=cls.to, reason=options.get("reason", "")
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(action)s: %(count)d sessions.") % {
            "action": self.display_name,
            "count": num_parent_objects,
        }


class ConfirmBulkAction(SessionBulkAction):
    display_name = pgettext_lazy("a session", "Confirm")
    action_type = "confirm_sessions"
    aria_label = gettext_lazy("Confirm the selected sessions")
    action_priority = 10
    to = Session.Status.CONFIRMED


class CancelBulkAction(SessionBulkAction):
    display_name = pgettext_lazy("a session", "Cancel")
    action_type = "cancel_sessions"
    aria_label = gettext_lazy("Cancel the selected sessions")
    action_priority = 20
    classes = {"serious"}
    form_class = CancelForm
    to = Session.Status.CANCELLED
