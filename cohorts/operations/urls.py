"""The operations room's pages, under /cohorts/<slug>/operations/."""

from django.urls import path

from cohorts.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.room, name="room"),
    path("posts/<id:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<id:post_id>/pin/", views.post_pin, name="post_pin"),
    path("plan/items/", views.plan_item_add, name="plan_item_add"),
    path("plan/items/<id:item_id>/done/", views.plan_item_done, name="plan_item_done"),
    path("roster/", views.roster_set, name="roster_set"),
    path("roster/<id:shift_id>/remove/", views.roster_remove, name="roster_remove"),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("evaluations/start/", views.evaluation_start, name="evaluation_start"),
    path(
        "evaluations/<id:evaluation_id>/assess/",
        views.evaluation_assess,
        name="evaluation_assess",
    ),
    path("invite/<id:membership_id>/", views.planning_invite, name="planning_invite"),
    path(
        "invitations/<id:invitation_id>/answer/",
        views.planning_answer,
        name="planning_answer",
    ),
]
