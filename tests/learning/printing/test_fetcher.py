"""The printed documents' URL fetcher: the site's own static and media files, nothing
else, and never the network."""

import io
import logging
import socket
import urllib.request

import pytest
from pypdf import PdfReader

from learning.printing.documents import html_document
from learning.printing.fetcher import PrintFetchRefused, print_base_url, print_url_fetcher

REFUSED = [
    "file:///etc/passwd",
    "http://127.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.8/static/guild/favicon.svg",
    "https://example.com/static/guild/favicon.svg",
    "ftp://example.com/x.png",
    "http://127.0.0.1:8000/admin/",
    "http://127.0.0.1:8000/static/../../etc/passwd",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"the document tried the network: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr("weasyprint.urls.urlopen", refuse)
    return attempts


@pytest.mark.parametrize("url", REFUSED)
def test_anything_but_the_sites_own_files_is_refused(url, no_network):
    with pytest.raises(PrintFetchRefused):
        print_url_fetcher(url)
    assert no_network == []


def test_the_sites_static_files_are_read_from_disk(no_network, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    result = print_url_fetcher("http://127.0.0.1:8000/static/guild/favicon.svg")
    with result["file_obj"] as file:
        assert b"<svg" in file.read()
    assert result["mime_type"] == "image/svg+xml"
    assert no_network == []


def test_the_sites_media_files_are_read_through_storage(no_network, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("printing-test/dot.svg", ContentFile(b"<svg xmlns='x'/>"))
    try:
        result = print_url_fetcher(f"{settings.WAGTAILADMIN_BASE_URL}/media/{name}")
        with result["file_obj"] as file:
            assert file.read().startswith(b"<svg")
    finally:
        default_storage.delete(name)


def test_content_pointing_at_private_addresses_renders_without_them(no_network, caplog):
    # Given document content (as a sales tool's rich text could hold) with images and a style sheet
    # on the server's disk, the loopback, the cloud metadata service and another host
    html = f"""<!doctype html><html lang="en"><head>
      <link rel="stylesheet" href="https://example.com/evil.css"></head><body>
      <h1>Pricing ladder</h1>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1/">
      <img src="http://169.254.169.254/latest/meta-data/">
      <p style="background: url(http://127.0.0.1:6379/)">Walk-away point</p>
      <img src="{print_base_url()}static/guild/favicon.svg">
      </body></html>"""
    # When it is printed
    with caplog.at_level(logging.WARNING, logger="guild.printing"):
        document = html_document(html)
        pdf = document.write_pdf()
    # Then the document is there with its text, nothing was fetched over the network
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Pricing ladder" in text
    assert "Walk-away point" in text
    assert no_network == []
    refused = caplog.text
    for url in ("file:///etc/passwd", "http://127.0.0.1/", "http://169.254.169.254/"):
        assert url in refused
    assert "favicon.svg" not in refused  # the site's own file was read
