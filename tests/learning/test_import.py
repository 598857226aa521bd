"""The employee import: encodings, headers, every kind of bad row, all-or-nothing, upserts."""

import datetime

import pytest
from openpyxl import Workbook

from learning.importing import EmployeeFileRejected, employees_import_file
from learning.models import Department, EmployeeProfile, Region, User
from tests.learning.factories import EmployeeProfileFactory, UserFactory

HEADER = (
    "employee_id,name,email,title,level,region,subsidiary,department,project_team,"
    "manager_id,hire_date,language"
)
ROWS = [
    "E1,Wang Fang,wang.fang@corp.test,Sales director,director,"
    "East China,Guild Shanghai,Sales,Harbour,,2019-03-01,zh-hans",
    "E2,Ivan Petrov,ivan.petrov@corp.test,Account manager,Senior,"
    "East China,Guild Shanghai,Sales,Harbour,E1,2021/07/15,ru",
    "E3,Eleni Papadopoulou,eleni@corp.test,Sales associate,associate,"
    "Europe,Guild Athens,Pre-sales,,E2,2026-11-02,",
]


def write_csv(tmp_path, lines, *, encoding="utf-8", name="people.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def import_rows(tmp_path, rows, **kwargs):
    return employees_import_file(path=write_csv(tmp_path, [HEADER, *rows]), **kwargs)


def problems_of(tmp_path, rows, header=HEADER):
    with pytest.raises(EmployeeFileRejected) as rejected:
        employees_import_file(path=write_csv(tmp_path, [header, *rows]))
    return [(p.row, p.column, p.reason) for p in rejected.value.problems]


@pytest.mark.django_db
def test_a_good_file_creates_people_units_and_managers(tmp_path, ladder):
    # when
    summary = import_rows(tmp_path, ROWS)

    # then
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    ivan = EmployeeProfile.objects.with_directory().get(employee_id="E2")
    assert ivan.manager.employee_id == "E1"
    assert ivan.level.code == "senior"
    assert ivan.region.name == "East China"
    assert ivan.region.code == "east-china"
    assert ivan.hire_date == datetime.date(2021, 7, 15)
    assert ivan.preferred_language == "ru"
    assert ivan.user.username == "e2"
    assert not ivan.user.has_usable_password()
    assert EmployeeProfile.objects.get(employee_id="E3").project_team is None
    assert Region.objects.count() == 2


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(tmp_path, ladder):
    # given
    import_rows(tmp_path, ROWS)
    stamps = dict(EmployeeProfile.objects.values_list("employee_id", "updated_at"))

    # when
    summary = import_rows(tmp_path, ROWS)

    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert dict(EmployeeProfile.objects.values_list("employee_id", "updated_at")) == stamps


@pytest.mark.django_db
def test_changed_rows_are_updated_and_counted(tmp_path, ladder):
    # given
    import_rows(tmp_path, ROWS)
    changed = [ROWS[0], ROWS[1].replace("Account manager", "Key account manager"), ROWS[2]]
    changed[2] = changed[2].replace(",E2,", ",E1,")

    # when
    summary = import_rows(tmp_path, changed)

    # then
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    assert EmployeeProfile.objects.get(employee_id="E2").title == "Key account manager"
    assert EmployeeProfile.objects.get(employee_id="E3").manager.employee_id == "E1"


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path, ladder):
    summary = import_rows(tmp_path, ROWS, dry_run=True)

    assert summary.created == 3
    assert not EmployeeProfile.objects.exists()
    assert not Region.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings_with_chinese_headers_and_names(tmp_path, ladder, encoding):
    # given
    header = "工号,姓名,邮箱,职位,职级,区域,子公司,部门,项目组,上级工号,入职日期,语言"
    rows = [
        "C1,张伟,zhang.wei@corp.test,销售总监,Director,华东,上海子公司,销售部,,,2018/05/20,中文",
        "C2,李娜,li.na@corp.test,客户经理,associate,华东,上海子公司,销售部,,C1,2026-11-02,zh-hans",
    ]
    path = write_csv(tmp_path, [header, *rows], encoding=encoding)

    # when
    summary = employees_import_file(path=path)

    # then
    assert summary.created == 2
    li = EmployeeProfile.objects.with_directory().get(employee_id="C2")
    assert li.full_name == "李娜"
    assert li.department.name == "销售部"
    assert li.manager.full_name == "张伟"
    assert li.preferred_language == "zh-hans"


