"""Reading employee files: encodings told by evidence, documented dates only, sheets that
lie about their size, and the same limits for the command as for the upload."""

import datetime
import io
import re
import tracemalloc
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from learning.importing import (
    EmployeeFileRejected,
    csv_text_decode,
    employee_sheet_read,
    employees_import_file,
)
from learning.models import EmployeeProfile

HEADER = "employee_id,name,email,level"
WESTERN = [
    "E1,Jürgen Müller,juergen@corp.test,senior",
    "E2,François Lefèvre,francois@corp.test,associate",
]
CHINESE = [
    "工号,姓名,邮箱,职级,部门",
    "C1,王芳,wang.fang@corp.test,director,销售部",
    "C2,李娜,li.na@corp.test,associate,销售部",
]


def csv_file(tmp_path, lines, encoding, name="people.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def file_problems(path, **kwargs) -> list[str]:
    return [problem.reason for problem in employee_sheet_read(path=path, **kwargs).problems]


# --- Encodings -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8", "utf-8-sig"])
def test_a_western_file_keeps_its_accents_in_any_encoding_excel_saves(tmp_path, ladder, encoding):
    # given: the file from the issue, which used to come out as "J黵gen M黮ler"
    path = csv_file(tmp_path, [HEADER, *WESTERN], encoding)

    # when
    employees_import_file(path=path)

    # then
    names = set(EmployeeProfile.objects.values_list("full_name", flat=True))
    assert names == {"Jürgen Müller", "François Lefèvre"}


@pytest.mark.django_db
def test_windows_1252_punctuation_is_read_as_such(tmp_path, ladder):
    path = csv_file(
        tmp_path,
        ["employee_id,name,email,title,level", "E1,Zoë O’Brien,zoe@corp.test,“Sales” – €,senior"],
        "cp1252",
    )

    employees_import_file(path=path)

    zoe = EmployeeProfile.objects.get()
    assert (zoe.full_name, zoe.title) == ("Zoë O’Brien", "“Sales” – €")


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_a_chinese_file_is_read_in_gbk_or_utf8(tmp_path, ladder, encoding):
    path = csv_file(tmp_path, CHINESE, encoding)

    employees_import_file(path=path)

    assert set(EmployeeProfile.objects.values_list("full_name", flat=True)) == {"王芳", "李娜"}


def test_bytes_that_read_as_gbk_and_as_windows_1252_alike_are_refused_with_what_to_do():
    # given: two Chinese characters and nothing else that tells GBK from Windows-1252
    data = f"{HEADER}\nE1,王芳,wang.fang@corp.test,director\n".encode("gbk")

    # when
    text, problem = csv_text_decode(data=data)

    # then: no guess ("Íõ·¼" is as plausible to a machine); the person is told what to do
    assert text == ""
    assert "cannot be told for sure" in problem
    assert "GBK" in problem
    assert "Windows-1252" in problem
    assert "Save it as UTF-8" in problem


def test_a_named_encoding_settles_an_ambiguous_file():
    data = f"{HEADER}\nE1,王芳,wang.fang@corp.test,director\n".encode("gbk")

    text, problem = csv_text_decode(data=data, encoding="gbk")

    assert (problem, "王芳" in text) == ("", True)


def test_a_named_encoding_that_does_not_fit_is_a_clear_problem():
    data = "E1,Jürgen Müller\n".encode("latin-1")

    text, problem = csv_text_decode(data=data, encoding="utf-8")

    assert text == ""
    assert "not UTF-8 text" in problem


def test_noise_that_only_windows_1252_can_decode_is_not_text():
    _text, problem = csv_text_decode(data=b"\xff\xfe\xfa\xfb" * 64)

    assert "neither UTF-8 nor GBK nor Windows-1252" in problem


@pytest.mark.django_db
def test_the_command_takes_the_encoding_and_refuses_an_ambiguous_file_without_it(tmp_path, ladder):
    # given
    path = tmp_path / "staff.csv"
    path.write_bytes(f"{HEADER}\nE1,王芳,wang.fang@corp.test,director\n".encode("gbk"))

    # when / then: refused without the encoding
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_employees", str(path), stdout=StringIO(), stderr=err)
    assert "cannot be told for sure" in err.getvalue()

    # when / then: imported with it
    call_command("import_employees", str(path), "--encoding", "gbk", stdout=StringIO())
    assert EmployeeProfile.objects.get().full_name == "王芳"


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    ["2 Nov 2026", "2026.11", "11.5", "1", "2026-11-02 garbage", "2026-11-02T00:00", "02/11/2026"],
)
def test_a_date_in_no_documented_format_is_refused_by_row_and_column(tmp_path, ladder, value):
    path = csv_file(
        tmp_path,
        ["employee_id,name,email,level,hire_date", f"E1,Anna,anna@corp.test,senior,{value}"],
        "utf-8",
    )

    with pytest.raises(EmployeeFileRejected) as rejected:
        employees_import_file(path=path)

    ((row, column, reason),) = [(p.row, p.column, p.reason) for p in rejected.value.problems]
    assert (row, column) == (2, "hire_date")
    assert f"{value} is not a date (use YYYY-MM-DD or YYYY/MM/DD)" == reason
    assert not EmployeeProfile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2026-11-02", "2026/11/02", "2026-11-2", " 2026/11/02 "])
def test_the_documented_text_dates_are_read(tmp_path, ladder, value):
    path = csv_file(
        tmp_path,
        ["employee_id,name,email,level,hire_date", f"E1,Anna,anna@corp.test,senior,{value}"],
        "utf-8",
    )

    employees_import_file(path=path)

    assert EmployeeProfile.objects.get().hire_date == datetime.date(2026, 11, 2)


