"""The retrospective's pages of a cohort, under /cohorts/<slug>/retrospective/."""

from django.urls import path

from cohorts.retrospectives import views

app_name = "retrospectives"
urlpatterns = [
    path("", views.retrospective, name="page"),
    path("publish/", views.publish, name="publish"),
    path("retrospective.pdf", views.retrospective_pdf, name="pdf"),
]
