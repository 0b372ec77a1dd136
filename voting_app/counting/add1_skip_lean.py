"""The replay of ``add1_skip``: how far b can rise with every choice of a run intact.

It replays the run in floats, each budget and payment an affine function of b, and checks
each choice as an inequality in b (see add1_skip for why each one holds), walking each
project's supporters. Only the small elections that run in plain Python (``mes_lean``) are
replayed: on the larger ones some split changes at almost every add1 step, so a replay
rarely skips anything and costs more than the runs it could save (add1_skip).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voting_app.counting.mes_state import MesState

_Split = tuple[float, float, set[int]]  # payment, its slope in b, supporters who give all


def stable_range(
    state: MesState, per_voter: Fraction, selection: list[int], least: float = 0.0
) -> float:
    """The largest d such that budgets in [b, b + d) repeat every choice of this run.

    0 as soon as d is surely below ``least`` (skipping nothing is always safe): the bound
    only falls as the replay goes on, and most replays that fail do so in the first steps.
    """
    cands = state.candidates
    if not cands:
        return math.inf
    lean = state.lean
    sup, sup_w, cost = lean.supporters, lean.supporter_weights, lean.cost_f
    support, rank = state.support, state.rank
    v = [float(per_voter)] * state.groups
    slope = [1.0] * state.groups
    alive = list(cands)
    bound = math.inf
    slopes = ExactSlopes(state, lean.weight)

    def pay(j: int) -> _Split | None:
        """Project j's payment, its slope and who gives all (None: budgets just cover it)."""
        voters = float(support[j])
        alpha = cost[j] / voters
        poor: set[int] = set()
        given = weight = 0.0
        while True:  # the poor set only grows, so this ends
            grown = {g for g in sup[j] if v[g] < alpha} | poor
            if len(grown) == len(poor):
                break
            poor = grown
            given = sum(v[g] * lean.weight[g] for g in poor)
            weight = float(sum(lean.weight[g] for g in poor))
            if voters - weight <= 0:
                return None  # budgets exactly cover the cost: a boundary, so skip nothing
            alpha = (cost[j] - given) / (voters - weight)
        a_slope = -sum(slope[g] * lean.weight[g] for g in poor) / (voters - weight)
        return alpha, a_slope, poor

    def split_range(j: int, split: _Split) -> float:
        """How long project j's split into full payers and broke supporters holds."""
        a, a_slope, poor = split
        best = math.inf
        for g in sup[j]:
            if g in poor:
                gap, rate = a - v[g], slope[g] - a_slope
            else:
                gap, rate = v[g] - a, a_slope - slope[g]
            if rate > 0:
                best = min(best, gap / rate)
        return best

    for step in range(len(selection) + 1):
        if not alive:
            break
        totals = {j: sum(v[g] * w for g, w in zip(sup[j], sup_w[j], strict=True)) for j in alive}
        affordable = {j for j in alive if totals[j] >= cost[j] * (1 - 1e-12)}
        if step == len(selection):
            # The run ended: every project left must stay unaffordable, total(d) < cost.
            if affordable:
                return 0.0  # floats disagree with the exact run: skip nothing
            for j in alive:
                rising = sum(slope[g] * w for g, w in zip(sup[j], sup_w[j], strict=True))
                if rising > 0:
                    bound = min(bound, (cost[j] - totals[j]) / rising)
            break
        c = selection[step]
        if c not in affordable:
            return 0.0
        split_c = pay(c)
        if split_c is None:
            return 0.0
        a_c, a_slope_c, poor_c = split_c
        rho_c = a_c / cost[c]
        bound = min(bound, split_range(c, split_c))
        if bound < least:
            return 0.0
        tied: list[int] = []
        for j in alive:
            if j == c:
                continue
            target = cost[j] * rho_c
            raised = speed = 0.0
            for g, w in zip(sup[j], sup_w[j], strict=True):
                if v[g] < target:
                    raised += v[g] * w
                    speed += slope[g] * w
                else:
                    raised += target * w
            if raised >= cost[j] * (1 - 1e-9):
                tied.append(j)
            elif speed > 0:
                bound = min(bound, (cost[j] - raised) / speed)
        if any(j not in affordable or rank[j] < rank[c] for j in tied):
            return 0.0
        splits = [pay(j) for j in tied]
        for j, split in zip(tied, splits, strict=True):
            # The exact run chose c, so a float price below rho_c is rounding, unless far below.
            if split is None or split[0] / cost[j] < rho_c * (1 - 1e-9):
                return 0.0
        for j, split in zip(tied, splits, strict=True):
            assert split is not None
            # A (near) tie at d = 0: compare the exact affine prices while j's split holds.
            dc, dj = a_slope_c / cost[c], split[1] / cost[j]
            if not keeps_ahead(slopes, step, c, poor_c, j, split[2], dc, dj):
                return 0.0
            bound = min(bound, split_range(j, split))
        if bound < least:
            return 0.0
        # Apply the selection: paying supporters lose a, the others everything.
        pays = [g for g in sup[c] if g not in poor_c]
        slopes.record(set(pays), set(poor_c), c)
        for g in pays:
            v[g] -= a_c
            slope[g] -= a_slope_c
        for g in poor_c:
            v[g] = 0.0
            slope[g] = 0.0
        alive.remove(c)
    return max(bound, 0.0)


