"""Check-ins and points in the admin ("Check-ins and points" menu): HR and organizers
set up each cohort's check-in tasks and its points per rule, and read the check-ins with
filters; each person sees the rows of the cohorts they organize."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cohorts import permissions
from cohorts.engagement.models import Checkin, CheckinTask, PointsRule
from cohorts.engagement.services import points_rules
from cohorts.sessions.admin_access import OrganizerPolicy
from learning.spreadsheet_exports import FormulaSafeExportViewSetMixin

for _model in (CheckinTask, PointsRule):
    register_permission_policy(
        _model, OrganizerPolicy(_model, refused=frozenset()), exact_class=True
    )
register_permission_policy(
    Checkin, OrganizerPolicy(Checkin, refused=frozenset({"add", "change", "delete"})),
    exact_class=True,
)  # fmt: skip


def _organized(request):
    return permissions.cohorts_organized_by(request.user if request else None).order_by(
        "-start_date", "name"
    )


class CohortScopedIndex(generic.IndexView):
    """Only the rows of the cohorts the person organizes."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(cohort__in=_organized(self.request))
            .select_related("cohort")
        )


class CohortScopedEdit(generic.EditView):
    def get_object(self, queryset=None):
        queryset = self.model.objects.filter(cohort__in=_organized(self.request))
        return super().get_object(queryset)


class CohortChoiceForm:
    """Offer only the cohorts the person organizes."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "cohort" in self.fields and for_user is not None:
            self.fields["cohort"].queryset = permissions.cohorts_organized_by(for_user)


class TaskFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=gettext_lazy("Cohort"), queryset=_organized)

    class Meta:
        model = CheckinTask
        fields = ["cohort", "kind", "frequency", "active"]


class CheckinTaskViewSet(ModelViewSet):
    model = CheckinTask
    icon = "tasks"
    url_namespace = "engagement_checkin_task"
    url_prefix = "engagement/checkin-tasks"
    menu_label = gettext_lazy("Check-in tasks")
    index_view_class = CohortScopedIndex
    edit_view_class = CohortScopedEdit
    filterset_class = TaskFilterSet
    list_display = ["title", "cohort", "kind", "frequency", "due_time", "lateness", "active"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            FieldPanel("title"),
            FieldPanel("instructions"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("active")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("frequency"), FieldPanel("weekday")]),
                    FieldRowPanel([FieldPanel("due_time"), FieldPanel("reminder_time")]),
                    FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                ],
                heading=gettext_lazy("When"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("lateness"), FieldPanel("late_hours")])],
                heading=gettext_lazy("Late check-ins"),
            ),
            FieldPanel("supervisor_duty"),
        ]
    )


class CheckinFilterSet(WagtailFilterSet):
    task__cohort = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Cohort"), queryset=_organized
    )
    period__day = django_filters.DateFromToRangeFilter(
        label=pgettext_lazy("of an event", "date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Checkin
        fields = ["task__cohort", "task", "late", "period__day"]


class CheckinIndex(generic.IndexView):
    def get_base_queryset(self):
        return Checkin.objects.filter(task__cohort__in=_organized(self.request)).select_related(
            "task__cohort", "period", "person__profile"
        )


class CheckinViewSet(FormulaSafeExportViewSetMixin, ModelViewSet):
    model = Checkin
    icon = "date"
    url_namespace = "engagement_checkin"
    url_prefix = "engagement/checkins"
    menu_label = gettext_lazy("Check-ins")
    index_view_class = CheckinIndex
    filterset_class = CheckinFilterSet
    list_display = [
        Column("person", label=gettext_lazy("Person"), accessor="person"),
        "task",
        Column("day", label=pgettext_lazy("of an event", "date"), accessor="period.day"),
        "book",
        "word_count",
        "late",
    ]
    list_export = ["person", "task", "book", "chapter", "word_count", "late", "submitted_at"]
    export_filename = "checkins"
    search_fields = ["book", "text"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["person", "task", "period", "book", "chapter", "text", "word_count",
                           "late", "submitted_at"]  # fmt: skip
    form_fields = ["book"]


class PointsRuleForm(forms.ModelForm):
    rule = forms.ChoiceField(label=gettext_lazy("Rule"))

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [
            (code, f"{rule.label} ({rule.default_points:+d})")
            for code, rule in sorted(points_rules().items())
        ]
        if for_user is not None:
            self.fields["cohort"].queryset = permissions.cohorts_organized_by(for_user)

    class Meta:
        model = PointsRule
        fields = ["cohort", "rule", "points", "enabled"]


class PointsRuleViewSet(ModelViewSet):
    model = PointsRule
    icon = "pick"
    url_namespace = "engagement_points_rule"
    url_prefix = "engagement/points-rules"
    menu_label = gettext_lazy("Points per rule")
    index_view_class = CohortScopedIndex
    edit_view_class = CohortScopedEdit
    list_display = ["cohort", "rule", "points", "enabled"]
    list_filter = ["rule", "enabled"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return PointsRuleForm


class EngagementGroup(ViewSetGroup):
    menu_label = gettext_lazy("Check-ins and points")
    menu_icon = "tasks"
    menu_order = 215
    items = (CheckinTaskViewSet, CheckinViewSet, PointsRuleViewSet)
