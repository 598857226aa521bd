from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeBaseConfig(AppConfig):
    name = "knowledge_base"
    verbose_name = _("Knowledge base")

    def ready(self):
        from knowledge_base import notification_kinds  # noqa: F401
        from knowledge_base.services import review

        review.review_signals_connect()
