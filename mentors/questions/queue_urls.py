"""The mentor's pages across cohorts, under /questions/."""

from django.urls import path

from mentors.questions import views

app_name = "questions_queue"
urlpatterns = [
    path("waiting/", views.queue, name="queue"),
    path("scorecard/", views.scorecard, name="scorecard"),
]