def _workbook(rows, *, number_format=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["employee_id", "name", "email", "level", "hire_date"])
    for row in rows:
        sheet.append(row)
    if number_format:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
            cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("number", [46328, 11.5, 1])
def test_a_number_in_a_date_column_of_a_workbook_is_refused(tmp_path, ladder, number):
    path = tmp_path / "people.xlsx"
    path.write_bytes(_workbook([["E1", "Anna", "anna@corp.test", "senior", number]]))

    with pytest.raises(EmployeeFileRejected) as rejected:
        employees_import_file(path=path)

    (problem,) = rejected.value.problems
    assert (problem.row, problem.column) == (2, "hire_date")
    assert "is a number, not a date" in problem.reason


@pytest.mark.django_db
def test_date_cells_and_date_text_in_a_workbook_are_read(tmp_path, ladder):
    path = tmp_path / "people.xlsx"
    path.write_bytes(
        _workbook(
            [
                ["E1", "Anna", "anna@corp.test", "senior", datetime.date(2026, 11, 2)],
                ["E2", "Boris", "boris@corp.test", "senior", "2026/11/03"],
            ]
        )
    )

    employees_import_file(path=path)

    assert dict(EmployeeProfile.objects.values_list("employee_id", "hire_date")) == {
        "E1": datetime.date(2026, 11, 2),
        "E2": datetime.date(2026, 11, 3),
    }


# --- Sheets that lie about their size ----------------------------------------------------------


def _with_sheet_xml(workbook_bytes: bytes, rewrite) -> bytes:
    """The workbook with its first sheet's XML passed through ``rewrite``."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data.decode()).encode()
            target.writestr(item, data)
    return buffer.getvalue()


def _people_workbook() -> bytes:
    return _workbook(
        [
            ["E1", "Anna", "anna@corp.test", "senior", "2026-11-02"],
            ["E2", "Boris", "boris@corp.test", "associate", "2026-11-02"],
        ]
    )


def test_a_workbook_declaring_a_huge_dimension_is_read_in_bounded_memory(tmp_path):
    # given: 2 kB on disk that declares 1,000 columns by 100,000 rows (the file)
    # and has a blank formatted cell at its far corner, as spreadsheets often do
    def rewrite(xml):
        xml = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:ALL100000"/>', xml)
        corner = '<row r="100000"><c r="ALL100000" s="0"/></row>'
        return xml.replace("</sheetData>", f"{corner}</sheetData>")

    path = tmp_path / "people.xlsx"
    path.write_bytes(_with_sheet_xml(_people_workbook(), rewrite))
    assert path.stat().st_size < 8 * 1024

    # when
    tracemalloc.start()
    try:
        sheet = employee_sheet_read(path=path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # then: the two real rows, in a few megabytes at most
    assert sheet.problems == []
    assert [number for number, _row in sheet.rows] == [2, 3]
    assert peak < 8 * 1024 * 1024


def test_a_workbook_with_a_value_far_to_the_right_is_refused_without_building_the_row(
    tmp_path,
):
    # given: one cell in column XFD (16,384) and one on the sheet's last row
    far = '<c r="XFD3" t="inlineStr"><is><t>x</t></is></c>'
    low = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>y</t></is></c></row>'
    path = tmp_path / "people.xlsx"
    path.write_bytes(
        _with_sheet_xml(
            _people_workbook(),
            lambda xml: xml.replace("</row></sheetData>", f"{far}</row>{low}</sheetData>", 1),
        )
    )

    assert file_problems(path) == ["row 3 has values in more than 200 columns"]


def test_a_workbook_over_the_cell_limit_is_refused(tmp_path, settings):
    settings.GUILD_IMPORT_MAX_CELLS = 12
    path = tmp_path / "people.xlsx"
    path.write_bytes(_people_workbook())

    assert file_problems(path) == ["the file has more than 12 cells; split it into smaller files"]


def test_a_csv_over_the_column_limit_is_refused(tmp_path, settings):
    settings.GUILD_IMPORT_MAX_COLUMNS = 4
    path = csv_file(
        tmp_path, [HEADER + ",hire_date", "E1,Anna,anna@corp.test,senior,2026-11-02"], "utf-8"
    )

    assert file_problems(path) == ["row 1 has values in more than 4 columns"]


# --- The command has the upload's limits -------------------------------------------------------


def _command_problems(path) -> str:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_employees", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_a_file_over_the_size_limit(tmp_path, ladder, settings):
    settings.GUILD_IMPORT_MAX_BYTES = 100
    path = csv_file(tmp_path, [HEADER, *WESTERN, *WESTERN], "utf-8")

    assert "file: the file is larger than 100\xa0bytes" in _command_problems(path)
    assert not EmployeeProfile.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("staff.csv", b"%PDF-1.7\n1 0 obj\nemployee_id,name,email,level\n", "not a CSV file"),
        ("staff.xlsx", b"employee_id,name,email,level\n", "not an XLSX file"),
    ],
)
def test_the_command_judges_content_not_the_name(tmp_path, ladder, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)

    assert message in _command_problems(path)


@pytest.mark.django_db
def test_the_command_refuses_a_file_over_the_row_limit(tmp_path, ladder, settings):
    settings.GUILD_IMPORT_MAX_ROWS = 1
    path = csv_file(tmp_path, [HEADER, *WESTERN], "utf-8")

    assert "more than 1 rows" in _command_problems(path)
