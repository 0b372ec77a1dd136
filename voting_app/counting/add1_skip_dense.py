"""``add1_skip``'s replay with numpy, for the elections that run in ``mes_engine``.

It walks a dense groups x candidate projects matrix of supporters; see add1_skip for why
each check holds. ``add1_skip_lean`` makes the same checks in plain Python for small
elections; tests/test_tally_properties.py checks that both give the same range.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from voting_app.counting.add1_skip_lean import ExactSlopes, keeps_ahead

if TYPE_CHECKING:
    from voting_app.counting.mes_state import MesState


def stable_range(state: MesState, per_voter: Fraction, selection: list[int]) -> float:
    """The largest d such that budgets in [b, b + d) repeat every choice of this run."""
    cands = state.candidates
    if not cands:
        return math.inf
    column = {i: k for k, i in enumerate(cands)}
    arrays = state.arrays
    weights = arrays.matrix * arrays.weight_f[:, None]  # multiplicity where supporting
    cost = np.array([float(state.cost[i]) for i in cands])
    rank = np.array([state.rank[i] for i in cands])
    voters = np.array([float(state.support[i]) for i in cands])
    v = np.full(state.groups, float(per_voter))
    slope = np.ones(state.groups)
    alive = np.ones(len(cands), dtype=bool)
    bound = math.inf
    chosen_seq = [column[i] for i in selection]
    slopes = _ExactSlopes(state)
    for step in range(len(chosen_seq) + 1):
        q = np.flatnonzero(alive)
        if not len(q):
            break
        mq, cq = weights[:, q], cost[q]
        total, total_slope = v @ mq, slope @ mq
        affordable = total >= cq * (1 - 1e-12)
        if step == len(chosen_seq):
            # The run ended: every project left must stay unaffordable, total(d) < cost.
            if affordable.any():
                return 0.0  # floats disagree with the exact run: skip nothing
            rising = total_slope > 0
            if rising.any():
                bound = min(bound, float(((cq - total)[rising] / total_slope[rising]).min()))
            break
        c = int(np.flatnonzero(q == chosen_seq[step])[0])
        if not affordable[c]:
            return 0.0
        vq = voters[q]
        # The chosen project must be the cheapest per voter here (ties by rank), and its
        # payment a(d) stays affine while its split holds. Only the chosen project and those
        # tied with it need their payments: the others are told apart by what they can raise.
        paid = _pay(v, slope, mq, cq, vq, affordable, np.array([c]))
        if paid is None:
            return 0.0
        a_c, a_slope_c, poor_c = float(paid[0][0]), float(paid[1][0]), paid[2][:, 0]
        rho_c = a_c / cq[c]
        c_poor = poor_c & (mq[:, c] > 0)
        chosen = cands[q[c]]
        bound = min(bound, _split_range(v, slope, mq[:, c] > 0, a_c, a_slope_c, poor_c))
        # No other project may become cheaper per voter. Budgets never fall as b rises
        # (slopes >= 0) and the chosen price never rises. With F(x) the money q's supporters
        # can put up at price x, and S the slope of those who have less than x, project q
        # cannot undercut while d < (cost_q - F(x_c)) / S, where x_c = cost_q * rho_c.
        # F(x_c) >= cost_q means q is (about) as cheap as c now: a tie, or floats disagree.
        target = cq * rho_c
        raised = (np.minimum(v[:, None], target) * mq).sum(axis=0)
        speed = ((v[:, None] < target) * slope[:, None] * mq).sum(axis=0)
        others = np.ones(len(q), dtype=bool)
        others[c] = False
        tied = np.flatnonzero(others & (raised >= cq * (1 - 1e-9)))
        if len(tied):
            if not affordable[tied].all() or (rank[q][tied] < rank[q][c]).any():
                return 0.0
            paid = _pay(v, slope, mq, cq, vq, affordable, tied)
            if paid is None:
                return 0.0
            # The exact run chose c, so a float price below rho_c is rounding, unless far below.
            if (paid[0] / cq[tied] < rho_c * (1 - 1e-9)).any():
                return 0.0
        for k, j in enumerate(tied):
            # A (near) tie at d = 0: compare the exact affine prices while j's split holds.
            a_j, a_slope_j, poor_j = float(paid[0][k]), float(paid[1][k]), paid[2][:, k]
            dc, dj = a_slope_c / cq[c], a_slope_j / cq[j]
            if not keeps_ahead(slopes.price, step, chosen, c_poor, cands[q[j]], poor_j, dc, dj):
                return 0.0
            bound = min(bound, _split_range(v, slope, mq[:, j] > 0, a_j, a_slope_j, poor_j))
        spread = others & (raised < cq * (1 - 1e-9)) & (speed > 0)
        if spread.any():
            bound = min(bound, float(((cq - raised)[spread] / speed[spread]).min()))
        # Apply the selection: paying supporters lose a, the others everything.
        member = mq[:, c] > 0
        pays, broke = member & ~poor_c, member & poor_c
        slopes.record(pays, broke, chosen)
        v[pays] -= a_c
        slope[pays] -= a_slope_c
        v[broke] = 0.0
        slope[broke] = 0.0
        alive[q[c]] = False
    return max(bound, 0.0)


def _pay(
    v: np.ndarray,
    slope: np.ndarray,
    mq: np.ndarray,
    cq: np.ndarray,
    vq: np.ndarray,
    affordable: np.ndarray,
    cols: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Payments, their slopes and the broke of projects ``cols``; None at a boundary."""
    a, a_slope, poor = _payments(v, slope, mq[:, cols], cq[cols], vq[cols], affordable[cols])
    if not (np.isfinite(a).all() and np.isfinite(a_slope).all()):
        return None  # budgets exactly cover a cost: a boundary, so skip nothing
    return a, a_slope, poor