class ExactSlopes:
    """Exact slopes in b of the replayed budgets and prices, for near ties only.

    A group's budget rises by 1 per unit of b, less the slopes of the payments it made in
    full, or stays 0 once it gave all it had. A payment's slope is minus the slope of what
    the broke supporters gave, shared by the full payers. Floats cannot tell two equal slopes
    from two that differ in the 12th digit, and the later one decides who wins a tie.
    """

    def __init__(self, state: MesState, weight: list[int]) -> None:
        self.state = state
        self.weight = weight  # per group: how many voters it stands for
        self.steps: list[tuple[set[int], set[int], int]] = []  # pays, broke, payers
        self._payment: dict[int, Fraction] = {}

    def _weight(self, groups: set[int]) -> int:
        return sum(self.weight[g] for g in groups)

    def record(self, pays: set[int], gone: set[int], project: int) -> None:
        payers = self.state.support[project] - self._weight(gone)
        self.steps.append((pays, gone, payers))

    def group(self, g: int, step: int) -> Fraction:
        """Exact slope of group g's budget before selection ``step``."""
        value = Fraction(1)
        for s in range(step):
            pays, gone, _ = self.steps[s]
            if g in gone:
                return Fraction(0)
            if g in pays:
                value -= self.payment(s)
        return value

    def payment(self, s: int) -> Fraction:
        """Exact slope of the payment per full payer at selection s."""
        if s not in self._payment:
            _, gone, payers = self.steps[s]
            given = sum((self.group(h, s) * self.weight[h] for h in gone), Fraction(0))
            self._payment[s] = -given / payers
        return self._payment[s]

    def price(self, step: int, project: int, poor: set[int]) -> Fraction | None:
        """Exact slope of project's price per unit cost, with ``poor`` giving all they have."""
        payers = self.state.support[project] - self._weight(poor)
        if payers <= 0:
            return None
        given = sum((self.group(h, step) * self.weight[h] for h in poor), Fraction(0))
        return -given / payers / self.state.cost[project]


def keeps_ahead(
    slopes: ExactSlopes,
    step: int,
    c: int,
    c_poor: set[int],
    j: int,
    j_poor: set[int],
    dc: float,
    dj: float,
) -> bool:
    """Whether project j's price, tied with the chosen c's now, falls no faster than c's.

    ``dc`` and ``dj`` are the float slopes; where they are close, the exact ones decide.
    """
    tol = 1e-9 * max(abs(dj), abs(dc))
    if dj > dc + tol:
        return True
    if dj < dc - tol:
        return False
    exact_j = slopes.price(step, j, j_poor)
    exact_c = slopes.price(step, c, c_poor)
    return exact_j is not None and exact_c is not None and exact_j >= exact_c
