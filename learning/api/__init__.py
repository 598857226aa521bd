"""The `/api/v1/` JSON API: one NinjaAPI that every app adds its router to.

Conventions every router follows:

- Authentication: ``Authorization: Bearer <token>`` with Wagtail's API tokens (hashed,
  revocable, issued at ``POST /api/v1/tokens`` or by ``manage.py api_tokens create``), or
  the browser session (with its CSRF token for writes). No credentials, or a bad or
  revoked token: 401.
- Errors always have one shape, ``{"error": {"code", "message", "fields"}}``;
  ``fields`` maps a field name to its messages. Services raise Django's
  ``ValidationError`` (400), ``PermissionDenied`` (403) or ``Http404``/``DoesNotExist``
  (404) and the handlers below turn them into that shape. So do schema errors (400),
  wrong methods (405), unknown addresses under ``/api/v1/`` (404) and crashes (500,
  without details). Declare them with ``response={200: X, **ERROR_RESPONSES}``; the
  OpenAPI document lists the shape for every operation in any case.
- Lists are paginated with ``?page=`` and ``?page_size=`` (at most 200) and answer
  ``{"items": [...], "count": N}``.
- Every integer a client sends is bounded in the schema (``schemas.Id``,
  ``schemas.Count``); a request body is a JSON object, never a bare list, string or number;
  no text holds a NUL character (``InputParser``).
- Paths never end with a slash (``/api/v1/people``, ``/api/v1/cohorts/{slug}/members``);
  the same path with a trailing slash answers the same.
- Bad tokens count as failed authentications (``learning.throttle``): past the limit the
  caller's address gets 429 ``throttled`` with ``Retry-After``.

Apps above layer 0 add their routers in the root URLconf (``learning/urls.py``), the one
place allowed to import upward.
"""

import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpResponseNotAllowed
from django.urls import Resolver404, re_path, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import SessionAuth
from ninja.utils import check_csrf
from wagtail.api.v3.auth import BearerTokenAuth

from learning import throttle
from learning.api.field_errors import field_error_message
from learning.api.schemas import ErrorBody, ErrorOut
from learning.middleware import profile_locale_activate

__all__ = ["ERROR_RESPONSES", "ErrorBody", "ErrorOut", "api", "error_response"]

logger = logging.getLogger("guild.api")

ERROR_RESPONSES = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class CsrfRefused(Exception):
    """A signed-in browser sent a write without its CSRF token."""


class BrowserSessionAuth(SessionAuth):
    """The browser's session, with Django's CSRF check on writes.

    Ninja's own ``SessionAuth`` checks CSRF before it knows whether anyone is signed in,
    so an anonymous POST would get a CSRF 403 instead of 401. Here the session is looked
    at first: no session, no authentication (401); a session without CSRF on a write: 403.
    """

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfRefused
        return request.user


class ProfileBearerTokenAuth(BearerTokenAuth):
    """Wagtail's bearer tokens, then the caller's profile language and time zone.

    ProfileLanguageMiddleware runs before Ninja checks the token, when a token caller is
    still anonymous to it; so the profile is applied here, once we know who is calling,
    and messages and dates of the rest of the request follow it.

    Bad tokens count as failed authentications for the caller's address
    (``learning.throttle``); a locked address gets 429 before its token is looked at.
    """

    def authenticate(self, request, token: str):
        throttle.auth_throttle_check(request=request)
        api_token = super().authenticate(request, token)
        if api_token is None:
            throttle.auth_failure_record(request=request)
        else:
            profile_locale_activate(request, request.user)
        return api_token


class UnreadableInput(Exception):
    """Input refused before any schema sees it; ``fields`` as in the error shape."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InputParser(Parser):
    """Reads request bodies and query strings, refusing what no schema should have to.

    - A body must be a JSON object. Ninja's ``Schema`` reads fields as attributes (so that
      it can be built from model instances), which makes ``[1, 2]`` or ``"x"`` look like an
      object whose fields are all missing: a body schema whose fields all have defaults
      accepted it as "all defaults", and ``PUT /inbox/preferences`` reset everything.
    - No text may hold a NUL character: PostgreSQL cannot store one and fails the query
      (Django's forms refuse it too, with ``ProhibitNullCharactersValidator``).

    Here, so that every endpoint gets both, whatever its schema.
    """

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise UnreadableInput(_("The request body must be a JSON object."))
        _refuse_nul(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result)
        return result


def _refuse_nul(value, path: tuple = ()) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            message = _("Text cannot contain NUL characters.")
            raise UnreadableInput(message, {".".join(map(str, path)) or "__all__": [message]})
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, path)
            _refuse_nul(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, (*path, index))


class GuildAPI(NinjaAPI):
    """NinjaAPI whose every answer, including the ones Ninja writes itself, has our shape."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _in_error_shape(self, pattern.callback)
        # Anything else under /api/v1/ is an unknown endpoint, not a page of the site.
        # [\s\S], not ".", so that a path holding an encoded line break (%0A) matches too;
        # not the (?s) flag, which Django's URL reversing cannot read.
        patterns.append(re_path(r"^[\s\S]+$", _in_error_shape(self, _unknown_endpoint)))
        return patterns

    def validation_error_from_error_contexts(self, error_contexts):
        """Ninja's schema errors, each message in the caller's language
        (``field_errors``); written here, where pydantic's ``input`` is still known."""
        errors = []
        for context in error_contexts:
            model = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                error["msg"] = field_error_message(error)
                error["loc"] = (model.__ninja_param_source__,) + (
                    model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
                )
                error.pop("input", None)
                error.pop("ctx", None)
                errors.append(dict(error))
        return NinjaValidationError(errors)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _document_errors(schema)
        return schema


def _unknown_endpoint(request, *args, **kwargs):
    """No endpoint here; but a known path written with a trailing slash is that path.

    Every path of the API is written without a trailing slash (the test of conventions
    walks the OpenAPI document); clients that add one get the same answer, for any method,
    rather than a redirect that would drop a POST's body.
    """
    path = request.path_info
    if path.endswith("/") and path.rstrip("/") != path:
        try:
            match = resolve(path.rstrip("/"))
        except Resolver404:
            raise Http404 from None
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)
    raise Http404


