"""The health dashboard's site pages, under /cohorts/<slug>/health/."""

from django.urls import path

from cohorts.health import views

app_name = "health"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("goals/", views.goal_set, name="goal_set"),
    path("goals/<id:goal_id>/remove/", views.goal_remove, name="goal_remove"),
    path("export.<str:export_format>", views.export, name="export"),
]
