"""Time ``manage.py import_employees`` on a 10,000-row CSV, then on the same file again.

Usage: ``.venv/bin/python bench/import_employees.py [ROWS]``. Runs against a throw-away
SQLite database in a temporary directory (or PostgreSQL when ``DATABASE_URL`` is set:
then it uses that database, so point it at an empty one). Prints wall time and peak
memory for the first import (everyone created) and the re-import (nothing changes).
"""

import csv
import os
import resource
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
VAR = Path(tempfile.mkdtemp(prefix="guild-bench-"))
os.environ.setdefault("GUILD_VAR_DIR", str(VAR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from learning import services  # noqa: E402
from learning.demo import demo_rows  # noqa: E402
from learning.importing import COLUMNS  # noqa: E402
from learning.models import EmployeeProfile  # noqa: E402


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(path: Path) -> tuple[float, str]:
    out = StringIO()
    start = time.perf_counter()
    call_command("import_employees", str(path), stdout=out, stderr=StringIO())
    return time.perf_counter() - start, out.getvalue().strip()


def main() -> None:
    rows_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    services.level_ladder_ensure()
    rows, _roles = demo_rows(scale=rows_wanted)
    path = VAR / "employees.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    say(f"file: {len(rows)} rows, {path.stat().st_size / 1024:.0f} KiB, database in {VAR}")
    say(f"before import: peak RSS {peak_mb():.0f} MB")

    seconds, summary = timed_import(path)
    say(f"first import:  {seconds:6.2f} s  ({len(rows) / seconds:,.0f} rows/s)  {summary}")
    say(f"               peak RSS {peak_mb():.0f} MB")

    seconds, summary = timed_import(path)
    say(f"re-import:     {seconds:6.2f} s  ({len(rows) / seconds:,.0f} rows/s)  {summary}")
    say(f"               peak RSS {peak_mb():.0f} MB")
    assert EmployeeProfile.objects.count() == len(rows)


if __name__ == "__main__":
    main()
