from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    """The knowledge base's PDF sheets (layer 3, inside ``knowledge_base``)."""

    name = "knowledge_base.sheets"
    label = "kb_sheets"
    verbose_name = _("PDF sheets")

    def ready(self):
        from knowledge_base.sheets import kinds, services

        kinds.case_sheet_kind_register()
        services.sheet_signals_connect()
