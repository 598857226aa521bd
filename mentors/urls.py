"""The member pages of mentoring, under /mentoring/."""

from django.urls import path

from mentors import views

app_name = "mentors"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("profile/", views.profile, name="profile"),
    path("pairings/<id:pairing_id>/repair/", views.repair, name="repair"),
]
