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
- ``time_zone`` is an IANA name (``Europe/London``). Like ``language`` it is only ever
  set: a person without one follows their region's zone, then the company's
  (``EmployeeProfile.zone``).
- New people get a user whose username is their employee id in lower case and whose
  password is unusable until they are given one (see ``learning.accounts``); the user
  carries the person's name.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import functools
import io
import re
import zipfile
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.account_names import account_names_sync
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
    "time_zone",
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
SNIFF_BYTES = 16  # enough for every signature above

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
    "time_zone": "time_zone",
    "timezone": "time_zone",
    "tz": "time_zone",
    "时区": "time_zone",
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
# The dates a text cell may hold (YYYY-MM-DD or YYYY/MM/DD, one separator); see
# ``_date_problem``. Workbooks may also use date cells.
DATE_PATTERN = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")

# The encodings a CSV file may be in, by the name a person gives them (the command's
# --encoding, the upload form's field).
ENCODINGS = {
    "utf-8": gettext_lazy("UTF-8"),
    "gbk": gettext_lazy("GBK (Simplified Chinese)"),
    "cp1252": gettext_lazy("Windows-1252 (Western European, Latin-1)"),
}
# What Excel saves CSV in on Chinese and on Western Windows, tried (with evidence) when a
# file is not UTF-8. Windows-1252 reads every Latin-1 letter as Latin-1 does.
LEGACY_ENCODINGS = ("gbk", "cp1252")
# Never in text a person typed (C0 controls but tab and line ends, DEL, C1 controls): a
# decoding that yields them is the wrong one, or the file is not text.
CONTROL_CHARACTERS = frozenset(
    chr(code) for code in [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]
)
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
    # The profiles this import created (empty on a dry run): whom to invite afterwards.
    created_ids: tuple[int, ...] = ()


@dataclass
class EmployeeSheet:
    """A file's rows as text keyed by canonical column, with their spreadsheet row numbers."""

    columns: list[str]
    rows: list[tuple[int, dict[str, object]]]
    problems: list[RowProblem] = field(default_factory=list)


# --- Reading ---------------------------------------------------------------------------


def employee_sheet_read(*, path: Path | str, encoding: str = "") -> EmployeeSheet:
    """Read a CSV or XLSX file into an ``EmployeeSheet``, within every limit.

    Every way into the directory (the admin's upload, its worker, the command) reads
    through here, so the limits hold for all of them: size, content that matches the
    name, zip bombs, text encoding (see ``csv_text_decode``; ``encoding`` names it when
    the person knows it), rows, columns and cells. A file that breaks one, or cannot be
    read at all, comes back with a single file-level problem rather than an exception,
    so callers report it like any other problem. Reads only.
    """
    path = Path(path)
    problem = _file_limits_problem(path=path)
    if problem:
        return _file_problem(problem)
    if path.suffix.lower() == ".csv":
        return _csv_read(path, encoding=encoding)
    return _xlsx_read(path)


def employee_file_problem(*, path: Path | str, encoding: str = "") -> str:
    """Why this stored file cannot be imported as a whole, or ``""``: the file-level
    checks of ``employee_sheet_read`` without reading the rows, so that an upload is
    refused while the person is still on the form. Reads only.
    """
    path = Path(path)
    problem = _file_limits_problem(path=path)
    if problem or path.suffix.lower() != ".csv":
        return problem
    try:
        data = path.read_bytes()
    except OSError:
        return _("the file could not be opened")
    return csv_text_decode(data=data, encoding=encoding)[1]


def _file_problem(reason: str) -> EmployeeSheet:
    return EmployeeSheet(columns=[], rows=[], problems=[RowProblem(0, "", reason)])


def _file_limits_problem(*, path: Path) -> str:
    """The checks that need no parsing: name, size, first bytes, the zip's directory."""
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        return _("only .csv and .xlsx files can be imported")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return _("the file could not be opened")
    if not size:
        return _("the file is empty")
    limit = settings.GUILD_IMPORT_MAX_BYTES
    if size > limit:
        return _("the file is larger than %(size)s") % {"size": filesizeformat(limit)}
    if path.suffix.lower() == ".xlsx":
        if not head.startswith(b"PK\x03\x04"):
            return _("this is not an XLSX file: its content is not a readable Excel workbook")
        return xlsx_archive_problem(path=path)
    if head.startswith(BINARY_SIGNATURES):
        return _("this is not a CSV file: its content is not text")
    return ""


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


class _LimitPassed(Exception):
    """A file passed one of the reading limits; the argument says which, in words."""


def _cells_problem() -> str:
    return _("the file has more than %(count)s cells; split it into smaller files") % {
        "count": f"{settings.GUILD_IMPORT_MAX_CELLS:,}"
    }


def _columns_problem(number: int) -> str:
    return _("row %(row)s has values in more than %(count)s columns") % {
        "row": number,
        "count": settings.GUILD_IMPORT_MAX_COLUMNS,
    }


