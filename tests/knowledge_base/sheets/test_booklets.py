"""HR's booklets: a collection bound into one PDF with a cover and contents, printed by
a background job with progress."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from knowledge_base.models import CaseKind
from knowledge_base.sheets import services
from knowledge_base.sheets.models import Booklet
from learning import jobs
from learning.models import Job
from tests.learning.factories import EmployeeProfileFactory

PRICING = CaseKind.PRICING_NEGOTIATION


@pytest.fixture
def queued(monkeypatch):
    ids = []
    monkeypatch.setattr("learning.tasks.job_run_task.delay", lambda job_id: ids.append(job_id))
    return ids


@pytest.fixture
def collection(live_case):
    return [
        live_case(language="zh-hans", kind=PRICING),
        live_case(language="ru", kind=PRICING),
        live_case(language="el", kind=CaseKind.CASE_SHARING),
    ]


def _pdf(response) -> PdfReader:
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_hr_exports_one_kind_of_case_as_a_booklet_end_to_end(
    collection, admin_client, queued, django_capture_on_commit_callbacks
):
    chinese, russian, _greek = collection
    # When HR asks for every pricing and negotiation case as a booklet
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("kb_sheets_booklet_export"),
            {"kind": "case", "title": "Pricing playbook", "collection": PRICING},
        )
    [job_id] = queued
    # Then the job's progress page opens, and a worker prints it
    assert response.status_code == 302
    assert response["Location"] == reverse("learning_job", args=[job_id])
    jobs.job_run(job_id=job_id)
    job = Job.objects.get(pk=job_id)
    assert job.status == Job.Status.DONE, job.error
    assert jobs.job_status(job=job)["percent"] == 100
    page = admin_client.get(reverse("learning_job", args=[job_id])).content.decode()
    booklet = Booklet.objects.get()
    download = reverse("kb_sheets_booklet_download", args=[booklet.pk])
    assert download in page
    assert "The booklet is ready" in page
    # The booklet: a cover, the contents with each sheet's first page, then the sheets
    reader = _pdf(admin_client.get(download))
    assert len(reader.pages) == booklet.pages == 4
    assert "Pricing playbook" in reader.pages[0].extract_text()
    contents = "".join(reader.pages[1].extract_text().split())
    for case in (chinese, russian):
        [page] = [n for n in (3, 4) if case.title in reader.pages[n - 1].extract_text()]
        assert "".join(case.title.split()) + f"Pricingandnegotiation{page}" in contents


def test_the_job_reports_progress_sheet_by_sheet_then_binding(collection, admin_user, queued):
    booklet = services.booklet_start(
        actor=admin_user,
        kind_key="case",
        title="Chosen",
        object_ids=[str(case.pk) for case in collection],
    )
    seen = []
    result = services.booklet_run(booklet.job, lambda *step: seen.append(step))
    assert seen == [
        ("sheets", 1, 3),
        ("sheets", 2, 3),
        ("sheets", 3, 3),
        ("binding", 0, 1),
        ("binding", 1, 1),
    ]
    assert result["pages"] == 5
    # Run twice (a worker died after binding): the booklet is left as it was
    before = Booklet.objects.get().file.name
    services.booklet_run(booklet.job, lambda *step: seen.append(step))
    assert Booklet.objects.get().file.name == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "case", "title": "X", "objects": ["999999"]}, "999999"),
        ({"kind": "case", "title": "X", "collection": "no-such-kind"}, "collection"),
        ({"kind": "case", "title": "", "collection": PRICING}, "title"),
        ({"kind": "case", "title": "X", "collection": CaseKind.SERVICE_PROCESS}, "nothing"),
    ],
)
def test_bad_input_is_named_and_nothing_is_started(collection, admin_client, queued, data, field):
    response = admin_client.post(reverse("kb_sheets_booklet_export"), data)
    assert response.status_code == 400
    assert field in response.content.decode() or field in str(response.context["errors"])
    assert not Booklet.objects.exists()
    assert queued == []


def test_another_persons_draft_cannot_go_in_a_booklet(submit, admin_user, queued):
    draft = submit()
    with pytest.raises(services.ValidationError):
        services.booklet_start(
            actor=admin_user, kind_key="case", title="X", object_ids=[str(draft.pk)]
        )


def test_only_hr_exports_and_only_the_exporter_downloads(collection, client, admin_user, queued):
    member = EmployeeProfileFactory().user
    staff = EmployeeProfileFactory(user__is_staff=True).user
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (member, staff):
        client.force_login(user)
        response = client.post(
            reverse("kb_sheets_booklet_export"),
            {"kind": "case", "title": "X", "collection": PRICING},
        )
        assert response.status_code in (302, 403), user
    assert not Booklet.objects.exists()
    booklet = services.booklet_start(
        actor=admin_user, kind_key="case", title="Mine", collection=PRICING
    )
    services.booklet_run(booklet.job, lambda *step: None)
    client.force_login(staff)
    assert client.get(reverse("kb_sheets_booklet_download", args=[booklet.pk])).status_code in (
        302,
        404,
    )


@pytest.mark.parametrize("cases", [2, 8])
def test_the_export_page_costs_the_same_queries_at_any_size(
    live_case, admin_client, cases, django_assert_max_num_queries
):
    for _ in range(cases):
        live_case()
    with django_assert_max_num_queries(30):
        assert admin_client.get(reverse("kb_sheets_booklet_export")).status_code == 200
