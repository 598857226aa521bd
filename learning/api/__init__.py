"""The `/api/v1/` JSON API: one NinjaAPI that every app adds its router to.

Conventions every router follows:

- Authentication: ``Authorization: Bearer <token>`` with Wagtail's API tokens (hashed,
  revocable, issued in the admin under the user's account), or the browser session
  (with its CSRF token for writes). No credentials: 401.
- Errors always have one shape, ``{"error": {"code", "message", "fields"}}``;
  ``fields`` maps a field name to its messages. Services raise Django's
  ``ValidationError`` (400), ``PermissionDenied`` (403) or ``Http404``/``DoesNotExist``
  (404) and the handlers below turn them into that shape.
- Lists are paginated with ``?page=`` and ``?page_size=`` (at most 200) and answer
  ``{"items": [...], "count": N}``.

Apps above layer 0 add their routers in the root URLconf (``learning/urls.py``), the one
place allowed to import upward.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


ERROR_RESPONSES = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}

api = NinjaAPI(
    title="Guild API",
    version="1.0.0",
    description=(
        "Cohorts, people, sessions and knowledge for Guild. Authenticate with "
        "`Authorization: Bearer <token>` (tokens are issued in the admin) or a browser "
        "session. Errors have the shape `{error: {code, message, fields}}`."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[BearerTokenAuth(), SessionAuth()],
)


def error_response(request, *, status: int, code: str, message: str, fields=None):
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _field_name(loc) -> str:
    # Ninja reports locations like ("body", "payload", "name"): keep the field path.
    parts = [str(part) for part in loc if part not in {"body", "query", "path", "payload"}]
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def _on_schema_error(request, exc):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(error.get("msg", ""))
    return error_response(
        request,
        status=400,
        code="invalid",
        message=_("The request is not valid."),
        fields=fields,
    )


@api.exception_handler(DjangoValidationError)
def _on_service_error(request, exc):
    if hasattr(exc, "error_dict"):
        fields = {
            name: [str(m) for e in errs for m in e.messages]
            for name, errs in exc.error_dict.items()
        }
        message = next(iter(next(iter(fields.values()))), _("The request is not valid."))
    else:
        fields = {}
        message = " ".join(exc.messages)
    code = getattr(exc, "code", None) or "invalid"
    return error_response(request, status=400, code=code, message=message, fields=fields)


@api.exception_handler(AuthenticationError)
def _on_unauthenticated(request, exc):
    return error_response(
        request,
        status=401,
        code="unauthenticated",
        message=_("Sign in or send a valid API token."),
    )


@api.exception_handler(PermissionDenied)
def _on_forbidden(request, exc):
    return error_response(
        request,
        status=403,
        code="forbidden",
        message=str(exc) or _("You are not allowed to do this."),
    )


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _on_not_found(request, exc):
    return error_response(request, status=404, code="not_found", message=_("Not found."))


@api.exception_handler(HttpError)
def _on_http_error(request, exc):
    return error_response(request, status=exc.status_code, code="error", message=str(exc.message))


if not settings.DEBUG:

    @api.exception_handler(Exception)
    def _on_crash(request, exc):
        # Logged with its traceback by Django's request logger; the client gets no details.
        import logging

        logging.getLogger("guild.api").exception("API error", exc_info=exc)
        return error_response(
            request,
            status=500,
            code="server_error",
            message=_("Something went wrong on our side."),
        )
