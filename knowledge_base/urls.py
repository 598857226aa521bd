"""The knowledge base's member pages, under /knowledge/."""

from django.urls import path

from knowledge_base import views

app_name = "knowledge_base"
urlpatterns = [
    path("", views.search, name="search"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/mine/", views.my_cases, name="my_cases"),
    path("cases/<id:case_id>/", views.case_detail, name="case"),
    path("cases/<id:case_id>/change/", views.case_change, name="case_change"),
    path(
        "cases/<id:case_id>/files/<id:attachment_id>/",
        views.case_attachment,
        name="case_attachment",
    ),
    path("glossary/", views.glossary, name="glossary"),
    path("conduct/", views.conduct, name="conduct"),
    path("library/", views.library, name="library"),
]
