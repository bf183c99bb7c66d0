"""`mode=optimal`: fill every open slot at once, as an assignment problem.

Each member may take one slot, or as many as their spare capacity holds at the
suggested allocation. Only each slot's best `n` members (n = number of slots) can be
in an optimal plan, so the matrix is slots × those members' copies; SciPy's
`linear_sum_assignment` maximises the total. Meeting a slot's required skills is a tier
here too: each slot filled by someone who meets them is worth more than any difference of
scores, so the plan first fills as many slots as it can with qualified people, then
maximises the total score.
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

from app.core.i18n import N_
from app.division import messages as m
from app.staffing.scoring import Pool, Scored

BEATS = N_("{pick} ({score}) beats {runner} ({runner_score}): {edge}.")
TIE = N_(
    "{pick} and {runner} score the same ({score}); the plan keeps {runner} for another "
    "slot or breaks the tie by id."
)
NEEDED_ELSEWHERE = N_(
    "{runner} scores higher here ({runner_score} against {score}) but is needed for {slot}."
)
BEST_OVERALL = N_("{pick} ({score}) makes the best plan overall.")
ONLY = N_("{pick} is the only candidate.")
EDGE_SKILLS = N_("better skill fit")
EDGE_TIER = N_("meets every required skill level")
EDGE_CAPACITY = N_("more free capacity ({free}% against {runner_free}%)")
EDGE_SPREAD = N_("spreads the work and accountability better")


def plan(scored: list[Scored], pool: Pool, *, needed: int) -> list[int | None]:
    """The member index that fills each slot (None: not enough people)."""
    slots = len(scored)
    if not slots or not pool.member_ids:
        return [None] * slots
    candidates = sorted({i for s in scored for i in s.ranking(slots)})
    free = np.clip(100 - pool.grid.peaks.max(axis=1), 0, 100) if pool.grid.peaks.shape[1] else None
    columns: list[int] = []
    for index in candidates:
        room = slots if needed <= 0 or free is None else int(free[index]) // needed
        columns += [index] * max(1, min(slots, room))
    tier = 100.0 * (slots + 1)  # more than the scores of all slots together
    matrix = np.array([[s.scores[j] + tier * s.meets[j] for j in columns] for s in scored])
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    picks: list[int | None] = [None] * slots
    for row, col in zip(rows, cols, strict=True):
        picks[int(row)] = columns[int(col)]
    return picks


def why(
    position: int,
    picks: list[int | None],
    scored: list[Scored],
    labels: list[str],
    pool: Pool,
    *,
    weights: tuple[int, int, int],
    locale: str,
) -> tuple[int | None, str]:
    """The runner-up for the slot, and why the pick beat them."""
    pick = picks[position]
    assert pick is not None
    mine = scored[position]
    runner = next((i for i in mine.ranking(len(scored) + 1) if i != pick), None)
    name = pool.names
    score = float(mine.scores[pick])
    if runner is None:
        return None, m.say(locale, ONLY, pick=name[pick])
    runner_score = float(mine.scores[runner])
    tiers = (bool(mine.meets[pick]), bool(mine.meets[runner]))
    words = {
        "pick": name[pick],
        "runner": name[runner],
        "score": score,
        "runner_score": runner_score,
    }
    if tiers == (True, False):
        return runner, m.say(locale, BEATS, edge=m.say(locale, EDGE_TIER), **words)
    if score > runner_score and tiers[0] == tiers[1]:
        return runner, m.say(
            locale, BEATS, edge=_edge(mine, pick, runner, weights, locale), **words
        )
    if score == runner_score:
        return runner, m.say(locale, TIE, **words)
    elsewhere = [labels[i] for i, other in enumerate(picks) if other == runner and i != position]
    if elsewhere:
        return runner, m.say(locale, NEEDED_ELSEWHERE, slot=m.names(elsewhere, locale), **words)
    return runner, m.say(locale, BEST_OVERALL, **words)


def _edge(mine: Scored, pick: int, runner: int, weights: tuple[int, int, int], locale: str) -> str:
    gains = (
        weights[0] * (mine.fits[pick] - mine.fits[runner]),
        weights[1] * (int(mine.free[pick]) - int(mine.free[runner])) / 100,
        weights[2] * (mine.spread[pick] - mine.spread[runner]),
    )
    best = int(np.argmax(gains))
    if best == 0:
        return m.say(locale, EDGE_SKILLS)
    if best == 1:
        return m.say(
            locale, EDGE_CAPACITY, free=int(mine.free[pick]), runner_free=int(mine.free[runner])
        )
    return m.say(locale, EDGE_SPREAD)
