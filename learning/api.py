"""The `/api/v1/` JSON API: one NinjaAPI that every app adds its router to.

Apps above layer 0 add routers in the root URLconf (``learning/urls.py``), which is the
one place allowed to import upward.
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Guild API",
    version="1.0.0",
    description="Cohorts, people, sessions and knowledge for Guild. "
    "Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
