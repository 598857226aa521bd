"""The board in the admin (see the package docstring)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts import permissions
from cohorts.sessions.admin_access import organizes_a_cohort
from learning.admin_base import ServiceSaveMixin
from mentors.questions import selectors, services
from mentors.questions.models import Question, QuestionBoardSettings


def _organized(request):
    return permissions.cohorts_organized_by(request.user if request else None).order_by("name")


class QuestionFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=gettext_lazy("Cohort"), queryset=_organized)
    answered = django_filters.BooleanFilter(
        label=gettext_lazy("Answered"),
        field_name="first_answer_at",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = Question
        fields = ["cohort", "escalation_level", "hidden"]


class QuestionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Question.objects.filter(
            cohort__in=permissions.cohorts_organized_by(self.request.user)
        ).select_related("cohort", "author__profile", "subgroup")


class QuestionInspectView(generic.InspectView):
    def get_base_object_queryset(self):
        return Question.objects.filter(
            cohort__in=permissions.cohorts_organized_by(self.request.user)
        )


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    url_namespace = "mentor_questions_question"
    url_prefix = "questions/questions"
    menu_label = gettext_lazy("Questions")
    index_view_class = QuestionIndexView
    inspect_view_class = QuestionInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "cohort",
        "subgroup",
        "author",
        "mentor",
        "title",
        "body",
        "votes",
        "answer_count",
        "first_answer_at",
        "mentor_replied_at",
        "accepted_answer",
        "resolved_at",
        "escalation_level",
        "hidden",
        "created_at",
    ]
    list_display = [
        "title",
        "cohort",
        "author",
        "answer_count",
        "escalation_level",
        "resolved_at",
        "created_at",
    ]
    filterset_class = QuestionFilterSet
    list_per_page = 50
    copy_view_enabled = False
    form_fields = ["hidden"]


class BoardSettingsCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return services.board_settings_save(
            actor=self.request.user, **self.service_fields(SETTINGS_FIELDS)
        )


class BoardSettingsEditView(ServiceSaveMixin, generic.EditView):
    def save_instance(self):
        return services.board_settings_save(
            cohort=self.object.cohort,
            actor=self.request.user,
            **self.service_fields(SETTINGS_FIELDS - {"cohort"}),
        )


class BoardSettingsIndexView(generic.IndexView):
    def get_base_queryset(self):
        return QuestionBoardSettings.objects.filter(
            cohort__in=permissions.cohorts_organized_by(self.request.user)
        ).select_related("cohort")


SETTINGS_FIELDS = frozenset({"cohort", "answer_within_hours", "helper_duty_match"})


class BoardSettingsViewSet(ModelViewSet):
    model = QuestionBoardSettings
    icon = "time"
    url_namespace = "mentor_questions_settings"
    url_prefix = "questions/settings"
    menu_label = gettext_lazy("Board settings")
    index_view_class = BoardSettingsIndexView
    add_view_class = BoardSettingsCreateView
    edit_view_class = BoardSettingsEditView
    form_fields = ["cohort", "answer_within_hours", "helper_duty_match"]
    list_display = ["cohort", "answer_within_hours", "helper_duty_match", "updated_at"]
    copy_view_enabled = False


def scorecard_report(request):
    """Each mentor's scorecard, per cohort the viewer organizes (HR: every cohort)."""
    if not organizes_a_cohort(request.user):
        raise PermissionDenied
    cohort_id = request.GET.get("cohort", "")
    cohorts = list(_organized(request))
    chosen = next((c for c in cohorts if str(c.pk) == cohort_id), None)
    cards = selectors.scorecards(cohort=chosen) if chosen else []
    return render(
        request,
        "questions/admin/scorecards.html",
        {"cohorts": cohorts, "chosen": chosen, "cards": cards},
    )


class ScorecardViewSet(ViewSet):
    icon = "doc-full"
    name = "mentor_scorecards"
    url_namespace = "mentor_questions_scorecards"
    url_prefix = "questions/scorecards"
    menu_label = gettext_lazy("Mentor scorecards")

    def get_urlpatterns(self):
        return [path("", scorecard_report, name="index")]


class QuestionsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Questions and answers")
    menu_icon = "help"
    menu_order = 220
    items = (QuestionViewSet, BoardSettingsViewSet, ScorecardViewSet)