def _records_limited(records: Iterable[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
    """The numbered records, up to the limits; raises ``_LimitPassed`` past one.

    Stops reading at the first record past a limit, so a huge file is never held in
    memory whole: at most ``GUILD_IMPORT_MAX_ROWS`` rows after the header, each with
    values in at most ``GUILD_IMPORT_MAX_COLUMNS`` columns, at most
    ``GUILD_IMPORT_MAX_CELLS`` values in all. Blank records are dropped and not counted.
    """
    max_rows = settings.GUILD_IMPORT_MAX_ROWS
    kept: list[tuple[int, list[object]]] = []
    cells = 0
    for number, values in records:
        width = len(values)
        while width and not _cell_text(values[width - 1]):
            width -= 1
        if not width:
            continue
        if width > settings.GUILD_IMPORT_MAX_COLUMNS:
            raise _LimitPassed(_columns_problem(number))
        cells += width
        if cells > settings.GUILD_IMPORT_MAX_CELLS:
            raise _LimitPassed(_cells_problem())
        if len(kept) > max_rows:  # the header and max_rows rows are kept already
            raise _LimitPassed(
                _("the file has more than %(count)s rows; split it into smaller files")
                % {"count": f"{max_rows:,}"}
            )
        kept.append((number, values[:width]))
    return kept


def csv_text_decode(*, data: bytes, encoding: str = "") -> tuple[str, str]:
    """The text of a CSV file and ``""``, or ``""`` and why it cannot be decoded for sure.

    Spreadsheet programs save CSV in the computer's legacy encoding unless told
    otherwise, and the same bytes often decode without error as more than one of them:
    a Latin-1 "Jürgen" is valid GBK ("J黵gen"). So a file is decoded only with
    evidence: as the ``encoding`` the person named; else as UTF-8 (with or without a
    BOM), which other encodings' text practically never passes; else as the one legacy
    encoding (``LEGACY_ENCODINGS``) in which it decodes and its non-ASCII lines read as
    text rather than noise (judged by charset-normalizer). When none does, or more than
    one does, the file is refused with the encodings to use. Reads only.
    """
    if encoding and encoding not in ENCODINGS:
        return "", _("unknown encoding %(encoding)s (known: %(known)s)") % {
            "encoding": encoding,
            "known": ", ".join(ENCODINGS),
        }
    if encoding:
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        try:
            return _text_checked(data.decode(codec)), ""
        except (UnicodeDecodeError, ValueError):
            return "", _(
                "the file is not %(encoding)s text; choose the encoding it was saved in"
            ) % {"encoding": ENCODINGS[encoding]}
    try:
        return _text_checked(data.decode("utf-8-sig")), ""
    except (UnicodeDecodeError, ValueError):
        pass
    decodable = {}
    for candidate in LEGACY_ENCODINGS:
        try:
            decodable[candidate] = _text_checked(data.decode(candidate))
        except (UnicodeDecodeError, ValueError):
            continue
    if decodable:
        # Only lines with non-ASCII bytes tell encodings apart; ASCII reads the same in all.
        evidence = b"\n".join(line for line in data.splitlines() if not line.isascii())
        plausible = [
            match.encoding
            for match in charset_normalizer.from_bytes(evidence, cp_isolation=list(decodable))
            if match.encoding in decodable
        ]
        if len(plausible) == 1:
            return decodable[plausible[0]], ""
        if len(plausible) > 1:
            return "", _(
                "the file's encoding cannot be told for sure: it reads as %(encodings)s. "
                "Save it as UTF-8 (in Excel: “CSV UTF-8”) or name the encoding it was saved in"
            ) % {"encodings": _(" and ").join(str(ENCODINGS[name]) for name in plausible)}
    return "", _(
        "this is not a CSV file: its content is neither UTF-8 nor GBK nor Windows-1252 text; "
        "save it as UTF-8"
    )


def _text_checked(text: str) -> str:
    """``text`` if it is text a person wrote; control characters mean it is not."""
    if any(char in CONTROL_CHARACTERS for char in text):
        raise ValueError("control characters")
    return text


def _csv_read(path: Path, *, encoding: str) -> EmployeeSheet:
    try:
        data = path.read_bytes()
    except OSError:
        return _file_problem(_("the file could not be opened"))
    text, problem = csv_text_decode(data=data, encoding=encoding)
    if problem:
        return _file_problem(problem)
    try:
        records = _records_limited(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as exc:
        return _file_problem(_("the CSV cannot be parsed: %(error)s") % {"error": exc})
    except _LimitPassed as passed:
        return _file_problem(passed.args[0])
    return _sheet_from_records(records)


def _xlsx_read(path: Path) -> EmployeeSheet:
    # openpyxl raises many kinds of errors on damaged or disguised files; any of them
    # means the same thing to HR: this is not a workbook we can read.
    from openpyxl import load_workbook

    unreadable = _("the file is not a readable Excel (.xlsx) workbook")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, IndexError):
        return _file_problem(unreadable)
    except Exception:  # noqa: BLE001 - see above: openpyxl's errors are not a closed set
        return _file_problem(unreadable)
    try:
        if not workbook.worksheets:
            return _file_problem(_("the workbook has no sheets"))
        records = _records_limited(_xlsx_records(workbook.worksheets[0]))
    except _LimitPassed as passed:
        return _file_problem(passed.args[0])
    except Exception:  # noqa: BLE001 - damaged sheet XML surfaces here, lazily
        return _file_problem(unreadable)
    finally:
        workbook.close()
    return _sheet_from_records(records)


def _xlsx_records(sheet) -> Iterator[tuple[int, list[object]]]:
    """Each row that the sheet's XML holds, as (row number, values), streamed.

    openpyxl's own ``iter_rows`` pads every row to the sheet's declared dimension,
    which the file itself states: ``A1:XFD1048576`` in a 2 kB file would be billions
    of cells. So the rows are read with openpyxl's streaming parser, as ``iter_rows``
    does, but only the cells that are really there are kept, and a row is as wide as
    its last cell. Values come typed as openpyxl reads them: text, numbers, and
    ``datetime`` for date-formatted cells.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    scanned = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            workbook.shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            # Blank but formatted cells cost parsing too: they count against the limit.
            scanned += len(cells)
            if scanned > settings.GUILD_IMPORT_MAX_CELLS:
                raise _LimitPassed(_cells_problem())
            present = {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}
            if not present:
                continue
            width = max(present)
            if width > settings.GUILD_IMPORT_MAX_COLUMNS:
                raise _LimitPassed(_columns_problem(number))
            yield number, [present.get(column) for column in range(1, width + 1)]


def _header_key(value: object) -> str:
    text = _cell_text(value).lower().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(text, "")


def _sheet_from_records(records: list[tuple[int, list[object]]]) -> EmployeeSheet:
    if not records or records[0][0] != 1:
        return _file_problem(_("the file is empty"))
    header = records[0][1]
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
    rows = [
        (
            number,
            {
                column: record[position] if position < len(record) else None
                for column, position in positions.items()
            },
        )
        for number, record in records[1:]
    ]
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


def _date_problem(value: object) -> tuple[datetime.date | None, str]:
    """A date from a cell and ``""``, or ``None`` and why the cell is not one.

    Exactly what the upload page and README document: a date cell of a workbook, or
    text as YYYY-MM-DD or YYYY/MM/DD. Anything else is refused rather than guessed: a
    number in a cell not formatted as a date ("11.5", "1") is not a date, whatever
    Excel's day count would make of it, and "2026-11-02 garbage" is not either.
    """
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    text = _cell_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None, _(
            "%(value)s is a number, not a date: format the column as dates, or write YYYY-MM-DD"
        ) % {"value": text}
    match = DATE_PATTERN.fullmatch(text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.group(1, 3, 4))), ""
        except ValueError:
            pass  # 2026-13-45 has the shape of a date but is not one
    return None, _("%(value)s is not a date (use YYYY-MM-DD or YYYY/MM/DD)") % {"value": text}


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


def _time_zone_name(text: str) -> str:
    """The IANA zone ``text`` names (letter case forgiven), or ``""``."""
    zones = _time_zones()
    return zones.get(text.strip().lower(), "")


@functools.lru_cache(maxsize=1)
def _time_zones() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


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
                hire_date, reason = _date_problem(raw.get("hire_date"))
                if reason:
                    problem("hire_date", reason)
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

        if "time_zone" in columns and text["time_zone"]:
            zone = _time_zone_name(text["time_zone"])
            if not zone:
                problem(
                    "time_zone",
                    _("unknown time zone %(zone)s (use an IANA name such as Europe/London)")
                    % {"zone": text["time_zone"]},
                )
            values["time_zone"] = zone

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
    "time_zone",
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
    *,
    path: Path | str,
    dry_run: bool = False,
    progress: Progress | None = None,
    encoding: str = "",
) -> ImportSummary:
    """Read ``path`` (CSV or XLSX, within every limit: see ``employee_sheet_read``) and
    import it; see ``employees_import``."""
    return employees_import(
        sheet=employee_sheet_read(path=path, encoding=encoding),
        dry_run=dry_run,
        progress=progress,
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
            user = User(
                username=row.employee_id.lower(),
                email=row.values["email"],
                # Shown by name (``User.get_full_name``), never by the employee id.
                first_name=row.values["full_name"][:150],
            )
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
    renamed = [profile for profile, _row, differing in changes if "full_name" in differing]
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
    account_names_sync(profiles=renamed)
    if manager_column:
        _managers_set(plan=plan, new_profiles=new_profiles, now=now)
    if progress:
        progress("saving", total, total)
    return dataclasses.replace(summary, created_ids=tuple(profile.pk for profile in new_profiles))


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
