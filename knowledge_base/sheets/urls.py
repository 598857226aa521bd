"""Sheet downloads on the member side, under /knowledge/sheets/."""

from django.urls import path

from knowledge_base.sheets import views

app_name = "kb_sheets"
urlpatterns = [
    path("<slug:sheet_kind>/<id:object_id>/sheet.pdf", views.sheet_download, name="download"),
]
