"""A batch's e-mails are flattened from one copy with slots: each must read exactly as
the message Django builds the ordinary way."""

import email
import email.policy

import pytest
from django.core import mail
from django.utils import translation

from learning.notifications.services.channels.email import (
    BatchMessage,
    EmailBodies,
    FlatMessage,
)

pytestmark = pytest.mark.django_db

NAMES = ["Anna Ivanova", "王小明", "Ελένη Γεωργίου", "Tom & <Jerry>", "", "Anna"]


def _message(bodies, *, name, address, subject="Tonight's guest session", number=1):
    text, html = bodies.for_recipient(
        {
            "notification": type("N", (), {"title": subject, "body": "Bring questions."})(),
            "link": "https://guild.example/sessions/1/",
            "link_label": "Open",
            "essential": False,
            "preferences_link": "https://guild.example/inbox/preferences/",
        },
        name=name,
    )
    message = BatchMessage(
        subject=subject,
        body=text,
        from_email="Guild <guild@example.com>",
        to=[address],
        headers={"Message-ID": f"<{number}@example.com>", "X-Guild-Delivery": f"uuid-{number}"},
        bodies=bodies,
        name=name,
    )
    message.attach_alternative(html, "text/html")
    return message


def _read(data: bytes) -> dict:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    parts = [
        (part.get_content_type(), part.get_content())
        for part in parsed.walk()
        if not part.is_multipart()
    ]
    headers = {k: str(v) for k, v in parsed.items() if k != "Date"}
    return {"headers": headers, "parts": parts, "date": "Date" in parsed}


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru", "el"])
def test_each_flat_message_reads_as_the_one_django_builds(language):
    bodies = EmailBodies()
    with translation.override(language):
        messages = [
            _message(bodies, name=name, address=address, number=number)
            for number, (name, address) in enumerate(
                zip(
                    NAMES,
                    [
                        "a@example.com",
                        "王@例子.中国",
                        "e@example.gr",
                        "t@example.com",
                        "x@example.com",
                        "b@example.com",
                    ],
                    strict=True,
                )
            )
        ]
        flat = [m.message() for m in messages]
        ordinary = [m.mime_message() for m in messages]

    assert all(isinstance(f, FlatMessage) for f in flat)
    for got, expected in zip(flat, ordinary, strict=True):
        assert _read(got.as_bytes()) == _read(expected.as_bytes())
        assert got.as_bytes(linesep="\r\n").count(b"\r\n") == got.as_bytes().count(b"\n")


def test_a_message_with_a_very_long_line_is_built_the_ordinary_way():
    bodies = EmailBodies()
    message = _message(bodies, name="Anna", address="a@example.com")
    message.body = "x" * 1200

    assert not isinstance(message.message(), FlatMessage)


def test_a_header_value_cannot_break_out_of_its_line():
    bodies = EmailBodies()
    message = _message(bodies, name="Anna", address="a@example.com")
    message.extra_headers["X-Guild-Delivery"] = "uuid\nBcc: everyone@example.com"

    with pytest.raises(mail.BadHeaderError):
        message.message()


def test_the_mail_backends_send_flat_messages(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    bodies = EmailBodies()
    with translation.override("ru"):
        message = _message(bodies, name="Ελένη", address="e@example.gr")

    message.send()

    (written,) = tmp_path.iterdir()
    assert "Ελένη" in written.read_text()
