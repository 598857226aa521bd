"""Recognition's member pages of a cohort, under /cohorts/<slug>/kudos/."""

from django.urls import path

from cohorts.recognition import views

app_name = "recognition"
urlpatterns = [
    path("", views.kudos_list, name="kudos"),
    path("give/", views.give, name="give"),
    path("<id:kudos_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<id:kudos_id>/report/", views.report, name="report"),
    path("awards/", views.awards, name="awards"),
    path("awards/<id:award_id>/", views.award_detail, name="award"),
]
