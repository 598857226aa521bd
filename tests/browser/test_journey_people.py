"""The people directory end to end: HR browses it in the admin and imports a file.

A real Celery worker runs the import, so the job page's progress bar is fed by the same
task, cache and database that production uses.
"""

import csv
import datetime

import pytest

from learning.models import EmployeeProfile, Job
from learning.services import EMPLOYEE_IMPORT
from tests.learning.factories import (
    DepartmentFactory,
    EmployeeProfileFactory,
    RegionFactory,
    SubsidiaryFactory,
    level_ladder,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

# Import jobs are queued, picked up and polled for: allow more than one page load.
IMPORT_TIMEOUT_MS = 90_000

# Ten people in each of three regions; two Zhous, so a search alone is not enough.
DIRECTORY = {
    "East": [
        "Zhou Lan",
        "Marco Rossi",
        "Aisha Bello",
        "Chen Jie",
        "Liu Yang",
        "Nadia Petrova",
        "Omar Haddad",
        "Grace Kim",
        "Huang Wei",
        "Elena Papadaki",
    ],
    "North": [
        "Zhou Ming",
        "Sofia Alves",
        "Tomás Ortega",
        "Yuki Sato",
        "Priya Nair",
        "Sun Li",
        "Ivan Sokolov",
        "Maria Georgiou",
        "Wu Hao",
        "Daniel Cohen",
    ],
    "South": [
        "Zhao Xin",
        "Lucas Martin",
        "Amara Okafor",
        "Ma Lin",
        "Anna Schmidt",
        "Kenji Watanabe",
        "He Jing",
        "Fatima Rahman",
        "Dmitri Volkov",
        "Lin Qiu",
    ],
}

CHINESE_NAMES = [
    "王芳",
    "李娜",
    "张伟",
    "刘洋",
    "陈静",
    "杨磊",
    "黄敏",
    "赵军",
    "吴霞",
    "周涛",
    "徐丽",
    "孙强",
    "马超",
    "朱红",
    "胡斌",
]


@pytest.fixture
def directory(site_home):
    """Thirty employees across three regions of one company, all in Sales."""
    ladder = level_ladder()
    company = SubsidiaryFactory(code="meridian-trading", name="Meridian Trading")
    sales = DepartmentFactory(code="sales", name="Sales")
    regions = {}
    number = 0
    for region_name, people in DIRECTORY.items():
        region = RegionFactory(code=region_name.lower(), name=region_name)
        regions[region_name] = region
        for full_name in people:
            number += 1
            EmployeeProfileFactory(
                employee_id=f"M{number:04d}",
                full_name=full_name,
                user__username=f"m{number:04d}",
                title="Account executive",
                level=ladder["senior" if number % 3 == 0 else "associate"],
                region=region,
                subsidiary=company,
                department=sales,
                hire_date=datetime.date(2025, 3, 1) + datetime.timedelta(days=number),
            )
    return regions


def _directory_snapshot() -> list[tuple]:
    return list(
        EmployeeProfile.objects.order_by("employee_id").values_list(
            "employee_id",
            "full_name",
            "email",
            "title",
            "level__code",
            "region__code",
            "manager__employee_id",
            "hire_date",
        )
    )


def _write_csv(path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _valid_rows() -> list[dict]:
    """Fifty rows: 48 new people under two new managers, one changed, one as it was."""
    rows = [
        {
            "employee_id": "N0001",
            "name": "王芳",
            "email": "wang.fang@meridian.test",
            "title": "Regional sales director",
            "level": "director",
            "region": "East",
            "department": "Sales",
            "manager_id": "",
            "hire_date": "2019-04-01",
        },
        {
            "employee_id": "N0002",
            "name": "Rafael Lima",
            "email": "rafael.lima@meridian.test",
            "title": "Sales manager",
            "level": "manager",
            "region": "South",
            "department": "Sales",
            "manager_id": "N0001",
            "hire_date": "2021/09/15",
        },
    ]
    for number in range(3, 49):
        chinese = number % 3 == 0
        name = CHINESE_NAMES[number // 3 % len(CHINESE_NAMES)] if chinese else f"Newcomer {number}"
        rows.append(
            {
                "employee_id": f"N{number:04d}",
                "name": name,
                "email": f"new{number}@meridian.test",
                "title": "Sales representative",
                "level": "associate",
                "region": ("East", "North", "South")[number % 3],
                "department": "Sales",
                "manager_id": "N0002" if number % 2 else "N0001",
                "hire_date": "2026-11-02",
            }
        )
    # Zhou Lan is promoted; Marco Rossi's row says what the directory already says.
    for profile, title in (
        (EmployeeProfile.objects.get(full_name="Zhou Lan"), "Key account manager"),
        (EmployeeProfile.objects.get(full_name="Marco Rossi"), None),
    ):
        rows.append(
            {
                "employee_id": profile.employee_id,
                "name": profile.full_name,
                "email": profile.email,
                "title": title or profile.title,
                "level": profile.level.code,
                "region": profile.region.name,
                "department": profile.department.name,
                "manager_id": "",
                "hire_date": profile.hire_date.isoformat(),
            }
        )
    return rows


def _bad_rows() -> list[dict]:
    """Valid people around four mistakes HR makes: date, level, loop, duplicate id."""
    base = {
        "title": "Sales representative",
        "level": "associate",
        "region": "North",
        "department": "Sales",
        "hire_date": "2026-11-02",
    }
    return [
        {
            **base,
            "employee_id": "B0001",
            "name": "杨帆",
            "email": "b1@meridian.test",
            "manager_id": "",
        },
        {
            **base,
            "employee_id": "B0002",
            "name": "Olga Ivanova",
            "email": "b2@meridian.test",
            "manager_id": "B0001",
            "hire_date": "31.12.2026",
        },
        {
            **base,
            "employee_id": "B0003",
            "name": "Tariq Aziz",
            "email": "b3@meridian.test",
            "manager_id": "B0001",
            "level": "intern",
        },
        {
            **base,
            "employee_id": "B0004",
            "name": "Léa Dubois",
            "email": "b4@meridian.test",
            "manager_id": "B0005",
        },
        {
            **base,
            "employee_id": "B0005",
            "name": "Jonas Berg",
            "email": "b5@meridian.test",
            "manager_id": "B0004",
        },
        {
            **base,
            "employee_id": "B0001",
            "name": "郑浩",
            "email": "b6@meridian.test",
            "manager_id": "",
        },
    ]


def _tall_screenshot(page, screenshot, name: str) -> None:
    # The admin scrolls inside its own panel, so a full-page capture stops at the window:
    # make the window as tall as the content instead.
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(document.documentElement.scrollHeight,"
        " (document.querySelector('main') || {}).scrollHeight || 0)"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 80)})
    screenshot(page, name)
    page.set_viewport_size(size)


def _listed_names(page) -> list[str]:
    return [
        name.strip() for name in page.locator("table.listing tbody td.title a").all_inner_texts()
    ]


def _upload(page, path) -> Job:
    page.get_by_role("button", name="People").click()
    page.get_by_role("link", name="Import employees").click()
    page.wait_for_url("**/admin/people/import/")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and import").click()
    return Job.objects.filter(kind=EMPLOYEE_IMPORT).latest("pk")


def test_hr_browses_the_directory_and_imports_a_file(
    desktop_page, login, screenshot, hr, directory, celery_worker_process, tmp_path
):
    page = desktop_page
    login(page, hr, admin=True)

    # People → Employees: everyone, then one region, then one name in it.
    page.get_by_role("button", name="People").click()
    page.get_by_role("link", name="Employees", exact=True).click()
    page.wait_for_url("**/admin/people/employees/")
    assert page.locator("table.listing tbody tr").count() == 31  # the directory and Helen

    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Region").click()
    with page.expect_response(lambda response: "region=" in response.url):
        page.locator("#id_region").select_option(label="East")
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelectorAll('table.listing tbody tr').length === 10")
    assert sorted(_listed_names(page)) == sorted(DIRECTORY["East"])

    with page.expect_response(lambda response: "q=Zhou" in response.url):
        page.locator("#id_q").fill("Zhou")
    page.wait_for_function("document.querySelectorAll('table.listing tbody tr').length === 1")
    assert _listed_names(page) == ["Zhou Lan"]
    assert "region=" in page.url
    assert "q=Zhou" in page.url
    _tall_screenshot(page, screenshot, "admin-employees")

    # Import employees: a good file, watched through to its summary. The worker is held
    # back until the job page is open, so the page must update itself (a page that only
    # showed what was true when it loaded once passed this test by luck).
    before = EmployeeProfile.objects.count()
    good = tmp_path / "november-intake.csv"
    _write_csv(good, _valid_rows())
    celery_worker_process.stop()
    job = _upload(page, good)
    page.wait_for_url(f"**/admin/people/import/{job.pk}/")
    assert page.locator("[data-import-status]").inner_text() == "Waiting"
    assert page.locator("progress[data-import-progress]").get_attribute("value") == "0"
    assert page.get_by_text("this page updates by itself").is_visible()
    _tall_screenshot(page, screenshot, "admin-import-progress")
    celery_worker_process.start()

    summary = page.get_by_test_id("import-summary")
    summary.wait_for(timeout=IMPORT_TIMEOUT_MS)
    assert summary.inner_text() == "50 rows imported: 48 created, 1 updated, 1 unchanged."
    assert page.locator("[data-import-progress]").get_attribute("value") == "100"
    assert page.locator("[data-import-status]").inner_text() == "Imported"
    _tall_screenshot(page, screenshot, "admin-import-done")

    assert EmployeeProfile.objects.count() == before + 48
    with page.expect_navigation():
        page.get_by_role("link", name="See the employees").click()
    with page.expect_response(lambda response: "q=" in response.url):
        page.locator("#id_q").fill("李娜")
    page.wait_for_function("document.querySelectorAll('table.listing tbody tr').length > 0")
    assert set(_listed_names(page)) == {"李娜"}
    wang = EmployeeProfile.objects.get(employee_id="N0001")
    assert wang.full_name == "王芳"
    assert EmployeeProfile.objects.get(employee_id="N0003").manager == (
        EmployeeProfile.objects.get(employee_id="N0002")
    )
    assert EmployeeProfile.objects.get(full_name="Zhou Lan").title == "Key account manager"

    # A file with mistakes: every problem listed by row and column, nothing written.
    directory_before = _directory_snapshot()
    bad = tmp_path / "corrections.csv"
    _write_csv(bad, _bad_rows())
    job = _upload(page, bad)
    page.get_by_text("nothing was imported").wait_for(timeout=IMPORT_TIMEOUT_MS)
    problems = page.locator("table.listing tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))"
    )
    _tall_screenshot(page, screenshot, "admin-import-errors")
    assert page.locator("[data-import-status]").inner_text() == "Rejected"
    assert page.locator("[data-import-progress]").count() == 0

    cells = {(row, column) for row, column, _reason in problems}
    assert ("3", "hire_date") in cells
    assert ("4", "level") in cells
    assert ("5", "manager_id") in cells
    assert ("6", "manager_id") in cells
    assert ("7", "employee_id") in cells
    reasons = " ".join(reason for _row, _column, reason in problems)
    assert "31.12.2026 is not a date" in reasons
    assert "unknown level intern" in reasons
    assert "management loop" in reasons
    assert "also on row 2" in reasons
    assert len(problems) == len(Job.objects.get(pk=job.pk).result["problems"])
    assert _directory_snapshot() == directory_before
