"""Uploads are checked by content, not by name: zip bombs, row limits, where files go."""

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import importing
from learning.models import EmployeeProfile, Job
from learning.services import import_job_create
from learning.tasks import job_run_task
from tests.learning.factories import UserFactory

HEADER = ["employee_id", "name", "email", "level"]
PEOPLE = [
    ["E1", "Wang Fang", "wang.fang@corp.test", "director"],
    ["E2", "Ivan Petrov", "ivan@corp.test", "associate"],
    ["E3", "Aiko Sato", "aiko@corp.test", "associate"],
]


@pytest.fixture
def importer(db):
    user = UserFactory(is_staff=True)
    group = Group.objects.create(name="Importers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_employeeprofile"),
        Permission.objects.get(codename="change_employeeprofile"),
    )
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.GUILD_PRIVATE_ROOT = tmp_path / "private"
    return settings.GUILD_PRIVATE_ROOT


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def csv_bytes(rows) -> bytes:
    return "\n".join(",".join(row) for row in [HEADER, *rows]).encode() + b"\n"


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb_bytes(unpacked: int = 8 * 1024 * 1024) -> bytes:
    """A small .xlsx-shaped zip whose sheet unpacks to ``unpacked`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * unpacked)
    return buffer.getvalue()


def stored_files(private_root: Path) -> list[Path]:
    return list((private_root / "imports").glob("*"))


def post(client, name: str, content: bytes):
    return client.post(reverse("learning_import_start"), {"file": upload(name, content)})


# --- Content, not the name ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("staff.csv", b"%PDF-1.7\n1 0 obj", "This is not a CSV file"),
        ("staff.csv", xlsx_bytes(PEOPLE), "This is not a CSV file"),
        ("staff.csv", b"MZ\x90\x00\x03\x00", "This is not a CSV file"),
        ("staff.csv", b"employee_id,name\nE1,\x00\x00\x00", "This is not a CSV file"),
        ("staff.csv", b"\xff\xfe\xfa\xfb" * 64, "This is not a CSV file"),
        ("staff.xlsx", csv_bytes(PEOPLE), "This is not an XLSX file"),
        ("staff.xlsx", b"%PDF-1.7\n1 0 obj", "This is not an XLSX file"),
    ],
)
def test_the_upload_refuses_content_that_is_not_what_the_name_says(
    client, importer, private_root, name, content, message
):
    # given
    client.force_login(importer)

    # when
    response = post(client, name, content)

    # then
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists()
    assert stored_files(private_root) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("staff.csv", csv_bytes(PEOPLE)),
        ("staff.csv", "工号,姓名,邮箱,职级\nE1,王芳,wang.fang@corp.test,director\n".encode("gbk")),
        ("staff.xlsx", xlsx_bytes(PEOPLE)),
    ],
)
def test_real_csv_and_xlsx_files_are_accepted(client, importer, name, content):
    client.force_login(importer)

    response = post(client, name, content)

    assert response.status_code == 302
    assert Job.objects.count() == 1


# --- Zip bombs -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_upload_refuses_a_zip_bomb_and_stores_nothing(client, importer, private_root):
    # given: under 50 kB on the wire, 8 MB unpacked
    client.force_login(importer)
    bomb = zip_bomb_bytes()
    assert len(bomb) < 50 * 1024

    # when
    response = post(client, "staff.xlsx", bomb)

    # then
    assert response.status_code == 400
    assert "compressed far more than any spreadsheet" in response.content.decode()
    assert not Job.objects.exists()
    assert stored_files(private_root) == []


def test_the_reader_refuses_an_archive_over_the_unpacked_limit_before_openpyxl_opens_it(
    settings, tmp_path, monkeypatch
):
    # given: a real workbook, and a limit below what it unpacks to
    settings.GUILD_IMPORT_MAX_UNPACKED_BYTES = 1000
    path = tmp_path / "staff.xlsx"
    path.write_bytes(xlsx_bytes(PEOPLE))

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused archive")

    monkeypatch.setattr(openpyxl, "load_workbook", never)

    # when
    sheet = importing.employee_sheet_read(path=path)

    # then
    assert sheet.rows == []
    assert [str(problem) for problem in sheet.problems] == [
        "file: the workbook unpacks to more than 1000\xa0bytes"
    ]


def test_the_reader_refuses_a_member_compressed_like_a_bomb(tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(zip_bomb_bytes())

    sheet = importing.employee_sheet_read(path=path)

    assert "compressed far more than any spreadsheet" in sheet.problems[0].reason


# --- Row limits ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build"), [("staff.csv", csv_bytes), ("staff.xlsx", xlsx_bytes)])
def test_a_file_over_the_row_limit_fails_with_a_clear_problem_and_imports_nothing(
    importer, ladder, settings, name, build
):
    # given: three people, a limit of two
    settings.GUILD_IMPORT_MAX_ROWS = 2
    job = import_job_create(user=importer, upload=upload(name, build(PEOPLE)))

    # when
    job_run_task(job.pk)

    # then
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.result["problems"][0]["row"] == 0
    assert "more than 2 rows" in job.result["problems"][0]["reason"]
    assert not EmployeeProfile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build"), [("staff.csv", csv_bytes), ("staff.xlsx", xlsx_bytes)])
def test_a_file_at_the_row_limit_is_imported(importer, ladder, settings, name, build):
    settings.GUILD_IMPORT_MAX_ROWS = 3
    job = import_job_create(user=importer, upload=upload(name, build(PEOPLE)))

    job_run_task(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert EmployeeProfile.objects.count() == 3


# --- Where uploads are stored ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/cron.d/staff.csv",
        "..\\..\\..\\staff.csv",
        "/var/spool/staff.csv",
        "%2e%2e%2fstaff.csv",
        "staff.csv\x00.xlsx.csv",
    ],
)
def test_the_stored_path_never_escapes_the_private_root_nor_uses_the_name(
    importer, private_root, name
):
    # when
    job = import_job_create(user=importer, upload=upload(name, csv_bytes(PEOPLE)))

    # then: a random name of our own, directly in the imports folder
    stored = Path(job.params["stored_path"])
    assert stored.resolve().parent == (private_root / "imports").resolve()
    assert re.fullmatch(r"[0-9a-f]{32}\.csv", stored.name)
    assert "staff" not in job.params["stored_path"]
    assert stored.exists()


@pytest.mark.django_db
def test_a_refused_upload_raises_a_validation_error_on_the_file_field(importer):
    with pytest.raises(ValidationError) as error:
        import_job_create(user=importer, upload=upload("staff.xlsx", b"employee_id\n"))

    assert list(error.value.message_dict) == ["file"]
