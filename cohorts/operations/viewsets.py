"""The "Operations team" admin menu: HR reads the room's posts, the weekly plans and the
evaluations of each cohort's operations team, filtered by cohort, kind, period and
whether the assessment waits. The rows are written by the services only (the room, the
beat): here they are read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cohorts.operations.models import Evaluation, RoomPost, WeeklyPlan
from learning.admin_base import ServiceOwnedPolicy

for _model in (RoomPost, WeeklyPlan, Evaluation):
    register_permission_policy(_model, ServiceOwnedPolicy(_model), exact_class=True)


class RoomPostIndexView(generic.IndexView):
    def get_base_queryset(self):
        return RoomPost.objects.select_related("cohort", "author")


class RoomPostViewSet(ModelViewSet):
    model = RoomPost
    icon = "doc-full"
    url_namespace = "operations_room_post"
    url_prefix = "operations/posts"
    menu_label = gettext_lazy("Room posts")
    index_view_class = RoomPostIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "cohort",
        "kind",
        "title",
        "body",
        "author",
        "pinned",
        "created_at",
        "edited_at",
    ]
    list_display = ["title", "kind", "cohort", "author", "pinned", "created_at"]
    list_filter = ["cohort", "kind", "pinned", "created_at"]
    search_fields = ["title", "body"]
    copy_view_enabled = False
    form_fields = ["pinned"]


class WeeklyPlanIndexView(generic.IndexView):
    def get_base_queryset(self):
        return WeeklyPlan.objects.select_related("cohort", "created_by")


class WeeklyPlanViewSet(ModelViewSet):
    model = WeeklyPlan
    icon = "date"
    url_namespace = "operations_weekly_plan"
    url_prefix = "operations/plans"
    menu_label = gettext_lazy("Weekly plans")
    index_view_class = WeeklyPlanIndexView
    inspect_view_enabled = True
    list_display = ["__str__", "cohort", "week", "focus", "created_by"]
    list_filter = ["cohort", "week"]
    copy_view_enabled = False
    form_fields = ["focus"]


class EvaluationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Evaluation.objects.select_related("round__cohort", "person", "assessed_by")


class EvaluationViewSet(ModelViewSet):
    """What each operations member did in a period, and the assessment (HR reads here;
    the core team assesses on the site's evaluations page)."""

    model = Evaluation
    icon = "tasks"
    url_namespace = "operations_evaluation"
    url_prefix = "operations/evaluations"
    menu_label = gettext_lazy("Evaluations")
    index_view_class = EvaluationIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "round",
        "person",
        "role",
        "helper_duty",
        "duties_text",
        "total",
        "assessment",
        "assessed_by",
        "assessed_at",
    ]
    list_display = ["person", "round", "role", "total", "assessed_by", "assessed_at"]
    list_filter = ["round__cohort", "round", "role", "assessed_at"]
    copy_view_enabled = False
    form_fields = ["assessment"]


class OperationsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Operations team")
    menu_icon = "group"
    menu_order = 215
    items = (EvaluationViewSet, WeeklyPlanViewSet, RoomPostViewSet)
