"""The knowledge-base API under ``/api/v1/knowledge``: cases (submit, list, read), the
glossary, search and the library of session summaries; one module per concern.

As in ``cohorts.sessions.api``, the views only translate HTTP: a case the caller may not
read is 404, as if it did not exist; the services check and write.
"""

from knowledge_base.api import cases, library, search  # noqa: F401  (each adds operations)
from knowledge_base.api.routing import router

__all__ = ["router"]
