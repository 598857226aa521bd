"""A case a reviewer sent back: its author changes it (fields and files) and sends it
again, from the phone page or the API; nobody else can, and a case in review cannot be
changed this way."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledge_base.models import CaseAttachment
from knowledge_base.services import (
    case_attachments_change,
    case_resubmit,
    case_resubmit_check,
    case_review_comment,
    case_review_decide,
    case_review_status,
)
from learning.notifications.models import Notification
from tests.knowledge_base.conftest import case_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a proposal"


def _pdf(name="deal.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def sent_back(submit, reviewer):
    case = submit(attachments=[_pdf("first.pdf")])
    return case_review_decide(case=case, actor=reviewer, approve=False, comment="Name the product.")


def test_the_author_changes_a_sent_back_case_and_the_reviewers_read_it_again(
    sent_back, author, reviewer
):
    assert case_review_comment(sent_back) == "Name the product."
    Notification.objects.filter(kind="knowledge.case_review").delete()

    case = case_resubmit(
        case=sent_back,
        author=author,
        data=case_data(product="Meridian POS", tags=["renewal"]),
        attachments=[_pdf("second.pdf")],
        remove_attachments=[sent_back.attachments.get().pk],
    )

    assert case_review_status(case) == "in_review"
    case.refresh_from_db()
    assert case.product == "Meridian POS"
    assert [a.name for a in case.attachments.all()] == ["second.pdf"]
    assert case.revisions.count() == 2
    assert Notification.objects.get(kind="knowledge.case_review").recipient == reviewer
    # and it can be approved as any case
    assert case_review_decide(case=case, actor=reviewer, approve=True).live


def test_nobody_else_changes_it_and_a_case_in_review_is_not_changed(
    sent_back, submit, member, reviewer, author
):
    with pytest.raises(PermissionDenied):
        case_resubmit(case=sent_back, author=member, data=case_data())
    with pytest.raises(PermissionDenied):
        case_resubmit(case=sent_back, author=reviewer, data=case_data())
    in_review = submit()
    assert case_resubmit_check(case=in_review, user=author)
    with pytest.raises(ValidationError):
        case_resubmit(case=in_review, author=author, data=case_data())


def test_bad_input_saves_nothing(sent_back, author):
    with pytest.raises(ValidationError) as error:
        case_resubmit(
            case=sent_back,
            author=author,
            data=case_data(situation=""),
            attachments=[SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/pdf")],
        )
    assert "situation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        case_resubmit(
            case=sent_back,
            author=author,
            data=case_data(),
            attachments=[_pdf(f"{n}.pdf") for n in range(5)],
        )
    assert "attachments" in error.value.message_dict
    sent_back.refresh_from_db()
    assert case_review_status(sent_back) == "needs_changes"
    assert sent_back.attachments.count() == 1
    assert sent_back.revisions.count() == 1


def test_files_change_until_approval_and_not_after(submit, author, reviewer, member):
    case = submit()
    case_attachments_change(case=case, author=author, add=[_pdf()])
    assert case.attachments.count() == 1
    with pytest.raises(PermissionDenied):
        case_attachments_change(case=case, author=member, add=[_pdf()])

    case = case_review_decide(case=case, actor=reviewer, approve=True)

    with pytest.raises(ValidationError):
        case_attachments_change(case=case, author=author, add=[_pdf()])


def test_the_phone_page_shows_the_request_and_sends_the_case_again(client, sent_back, author):
    client.force_login(author)
    page = client.get(reverse("knowledge_base:case", args=[sent_back.pk]))
    assert b"Name the product." in page.content
    change = reverse("knowledge_base:case_change", args=[sent_back.pk])
    assert change.encode() in page.content

    form = client.get(change)
    assert form.status_code == 200
    assert "Winning back a distributor" in form.content.decode()
    bad = client.post(change, {**case_data(), "title": "", "source": "field"})
    assert bad.status_code == 400

    sent = client.post(
        change, {**case_data(product="Meridian POS"), "source": "field", "language": "en"}
    )

    assert sent.status_code == 302
    sent_back.refresh_from_db()
    assert case_review_status(sent_back) == "in_review"
    # sent again: the change page now explains and goes back to the case
    assert client.get(change).status_code == 302


def test_another_member_cannot_open_the_change_page(client, sent_back, member):
    client.force_login(member)

    assert client.get(reverse("knowledge_base:case_change", args=[sent_back.pk])).status_code == 404


def test_the_api_changes_the_case_and_its_files(client, sent_back, author, member):
    client.force_login(author)
    base = f"/api/v1/knowledge/cases/{sent_back.pk}"
    body = {**case_data(product="Meridian POS"), "tags": ["renewal"]}

    changed = client.put(base, body, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["status"] == "in_review"
    again = client.put(base, body, content_type="application/json")
    assert again.status_code == 400

    added = client.post(f"{base}/attachments", {"files": [_pdf("more.pdf")]})
    assert added.status_code == 200, added.content
    files = added.json()["attachments"]
    assert sorted(f["name"] for f in files) == ["first.pdf", "more.pdf"]
    download = client.get(f"{base}/attachments/{files[0]['id']}")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    bad = client.post(f"{base}/attachments", {"files": [SimpleUploadedFile("a.pdf", b"no")]})
    assert bad.status_code == 400
    removed = client.delete(f"{base}/attachments/{files[0]['id']}")
    assert removed.status_code == 200
    assert CaseAttachment.objects.filter(case=sent_back).count() == 1

    client.force_login(member)
    assert client.put(base, body, content_type="application/json").status_code == 404
    assert client.get(f"{base}/attachments/{files[1]['id']}").status_code == 404
