"""The member pages of a cohort's guest sessions, under /cohorts/<slug>/sessions/."""

from django.urls import path

from cohorts.sessions import views

app_name = "sessions"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("<id:session_id>/", views.session_detail, name="detail"),
    path("<id:session_id>.ics", views.session_ics, name="ics"),
    path("<id:session_id>/rsvp/", views.rsvp, name="rsvp"),
    path("<id:session_id>/feedback/", views.feedback, name="feedback"),
    path("<id:session_id>/room/", views.room, name="room"),
    path(
        "<id:session_id>/room/questions/<id:question_id>/vote/",
        views.question_vote,
        name="question_vote",
    ),
    path(
        "<id:session_id>/room/questions/<id:question_id>/answered/",
        views.question_answered,
        name="question_answered",
    ),
    path(
        "<id:session_id>/room/posts/<id:post_id>/<str:kind>/",
        views.room_media,
        name="room_media",
    ),
]
