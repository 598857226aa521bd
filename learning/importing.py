"""The employee import: read a CSV or XLSX file, check all of it, then upsert the directory.

HR keeps the company's people in spreadsheets; this module is the one way they enter
Guild, whether from the admin (a Celery task), the ``import_employees`` command or the
demo seeder. The whole file is checked before anything is written, and every problem is
reported as (row, column, reason): a file with any problem imports nothing.

Rules a file follows:

- The first row holds the headers: the canonical names below or their Chinese aliases.
  ``employee_id``, ``name``, ``email`` and ``level`` are required.
- Rows are matched to the directory by employee id. Only the columns present in the
  file are updated; an empty optional cell clears that field, except ``language``,
  which people may choose for themselves and so is only ever set, never cleared.
- Regions, subsidiaries, departments and project teams are found by code or name
  (case-insensitive) or created. Levels must already exist.
- New people get a user whose username is their employee id in lower case and whose
  password is unusable until they are given one.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learning.models import (
    Department,
    EmployeeProfile,
    Level,
    ProjectTeam,
    Region,
    Subsidiary,
    User,
)

COLUMNS = (
    "employee_id",
    "name",
    "email",
    "title",
    "level",
    "region",
    "subsidiary",
    "department",
    "project_team",
    "manager_id",
    "hire_date",
    "language",
)
REQUIRED_COLUMNS = ("employee_id", "name", "email", "level")
UNIT_COLUMNS: dict[str, type[models.Model]] = {
    "region": Region,
    "subsidiary": Subsidiary,
    "department": Department,
    "project_team": ProjectTeam,
}
ALLOWED_SUFFIXES = (".csv", ".xlsx")

# Zip-bomb guards for .xlsx, checked on the archive's directory before anything is
# unpacked. Real workbooks compress about 5-20×; a member over a megabyte that claims
# more than 100× is not one HR saved. zipfile never reads past a member's declared
# size, so the declared sizes checked here are the most that openpyxl can get.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_ARCHIVE_MEMBERS = 10_000
# The first bytes of files people rename to .csv by mistake (or on purpose).
BINARY_SIGNATURES = (
    b"PK\x03\x04",  # zip, so also .xlsx and .docx
    b"\xd0\xcf\x11\xe0",  # old Office (.xls, .doc)
    b"%PDF",
    b"MZ",  # Windows programs
    b"\x7fELF",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
)
SNIFF_BYTES = 64 * 1024

# Header spellings people actually use, mapped to the canonical column. Compared after
# lower-casing and turning spaces and hyphens into underscores.
HEADER_ALIASES = {
    "employee_id": "employee_id",
    "employee_number": "employee_id",
    "staff_id": "employee_id",
    "id": "employee_id",
    "工号": "employee_id",
    "员工工号": "employee_id",
    "员工编号": "employee_id",
    "name": "name",
    "full_name": "name",
    "姓名": "name",
    "email": "email",
    "e_mail": "email",
    "邮箱": "email",
    "电子邮箱": "email",
    "电子邮件": "email",
    "title": "title",
    "job_title": "title",
    "职位": "title",
    "岗位": "title",
    "level": "level",
    "职级": "level",
    "级别": "level",
    "region": "region",
    "区域": "region",
    "地区": "region",
    "subsidiary": "subsidiary",
    "company": "subsidiary",
    "子公司": "subsidiary",
    "department": "department",
    "部门": "department",
    "project_team": "project_team",
    "team": "project_team",
    "项目组": "project_team",
    "manager_id": "manager_id",
    "manager": "manager_id",
    "manager_employee_id": "manager_id",
    "上级工号": "manager_id",
    "直属上级工号": "manager_id",
    "上级": "manager_id",
    "hire_date": "hire_date",
    "入职日期": "hire_date",
    "入职时间": "hire_date",
    "language": "language",
    "preferred_language": "language",
    "语言": "language",
}

# Beyond codes and English names, the names people type for Guild's languages.
LANGUAGE_ALIASES = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh_cn": "zh-hans",
    "zh_hans": "zh-hans",
    "chinese": "zh-hans",
    "中文": "zh-hans",
    "简体中文": "zh-hans",
    "汉语": "zh-hans",
    "русский": "ru",
    "ελληνικά": "el",
    "english": "en",
    "英语": "en",
    "俄语": "ru",
    "希腊语": "el",
}

MAX_LENGTHS = {"employee_id": 40, "name": 150, "email": 254, "title": 150}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")
PROGRESS_EVERY = 500
BATCH_SIZE = 500

#: ``progress(stage, done, total)``; stage is "checking" or "saving".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, order=True)
class RowProblem:
    """One thing wrong with a file. Row 1 is the header row; row 0 is the file itself."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return _("file: %(reason)s") % {"reason": self.reason}
        return _("row %(row)s, column %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


class EmployeeFileRejected(ValidationError):
    """The file has problems; ``problems`` lists every one and nothing was written."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = sorted(problems)
        super().__init__([str(problem) for problem in self.problems])


@dataclass(frozen=True)
class ImportSummary:
    total: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool = False


@dataclass
class EmployeeSheet:
    """A file's rows as text keyed by canonical column, with their spreadsheet row numbers."""

    columns: list[str]
    rows: list[tuple[int, dict[str, object]]]
    problems: list[RowProblem] = field(default_factory=list)


# --- Reading ---------------------------------------------------------------------------


def employee_sheet_read(*, path: Path | str) -> EmployeeSheet:
    """Read a CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX file into an ``EmployeeSheet``.

    A file that cannot be read at all comes back with a single file-level problem rather
    than an exception, so callers report it like any other problem. Reads only.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_read(path)
    if suffix == ".xlsx":
        return _xlsx_read(path)
    return EmployeeSheet(
        columns=[],
        rows=[],
        problems=[RowProblem(0, "", _("only .csv and .xlsx files can be imported"))],
    )


def _file_problem(reason: str) -> EmployeeSheet:
    return EmployeeSheet(columns=[], rows=[], problems=[RowProblem(0, "", reason)])


def _too_many_rows() -> EmployeeSheet:
    return _file_problem(
        _("the file has more than %(count)s rows; split it into smaller files")
        % {"count": f"{settings.GUILD_IMPORT_MAX_ROWS:,}"}
    )


def _records_limited(records: Iterable[list[object]]) -> list[list[object]] | None:
    """The header and at most ``GUILD_IMPORT_MAX_ROWS`` rows, or None if there are more.

    Stops reading one row past the limit, so a huge file is never held in memory whole.
    """
    limit = settings.GUILD_IMPORT_MAX_ROWS + 1
    kept = list(itertools.islice(records, limit + 1))
    return None if len(kept) > limit else kept


def xlsx_archive_problem(*, path: Path | str) -> str:
    """Why this .xlsx must not be unpacked (a zip bomb), or ``""``; reads only its directory.

    A file that is not a zip at all passes: the workbook reader reports that itself.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    limit = settings.GUILD_IMPORT_MAX_UNPACKED_BYTES
    if len(members) > MAX_ARCHIVE_MEMBERS:
        return _("the workbook holds too many files to be a spreadsheet")
    if sum(member.file_size for member in members) > limit:
        return _("the workbook unpacks to more than %(size)s") % {"size": filesizeformat(limit)}
    for member in members:
        if (
            member.file_size > RATIO_CHECKED_FROM_BYTES
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            return _("the workbook is compressed far more than any spreadsheet is")
    return ""


def employee_upload_problem(*, path: Path | str) -> str:
    """Why a stored upload is not the CSV or XLSX file its name says, or ``""``.

    A quick look at the content (never trust the extension): an .xlsx must be a zip that
    is safe to unpack; a .csv must be text, not a renamed workbook, PDF or program. The
    full checks happen when the file is read. Reads only.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return _("The file could not be read.")
    if path.suffix.lower() == ".xlsx":
        if not head.startswith(b"PK\x03\x04"):
            return _("This is not an XLSX file: its content is not an Excel workbook.")
        problem = xlsx_archive_problem(path=path)
        return _("This XLSX file was refused: %(reason)s.") % {"reason": problem} if problem else ""
    if head.startswith(BINARY_SIGNATURES) or b"\x00" in head:
        return _("This is not a CSV file: its content is not text.")
    for encoding in ("utf-8-sig", "gbk"):
        try:
            # Incremental, so a character cut in two at the end of the sample is fine.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return ""
        except UnicodeDecodeError:
            continue
    return _("This is not a CSV file: its content is neither UTF-8 nor GBK text.")


def _csv_read(path: Path) -> EmployeeSheet:
    try:
        data = path.read_bytes()
    except OSError:
        return _file_problem(_("the file could not be opened"))
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return _file_problem(_("the file is neither UTF-8 nor GBK text"))
    if "\x00" in text:
        return _file_problem(_("the file is not a CSV text file"))
    try:
        records = _records_limited(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return _file_problem(_("the CSV cannot be parsed: %(error)s") % {"error": exc})
    if records is None:
        return _too_many_rows()
    return _sheet_from_records(records)


def _xlsx_read(path: Path) -> EmployeeSheet:
    # openpyxl raises many kinds of errors on damaged or disguised files; any of them
    # means the same thing to HR: this is not a workbook we can read.
    from openpyxl import load_workbook

    problem = xlsx_archive_problem(path=path)
    if problem:
        return _file_problem(problem)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, IndexError):
        return _file_problem(_("the file is not a readable Excel (.xlsx) workbook"))
    except Exception:  # noqa: BLE001 - see above: openpyxl's errors are not a closed set
        return _file_problem(_("the file is not a readable Excel (.xlsx) workbook"))
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return _file_problem(_("the workbook has no sheets"))
        records = _records_limited(list(values) for values in sheet.iter_rows(values_only=True))
    except Exception:  # noqa: BLE001 - damaged sheet XML surfaces here, lazily
        return _file_problem(_("the file is not a readable Excel (.xlsx) workbook"))
    finally:
        workbook.close()
    if records is None:
        return _too_many_rows()
    return _sheet_from_records(records)


def _header_key(value: object) -> str:
    text = _cell_text(value).lower().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(text, "")


def _sheet_from_records(records: list[list[object]]) -> EmployeeSheet:
    if not records or not any(_cell_text(value) for value in records[0]):
        return _file_problem(_("the file is empty"))
    header = records[0]
    positions: dict[str, int] = {}
    problems: list[RowProblem] = []
    for position, value in enumerate(header):
        column = _header_key(value)
        if not column:
            continue  # Unknown columns (notes, cost centres...) are HR's business.
        if column in positions:
            problems.append(RowProblem(1, column, _("the column appears more than once")))
            continue
        positions[column] = position
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problems.append(RowProblem(1, column, _("missing column")))
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(_cell_text(value) for value in record):
            continue
        rows.append(
            (
                number,
                {
                    column: record[position] if position < len(record) else None
                    for column, position in positions.items()
                },
            )
        )
    return EmployeeSheet(columns=list(positions), rows=rows, problems=problems)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 1001 as 1001.0
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _date_parse(value: object) -> datetime.date | None:
    """A date from a cell: a date object, an Excel serial number or YYYY-MM-DD / YYYY/MM/DD."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial_date(float(value))
    text = _cell_text(value)
    text = text.split(" ")[0].split("T")[0]  # "2026-11-02 00:00:00" from a re-saved sheet
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    if text.replace(".", "", 1).isdigit():
        return _excel_serial_date(float(text))
    return None


def _excel_serial_date(serial: float) -> datetime.date | None:
    # Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was, so
    # serials from 61 on are one day ahead; 1899-12-30 as day zero absorbs that.
    if not 1 <= serial < 2958466:
        return None
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))


