"""The sales tools' API under ``/api/v1/knowledge/tools`` (see ``tools``)."""

from knowledge_base.tools.api import tools  # noqa: F401  (adds the operations)
from knowledge_base.tools.api.routing import router

__all__ = ["router"]
