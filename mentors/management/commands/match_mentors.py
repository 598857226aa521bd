"""``manage.py match_mentors COHORT [--csv OUT] [--candidates-csv OUT] [--weights JSON]``:
the matching engine from a shell, saving nothing.

``--csv`` writes the pairs with their fit and its parts, then the newcomers left out
with the reason. ``--candidates-csv`` writes every newcomer–mentor pair with its fit,
its parts and the hard constraint that rules it out (if any), so HR or an auditor can
check the result with any other solver.
"""

import csv
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cohorts.models import Cohort
from mentors import matching
from mentors.explain import constraint_label, parts_label, unmatched_label
from mentors.services.pool import parts_json
from mentors.services.runs import match_preview

# The parts of a pair's fit, one column each in the candidates file.
PART_CODES = ("subgroup", "region", "subsidiary", "expertise", "level_gap")


class Command(BaseCommand):
    help = "Match a cohort's newcomers with mentors (nothing is saved) and write CSV files."

    def add_arguments(self, parser):
        parser.add_argument("cohort", help="the cohort's slug or id")
        parser.add_argument("--csv", type=Path, help="write the pairs and the unmatched here")
        parser.add_argument(
            "--candidates-csv", type=Path, help="write every newcomer–mentor pair here"
        )
        parser.add_argument("--weights", default="", help='weights as JSON, e.g. {"region": 5}')

    def handle(self, *args, cohort, csv=None, candidates_csv=None, weights="", **options):
        found = Cohort.objects.filter(slug=cohort).first()
        if found is None and cohort.isdigit():
            found = Cohort.objects.filter(pk=int(cohort)).first()
        if found is None:
            raise CommandError(_("No cohort %(cohort)s.") % {"cohort": cohort})
        try:
            parsed = json.loads(weights) if weights else None
        except json.JSONDecodeError:
            raise CommandError(_("--weights is not valid JSON.")) from None
        try:
            problem, result, pool = match_preview(cohort=found, weights=parsed)
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())
            ) from None
        names = {p.id: p.name for p in [*problem.newcomers, *problem.mentors]}
        if csv:
            self._pairs_write(csv, result, names)
        if candidates_csv:
            self._candidates_write(candidates_csv, problem, pool)
        self.stdout.write(
            _("%(pairs)d pairs, %(unmatched)d newcomers without a mentor, total fit %(total)s")
            % {
                "pairs": len(result.pairs),
                "unmatched": len(result.unmatched),
                "total": result.total,
            }
        )

    def _pairs_write(self, path: Path, result, names) -> None:
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(
                ["newcomer_id", "newcomer", "mentor_id", "mentor", "score", "locked", "why"]
            )
            for pair in result.pairs:
                parts = [
                    {"code": p.code, "points": p.points, "detail": p.detail} for p in pair.parts
                ]
                writer.writerow(
                    [
                        pair.newcomer,
                        names.get(pair.newcomer, ""),
                        pair.mentor,
                        names.get(pair.mentor, ""),
                        pair.score,
                        int(pair.locked),
                        parts_label(parts),
                    ]
                )
            for item in result.unmatched:
                writer.writerow(
                    [
                        item.newcomer,
                        names.get(item.newcomer, ""),
                        "",
                        "",
                        "",
                        "",
                        unmatched_label(item.reason, item.counts),
                    ]
                )

    def _candidates_write(self, path: Path, problem, pool) -> None:
        codes = PART_CODES
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(
                [
                    "newcomer_id",
                    "mentor_id",
                    "score",
                    *codes,
                    "mentor_places_taken",
                    "mentor_free_places",
                    "ruled_out_by",
                    "ruled_out",
                    "why",
                ]
            )
            # Scored a block of newcomers at a time, as the solver does.
            for rows, fit, blocked in problem.blocks():
                for i, fit_row, blocked_row in zip(rows, fit, blocked, strict=True):
                    self._candidate_rows(writer, problem, pool, int(i), fit_row, blocked_row)

    def _candidate_rows(self, writer, problem, pool, i, fit_row, blocked_row) -> None:
        """One newcomer's line with every mentor."""
        codes = PART_CODES
        newcomer = problem.newcomers[i]
        for j, mentor in enumerate(problem.mentors):
            parts = matching.pair_parts(problem, i, j)
            points = dict.fromkeys(codes, 0.0)
            for part in parts:
                points[part.code] += part.points
            code = int(blocked_row[j])
            reason = matching.HARD_CONSTRAINTS[code - 1] if code else ""
            writer.writerow(
                [
                    newcomer.id,
                    mentor.id,
                    round(float(fit_row[j]), 6),
                    *(points[code] for code in codes),
                    int(problem.taken[j]),
                    int(problem.free[j]),
                    reason,
                    constraint_label(reason) if reason else "",
                    parts_label(parts_json(parts, pool.names)),
                ]
            )
