"""The matching engine on plain data: optimal against brute force, every hard
constraint, determinism, explanations, unmatched reasons and locks."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from mentors import matching
from mentors.matching import Mentor, Newcomer, Weights


def _brute_force(problem: matching.Problem) -> tuple[int, float]:
    """The lexicographic optimum (most matched, then greatest fit minus load) by trying
    every assignment of the free newcomers to a mentor or to nobody."""
    weights = problem.weights
    rows = [i for i, p in enumerate(problem.newcomers) if p.id not in problem.locked]
    m = len(problem.mentors)
    best = (-1, -float("inf"))
    for choice in itertools.product(range(-1, m), repeat=len(rows)):
        used = [0] * m
        fit = 0.0
        ok = True
        for i, j in zip(rows, choice, strict=True):
            if j < 0:
                continue
            if problem.blocked[i, j] or used[j] >= problem.free[j]:
                ok = False
                break
            fit += problem.fit[i, j] - weights.load * (problem.taken[j] + used[j])
            used[j] += 1
        if ok:
            best = max(best, (sum(1 for j in choice if j >= 0), round(fit, 6)))
    locked_fit = sum(
        problem.fit[i, [mm.id for mm in problem.mentors].index(problem.locked[p.id])]
        for i, p in enumerate(problem.newcomers)
        if p.id in problem.locked
    )
    return best[0] + len(problem.locked), round(best[1] + locked_fit, 6)


def _random_instance(seed: int):
    r = random.Random(seed)
    languages = ["en", "ru", "el"]
    tags = ["crm", "pricing", "cloud", "erp"]
    mentors = [
        Mentor(
            id=100 + j,
            capacity=r.randint(1, 2),
            load=r.choice([0, 0, 1]),
            languages=frozenset(r.sample(languages, r.randint(1, 2))),
            subgroups=frozenset(r.sample([1, 2, 3], r.randint(0, 1))),
            regions=frozenset(r.sample([1, 2, 3], r.randint(0, 2))),
            subsidiary=r.choice([None, 1, 2]),
            level_rank=r.randint(1, 5),
            tags=tuple(r.sample(tags, r.randint(0, 2))),
        )
        for j in range(r.randint(1, 3))
    ]
    newcomers = [
        Newcomer(
            id=i,
            languages=frozenset([r.choice(languages)]),
            subgroups=frozenset([r.choice([1, 2, 3])]),
            region=r.choice([None, 1, 2, 3]),
            subsidiary=r.choice([None, 1, 2]),
            level_rank=r.randint(1, 3),
            profile_text=" ".join(r.sample(tags, r.randint(0, 2))),
            chain=frozenset(r.sample([m.id for m in mentors], r.randint(0, 1))),
        )
        for i in range(r.randint(1, 5))
    ]
    excluded = {(n.id, m.id) for n in newcomers for m in mentors if r.random() < 0.1}
    locked = {}
    if r.random() < 0.3:
        locked = {newcomers[0].id: mentors[0].id}
    return newcomers, mentors, excluded, locked


@pytest.mark.parametrize("first_candidates", [matching.FIRST_CANDIDATES, 1])
@pytest.mark.parametrize("seed", range(60))
def test_on_random_small_instances_the_total_equals_the_brute_force_optimum(
    seed, first_candidates, monkeypatch
):
    # With one candidate each, the optimum comes only through the pricing proof.
    monkeypatch.setattr(matching, "FIRST_CANDIDATES", first_candidates)
    newcomers, mentors, excluded, locked = _random_instance(seed)
    problem = matching.problem_build(newcomers, mentors, excluded=excluded, locked=locked)

    result = matching.solve(problem)

    matched, total = _brute_force(problem)
    assert len(result.pairs) == matched
    assert result.total == pytest.approx(total)
    assert len(result.pairs) + len(result.unmatched) == len(newcomers)


@pytest.mark.parametrize("seed", range(30))
def test_every_hard_constraint_holds_in_every_result(seed):
    newcomers, mentors, excluded, locked = _random_instance(seed)
    result = matching.match(newcomers, mentors, excluded=excluded, locked=locked)

    by_id = {m.id: m for m in mentors}
    newcomer_by_id = {n.id: n for n in newcomers}
    per_mentor: dict[int, int] = {}
    for pair in result.pairs:
        newcomer, mentor = newcomer_by_id[pair.newcomer], by_id[pair.mentor]
        per_mentor[mentor.id] = per_mentor.get(mentor.id, 0) + 1
        if pair.newcomer in locked:
            assert pair.mentor == locked[pair.newcomer]
            continue
        assert newcomer.languages & mentor.languages
        assert mentor.id not in newcomer.chain
        assert (newcomer.id, mentor.id) not in excluded
    for mentor_id, count in per_mentor.items():
        assert by_id[mentor_id].load + count <= max(
            by_id[mentor_id].capacity, by_id[mentor_id].load + 1
        )


def test_no_shared_language_rules_a_pair_out():
    result = matching.match(
        [Newcomer(id=1, languages=frozenset({"el"}))],
        [Mentor(id=9, capacity=3, languages=frozenset({"en", "ru"}))],
    )
    assert result.pairs == ()
    assert result.unmatched[0].reason == matching.LANGUAGE


def test_never_the_newcomers_manager_or_anyone_above_them():
    newcomer = Newcomer(id=1, languages=frozenset({"en"}), chain=frozenset({8, 9}))
    mentors = [
        Mentor(id=8, capacity=3, languages=frozenset({"en"}), regions=frozenset({1})),
        Mentor(id=9, capacity=3, languages=frozenset({"en"})),
        Mentor(id=10, capacity=3, languages=frozenset({"en"})),
    ]
    result = matching.match([newcomer], mentors)
    assert result.mentor_of() == {1: 10}

    alone = matching.match([newcomer], mentors[:2])
    assert alone.unmatched[0].reason == matching.MANAGER_CHAIN
    assert alone.unmatched[0].counts == {matching.MANAGER_CHAIN: 2}


def test_hr_exclusions_are_never_proposed():
    newcomer = Newcomer(id=1, languages=frozenset({"en"}), region=1)
    best = Mentor(id=8, capacity=3, languages=frozenset({"en"}), regions=frozenset({1}))
    other = Mentor(id=9, capacity=3, languages=frozenset({"en"}))
    assert matching.match([newcomer], [best, other]).mentor_of() == {1: 8}
    assert matching.match([newcomer], [best, other], excluded={(1, 8)}).mentor_of() == {1: 9}


def test_capacity_is_never_exceeded_and_a_full_mentor_is_the_reason():
    newcomers = [Newcomer(id=i, languages=frozenset({"en"})) for i in range(1, 5)]
    mentor = Mentor(id=9, capacity=3, load=1, languages=frozenset({"en"}))
    result = matching.match(newcomers, [mentor])
    assert len(result.pairs) == 2
    assert {item.reason for item in result.unmatched} == {matching.ALL_FULL}

    full = Mentor(id=9, capacity=1, load=1, languages=frozenset({"en"}))
    assert matching.match(newcomers[:1], [full]).unmatched[0].reason == matching.CAPACITY


def test_nobody_mentors_themself_and_no_mentors_is_its_own_reason():
    person = Newcomer(id=1, languages=frozenset({"en"}))
    assert matching.match([person], []).unmatched[0].reason == matching.NO_MENTORS
    result = matching.match([person], [Mentor(id=1, capacity=2, languages=frozenset({"en"}))])
    assert result.unmatched[0].reason == matching.SELF


def test_more_newcomers_matched_wins_over_a_higher_fit():
    # Newcomer 1 fits mentor 8 perfectly but is the only one who can take mentor 9.
    newcomers = [
        Newcomer(id=1, languages=frozenset({"en", "ru"}), region=1),
        Newcomer(id=2, languages=frozenset({"en"}), region=1),
    ]
    mentors = [
        Mentor(id=8, capacity=1, languages=frozenset({"en"}), regions=frozenset({1})),
        Mentor(id=9, capacity=1, languages=frozenset({"ru"})),
    ]
    assert matching.match(newcomers, mentors).mentor_of() == {1: 9, 2: 8}


def test_balanced_load_spreads_newcomers_over_equal_mentors():
    newcomers = [Newcomer(id=i, languages=frozenset({"en"})) for i in range(1, 5)]
    mentors = [Mentor(id=j, capacity=4, languages=frozenset({"en"})) for j in (8, 9)]
    result = matching.match(newcomers, mentors, weights=Weights(load=1))
    counts = [list(result.mentor_of().values()).count(j) for j in (8, 9)]
    assert counts == [2, 2]


def test_the_same_input_gives_the_same_output_whatever_its_order():
    newcomers, mentors, excluded, locked = _random_instance(7)
    first = matching.match(newcomers, mentors, excluded=excluded, locked=locked)
    again = matching.match(
        list(reversed(newcomers)), list(reversed(mentors)), excluded=excluded, locked=locked
    )
    assert first == again


def test_each_pair_explains_its_score_part_by_part():
    newcomer = Newcomer(
        id=1,
        languages=frozenset({"en"}),
        subgroups=frozenset({4}),
        region=2,
        subsidiary=3,
        level_rank=1,
        profile_text="account executive, crm team",
    )
    mentor = Mentor(
        id=9,
        capacity=2,
        load=1,
        languages=frozenset({"en"}),
        subgroups=frozenset({4}),
        regions=frozenset({2}),
        subsidiary=3,
        level_rank=3,
        tags=("crm", "pricing"),
    )
    (pair,) = matching.match([newcomer], [mentor]).pairs
    parts = {part.code: part for part in pair.parts}
    assert (parts["subgroup"].points, parts["subgroup"].detail) == (3, "4")
    assert (parts["region"].points, parts["region"].detail) == (3, "2")
    assert parts["subsidiary"].points == 2
    assert (parts["expertise"].points, parts["expertise"].detail) == (2, "crm")
    assert (parts["level_gap"].points, parts["level_gap"].detail) == (1, "2")
    assert parts["load"].points == -0.5
    assert pair.score == pytest.approx(3 + 3 + 2 + 2 + 1 - 0.5)
    assert pair.score == pytest.approx(sum(part.points for part in pair.parts))


def test_a_level_gap_outside_the_range_earns_nothing():
    newcomer = Newcomer(id=1, languages=frozenset({"en"}), level_rank=1)
    far = Mentor(id=9, capacity=1, languages=frozenset({"en"}), level_rank=9)
    (pair,) = matching.match([newcomer], [far]).pairs
    assert pair.parts == ()


def test_locked_pairs_survive_a_re_run_and_use_up_their_mentors_place():
    newcomers = [
        Newcomer(id=1, languages=frozenset({"en"}), region=1),
        Newcomer(id=2, languages=frozenset({"en"}), region=1),
    ]
    mentors = [
        Mentor(id=8, capacity=1, languages=frozenset({"en"}), regions=frozenset({1})),
        Mentor(id=9, capacity=1, languages=frozenset({"en"})),
    ]
    free = matching.match(newcomers, mentors)
    assert free.mentor_of()[1] == 8
    result = matching.match(newcomers, mentors, locked={1: 9})
    assert result.mentor_of() == {1: 9, 2: 8}
    assert [pair.locked for pair in result.pairs] == [True, False]


def test_weights_from_json_refuse_nonsense():
    assert Weights.from_dict({"region": "5"}).region == 5.0
    for bad in ({"region": -1}, {"region": "x"}, {"load": True}, {"region": float("nan")}):
        with pytest.raises(ValueError, match="region|load"):
            Weights.from_dict(bad)
    with pytest.raises(ValueError, match="level_gap_min"):
        Weights.from_dict({"level_gap_min": 3, "level_gap_max": 1})


def test_a_cohort_of_hundreds_is_solved_and_beats_greedy():
    r = random.Random(3)
    newcomers = [
        Newcomer(
            id=i,
            languages=frozenset({r.choice(["en", "ru"])}),
            region=r.randrange(5),
            level_rank=r.randrange(1, 4),
        )
        for i in range(300)
    ]
    mentors = [
        Mentor(
            id=1000 + j,
            capacity=5,
            languages=frozenset(r.sample(["en", "ru", "el"], 2)),
            regions=frozenset({r.randrange(5)}),
            level_rank=r.randrange(2, 6),
        )
        for j in range(60)
    ]
    problem = matching.problem_build(newcomers, mentors)
    optimal, greedy = matching.solve(problem), matching.greedy(problem)
    assert len(optimal.pairs) >= len(greedy.pairs)
    if len(optimal.pairs) == len(greedy.pairs):
        assert optimal.total >= greedy.total - 1e-6


def _scarce_cohort(seed: int):
    """Hundreds of newcomers, too few places, locks, exclusions and managers: the
    pricing proof has pairs to find and newcomers to leave out."""
    r = random.Random(seed)
    mentors = [
        Mentor(
            id=1000 + j,
            capacity=r.randint(1, 4),
            load=r.choice([0, 0, 1]),
            languages=frozenset(r.sample(["en", "ru", "el"], 2)),
            subgroups=frozenset(r.sample(range(6), r.randint(0, 2))),
            regions=frozenset({r.randrange(5)}),
            subsidiary=r.choice([None, 1, 2]),
            level_rank=r.randrange(2, 6),
            tags=tuple(r.sample(["crm", "pricing", "cloud", "erp"], 2)),
        )
        for j in range(50)
    ]
    newcomers = [
        Newcomer(
            id=i,
            languages=frozenset({r.choice(["en", "ru", "el", "zh"])}),
            subgroups=frozenset({r.randrange(6)}),
            region=r.choice([None, *range(5)]),
            subsidiary=r.choice([None, 1, 2]),
            level_rank=r.randrange(1, 4),
            profile_text=r.choice(["crm lead", "cloud pricing", "", "erp"]),
            chain=frozenset({1000 + r.randrange(50)}),
        )
        for i in range(250)
    ]
    excluded = {(r.randrange(250), 1000 + r.randrange(50)) for _ in range(200)}
    locked = {i: 1000 + i for i in range(5)}
    return newcomers, mentors, excluded, locked


@pytest.mark.parametrize("seed", range(4))
def test_the_proof_from_one_candidate_reaches_the_optimum_of_every_pair(seed, monkeypatch):
    newcomers, mentors, excluded, locked = _scarce_cohort(seed)
    problem = matching.problem_build(newcomers, mentors, excluded=excluded, locked=locked)
    # Every allowed pair a candidate from the start: the dense solve, as before pricing.
    monkeypatch.setattr(matching, "FIRST_CANDIDATES", 10**6)
    dense = matching.solve(problem)

    monkeypatch.setattr(matching, "FIRST_CANDIDATES", 1)
    proved = matching.solve(problem)

    assert dense.unmatched, "the cohort is meant to leave some newcomers out"
    assert len(proved.pairs) == len(dense.pairs)
    assert proved.total == pytest.approx(dense.total)
    assert proved == matching.solve(problem), "the same input gives the same output"


def test_scoring_in_blocks_gives_the_whole_matrix():
    newcomers, mentors, excluded, locked = _scarce_cohort(7)
    problem = matching.problem_build(newcomers, mentors, excluded=excluded, locked=locked)

    pieces = list(problem.blocks(cells=len(mentors) * 7))

    assert len(pieces) > 1
    assert (np.vstack([fit for _rows, fit, _blocked in pieces]) == problem.fit).all()
    assert (np.vstack([codes for _rows, _fit, codes in pieces]) == problem.blocked).all()
    assert (np.concatenate([rows for rows, _fit, _codes in pieces]) == np.arange(250)).all()


def test_an_empty_side_is_no_problem():
    mentor = Mentor(id=1, tags=("crm",), languages=frozenset({"en"}))
    newcomer = Newcomer(id=2, languages=frozenset({"en"}), profile_text="crm lead")

    assert matching.match([], [mentor]).pairs == ()
    (alone,) = matching.match([newcomer], []).unmatched
    assert alone.reason == matching.NO_MENTORS
