"""The matching engine: newcomers to mentors, the best total fit under hard constraints.

Pure: it reads plain data (``Newcomer``, ``Mentor``, ``Weights``) and returns plain data
(``Result``); the services load the directory into these and save what comes out, and
the ``match_mentors`` command writes it to CSV. Nothing here touches the database.

How it decides:

- **Hard constraints** rule a pair out: the mentor is the newcomer; no shared language;
  the mentor is the newcomer's manager or anyone above them (``Newcomer.chain``); HR
  excluded the pair; the mentor has no free place (capacity minus the mentees they
  already have, locked pairs included). A locked pair is kept as it is and only uses up
  its mentor's place.
- **Fit** of a pair is the sum of weighted parts HR can tune (``Weights``): the same
  sub-group, region or subsidiary; expertise tags of the mentor found in the newcomer's
  team, department or title; a level gap within a range. Each matched pair carries
  these parts as its explanation.
- **Balanced load**: a mentor's k-th mentee (counting from 0, mentees they already have
  included) costs ``load × k``; the cost grows with every mentee, so the optimum spreads
  newcomers rather than piling them on the best-liked mentor.
- **Objective**: first as many newcomers matched as the constraints allow, then the
  greatest total fit (pair fits minus load costs). Solved exactly as a minimum-weight
  full bipartite matching (``scipy.sparse.csgraph.min_weight_full_bipartite_matching``)
  between newcomers and mentor *places* (one column per free place), with one private
  "nobody" column per newcomer whose cost is higher than any gain a match can bring.
- **Deterministic**: inputs are sorted by id and the solver is deterministic, so the
  same input gives the same output.

The score matrix is built with numpy from incidence matrices (languages, regions, tags),
so a cohort of thousands of newcomers is scored in well under a second.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

# Hard constraints, in the order a pair is checked (the first that fails is its reason).
SELF = "self"
LOCKED_ELSEWHERE = "locked_elsewhere"
LANGUAGE = "language"
MANAGER_CHAIN = "manager_chain"
EXCLUDED = "excluded"
CAPACITY = "capacity"
HARD_CONSTRAINTS = (SELF, LOCKED_ELSEWHERE, LANGUAGE, MANAGER_CHAIN, EXCLUDED, CAPACITY)

# Why a newcomer stays unmatched.
NO_MENTORS = "no_mentors"
ALL_FULL = "all_full"

# Parts of a pair's fit.
SUBGROUP = "subgroup"
REGION = "region"
SUBSIDIARY = "subsidiary"
EXPERTISE = "expertise"
LEVEL_GAP = "level_gap"
LOAD = "load"


@dataclass(frozen=True)
class Weights:
    """What HR tunes: points per matching trait and the level gap that counts."""

    subgroup: float = 3.0
    region: float = 3.0
    subsidiary: float = 2.0
    # Per expertise tag found, counting at most ``expertise_max_tags`` tags.
    expertise: float = 2.0
    expertise_max_tags: int = 3
    level_gap: float = 1.0
    level_gap_min: int = 1
    level_gap_max: int = 3
    # Cost of each mentee a mentor already has when they take one more.
    load: float = 0.5

    @classmethod
    def from_dict(cls, data: dict | None) -> Weights:
        """Weights from JSON (a run's saved weights): unknown keys are ignored, missing
        ones take their default. Raises ``ValueError`` for a value that is no number,
        negative, or a gap range upside down."""
        data = data or {}
        values = {}
        for name, default in cls().__dict__.items():
            if name not in data or data[name] in (None, ""):
                continue
            raw = data[name]
            if isinstance(raw, bool):
                raise ValueError(name)
            try:
                value = type(default)(raw)
            except (TypeError, ValueError):
                raise ValueError(name) from None
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(name)
            if value < 0 and name not in ("level_gap_min", "level_gap_max"):
                raise ValueError(name)
            values[name] = value
        weights = cls(**values)
        if weights.level_gap_min > weights.level_gap_max:
            raise ValueError("level_gap_min")
        return weights

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Newcomer:
    id: int
    name: str = ""
    languages: frozenset[str] = frozenset()
    subgroups: frozenset[int] = frozenset()
    region: int | None = None
    subsidiary: int | None = None
    level_rank: int | None = None
    # Lower-cased text of the newcomer's project team, department and title, where a
    # mentor's expertise tags are looked for.
    profile_text: str = ""
    # The user ids of their manager, their manager's manager, and so on up.
    chain: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Mentor:
    id: int
    name: str = ""
    capacity: int = 1
    # Mentees they already have outside this run (other cohorts): places taken.
    load: int = 0
    languages: frozenset[str] = frozenset()
    subgroups: frozenset[int] = frozenset()
    regions: frozenset[int] = frozenset()
    subsidiary: int | None = None
    level_rank: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """One reason a pair fits: its ``code``, what it is about (a region's id, a tag, a
    gap) and the points it brings."""

    code: str
    points: float
    detail: str = ""


@dataclass(frozen=True)
class Pair:
    newcomer: int
    mentor: int
    score: float
    parts: tuple[Part, ...]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    newcomer: int
    reason: str
    # How many mentors each hard constraint ruled out, for the explanation.
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    total: float

    def mentor_of(self) -> dict[int, int]:
        return {pair.newcomer: pair.mentor for pair in self.pairs}


@dataclass
class Problem:
    """A matching problem scored once: the matrices the solver and the candidates file
    both read. Build it with ``problem_build``."""

    newcomers: list[Newcomer]
    mentors: list[Mentor]
    weights: Weights
    locked: dict[int, int]
    excluded: frozenset[tuple[int, int]]
    fit: np.ndarray  # newcomers × mentors, the pair's fit (no load)
    blocked: np.ndarray  # newcomers × mentors, int8: 0 allowed, else 1 + HARD_CONSTRAINTS index
    free: np.ndarray  # mentors: free places once locked pairs and load are counted
    taken: np.ndarray  # mentors: places taken before the solve (load + locked)
    vocabulary: list[str]
    newcomer_tags: np.ndarray  # newcomers × vocabulary, bool
    mentor_tags: np.ndarray  # mentors × vocabulary, bool


def _incidence(rows: Sequence[Iterable], index: dict) -> np.ndarray:
    matrix = np.zeros((len(rows), len(index)), dtype=np.float32)
    for i, values in enumerate(rows):
        for value in values:
            column = index.get(value)
            if column is not None:
                matrix[i, column] = 1
    return matrix


def _index_of(*groups: Iterable[Iterable]) -> dict:
    values = set()
    for group in groups:
        for items in group:
            values.update(items)
    return {value: column for column, value in enumerate(sorted(values, key=repr))}


def problem_build(
    newcomers: Iterable[Newcomer],
    mentors: Iterable[Mentor],
    *,
    weights: Weights | None = None,
    locked: dict[int, int] | None = None,
    excluded: Iterable[tuple[int, int]] = (),
) -> Problem:
    """Score every newcomer–mentor pair and mark the hard constraint that rules it out.

    ``locked`` maps a newcomer to the mentor they keep; ``excluded`` holds (newcomer,
    mentor) pairs HR ruled out. Newcomers and mentors are sorted by id, so the matrices
    (and the solve) do not depend on the order they came in.
    """
    weights = weights or Weights()
    newcomers = sorted(newcomers, key=lambda person: person.id)
    mentors = sorted(mentors, key=lambda person: person.id)
    locked = dict(locked or {})
    excluded = frozenset(excluded)
    n, m = len(newcomers), len(mentors)
    mentor_column = {mentor.id: j for j, mentor in enumerate(mentors)}

    fit = np.zeros((n, m), dtype=np.float64)
    if n and m:
        sub_index = _index_of([p.subgroups for p in newcomers], [p.subgroups for p in mentors])
        if sub_index and weights.subgroup:
            shared = (
                _incidence([p.subgroups for p in newcomers], sub_index)
                @ _incidence([p.subgroups for p in mentors], sub_index).T
            )
            fit += weights.subgroup * (shared > 0)
        region_index = _index_of([[p.region] for p in newcomers if p.region is not None])
        if region_index and weights.region:
            fit += weights.region * (
                _incidence([[p.region] for p in newcomers], region_index)
                @ _incidence([p.regions for p in mentors], region_index).T
                > 0
            )
        if weights.subsidiary:
            ours = np.array([-1 if p.subsidiary is None else p.subsidiary for p in newcomers])
            theirs = np.array([-2 if p.subsidiary is None else p.subsidiary for p in mentors])
            fit += weights.subsidiary * (ours[:, None] == theirs[None, :])
        if weights.level_gap:
            ours = np.array([np.nan if p.level_rank is None else p.level_rank for p in newcomers])
            theirs = np.array([np.nan if p.level_rank is None else p.level_rank for p in mentors])
            gap = theirs[None, :] - ours[:, None]
            with np.errstate(invalid="ignore"):
                within = (gap >= weights.level_gap_min) & (gap <= weights.level_gap_max)
            fit += weights.level_gap * within

    vocabulary = sorted({tag for mentor in mentors for tag in mentor.tags})
    newcomer_tags = np.array(
        [[tag in p.profile_text for tag in vocabulary] for p in newcomers], dtype=bool
    ).reshape(n, len(vocabulary))
    mentor_tags = _incidence([p.tags for p in mentors], {t: i for i, t in enumerate(vocabulary)})
    mentor_tags = mentor_tags.astype(bool)
    if n and m and vocabulary and weights.expertise:
        overlap = newcomer_tags.astype(np.float32) @ mentor_tags.astype(np.float32).T
        fit += weights.expertise * np.minimum(overlap, weights.expertise_max_tags)

    # Hard constraints: the first that fails is kept (checked in reverse, so earlier
    # ones overwrite later ones).
    blocked = np.zeros((n, m), dtype=np.int8)
    taken = np.array([mentor.load for mentor in mentors], dtype=np.int64)
    for mentor_id in locked.values():
        column = mentor_column.get(mentor_id)
        if column is not None:
            taken[column] += 1
    capacity = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
    free = np.maximum(capacity - taken, 0)

    def mark(code: str, mask) -> None:
        blocked[mask] = HARD_CONSTRAINTS.index(code) + 1

    if n and m:
        mark(CAPACITY, np.broadcast_to(free[None, :] <= 0, (n, m)))
        row_of = {person.id: i for i, person in enumerate(newcomers)}
        for newcomer_id, mentor_id in sorted(excluded):
            if newcomer_id in row_of and mentor_id in mentor_column:
                blocked[row_of[newcomer_id], mentor_column[mentor_id]] = (
                    HARD_CONSTRAINTS.index(EXCLUDED) + 1
                )
        for i, person in enumerate(newcomers):
            for boss in person.chain:
                if boss in mentor_column:
                    blocked[i, mentor_column[boss]] = HARD_CONSTRAINTS.index(MANAGER_CHAIN) + 1
        language_index = _index_of([p.languages for p in newcomers])
        speaks = (
            _incidence([p.languages for p in newcomers], language_index)
            @ _incidence([p.languages for p in mentors], language_index).T
        )
        mark(LANGUAGE, speaks == 0)
        for newcomer_id, mentor_id in locked.items():
            if newcomer_id in row_of:
                blocked[row_of[newcomer_id], :] = HARD_CONSTRAINTS.index(LOCKED_ELSEWHERE) + 1
                if mentor_id in mentor_column:
                    blocked[row_of[newcomer_id], mentor_column[mentor_id]] = 0
        for i, person in enumerate(newcomers):
            if person.id in mentor_column:
                blocked[i, mentor_column[person.id]] = HARD_CONSTRAINTS.index(SELF) + 1

    return Problem(
        newcomers=newcomers,
        mentors=mentors,
        weights=weights,
        locked=locked,
        excluded=excluded,
        fit=fit,
        blocked=blocked,
        free=free,
        taken=taken,
        vocabulary=vocabulary,
        newcomer_tags=newcomer_tags,
        mentor_tags=mentor_tags.reshape(m, len(vocabulary)),
    )


def pair_parts(problem: Problem, i: int, j: int) -> list[Part]:
    """The parts of the fit of newcomer row ``i`` with mentor column ``j``, the same
    ones ``problem_build`` summed, each with what it is about."""
    weights, newcomer, mentor = problem.weights, problem.newcomers[i], problem.mentors[j]
    parts: list[Part] = []
    shared_groups = newcomer.subgroups & mentor.subgroups
    if weights.subgroup and shared_groups:
        parts.append(Part(SUBGROUP, weights.subgroup, str(min(shared_groups))))
    if weights.region and newcomer.region is not None and newcomer.region in mentor.regions:
        parts.append(Part(REGION, weights.region, str(newcomer.region)))
    if (
        weights.subsidiary
        and newcomer.subsidiary is not None
        and newcomer.subsidiary == mentor.subsidiary
    ):
        parts.append(Part(SUBSIDIARY, weights.subsidiary, str(newcomer.subsidiary)))
    if weights.expertise and problem.vocabulary:
        shared = np.flatnonzero(problem.newcomer_tags[i] & problem.mentor_tags[j])
        for column in shared[: weights.expertise_max_tags]:
            parts.append(Part(EXPERTISE, weights.expertise, problem.vocabulary[column]))
    if weights.level_gap and newcomer.level_rank is not None and mentor.level_rank is not None:
        gap = mentor.level_rank - newcomer.level_rank
        if weights.level_gap_min <= gap <= weights.level_gap_max:
            parts.append(Part(LEVEL_GAP, weights.level_gap, str(gap)))
    return parts


def blocked_reason(problem: Problem, i: int, j: int) -> str:
    """The hard constraint that rules the pair out, or ''."""
    code = int(problem.blocked[i, j])
    return HARD_CONSTRAINTS[code - 1] if code else ""


def solve(problem: Problem, *, keep: int | None = None) -> Result:
    """The optimal matching of ``problem`` (see the module's docstring).

    ``keep`` prunes the candidates: each newcomer is offered only the ``keep`` allowed
    mentors with the best fit (ties by mentor id). Optimal only over what is kept; the
    benchmark measures the gap. ``None`` (the default, and what the product uses)
    keeps every allowed pair.
    """
    n, m = len(problem.newcomers), len(problem.mentors)
    weights = problem.weights
    mentor_column = {mentor.id: j for j, mentor in enumerate(problem.mentors)}
    row_of = {person.id: i for i, person in enumerate(problem.newcomers)}
    # Newcomers the solve places: the locked ones keep their mentor.
    free_rows = np.array(
        [i for i, person in enumerate(problem.newcomers) if person.id not in problem.locked],
        dtype=np.int64,
    )

    chosen: dict[int, int] = {}
    if len(free_rows) and m:
        allowed = problem.blocked[free_rows] == 0
        if keep is not None and keep < m:
            ranked = np.where(allowed, problem.fit[free_rows], -np.inf)
            best = np.argpartition(-ranked, keep - 1, axis=1)[:, :keep]
            pruned = np.zeros_like(allowed)
            np.put_along_axis(pruned, best, True, axis=1)
            allowed &= pruned
        rows, mentors_of_edge = np.nonzero(allowed)
        slots = problem.free
        # One column per free place: mentor j's places start at ``first[j]``.
        first = np.concatenate(([0], np.cumsum(slots)[:-1]))
        repeat = slots[mentors_of_edge]
        edge_rows = np.repeat(rows, repeat)
        edge_mentors = np.repeat(mentors_of_edge, repeat)
        within = np.arange(len(edge_rows)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
        edge_columns = first[edge_mentors] + within
        gain = problem.fit[free_rows[edge_rows], edge_mentors] - weights.load * (
            problem.taken[edge_mentors] + within
        )
        # Costs must be positive (a sparse matrix drops zeros): shift every gain below
        # ``top``. A "nobody" column costs more than the worst real match can save
        # across all newcomers, so matching one more newcomer always wins.
        top = float(gain.max()) if len(gain) else 0.0
        bottom = float(gain.min()) if len(gain) else 0.0
        spread = top - bottom + 1.0
        costs = 1.0 + (top - gain)
        nobody = 1.0 + spread * (len(free_rows) + 1)
        places = int(slots.sum())
        count = len(free_rows)
        matrix = csr_matrix(
            (
                np.concatenate((costs, np.full(count, nobody))),
                (
                    np.concatenate((edge_rows, np.arange(count))),
                    np.concatenate((edge_columns, places + np.arange(count))),
                ),
            ),
            shape=(count, places + count),
        )
        _rows, columns = min_weight_full_bipartite_matching(matrix)
        place_mentor = np.repeat(np.arange(m), slots)
        for row, column in enumerate(columns):
            if column < places:
                chosen[int(free_rows[row])] = int(place_mentor[column])

    for newcomer_id, mentor_id in problem.locked.items():
        if newcomer_id in row_of and mentor_id in mentor_column:
            chosen[row_of[newcomer_id]] = mentor_column[mentor_id]

    # Load parts: a mentor's mentees in id order take places taken[j], taken[j]+1, …
    # (the locked ones counted in ``taken`` already cost nothing here).
    by_mentor: dict[int, list[int]] = {}
    for i, j in sorted(chosen.items()):
        if problem.newcomers[i].id not in problem.locked:
            by_mentor.setdefault(j, []).append(i)
    load_of: dict[int, float] = {}
    for j, rows_of_mentor in by_mentor.items():
        for k, i in enumerate(rows_of_mentor):
            load_of[i] = weights.load * (int(problem.taken[j]) + k)

    pairs = []
    for i, j in sorted(chosen.items()):
        parts = pair_parts(problem, i, j)
        if load_of.get(i):
            parts.append(Part(LOAD, -load_of[i], str(int(round(load_of[i] / weights.load)))))
        pairs.append(
            Pair(
                newcomer=problem.newcomers[i].id,
                mentor=problem.mentors[j].id,
                score=round(sum(part.points for part in parts), 6),
                parts=tuple(parts),
                locked=problem.newcomers[i].id in problem.locked,
            )
        )
    unmatched = [_unmatched_reason(problem, i) for i in range(n) if i not in chosen]
    return Result(
        pairs=tuple(pairs),
        unmatched=tuple(unmatched),
        total=round(sum(pair.score for pair in pairs), 6),
    )


def _unmatched_reason(problem: Problem, i: int) -> Unmatched:
    """Why newcomer row ``i`` has no mentor: no mentors at all; every mentor ruled out
    by a hard constraint (the one that ruled out most, earliest on ties); or every
    mentor who fits is full (taken by newcomers the optimum placed)."""
    newcomer = problem.newcomers[i]
    if not problem.mentors:
        return Unmatched(newcomer.id, NO_MENTORS)
    codes = problem.blocked[i]
    counts = {
        code: int((codes == index + 1).sum())
        for index, code in enumerate(HARD_CONSTRAINTS)
        if (codes == index + 1).any()
    }
    if (codes == 0).any():
        return Unmatched(newcomer.id, ALL_FULL, counts)
    reason = max(counts, key=lambda code: (counts[code], -HARD_CONSTRAINTS.index(code)))
    return Unmatched(newcomer.id, reason, counts)


def match(
    newcomers: Iterable[Newcomer],
    mentors: Iterable[Mentor],
    *,
    weights: Weights | None = None,
    locked: dict[int, int] | None = None,
    excluded: Iterable[tuple[int, int]] = (),
) -> Result:
    """Score and solve in one call (see ``problem_build`` and ``solve``)."""
    return solve(
        problem_build(newcomers, mentors, weights=weights, locked=locked, excluded=excluded)
    )


def greedy(problem: Problem) -> Result:
    """A baseline for the benchmark only: each newcomer in id order takes the free
    mentor with the best fit minus load. Not optimal; never used to match."""
    weights = problem.weights
    taken = problem.taken.copy()
    free = problem.free.copy()
    pairs, total = [], 0.0
    for i, person in enumerate(problem.newcomers):
        if person.id in problem.locked:
            continue
        gain = problem.fit[i] - weights.load * taken
        gain = np.where((problem.blocked[i] == 0) & (free > 0), gain, -np.inf)
        j = int(np.argmax(gain)) if len(gain) else -1
        if j < 0 or not np.isfinite(gain[j]):
            continue
        free[j] -= 1
        taken[j] += 1
        pairs.append(Pair(person.id, problem.mentors[j].id, float(gain[j]), ()))
        total += float(gain[j])
    return Result(pairs=tuple(pairs), unmatched=(), total=round(total, 6))