@pytest.mark.django_db
def test_xlsx_with_numbers_and_excel_dates(tmp_path, ladder):
    # given
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Employee ID", "Name", "E-mail", "Level", "Hire date", "Manager ID"])
    sheet.append(
        [1001, "Nikos Georgiou", "nikos@corp.test", "EXECUTIVE", datetime.date(2015, 1, 5), None]
    )
    sheet.append([1002.0, "Olga Smirnova", "olga@corp.test", "manager", 46328, 1001])
    # A serial number is a date only in a cell formatted as one, as Excel shows it.
    sheet.cell(row=3, column=5).number_format = "yyyy-mm-dd"
    sheet.append([None, None, None, None, None, None])
    path = tmp_path / "people.xlsx"
    workbook.save(path)

    # when
    summary = employees_import_file(path=path)

    # then
    assert summary.created == 2
    olga = EmployeeProfile.objects.get(employee_id="1002")
    assert olga.hire_date == datetime.date(2026, 11, 2)
    assert olga.manager.employee_id == "1001"
    assert EmployeeProfile.objects.get(employee_id="1001").hire_date == datetime.date(2015, 1, 5)


@pytest.mark.django_db
def test_missing_columns_are_reported(tmp_path, ladder):
    problems = problems_of(tmp_path, ["E1,Wang Fang"], header="employee_id,name")

    assert (1, "email", "missing column") in problems
    assert (1, "level", "missing column") in problems


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "column", "reason_part"),
    [
        ("E9,,e9@corp.test,,associate,,,,,,,", "name", "required"),
        ("E9,Anna,,,associate,,,,,,,", "email", "required"),
        ("E9,Anna,not-an-email,,associate,,,,,,,", "email", "not a valid e-mail"),
        ("E9,Anna,e9@corp.test,,intern,,,,,,,", "level", "unknown level"),
        ("E9,Anna,e9@corp.test,,associate,,,,,,2026-13-45,", "hire_date", "not a date"),
        ("E9,Anna,e9@corp.test,,associate,,,,,,02.11.2026,", "hire_date", "not a date"),
        ("E9,Anna,e9@corp.test,,associate,,,,,,,klingon", "language", "unknown language"),
        ("E9,Anna,e9@corp.test,,associate,,,,,NOBODY,,", "manager_id", "neither in the file"),
        ("E9,Anna,e9@corp.test,,associate,,,,,E9,,", "manager_id", "own manager"),
        ("E9,Anna,wang.fang@corp.test,,associate,,,,,,,", "email", "also on row 2"),
        ("E1,Anna,anna@corp.test,,associate,,,,,,,", "employee_id", "also on row 2"),
    ],
)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(
    tmp_path, ladder, row, column, reason_part
):
    # when
    problems = problems_of(tmp_path, [ROWS[0], row])

    # then
    assert [(r, c) for r, c, _reason in problems] == [(3, column)]
    assert reason_part in problems[0][2]
    assert not EmployeeProfile.objects.exists()
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_every_problem_in_the_file_is_reported_at_once(tmp_path, ladder):
    problems = problems_of(
        tmp_path,
        ["E1,,bad,,intern,,,,,,someday,", "E2,Bob,bob@corp.test,,associate,,,,,E1,,"],
    )

    assert [(r, c) for r, c, _reason in problems] == [
        (2, "email"),
        (2, "hire_date"),
        (2, "level"),
        (2, "name"),
    ]


@pytest.mark.django_db
def test_an_email_used_by_someone_in_the_directory_is_refused(tmp_path, ladder):
    EmployeeProfileFactory(employee_id="X1", email="taken@corp.test")

    problems = problems_of(tmp_path, ["E9,Anna,TAKEN@corp.test,,associate,,,,,,,"])

    assert problems == [(2, "email", "e-mail TAKEN@corp.test is already used by employee X1")]


