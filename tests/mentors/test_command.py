"""``match_mentors``: the engine from a shell, with its two CSV files."""

import csv

import pytest
from django.core.management import CommandError, call_command

from mentors.models import MatchRun, Pairing

pytestmark = pytest.mark.django_db


def test_the_command_writes_pairs_unmatched_and_every_candidate(
    tmp_path, cohort, newcomer, veteran, capsys
):
    paired = newcomer(preferred_language="en")
    lonely = newcomer(preferred_language="el")
    mentor = veteran(profile={"preferred_language": "en"})
    boss = veteran(profile={"preferred_language": "el"})
    lonely.profile.manager = boss.user.profile
    lonely.profile.save()
    pairs, candidates = tmp_path / "pairs.csv", tmp_path / "candidates.csv"

    call_command(
        "match_mentors", cohort.slug, "--csv", str(pairs), "--candidates-csv", str(candidates)
    )

    assert "1 pairs, 1 newcomers without a mentor" in capsys.readouterr().out
    rows = list(csv.DictReader(pairs.open(encoding="utf-8")))
    assert rows[0]["newcomer_id"] == str(paired.pk)
    assert rows[0]["mentor_id"] == str(mentor.user_id)
    assert rows[1]["newcomer_id"] == str(lonely.pk)
    assert "ruled out" in rows[1]["why"]
    table = {
        (row["newcomer_id"], row["mentor_id"]): row
        for row in csv.DictReader(candidates.open(encoding="utf-8"))
    }
    assert len(table) == 4
    assert table[(str(lonely.pk), str(boss.user_id))]["ruled_out_by"] == "manager_chain"
    assert table[(str(lonely.pk), str(mentor.user_id))]["ruled_out_by"] == "language"
    assert table[(str(paired.pk), str(mentor.user_id))]["ruled_out_by"] == ""
    assert not MatchRun.objects.exists()
    assert not Pairing.objects.exists()


def test_the_command_refuses_an_unknown_cohort_and_bad_weights(cohort):
    with pytest.raises(CommandError, match="No cohort"):
        call_command("match_mentors", "nope")
    with pytest.raises(CommandError, match="JSON"):
        call_command("match_mentors", cohort.slug, "--weights", "{")
    with pytest.raises(CommandError, match="region"):
        call_command("match_mentors", cohort.slug, "--weights", '{"region": -1}')
