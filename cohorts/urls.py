"""The member pages of cohorts, under /cohorts/."""

from django.urls import path

from cohorts import views

app_name = "cohorts"
urlpatterns = [
    path("", views.my_cohorts, name="mine"),
    # Before the cohort pages, so no cohort's slug can shadow it.
    path("my-reports/", views.my_reports, name="my_reports"),
    path("queue/", views.queue, name="queue"),
    path(
        "queue/requests/<id:membership_id>/",
        views.queue_request_decide,
        name="queue_request_decide",
    ),
    path(
        "queue/group-requests/<id:request_id>/",
        views.queue_subgroup_request_decide,
        name="queue_subgroup_request_decide",
    ),
    path("queue/reports/<id:report_id>/", views.queue_report_decide, name="queue_report_decide"),
    path("<slug:slug>/", views.cohort_home, name="home"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/rules/", views.rules, name="rules"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/groups/<slug:sub_slug>/", views.subgroup, name="subgroup"),
    path("<slug:slug>/groups/<slug:sub_slug>/join/", views.subgroup_join, name="subgroup_join"),
    path("<slug:slug>/report/post/<id:post_id>/", views.report_post, name="report_post"),
    path(
        "<slug:slug>/report/member/<id:membership_id>/",
        views.report_member,
        name="report_member",
    ),
]
