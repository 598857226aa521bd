"""The member pages of check-ins and points, under /cohorts/<slug>/."""

from django.urls import path

from cohorts.engagement import views

app_name = "engagement"
urlpatterns = [
    path("checkins/", views.checkins, name="checkins"),
    path("checkins/<id:checkin_id>/delete/", views.checkin_delete, name="checkin_delete"),
    path("checkins/<id:checkin_id>/photo/", views.checkin_photo, name="checkin_photo"),
    path("checkins/supervise/", views.supervise, name="supervise"),
    path("checkins/supervise/nudge/", views.nudge, name="nudge"),
    path("points/", views.my_points, name="my_points"),
    path("points/leaderboard/", views.leaderboard, name="leaderboard"),
]
