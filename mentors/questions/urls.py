"""The board's member pages of a cohort, under /cohorts/<slug>/questions/."""

from django.urls import path

from mentors.questions import views

app_name = "questions"
urlpatterns = [
    path("", views.board, name="board"),
    path("ask/", views.ask, name="ask"),
    path("similar", views.similar, name="similar"),
    path("<id:board_question_id>/", views.detail, name="detail"),
    path("<id:board_question_id>/vote/", views.vote, name="vote"),
    path("<id:board_question_id>/report/", views.report, name="report"),
    path("answers/<id:answer_id>/accept/", views.accept, name="accept"),
    path("answers/<id:answer_id>/helpful/", views.helpful, name="helpful"),
    path("answers/<id:answer_id>/propose-case/", views.propose_case, name="propose_case"),
]