# --- Checking --------------------------------------------------------------------------


class _UnitCatalog:
    """Regions (or subsidiaries, ...) by lower-cased code and name, plus ones to create."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.by_key: dict[str, models.Model] = {}
        self.codes: set[str] = set()
        self.pending: list[models.Model] = []
        for unit in model.objects.all():
            self.by_key[unit.code.lower()] = unit
            self.by_key[unit.name.lower()] = unit
            self.codes.add(unit.code)

    def resolve(self, name: str) -> models.Model:
        key = name.lower()
        unit = self.by_key.get(key)
        if unit is None:
            unit = self.model(code=self._new_code(name), name=name)
            self.by_key[key] = unit
            self.by_key[unit.code.lower()] = unit
            self.pending.append(unit)
        return unit

    def _new_code(self, name: str) -> str:
        base = (slugify(name)[:50] or self.model._meta.model_name).strip("-")
        code, suffix = base, 2
        while code in self.codes:
            code, suffix = f"{base}-{suffix}", suffix + 1
        self.codes.add(code)
        return code

    def create_pending(self) -> None:
        if self.pending:
            self.model.objects.bulk_create(self.pending, batch_size=BATCH_SIZE)


@dataclass
class _Row:
    number: int
    employee_id: str
    values: dict[str, object]  # profile field name -> value (units as instances)
    manager_id: str | None = None  # None when the file has no manager column


@dataclass
class _Plan:
    columns: list[str]
    rows: list[_Row]
    existing: dict[str, EmployeeProfile]
    units: dict[str, _UnitCatalog]
    manager_of: dict[str, str | None]  # employee id -> manager's employee id, after import


def _language_lookup() -> dict[str, str]:
    lookup = dict(LANGUAGE_ALIASES)
    with translation.override("en"):
        for code, name in settings.LANGUAGES:
            lookup[code.lower()] = code
            lookup[str(name).lower()] = code
    return lookup


def _plan_build(*, sheet: EmployeeSheet, progress: Progress | None) -> _Plan:
    """Check every row against the file and the directory; raise with every problem."""
    problems = list(sheet.problems)
    if any(problem.row <= 1 for problem in problems):
        raise EmployeeFileRejected(problems)

    total = len(sheet.rows)
    existing = {profile.employee_id: profile for profile in EmployeeProfile.objects.all()}
    eid_by_pk = {profile.pk: eid for eid, profile in existing.items()}
    levels: dict[str, Level] = {}
    for level in Level.objects.all():
        levels[level.code.lower()] = level
        levels[level.name.lower()] = level
    languages = _language_lookup()
    units = {column: _UnitCatalog(model) for column, model in UNIT_COLUMNS.items()}
    columns = sheet.columns
    has_manager = "manager_id" in columns

    rows: list[_Row] = []
    first_row_of_id: dict[str, int] = {}
    first_row_of_email: dict[str, tuple[int, str]] = {}
    for done, (number, raw) in enumerate(sheet.rows, start=1):
        row_problems: list[RowProblem] = []

        def problem(column: str, reason: str, *, number=number, sink=row_problems) -> None:
            sink.append(RowProblem(number, column, reason))

        text = {column: _cell_text(raw.get(column)) for column in columns}
        for column in REQUIRED_COLUMNS:
            if not text[column]:
                problem(column, _("a value is required"))
        for column, limit in MAX_LENGTHS.items():
            if column in text and len(text[column]) > limit:
                problem(column, _("longer than %(limit)s characters") % {"limit": limit})

        employee_id = text["employee_id"]
        if employee_id:
            earlier = first_row_of_id.setdefault(employee_id.lower(), number)
            if earlier != number:
                problem(
                    "employee_id",
                    _("employee id %(id)s is also on row %(row)s")
                    % {"id": employee_id, "row": earlier},
                )

        values: dict[str, object] = {"full_name": text["name"]}
        email = text["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem("email", _("%(email)s is not a valid e-mail address") % {"email": email})
            else:
                earlier_row, earlier_id = first_row_of_email.setdefault(
                    email.lower(), (number, employee_id)
                )
                if earlier_row != number:
                    problem(
                        "email",
                        _("e-mail %(email)s is also on row %(row)s")
                        % {"email": email, "row": earlier_row},
                    )
        values["email"] = email

        if "title" in columns:
            values["title"] = text["title"]

        if text["level"]:
            level = levels.get(text["level"].lower())
            if level is None:
                problem(
                    "level",
                    _("unknown level %(level)s (known: %(known)s)")
                    % {
                        "level": text["level"],
                        "known": ", ".join(sorted({lvl.code for lvl in levels.values()}) or ["-"]),
                    },
                )
            values["level"] = level

        for column, catalog in units.items():
            if column not in columns:
                continue
            name = text[column]
            if len(name) > 120:
                problem(column, _("longer than %(limit)s characters") % {"limit": 120})
                continue
            values[column] = catalog.resolve(name) if name else None

        if "hire_date" in columns:
            hire_date = None
            if text["hire_date"]:
                hire_date = _date_parse(raw.get("hire_date"))
                if hire_date is None:
                    problem(
                        "hire_date",
                        _("%(value)s is not a date (use YYYY-MM-DD)")
                        % {"value": text["hire_date"]},
                    )
            values["hire_date"] = hire_date

        if "language" in columns and text["language"]:
            language = languages.get(text["language"].lower())
            if language is None:
                problem(
                    "language",
                    _("unknown language %(language)s (known: %(known)s)")
                    % {
                        "language": text["language"],
                        "known": ", ".join(code for code, _name in settings.LANGUAGES),
                    },
                )
            values["preferred_language"] = language

        manager_id = None
        if has_manager:
            manager_id = text["manager_id"] or None
            if manager_id and manager_id == employee_id:
                problem("manager_id", _("an employee cannot be their own manager"))

        problems.extend(row_problems)
        rows.append(_Row(number, employee_id, values, manager_id))
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress("checking", done, total)

    # The directory as it will be: existing managers, overridden by the file.
    manager_of: dict[str, str | None] = {
        eid: eid_by_pk.get(profile.manager_id) for eid, profile in existing.items()
    }
    in_file = {row.employee_id for row in rows if row.employee_id}
    for row in rows:
        if has_manager:
            manager_of[row.employee_id] = row.manager_id
        else:
            manager_of.setdefault(row.employee_id, None)
        if row.manager_id and row.manager_id not in in_file and row.manager_id not in existing:
            problems.append(
                RowProblem(
                    row.number,
                    "manager_id",
                    _("manager %(id)s is neither in the file nor in the directory")
                    % {"id": row.manager_id},
                )
            )
    problems.extend(_cycle_problems(rows=rows, manager_of=manager_of))
    problems.extend(_email_problems(rows=rows, existing=existing))
    problems.extend(_username_problems(rows=rows, existing=existing))
    if problems:
        raise EmployeeFileRejected(problems)
    return _Plan(columns, rows, existing, units, manager_of)


def _cycle_problems(*, rows: list[_Row], manager_of: Mapping[str, str | None]) -> list[RowProblem]:
    """A problem on each file row that sits on a management loop (self-loops are separate)."""
    settled: set[str] = set()  # known to reach the top of the tree
    looped: dict[str, list[str]] = {}
    for start in (row.employee_id for row in rows):
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node and node not in settled and node not in looped and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = manager_of.get(node)
        if node and node in on_path:
            loop = path[path.index(node) :]
            for member in loop:
                looped[member] = loop
            settled.update(path[: path.index(node)])
        else:
            settled.update(path)
    problems = []
    for row in rows:
        loop = looped.get(row.employee_id)
        if loop and len(loop) > 1:
            shown = loop[loop.index(row.employee_id) :] + loop[: loop.index(row.employee_id)]
            problems.append(
                RowProblem(
                    row.number,
                    "manager_id",
                    _("management loop: %(chain)s")
                    % {"chain": " → ".join([*shown, row.employee_id])},
                )
            )
    return problems


def _email_problems(*, rows: list[_Row], existing: Mapping[str, EmployeeProfile]):
    in_file = {row.employee_id for row in rows}
    owner = {profile.email.lower(): eid for eid, profile in existing.items() if eid not in in_file}
    problems = []
    for row in rows:
        other = owner.get(str(row.values["email"]).lower())
        if row.values["email"] and other and other != row.employee_id:
            problems.append(
                RowProblem(
                    row.number,
                    "email",
                    _("e-mail %(email)s is already used by employee %(id)s")
                    % {"email": row.values["email"], "id": other},
                )
            )
    return problems


def _username_problems(*, rows: list[_Row], existing: Mapping[str, EmployeeProfile]):
    # A new person's username is their employee id; an account (e.g. "admin") that
    # already holds it must not silently become theirs.
    wanted = {row.employee_id.lower(): row for row in rows if row.employee_id not in existing}
    taken: set[str] = set()
    names = list(wanted)
    for start in range(0, len(names), 2000):
        taken.update(
            User.objects.filter(username__in=names[start : start + 2000]).values_list(
                "username", flat=True
            )
        )
    return [
        RowProblem(
            wanted[name].number,
            "employee_id",
            _("the username %(name)s is already taken by another account") % {"name": name},
        )
        for name in sorted(taken)
    ]


# --- Writing ---------------------------------------------------------------------------

_COMPARED = (
    "full_name",
    "email",
    "title",
    "level",
    "region",
    "subsidiary",
    "department",
    "project_team",
    "hire_date",
    "preferred_language",
)


def _field_differs(profile: EmployeeProfile, name: str, value: object) -> bool:
    if name in {"level", *UNIT_COLUMNS}:
        if value is None:
            return getattr(profile, f"{name}_id") is not None
        # A unit about to be created has no primary key yet, so it always differs.
        return value.pk is None or getattr(profile, f"{name}_id") != value.pk
    return getattr(profile, name) != value


def employees_import(
    *,
    sheet: EmployeeSheet,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check ``sheet`` entirely, then upsert the directory by employee id in one transaction.

    Raises ``EmployeeFileRejected`` (listing every problem) and writes nothing when any
    row is wrong. Only rows whose values differ are saved, so importing the same file
    again changes nothing: safe to repeat. With ``dry_run`` the checks run and the
    summary is computed but nothing is written.
    """
    with transaction.atomic():
        plan = _plan_build(sheet=sheet, progress=progress)
        summary = _plan_apply(plan=plan, dry_run=dry_run, progress=progress)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def employees_import_file(
    *, path: Path | str, dry_run: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Read ``path`` (CSV or XLSX) and import it; see ``employees_import``."""
    return employees_import(
        sheet=employee_sheet_read(path=path), dry_run=dry_run, progress=progress
    )


def employee_rows_import(
    *,
    rows: Iterable[Mapping[str, object]],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import rows already in memory (canonical column names as keys), e.g. the demo seeder's.

    The rows go through exactly the checks a file does; see ``employees_import``.
    """
    rows = list(rows)
    columns = [column for column in COLUMNS if any(column in row for row in rows)]
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            columns.append(column)
    sheet = EmployeeSheet(
        columns=columns,
        rows=[(number, dict(row)) for number, row in enumerate(rows, start=2)],
    )
    return employees_import(sheet=sheet, dry_run=dry_run, progress=progress)


def _plan_apply(*, plan: _Plan, dry_run: bool, progress: Progress | None) -> ImportSummary:
    total = len(plan.rows)
    manager_column = "manager_id" in plan.columns
    eid_by_pk = {profile.pk: eid for eid, profile in plan.existing.items()}
    new_rows: list[_Row] = []
    changes: list[tuple[EmployeeProfile, _Row, list[str]]] = []
    updated = 0
    for row in plan.rows:
        profile = plan.existing.get(row.employee_id)
        if profile is None:
            new_rows.append(row)
            continue
        differing = [
            name
            for name in _COMPARED
            if name in row.values and _field_differs(profile, name, row.values[name])
        ]
        manager_moves = manager_column and eid_by_pk.get(profile.manager_id) != row.manager_id
        if differing or manager_moves:
            updated += 1
        if differing:
            changes.append((profile, row, differing))
    summary = ImportSummary(
        total=total,
        created=len(new_rows),
        updated=updated,
        unchanged=total - len(new_rows) - updated,
        dry_run=dry_run,
    )
    if dry_run:
        if progress:
            progress("saving", total, total)
        return summary

    # Units first, so that the profiles below can point at their primary keys.
    for catalog in plan.units.values():
        catalog.create_pending()
    now = timezone.now()
    done = 0
    new_profiles: list[EmployeeProfile] = []
    pk_of = {eid: profile.pk for eid, profile in plan.existing.items()}
    for batch in _creation_batches(new_rows, manager_of=plan.manager_of):
        users = []
        for row in batch:
            user = User(username=row.employee_id.lower(), email=row.values["email"])
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users)
        profiles = [
            EmployeeProfile(
                user=user,
                employee_id=row.employee_id,
                # Managers are created in earlier batches, so most links are set here
                # and the second pass below has little left to do.
                manager_id=pk_of.get(row.manager_id) if row.manager_id else None,
                **{name: value for name, value in row.values.items() if value is not None},
            )
            for row, user in zip(batch, users, strict=True)
        ]
        EmployeeProfile.objects.bulk_create(profiles)
        for profile in profiles:
            pk_of[profile.employee_id] = profile.pk
        new_profiles.extend(profiles)
        done += len(batch)
        if progress:
            progress("saving", done, total)

    changed_fields: set[str] = set()
    users_to_sync: list[User] = []
    for profile, row, differing in changes:
        for name in differing:
            setattr(profile, name, row.values[name])
        profile.updated_at = now
        changed_fields.update(differing)
        if "email" in differing:
            users_to_sync.append(User(pk=profile.user_id, email=profile.email))
    if changes:
        EmployeeProfile.objects.bulk_update(
            [profile for profile, _row, _fields in changes],
            [*sorted(changed_fields), "updated_at"],
            batch_size=BATCH_SIZE,
        )
    if users_to_sync:
        User.objects.bulk_update(users_to_sync, ["email"], batch_size=BATCH_SIZE)
    if manager_column:
        _managers_set(plan=plan, new_profiles=new_profiles, now=now)
    if progress:
        progress("saving", total, total)
    return summary


