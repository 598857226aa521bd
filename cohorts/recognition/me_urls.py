"""Recognition's pages across cohorts, under /recognition/: my preference, the wall,
greeting a newcomer from the queue."""

from django.urls import path

from cohorts.recognition import views

app_name = "recognition_me"
urlpatterns = [
    path("preference/", views.preference, name="preference"),
    path("wall/", views.wall, name="wall"),
    path("welcome/<id:prompt_id>/greet/", views.greet, name="greet"),
]
