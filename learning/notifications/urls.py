from django.urls import path

from learning.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
]