@pytest.mark.django_db
def test_a_username_already_taken_by_another_account_is_refused(tmp_path, ladder):
    UserFactory(username="admin")

    problems = problems_of(tmp_path, ["ADMIN,Anna,anna@corp.test,,associate,,,,,,,"])

    assert problems[0][:2] == (2, "employee_id")
    assert "already taken" in problems[0][2]


@pytest.mark.django_db
def test_a_management_loop_within_the_file_is_refused(tmp_path, ladder):
    problems = problems_of(
        tmp_path,
        [
            "A,Anna,a@corp.test,,associate,,,,,C,,",
            "B,Boris,b@corp.test,,associate,,,,,A,,",
            "C,Chen,c@corp.test,,associate,,,,,B,,",
            "D,Dora,d@corp.test,,associate,,,,,A,,",
        ],
    )

    assert [(r, c) for r, c, _reason in problems] == [
        (2, "manager_id"),
        (3, "manager_id"),
        (4, "manager_id"),
    ]
    assert problems[0][2] == "management loop: A → C → B → A"


@pytest.mark.django_db
def test_a_management_loop_through_the_directory_is_refused(tmp_path, ladder):
    # given: in the directory X2 reports to X1
    boss = EmployeeProfileFactory(employee_id="X1")
    EmployeeProfileFactory(employee_id="X2", manager=boss)

    # when: the file makes X1 report to X2
    problems = problems_of(tmp_path, [f"X1,{boss.full_name},{boss.email},,associate,,,,,X2,,"])

    # then
    assert problems == [(2, "manager_id", "management loop: X1 → X2 → X1")]
    boss.refresh_from_db()
    assert boss.manager is None


@pytest.mark.django_db
def test_a_bad_file_leaves_the_directory_exactly_as_it_was(tmp_path, ladder):
    # given
    import_rows(tmp_path, ROWS)
    before = list(EmployeeProfile.objects.order_by("pk").values())

    # when: one good change and one bad row
    with pytest.raises(EmployeeFileRejected):
        import_rows(
            tmp_path,
            [ROWS[0].replace("Sales director", "VP Sales"), "E7,New,new@corp.test,,boss,,,,,,,"],
        )

    # then
    assert list(EmployeeProfile.objects.order_by("pk").values()) == before
    assert not Department.objects.filter(name="Nowhere").exists()
    assert User.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "reason_part"),
    [
        ("people.xlsx", b"this is not a zip file", "not a readable Excel"),
        ("people.csv", b"", "empty"),
        ("people.csv", b"\xff\xfe\x00\x00\x81\x00garbage", "neither UTF-8 nor GBK"),
        ("people.txt", b"employee_id\n", "only .csv and .xlsx"),
    ],
)
def test_a_corrupt_file_is_a_clear_problem(tmp_path, ladder, name, content, reason_part):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(EmployeeFileRejected) as rejected:
        employees_import_file(path=path)

    assert rejected.value.problems[0].row == 0
    assert reason_part in rejected.value.problems[0].reason


@pytest.mark.django_db
def test_blank_optional_cells_clear_fields_but_never_the_language(tmp_path, ladder):
    # given
    import_rows(tmp_path, ROWS)

    # when
    import_rows(tmp_path, ["E1,Wang Fang,wang.fang@corp.test,,director,,,,,,,"])

    # then
    wang = EmployeeProfile.objects.get(employee_id="E1")
    assert (wang.title, wang.region, wang.hire_date) == ("", None, None)
    assert wang.preferred_language == "zh-hans"


@pytest.mark.django_db
def test_columns_absent_from_the_file_are_left_alone(tmp_path, ladder):
    # given
    import_rows(tmp_path, ROWS)

    # when
    path = write_csv(
        tmp_path, ["employee_id,name,email,level", "E2,Ivan Petrov,ivan.petrov@corp.test,manager"]
    )
    summary = employees_import_file(path=path)

    # then
    ivan = EmployeeProfile.objects.with_directory().get(employee_id="E2")
    assert summary.updated == 1
    assert (ivan.level.code, ivan.manager.employee_id, ivan.region.name) == (
        "manager",
        "E1",
        "East China",
    )
