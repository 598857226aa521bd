"""WeasyPrint's URL fetcher for printed documents: the site's own static and media files,
nothing else.

A document's content comes from people (a case's text, a tool's rich text). An address in
it must not make the renderer read the server's files (``file:///etc/passwd``), call
another host, or reach an address inside the network (``http://127.0.0.1/``, the cloud
metadata service at ``http://169.254.169.254/``). So nothing is ever fetched over the
network: an address on the site's own host under ``STATIC_URL`` or ``MEDIA_URL`` is read
from the static files (their storage, or the finders before ``collectstatic``) or the
media storage; ``data:`` URLs are decoded in place; everything else is refused, and
WeasyPrint leaves the image or style out and renders the rest.
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import mimetypes
import posixpath
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage

logger = logging.getLogger("guild.printing")


class PrintFetchRefused(ValueError):
    """An address a printed document may not load."""


def print_base_url() -> str:
    """The site's own address: relative links in a document resolve against it."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def _own_netlocs() -> set[str]:
    return {urlsplit(print_base_url()).netloc.lower()}


def _private_host(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host in {"localhost"} or host.endswith(".localhost")
    return not address.is_global


def _data_url(url: str) -> dict:
    header, _comma, payload = url[5:].partition(",")
    mime_type = header.split(";")[0] or "text/plain"
    data = (
        base64.b64decode(unquote(payload))
        if header.endswith(";base64")
        else unquote_to_bytes(payload)
    )
    return {"string": data, "mime_type": mime_type, "redirected_url": url}


def _local_file(path: str) -> tuple[object, str]:
    """An open file for a path under STATIC_URL or MEDIA_URL, read through storage."""
    path = posixpath.normpath(unquote(path))
    for prefix, read in (
        (settings.STATIC_URL, _static_open),
        (settings.MEDIA_URL, _media_open),
    ):
        prefix = "/" + prefix.strip("/") + "/"
        if path.startswith(prefix):
            name = path[len(prefix) :]
            if not name or name.startswith(("/", "..")):
                break
            return read(name), name
    raise PrintFetchRefused(f"not one of the site's static or media files: {path}")


def _static_open(name: str):
    if staticfiles_storage.exists(name):
        return staticfiles_storage.open(name, "rb")
    found = finders.find(name)
    if not found:
        raise PrintFetchRefused(f"no such static file: {name}")
    return open(found, "rb")  # noqa: SIM115 (WeasyPrint closes file_obj itself)


def _media_open(name: str):
    if not default_storage.exists(name):
        raise PrintFetchRefused(f"no such media file: {name}")
    return default_storage.open(name, "rb")


def print_url_fetcher(url: str, timeout: int = 10, ssl_context=None, http_headers=None) -> dict:
    """Give WeasyPrint ``url``'s bytes if it is the site's own static or media file (or
    a ``data:`` URL); raise ``PrintFetchRefused`` for anything else. Never opens a
    network connection. Safe to call any number of times."""
    if url.startswith("data:"):
        return _data_url(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        raise PrintFetchRefused(f"scheme {parts.scheme or '(none)'} refused: {url[:200]}")
    if parts.netloc.lower() not in _own_netlocs():
        kind = "a private address" if _private_host(host) else "another host"
        raise PrintFetchRefused(f"{kind} refused: {url[:200]}")
    file_obj, name = _local_file(parts.path)
    mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return {"file_obj": file_obj, "mime_type": mime_type, "redirected_url": url}


def print_url_fetcher_logged(url: str, *args, **kwargs) -> dict:
    """``print_url_fetcher``, logging what it refuses (WeasyPrint only warns)."""
    try:
        return print_url_fetcher(url, *args, **kwargs)
    except PrintFetchRefused as refused:
        logger.warning("Print: %s", refused)
        raise