def _creation_batches(rows: list[_Row], *, manager_of: Mapping[str, str | None]):
    """New rows in batches ordered so that a manager is always in an earlier batch.

    Depth counts the new people above a row (the chain is acyclic: checked before), so
    inserting depth by depth lets each profile be created with its manager set.
    """
    new = {row.employee_id for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain = []
        node = row.employee_id
        while node in new and node not in depth:
            chain.append(node)
            node = manager_of.get(node)
        base = depth.get(node, -1) if node in new else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    by_depth: dict[int, list[_Row]] = {}
    for row in rows:
        by_depth.setdefault(depth[row.employee_id], []).append(row)
    for level in sorted(by_depth):
        group = by_depth[level]
        for start in range(0, len(group), BATCH_SIZE):
            yield group[start : start + BATCH_SIZE]


def _managers_set(*, plan: _Plan, new_profiles: list[EmployeeProfile], now) -> None:
    """Second pass: every profile now has a primary key, so managers can point at them."""
    by_eid = dict(plan.existing)
    by_eid.update({profile.employee_id: profile for profile in new_profiles})
    moved = []
    for row in plan.rows:
        profile = by_eid[row.employee_id]
        wanted = by_eid[row.manager_id].pk if row.manager_id else None
        if profile.manager_id != wanted:
            profile.manager_id = wanted
            profile.updated_at = now
            moved.append(profile)
    if moved:
        EmployeeProfile.objects.bulk_update(moved, ["manager", "updated_at"], batch_size=BATCH_SIZE)
