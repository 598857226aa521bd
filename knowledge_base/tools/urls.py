"""Sales tools' member actions, under /knowledge/tools/ (the pages themselves are
Wagtail pages under the tools index)."""

from django.urls import path

from knowledge_base.tools import views

app_name = "knowledge_tools"
urlpatterns = [
    path("", views.tool_index, name="index"),
    path("<id:tool_id>/helped/", views.tool_helped, name="helped"),
]
