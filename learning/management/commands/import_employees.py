"""``manage.py import_employees FILE [--dry-run] [--encoding NAME]``: the admin's import,
from a shell, within the same limits (the reader enforces them for every caller)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from learning.importing import ENCODINGS, EmployeeFileRejected, employees_import_file


class Command(BaseCommand):
    help = "Import employees from a CSV or XLSX file; a file with any problem imports nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .csv or .xlsx file to import")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and count the changes without writing anything",
        )
        parser.add_argument(
            "--encoding",
            choices=list(ENCODINGS),
            default="",
            help="the encoding a CSV file was saved in, when it cannot be told from the file",
        )

    def handle(self, *args, file: Path, dry_run: bool, encoding: str, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s does not exist.") % {"file": file})

        def progress(stage: str, done: int, total: int) -> None:
            # One line rewritten in place; stderr, so the summary on stdout stays clean.
            self.stderr.write(
                "\r"
                + _("%(stage)s %(done)s/%(total)s rows")
                % {
                    "stage": _("Checking") if stage == "checking" else _("Saving"),
                    "done": done,
                    "total": total,
                },
                ending="",
            )
            self.stderr.flush()

        try:
            summary = employees_import_file(
                path=file, dry_run=dry_run, progress=progress, encoding=encoding
            )
        except EmployeeFileRejected as rejected:
            self.stderr.write("")
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)s problem(s) found; nothing was imported.")
                % {"count": len(rejected.problems)}
            ) from None
        self.stderr.write("")
        message = _(
            "%(total)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
        ) % {
            "total": summary.total,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        }
        if dry_run:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(self.style.SUCCESS(message))