def _split_range(
    v: np.ndarray,
    slope: np.ndarray,
    member: np.ndarray,
    a: float,
    a_slope: float,
    poor: np.ndarray,
) -> float:
    """How long a project's split into full payers and broke supporters holds."""
    gap = np.where(poor, a - v, v - a)
    rate = np.where(poor, slope - a_slope, a_slope - slope)
    hit = member & (rate > 0)
    return float((gap[hit] / rate[hit]).min()) if hit.any() else math.inf


def _payments(
    v: np.ndarray,
    slope: np.ndarray,
    mq: np.ndarray,
    cost: np.ndarray,
    voters: np.ndarray,
    affordable: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per project: payment per full payer, its slope in b, and which supporters are broke."""
    alpha = np.where(affordable, cost / voters, np.inf)
    poor = np.zeros(mq.shape, dtype=bool)
    while True:  # the poor sets only grow, so this ends
        grown = poor | ((v[:, None] < alpha) & (mq > 0))
        if np.array_equal(grown, poor):
            break
        poor = grown
        gives = mq * poor
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = np.where(affordable, (cost - v @ gives) / (voters - gives.sum(axis=0)), np.inf)
    gives = mq * poor
    with np.errstate(divide="ignore", invalid="ignore"):
        a_slope = -(slope @ gives) / (voters - gives.sum(axis=0))
    return alpha, np.where(affordable, a_slope, 0.0), poor


class _ExactSlopes(ExactSlopes):
    """``add1_skip_lean.ExactSlopes`` on numpy: payers as a mask, broke groups as indices."""

    def __init__(self, state: MesState) -> None:
        super().__init__(state, state.arrays.weight)

    def _pays(self, pays: np.ndarray, g: int) -> bool:
        return bool(pays[g])

    def _weight(self, groups: np.ndarray) -> int:
        return int(self.weight[groups].sum())

    def record(self, pays: np.ndarray, broke: np.ndarray, project: int) -> None:
        super().record(pays, np.flatnonzero(broke), project)

    def price(self, step: int, project: int, poor: np.ndarray) -> Fraction | None:
        """Exact slope of project's price per unit cost, with ``poor`` giving all they have."""
        return super().price(step, project, np.flatnonzero(poor))
