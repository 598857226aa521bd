from django.urls import path

from learning.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("<id:pk>/open/", views.open_notification, name="open"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/webhooks/", views.webhook_add, name="webhook_add"),
    path("preferences/webhooks/<id:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]