def _in_error_shape(api, view):
    """Wrap a URL's view so Ninja's own 404 and 405 answers use the error shape."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if "\x00" in request.path:
            # No address holds a NUL character, and PostgreSQL cannot even look one up.
            return api.on_exception(request, Http404())
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            return api.on_exception(request, exc)
        if isinstance(response, HttpResponseNotAllowed):
            shaped = error_response(
                request,
                status=405,
                code="method_not_allowed",
                message=_("This address does not accept %(method)s.") % {"method": request.method},
            )
            shaped["Allow"] = response["Allow"]
            return shaped
        return response

    return csrf_exempt(wrapper)


def _document_errors(schema) -> None:
    """Add the error shape to every operation of the OpenAPI document.

    Routers declare the errors they expect (``ERROR_RESPONSES``); this fills in the rest so
    that clients can rely on the shape for any status: 401 wherever a credential is
    required, and ``default`` for anything else.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components.setdefault("ErrorOut", error_schema)
    reference = {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                responses.setdefault(401, reference)
            responses.setdefault("default", reference)


api = GuildAPI(
    title="Guild API",
    version="1.0.0",
    description=(
        "Cohorts, people, sessions and knowledge for Guild. Authenticate with "
        "`Authorization: Bearer <token>` (create one at `POST /api/v1/tokens`) or a "
        "browser session. Errors have the shape "
        "`{error: {code, message, fields}}`. Lists take `page` and `page_size` and answer "
        "`{items, count}`."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[ProfileBearerTokenAuth(), BrowserSessionAuth()],
    parser=InputParser(),
)


def error_response(request, *, status: int, code: str, message: str, fields=None):
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _field_name(loc) -> str:
    # Ninja reports locations like ("query", "filters", "hired_after") or ("body", "payload",
    # "title"): keep the field path. The first part is always where the value came from,
    # and the last is the field itself even when a field is named like a location ("body").
    words = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}
    rest = [str(part) for part in loc[1:]]
    parts = [part for part in rest[:-1] if part not in words]
    parts += [part for part in rest[-1:] if len(rest) > 1 or part not in words]
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


@api.exception_handler(UnreadableInput)
def _on_unreadable_input(request, exc):
    return error_response(
        request, status=400, code="invalid", message=exc.message, fields=exc.fields
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
    response = error_response(
        request,
        status=401,
        code="unauthenticated",
        message=_("Sign in or send a valid API token."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(throttle.Throttled)
def _on_throttled(request, exc):
    response = error_response(request, status=429, code="throttled", message=exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(CsrfRefused)
def _on_csrf_refused(request, exc):
    return error_response(
        request,
        status=403,
        code="csrf_failed",
        message=_("Send the CSRF token with changes made from a browser session."),
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


def _http_error_codes() -> dict[int, tuple[str, str]]:
    return {
        400: ("invalid", _("The request body could not be read as JSON.")),
        401: ("unauthenticated", _("Sign in or send a valid API token.")),
        403: ("forbidden", _("You are not allowed to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This address does not accept this method.")),
        429: ("throttled", _("Too many requests. Wait a moment and try again.")),
    }


@api.exception_handler(HttpError)
def _on_http_error(request, exc):
    if isinstance(exc.__cause__, UnreadableInput):
        # Ninja turns any failure of the body parser into this bare 400.
        return _on_unreadable_input(request, exc.__cause__)
    # Ninja's own messages are English; ours are translated.
    code, message = _http_error_codes().get(exc.status_code, ("error", str(exc.message)))
    return error_response(request, status=exc.status_code, code=code, message=message)


def _is_value_refused_by_database(exc) -> bool:
    """Whether ``exc`` is a database refusing a value that came from the request.

    Schemas bound every number and text a client sends, so this happens only where a
    router forgot to: the input is still the client's mistake (400), and we log it to add
    the bound. PostgreSQL raises ``DataError`` (a number out of range, text too long);
    SQLite says "datatype mismatch" (an ``IntegrityError``, which otherwise means a real
    conflict and stays a crash); Python's sqlite3 driver raises ``OverflowError`` for a
    number past 64 bits before the query is sent.
    """
    if isinstance(exc, OverflowError | DataError):
        return True
    return isinstance(exc, IntegrityError) and "datatype mismatch" in str(exc)


@api.exception_handler(Exception)
def _on_crash(request, exc):
    if _is_value_refused_by_database(exc):
        logger.warning(
            "Unchecked input reached the database on %s %s",
            request.method,
            request.path,
            exc_info=exc,
        )
        return error_response(
            request,
            status=400,
            code="invalid",
            message=_("A value in the request is too large or cannot be stored."),
        )
    if settings.DEBUG:
        # Developers get Django's debug page with the traceback.
        raise exc
    # Logged with its traceback for us; the client learns nothing about the inside.
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        request,
        status=500,
        code="server_error",
        message=_("Something went wrong on our side."),
    )
