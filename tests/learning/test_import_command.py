"""``manage.py import_employees``: summary, problems, exit code, dry run."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from learning.models import EmployeeProfile

GOOD = (
    "工号,姓名,邮箱,职级,上级工号\n"
    "E1,王芳,wang.fang@corp.test,director,\n"
    "E2,Иван Петров,ivan@corp.test,associate,E1\n"
)
BAD = (
    "employee_id,name,email,level,manager_id\n"
    "E1,Wang Fang,wang.fang@corp.test,director,E2\n"
    "E2,Ivan Petrov,ivan@corp,associate,E1\n"
)


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_employees", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_imports_and_prints_a_summary(tmp_path, ladder):
    # given
    path = tmp_path / "staff.csv"
    path.write_text(GOOD, encoding="gbk")

    # when
    out, err = run(path)
    again, _err = run(path)

    # then
    assert "2 rows: 2 created, 0 updated, 0 unchanged." in out
    assert "2 rows: 0 created, 0 updated, 2 unchanged." in again
    assert "Saving 2/2 rows" in err
    assert EmployeeProfile.objects.get(employee_id="E2").manager.full_name == "王芳"


@pytest.mark.django_db
def test_the_command_lists_every_problem_and_fails(tmp_path, ladder):
    # given
    path = tmp_path / "staff.csv"
    path.write_text(BAD, encoding="utf-8")
    err = StringIO()

    # when
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_employees", str(path), stdout=StringIO(), stderr=err)

    # then
    lines = err.getvalue()
    assert "row 2, column manager_id: management loop: E1 → E2 → E1" in lines
    assert "row 3, column email: ivan@corp is not a valid e-mail address" in lines
    assert "row 3, column manager_id: management loop: E2 → E1 → E2" in lines
    assert not EmployeeProfile.objects.exists()


@pytest.mark.django_db
def test_the_command_exits_non_zero_from_a_shell(tmp_path, ladder):
    path = tmp_path / "staff.csv"
    path.write_text(BAD, encoding="utf-8")

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_employees", str(path)])

    assert exited.value.code != 0


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path, ladder):
    path = tmp_path / "staff.csv"
    path.write_text(GOOD, encoding="utf-8")

    out, _err = run(path, "--dry-run")

    assert "2 created" in out
    assert "Dry run" in out
    assert not EmployeeProfile.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(tmp_path / "nowhere.csv")
