"""Guest-session addresses outside a cohort's: the guests' invitation pages and the live
room's polling endpoint (kept short and free of the cohort's slug)."""

from django.urls import path

from cohorts.sessions import views

urlpatterns = [
    path("sessions/invite/<str:token>/", views.guest_answer, name="sessions_guest_answer"),
    path(
        "sessions/invitations/<id:invitation_id>/",
        views.my_invitation,
        name="sessions_invitation",
    ),
    path("room-updates/<id:session_id>/", views.room_updates, name="room_updates"),
]
