"""``manage.py seed_demo [--scale N] [--if-empty]``: the Meridian Group demo company.

Builds the directory through the employee import (see ``learning.demo``), gives the key
people their logins, then calls every ``guild_seed_demo`` hook
(``learning.registry.demo_seeders()``) as ``fn(company=DemoCompany, stdout=...)`` so
that cohorts, mentors and the knowledge base add their own demo data. ``DemoCompany``'s
docstring describes what a seeder receives.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from learning import registry
from learning.demo import DEMO_PASSWORD, MIN_SCALE, demo_directory_seed
from learning.models import EmployeeProfile


class Command(BaseCommand):
    help = "Create the Meridian Group demo company: people, logins and each app's demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=200,
            help=f"number of employees (at least {MIN_SCALE}; default 200)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the directory already has employees",
        )

    def handle(self, *args, scale: int, if_empty: bool, **options):
        if scale < MIN_SCALE:
            raise CommandError(_("--scale must be at least %(min)s.") % {"min": MIN_SCALE})
        if if_empty and EmployeeProfile.objects.exists():
            self.stdout.write(_("The directory already has employees; nothing to seed."))
            return

        live = self.stderr.isatty()
        shown: set[tuple[str, int]] = set()

        def progress(stage: str, done: int, total: int) -> None:
            label = _("Checking the directory") if stage == "checking" else _("Saving people")
            if live:
                self.stderr.write(f"\r{label}: {done}/{total}", ending="")
                self.stderr.flush()
                return
            # In a log, one line per quarter rather than a line per row.
            quarter = 4 * done // max(total, 1)
            if (stage, quarter) not in shown:
                shown.add((stage, quarter))
                self.stderr.write(f"{label}: {done}/{total}")

        company = demo_directory_seed(scale=scale, progress=progress)
        if live:
            self.stderr.write("")
        self.stdout.write(
            _("%(company)s: %(count)s employees in %(subsidiaries)s subsidiaries.")
            % {
                "company": company.name,
                "count": EmployeeProfile.objects.count(),
                "subsidiaries": len(company.subsidiaries),
            }
        )
        for seeder in registry.demo_seeders():
            seeder(company=company, stdout=self.stdout)

        self.stdout.write(
            self.style.SUCCESS(
                _("Guild is ready at %(url)s/") % {"url": settings.WAGTAILADMIN_BASE_URL}
            )
        )
        self.stdout.write(
            _("Sign in with any of these (password %(password)s):") % {"password": DEMO_PASSWORD}
        )
        logins = [
            ("hr", _("HR organizer, can use the admin at /admin/"), company.hr),
            ("mentor", _("a sales veteran who mentors newcomers"), company.mentor),
            ("newcomer", _("joined in November 2026"), company.newcomer),
            ("director", _("sales director"), company.director),
        ]
        for login, role, person in logins:
            self.stdout.write(f"  {login:<9} {person.full_name} — {role}")
        self.stdout.write(f"  {'admin':<9} {_('superuser')}")
