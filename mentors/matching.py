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
- **Sparse, and still exact**: the matching is built over candidate pairs only (each
  newcomer's best mentors), then every other allowed pair is priced against the
  potentials of that optimum; pairs that could improve it are added and the matching
  solved again, until none can (see ``solve``). Nothing is pruned in the end.
- **Deterministic**: inputs are sorted by id and the solver is deterministic, so the
  same input gives the same output.

Scores are never held as a whole newcomer × mentor matrix: each trait is encoded once
(a table row per distinct value among newcomers, sparse incidence for sub-groups) and a
block of newcomers is scored by gathering rows, so 10,000 newcomers fit in a few hundred
megabytes (``bench/matching.py``).
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
    """A matching problem encoded once: per-person feature arrays from which any block
    of newcomer rows is scored on demand (``score``), so no newcomer × mentor matrix is
    ever held whole unless asked for (``fit``/``blocked``, for small problems and
    tests). Build it with ``problem_build``."""

    newcomers: list[Newcomer]
    mentors: list[Mentor]
    weights: Weights
    locked: dict[int, int]
    excluded: frozenset[tuple[int, int]]
    free: np.ndarray  # mentors: free places once locked pairs and load are counted
    taken: np.ndarray  # mentors: places taken before the solve (load + locked)
    vocabulary: list[str]
    newcomer_tags: np.ndarray  # newcomers × vocabulary, bool
    mentor_tags: np.ndarray  # mentors × vocabulary, bool
    # Encoded features (see ``problem_build``): a key per newcomer into a table with
    # one row per distinct value among newcomers and one column per mentor.
    _traits: tuple[np.ndarray, np.ndarray] | None = None  # region, subsidiary, level gap
    _expertise: tuple[np.ndarray, np.ndarray] | None = None  # by the set of tags found
    _allowed: tuple[np.ndarray, np.ndarray] | None = None  # capacity, language (int8 codes)
    _subgroups: tuple[csr_matrix, csr_matrix] | None = None  # sparse, weight included
    # Single pairs: (rows, columns, code), and the locked rows with their mentor's column.
    _pair_codes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    _locked_rows: np.ndarray | None = None
    _locked_columns: np.ndarray | None = None
    _dense: tuple[np.ndarray, np.ndarray] | None = None

    def score(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The fit (float64) and the blocking code (int8: 0 allowed, else 1 + index in
        ``HARD_CONSTRAINTS``) of newcomer ``rows`` with every mentor: rows gathered from
        the encoded tables, the sparse parts scattered on top."""
        rows = np.asarray(rows, dtype=np.int64)
        m = len(self.mentors)
        if not len(rows) or not m:
            return np.zeros((len(rows), m)), np.zeros((len(rows), m), dtype=np.int8)
        keys, table = self._traits
        fit = table[keys[rows]]
        if self._expertise is not None:
            keys, table = self._expertise
            fit += table[keys[rows]]
        if self._subgroups is not None:
            ours, theirs = self._subgroups
            shared = (ours[rows] @ theirs).tocoo()
            fit[shared.row, shared.col] += self.weights.subgroup
        keys, table = self._allowed
        blocked = table[keys[rows]]

        # Hard constraints of single pairs: later ones overwrite earlier ones, so the
        # first in ``HARD_CONSTRAINTS`` order is the reason kept.
        position = np.full(len(self.newcomers), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        pair_rows, pair_columns, pair_codes = self._pair_codes
        here = position[pair_rows] >= 0
        for code in (_code(EXCLUDED), _code(MANAGER_CHAIN)):
            picked = (
                here
                & (pair_codes == code)
                & (_codes_at(blocked, position, pair_rows, pair_columns) != _code(LANGUAGE))
            )
            blocked[position[pair_rows[picked]], pair_columns[picked]] = code
        locked_at = position[self._locked_rows]
        kept = locked_at >= 0
        blocked[locked_at[kept], :] = _code(LOCKED_ELSEWHERE)
        with_mentor = kept & (self._locked_columns >= 0)
        blocked[locked_at[with_mentor], self._locked_columns[with_mentor]] = 0
        picked = here & (pair_codes == _code(SELF))
        blocked[position[pair_rows[picked]], pair_columns[picked]] = _code(SELF)
        return fit, blocked

    def blocks(self, rows: np.ndarray | None = None, *, cells: int = 1 << 21):
        """``(rows, fit, blocked)`` for consecutive blocks of ``rows`` (all newcomers by
        default), each block about ``cells`` pairs, so memory stays flat."""
        rows = np.arange(len(self.newcomers)) if rows is None else np.asarray(rows)
        size = max(1, cells // max(1, len(self.mentors)))
        for start in range(0, len(rows), size):
            block = rows[start : start + size]
            yield (block, *self.score(block))

    def _whole(self) -> tuple[np.ndarray, np.ndarray]:
        if self._dense is None:
            self._dense = self.score(np.arange(len(self.newcomers)))
        return self._dense

    @property
    def fit(self) -> np.ndarray:
        """newcomers × mentors, each pair's fit (no load). The whole matrix: for small
        problems, tests and single pairs only; the solver scores in blocks."""
        return self._whole()[0]

    @property
    def blocked(self) -> np.ndarray:
        """newcomers × mentors, int8: 0 allowed, else 1 + index in ``HARD_CONSTRAINTS``.
        The whole matrix, like ``fit``."""
        return self._whole()[1]


def _code(constraint: str) -> int:
    return HARD_CONSTRAINTS.index(constraint) + 1


def _codes_at(blocked, position, pair_rows, pair_columns) -> np.ndarray:
    """The codes already in ``blocked`` at single pairs (0 for pairs outside it)."""
    inside = position[pair_rows] >= 0
    codes = np.zeros(len(pair_rows), dtype=np.int8)
    codes[inside] = blocked[position[pair_rows[inside]], pair_columns[inside]]
    return codes


def _keyed(values: Sequence) -> tuple[np.ndarray, list]:
    """Each value's index among the distinct values (in first-seen order), and those
    distinct values: a table then needs one row per distinct value, not per person."""
    index: dict = {}
    keys = np.array([index.setdefault(value, len(index)) for value in values], dtype=np.int64)
    return keys, list(index)


def _incidence(rows: Sequence[Iterable], index: dict, columns: int | None = None) -> csr_matrix:
    """A sparse 0/1 matrix: row i has a one in the column of each of its values."""
    row_ids, column_ids = [], []
    for i, values in enumerate(rows):
        for value in values:
            column = index.get(value)
            if column is not None:
                row_ids.append(i)
                column_ids.append(column)
    return csr_matrix(
        (np.ones(len(row_ids), dtype=np.float32), (row_ids, column_ids)),
        shape=(len(rows), len(index) if columns is None else columns),
    )


def _index_of(*groups: Iterable[Iterable]) -> dict:
    values = set()
    for group in groups:
        for items in group:
            values.update(items)
    return {value: column for column, value in enumerate(sorted(values, key=repr))}


def places_taken(
    mentors: Sequence[Mentor], locked: dict[int, int], mentor_column: dict
) -> np.ndarray:
    """Each mentor's places taken before the solve: their load and their locked pairs."""
    taken = np.array([mentor.load for mentor in mentors], dtype=np.int64)
    for mentor_id in locked.values():
        column = mentor_column.get(mentor_id)
        if column is not None:
            taken[column] += 1
    return taken


def capacity_left(
    mentors: Sequence[Mentor], locked: dict[int, int], mentor_column: dict
) -> np.ndarray:
    """Each mentor's free places once load and locked pairs are counted."""
    capacity = np.array([mentor.capacity for mentor in mentors], dtype=np.int64)
    return np.maximum(capacity - places_taken(mentors, locked, mentor_column), 0)


def problem_build(
    newcomers: Iterable[Newcomer],
    mentors: Iterable[Mentor],
    *,
    weights: Weights | None = None,
    locked: dict[int, int] | None = None,
    excluded: Iterable[tuple[int, int]] = (),
) -> Problem:
    """Encode a matching problem so that any block of pairs can be scored fast.

    ``locked`` maps a newcomer to the mentor they keep; ``excluded`` holds (newcomer,
    mentor) pairs HR ruled out. Newcomers and mentors are sorted by id, so the scores
    (and the solve) do not depend on the order they came in. Each trait becomes an
    array per side (a sparse incidence matrix for sets, a code per person for single
    values); ``Problem.score`` combines them for a block of newcomers with numpy.
    """
    weights = weights or Weights()
    newcomers = sorted(newcomers, key=lambda person: person.id)
    mentors = sorted(mentors, key=lambda person: person.id)
    locked = dict(locked or {})
    excluded = frozenset(excluded)
    n, m = len(newcomers), len(mentors)
    mentor_column = {mentor.id: j for j, mentor in enumerate(mentors)}
    row_of = {person.id: i for i, person in enumerate(newcomers)}

    # Region, subsidiary and level: one table row per distinct combination.
    trait_keys, traits = _keyed([(p.region, p.subsidiary, p.level_rank) for p in newcomers])
    trait_table = np.zeros((len(traits), m), dtype=np.float64)
    if traits and m:
        their_subsidiary = np.array([-2 if p.subsidiary is None else p.subsidiary for p in mentors])
        their_level = np.array([np.nan if p.level_rank is None else p.level_rank for p in mentors])
        for row, (region, subsidiary, level) in enumerate(traits):
            if weights.region and region is not None:
                trait_table[row] += weights.region * np.array(
                    [region in p.regions for p in mentors]
                )
            if weights.subsidiary and subsidiary is not None:
                trait_table[row] += weights.subsidiary * (their_subsidiary == subsidiary)
            if weights.level_gap and level is not None:
                gap = their_level - level
                with np.errstate(invalid="ignore"):
                    within = (gap >= weights.level_gap_min) & (gap <= weights.level_gap_max)
                trait_table[row] += weights.level_gap * within

    subgroups = None
    sub_index = _index_of([p.subgroups for p in newcomers], [p.subgroups for p in mentors])
    if sub_index and weights.subgroup and m:
        subgroups = (
            _incidence([p.subgroups for p in newcomers], sub_index),
            _incidence([p.subgroups for p in mentors], sub_index).T.tocsc(),
        )

    # Capacity and language: one table row per distinct set of languages.
    language_keys, language_sets = _keyed([p.languages for p in newcomers])
    allowed_table = np.zeros((len(language_sets), m), dtype=np.int8)
    allowed_table[:, capacity_left(mentors, locked, mentor_column) <= 0] = _code(CAPACITY)
    for row, spoken in enumerate(language_sets):
        allowed_table[row, [not (spoken & p.languages) for p in mentors]] = _code(LANGUAGE)

    vocabulary = sorted({tag for mentor in mentors for tag in mentor.tags})
    newcomer_tags = np.array(
        [[tag in p.profile_text for tag in vocabulary] for p in newcomers], dtype=bool
    ).reshape(n, len(vocabulary))
    tag_column = {t: i for i, t in enumerate(vocabulary)}
    mentor_tags = _incidence([p.tags for p in mentors], tag_column).toarray().astype(bool)
    expertise = None
    if vocabulary and weights.expertise and m and n:
        # One table row per distinct set of tags found in newcomers' profiles.
        tag_keys, tag_sets = _keyed([row.tobytes() for row in newcomer_tags])
        found = np.frombuffer(b"".join(tag_sets), dtype=bool).reshape(len(tag_sets), -1)
        overlap = found.astype(np.float32) @ mentor_tags.T.astype(np.float32)
        expertise = (
            tag_keys,
            weights.expertise * np.minimum(overlap, weights.expertise_max_tags).astype(np.float64),
        )

    taken = places_taken(mentors, locked, mentor_column)
    free = capacity_left(mentors, locked, mentor_column)

    pairs: list[tuple[int, int, int]] = []
    for newcomer_id, mentor_id in sorted(excluded):
        if newcomer_id in row_of and mentor_id in mentor_column:
            pairs.append((row_of[newcomer_id], mentor_column[mentor_id], _code(EXCLUDED)))
    for i, person in enumerate(newcomers):
        for boss in sorted(person.chain):
            if boss in mentor_column:
                pairs.append((i, mentor_column[boss], _code(MANAGER_CHAIN)))
        if person.id in mentor_column:
            pairs.append((i, mentor_column[person.id], _code(SELF)))
    pair_array = np.array(pairs, dtype=np.int64).reshape(-1, 3)
    locked_rows = [
        (row_of[n_id], mentor_column.get(m_id, -1))
        for n_id, m_id in locked.items()
        if n_id in row_of
    ]
    locked_array = np.array(locked_rows, dtype=np.int64).reshape(-1, 2)

    return Problem(
        newcomers=newcomers,
        mentors=mentors,
        weights=weights,
        locked=locked,
        excluded=excluded,
        free=free,
        taken=taken,
        vocabulary=vocabulary,
        newcomer_tags=newcomer_tags,
        mentor_tags=mentor_tags.reshape(m, len(vocabulary)),
        _traits=(trait_keys, trait_table),
        _expertise=expertise,
        _allowed=(language_keys, allowed_table),
        _subgroups=subgroups,
        _pair_codes=(pair_array[:, 0], pair_array[:, 1], pair_array[:, 2]),
        _locked_rows=locked_array[:, 0],
        _locked_columns=locked_array[:, 1],
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
    _fit, blocked = problem.score(np.array([i]))
    code = int(blocked[0, j])
    return HARD_CONSTRAINTS[code - 1] if code else ""


# Candidates first offered to each newcomer: their best allowed mentors by fit. Enough
# that the certificate rarely asks for more; any it asks for are added and re-solved.
FIRST_CANDIDATES = 12


def solve(problem: Problem, *, keep: int | None = None) -> Result:
    """The optimal matching of ``problem`` (see the module's docstring).

    Solved on a sparse set of candidate pairs, then proven optimal for *every* allowed
    pair: each newcomer is first offered their ``FIRST_CANDIDATES`` best allowed
    mentors; the matching on those is solved; potentials (shortest distances in its
    residual graph) then price every allowed pair the candidates left out, a block of
    newcomers at a time, and any pair that would improve the total is added and the
    solve repeated. When no left-out pair prices below zero the matching is optimal over
    all allowed pairs (linear-programming duality), so the result is the same optimum a
    dense solve finds, without ever holding a newcomer × place matrix.

    ``keep`` (the benchmark's) offers each newcomer only their ``keep`` best mentors
    and skips the proof: optimal only over what is kept.
    """
    m = len(problem.mentors)
    mentor_column = {mentor.id: j for j, mentor in enumerate(problem.mentors)}
    row_of = {person.id: i for i, person in enumerate(problem.newcomers)}
    # Newcomers the solve places: the locked ones keep their mentor.
    free_rows = np.array(
        [i for i, person in enumerate(problem.newcomers) if person.id not in problem.locked],
        dtype=np.int64,
    )

    chosen: dict[int, int] = {}
    if len(free_rows) and m:
        first = keep if keep is not None else FIRST_CANDIDATES
        candidates, fit_range = _candidates(problem, free_rows, first)
        while True:
            assigned = _solve_candidates(problem, free_rows, candidates, fit_range)
            if keep is not None:
                break
            missing = _priced_out(problem, free_rows, candidates, assigned, fit_range)
            if not len(missing[0]):
                break
            candidates = _merge(candidates, missing)
        for position, j in enumerate(assigned):
            if j >= 0:
                chosen[int(free_rows[position])] = int(j)

    for newcomer_id, mentor_id in problem.locked.items():
        if newcomer_id in row_of and mentor_id in mentor_column:
            chosen[row_of[newcomer_id]] = mentor_column[mentor_id]
    return _result(problem, chosen)


def _candidates(
    problem: Problem, free_rows: np.ndarray, keep: int
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], tuple[float, float]]:
    """Each free newcomer's ``keep`` best allowed mentors by fit, as sparse
    ``(position in free_rows, mentor column, fit)`` arrays sorted by position then
    column; and the lowest and highest fit over every allowed pair."""
    positions, columns, fits = [], [], []
    low, high = np.inf, -np.inf
    done = 0
    for _rows, fit, blocked in problem.blocks(free_rows):
        allowed = blocked == 0
        if allowed.any():
            low = min(low, float(fit[allowed].min()))
            high = max(high, float(fit[allowed].max()))
        if keep < fit.shape[1]:
            ranked = np.where(allowed, fit, -np.inf)
            best = np.argpartition(-ranked, keep - 1, axis=1)[:, :keep]
            picked = np.zeros_like(allowed)
            np.put_along_axis(picked, best, True, axis=1)
            allowed &= picked
        rows, cols = np.nonzero(allowed)
        positions.append(rows + done)
        columns.append(cols)
        fits.append(fit[rows, cols])
        done += len(fit)
    if not np.isfinite(low):
        low = high = 0.0
    return (
        np.concatenate(positions).astype(np.int64),
        np.concatenate(columns).astype(np.int64),
        np.concatenate(fits),
    ), (low, high)


def _prices(problem: Problem, count: int, fit_range: tuple[float, float]):
    """The gain bounds the costs are shifted by, and the cost of leaving a newcomer
    with nobody: higher than any gain a match can bring across all newcomers, so
    matching one more newcomer always wins. From bounds over *all* allowed pairs, so
    every solve of the same problem prices alike."""
    load, open_ = problem.weights.load, problem.free > 0
    if open_.any():
        top = fit_range[1] - load * float(problem.taken[open_].min())
        bottom = fit_range[0] - load * float((problem.taken + problem.free - 1)[open_].max())
    else:
        top = bottom = 0.0
    spread = top - bottom + 1.0
    return top, 1.0 + spread * (count + 1)


def _solve_candidates(problem, free_rows, candidates, fit_range) -> np.ndarray:
    """The optimal assignment over the candidate pairs, each mentor's free places
    expanded into one column each (the k-th place costs ``load`` × places taken before
    it) plus one private "nobody" column per newcomer. Returns each free newcomer's
    mentor column, or -1."""
    positions, mentors_of_edge, fits = candidates
    slots, taken, load = problem.free, problem.taken, problem.weights.load
    count, m = len(free_rows), len(problem.mentors)
    first = np.concatenate(([0], np.cumsum(slots)[:-1]))
    repeat = slots[mentors_of_edge]
    edge_rows = np.repeat(positions, repeat)
    edge_mentors = np.repeat(mentors_of_edge, repeat)
    within = np.arange(len(edge_rows)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    edge_columns = first[edge_mentors] + within
    gain = np.repeat(fits, repeat) - load * (taken[edge_mentors] + within)
    top, nobody = _prices(problem, count, fit_range)
    # Costs must be positive (a sparse matrix drops zeros): every gain is shifted
    # below ``top``.
    costs = 1.0 + (top - gain)
    places = int(slots.sum())
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
    place_mentor = np.append(np.repeat(np.arange(m), slots), -1)
    return place_mentor[np.minimum(columns, places)]


def _priced_out(problem, free_rows, candidates, assigned, fit_range):
    """Allowed pairs left out of the candidates that would improve the matching.

    Potentials are the shortest distances in the residual graph of the candidates'
    optimal flow (newcomers → mentors → sink, the k-th place of a mentor costing
    ``load`` × places taken, a "nobody" node beside the mentors); the graph has no
    negative cycle because that flow is optimal. A left-out pair (i, j) could improve
    it only if its reduced cost ``-fit + d(i) - d(j)`` is negative; every allowed pair
    is priced a block of newcomers at a time. None found proves the optimum."""
    positions, columns, fits = candidates
    count, m = len(free_rows), len(problem.mentors)
    load, taken, free = problem.weights.load, problem.taken, problem.free
    top, nobody = _prices(problem, count, fit_range)
    stay_out = nobody - 1.0 - top  # the nobody column's cost in gain terms
    mentor_node = count + np.arange(m)
    none_node, sink = count + m, count + m + 1
    used = assigned[positions] == columns
    matched = assigned >= 0
    per_mentor = np.bincount(assigned[matched], minlength=m)
    everyone = np.arange(count)
    open_ = per_mentor < free
    filled = per_mentor > 0
    tails = [
        positions[~used],
        mentor_node[columns[used]],
        everyone[matched],
        np.full((~matched).sum(), none_node),
    ]
    heads = [
        mentor_node[columns[~used]],
        positions[used],
        np.full(matched.sum(), none_node),
        everyone[~matched],
    ]
    costs = [
        -fits[~used],
        fits[used],
        np.full(matched.sum(), stay_out),
        np.full((~matched).sum(), -stay_out),
    ]
    tails += [mentor_node[open_], np.full(filled.sum(), sink), [none_node]]
    heads += [np.full(open_.sum(), sink), mentor_node[filled], [sink]]
    costs += [
        load * (taken + per_mentor)[open_],
        -load * (taken + per_mentor - 1)[filled],
        [0.0],
    ]
    if not matched.all():
        tails.append([sink])
        heads.append([none_node])
        costs.append([0.0])
    graph = csr_matrix(
        (np.concatenate(costs).astype(np.float64), (np.concatenate(tails), np.concatenate(heads))),
        shape=(sink + 1, sink + 1),
    )
    distance = _distances(graph)
    newcomer_potential, mentor_potential = distance[:count], distance[count : count + m]
    tolerance = 1e-9 * (1.0 + abs(stay_out))

    found_positions, found_columns, found_fits = [], [], []
    done = 0
    for _rows, fit, blocked in problem.blocks(free_rows):
        size = len(fit)
        reduced = (newcomer_potential[done : done + size, None] - mentor_potential[None, :]) - fit
        improving = (blocked == 0) & (reduced < -tolerance)
        start, stop = np.searchsorted(positions, [done, done + size])
        improving[positions[start:stop] - done, columns[start:stop]] = False
        rows, cols = np.nonzero(improving)
        found_positions.append(rows + done)
        found_columns.append(cols)
        found_fits.append(fit[rows, cols])
        done += size
    return (
        np.concatenate(found_positions).astype(np.int64),
        np.concatenate(found_columns).astype(np.int64),
        np.concatenate(found_fits),
    )


def _distances(graph: csr_matrix) -> np.ndarray:
    """Shortest distances from a virtual root joined to every node at cost 0 (so every
    distance starts at 0), by Bellman–Ford relaxing only the arcs out of nodes whose
    distance fell in the last round, all arcs of a round at once with numpy. The
    residual graph of an optimal flow has no negative cycle; one found anyway (a
    round count past the node count) is a bug, raised."""
    indptr, heads, costs = graph.indptr, graph.indices, graph.data
    distance = np.zeros(graph.shape[0])
    active = np.arange(graph.shape[0])
    for _round in range(graph.shape[0] + 1):
        starts, stops = indptr[active], indptr[active + 1]
        lengths = stops - starts
        total = int(lengths.sum())
        if not total:
            return distance
        arcs = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        arcs += np.arange(total)
        reached = distance[np.repeat(active, lengths)] + costs[arcs]
        targets = heads[arcs]
        better = reached < distance[targets] - 1e-12
        if not better.any():
            return distance
        np.minimum.at(distance, targets[better], reached[better])
        active = np.unique(targets[better])
    raise RuntimeError("negative cycle in a residual graph: the assignment was not optimal")


def _merge(candidates, more):
    positions, columns, fits = (np.concatenate(pair) for pair in zip(candidates, more, strict=True))
    order = np.lexsort((columns, positions))
    return positions[order], columns[order], fits[order]


def _result(problem: Problem, chosen: dict[int, int]) -> Result:
    """Pairs with their explanations, and the unmatched with their reasons."""
    weights = problem.weights
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
    left = np.array([i for i in range(len(problem.newcomers)) if i not in chosen], dtype=np.int64)
    unmatched = []
    for rows, _fit, blocked in problem.blocks(left):
        unmatched += [
            _unmatched_reason(problem, int(i), codes)
            for i, codes in zip(rows, blocked, strict=True)
        ]
    return Result(
        pairs=tuple(pairs),
        unmatched=tuple(unmatched),
        total=round(sum(pair.score for pair in pairs), 6),
    )


def _unmatched_reason(problem: Problem, i: int, codes: np.ndarray) -> Unmatched:
    """Why newcomer row ``i`` has no mentor: no mentors at all; every mentor ruled out
    by a hard constraint (the one that ruled out most, earliest on ties); or every
    mentor who fits is full (taken by newcomers the optimum placed)."""
    newcomer = problem.newcomers[i]
    if not problem.mentors:
        return Unmatched(newcomer.id, NO_MENTORS)
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
    for rows, fit, blocked in problem.blocks():
        for i, fit_row, codes in zip(rows, fit, blocked, strict=True):
            person = problem.newcomers[int(i)]
            if person.id in problem.locked:
                continue
            gain = fit_row - weights.load * taken
            gain = np.where((codes == 0) & (free > 0), gain, -np.inf)
            j = int(np.argmax(gain)) if len(gain) else -1
            if j < 0 or not np.isfinite(gain[j]):
                continue
            free[j] -= 1
            taken[j] += 1
            pairs.append(Pair(person.id, problem.mentors[j].id, float(gain[j]), ()))
            total += float(gain[j])
    return Result(pairs=tuple(pairs), unmatched=(), total=round(total, 6))
