"""The Method of Equal Shares engine: exact, and fast on elections of any size.

Voters with the same ballot form one group. A group's budget is tracked as a float for speed,
and is known exactly as ``b - sum(alpha_s)`` over the selections s it paid in full, or as 0
once it gave all it had. Floats decide wherever they are clear by a wide margin; where they
are not (a near tie between projects, a supporter whose budget is close to the price, a
project that is just affordable) exact fractions decide. Each selection keeps a recipe for its
exact payment, computed only when needed, so most runs do no fraction arithmetic at all.

This is the numpy run, for elections above ``mes_state.LEAN_CELLS`` voter groups x projects;
``mes_state.MesState`` prepares the election and imports this module only for them. The
selection loop itself (a lazy priority queue) is ``mes_lean.select_rest``, shared with the
plain Python run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from voting_app.counting.mes_lean import exact_winner

if TYPE_CHECKING:
    from voting_app.counting.mes_state import MesState

EPS = 1e-9  # relative margin; float error here stays below 1e-12
_NEVER = np.iinfo(np.int64).max


class Arrays:
    """A ``MesState``'s election as numpy arrays, built once for all its numpy runs."""

    def __init__(self, state: MesState) -> None:
        self.groups, self.candidates = state.groups, state.candidates
        self.weight = np.array(state.weights, dtype=np.int64)
        self.weight_f = self.weight.astype(np.float64)
        self.supporters = [np.array(m, dtype=np.int64) for m in state.members]
        # Per project, its supporters' voters as floats: asked for at every price and check.
        self.supporter_weight_f = [self.weight_f[sup] for sup in self.supporters]


@dataclass(frozen=True)
class _Recipe:
    """How to compute a selection's exact payment: (cost - what the broke gave) / payers."""

    project: int
    broke: np.ndarray  # groups that gave all they had
    payers: int  # voters who paid the payment in full


class Run:
    """The budgets of one MES run, and its selections."""

    solvent_w: np.ndarray  # set by track_growth, and read only while growth is tracked

    def __init__(self, state: MesState, per_voter: Fraction) -> None:
        self.s = state
        self.a = state.arrays
        self.b = per_voter
        self.vf = np.full(state.groups, float(per_voter))
        self.broke_at = np.full(state.groups, _NEVER, dtype=np.int64)
        # Voters in groups that never gave all they had (kept only with ``growth``).
        self.solvent = int(self.a.weight.sum())
        # add1_follow's bounds on budget growth: per unit of budget, and up to its reach
        self.growth: tuple[np.ndarray, np.ndarray] | None = None
        self.paid = np.zeros((state.groups, max(len(state.candidates), 1)), dtype=bool)
        self.recipes: list[_Recipe] = []
        self.alpha_f: list[float] = []
        self._exact: dict[int, Fraction] = {}

    @property
    def selected(self) -> list[int]:
        return [r.project for r in self.recipes]

    def payments(self) -> list[Fraction]:
        """The exact payment per full payer of every selection, in order."""
        return [self._alpha(s) for s in range(len(self.recipes))]

    def left(self, i: int) -> float:
        """Money project i's supporters have left at the end (for explanations).

        From the exact budgets: a float sum would differ from ``LeanRun.left`` in the last
        bits, and a total of ...,375 could then print as another cent.
        """
        return float(self._exact_sum(self.a.supporters[i]))

    # --- prices -----------------------------------------------------------------------

    def price(self, i: int) -> float | None:
        """Float rho (payment per full payer / cost) of project i; None if unaffordable."""
        s, a = self.s, self.a
        sup = a.supporters[i]
        v, m = self.vf[sup], a.supporter_weight_f[i]
        cost = float(s.cost[i])
        total = float(v @ m)
        if total < cost * (1 - EPS):
            return None
        if total <= cost * (1 + EPS) and self._exact_sum(sup) < s.cost[i]:
            return None
        # Water-filling by the poor/rich fixed point: supporters with less than the price
        # give all they have, the others share the rest.
        # The poor set only grows, so this ends even where float rounding wobbles, and a
        # step that adds nobody (the same count) is the fixed point. On arrays of a few
        # dozen groups numpy's cost per call is most of the work, hence the few calls.
        voters = float(s.support[i])
        alpha = cost / voters
        poor = v < alpha
        count = np.count_nonzero(poor)
        while count:
            mp = m[poor]
            payers = voters - float(np.add.reduce(mp))
            if payers <= 0:
                # The budgets just cover the cost: everyone gives all, the richest the most.
                return float(v.max()) / cost
            alpha = (cost - float(v[poor] @ mp)) / payers
            poor |= v < alpha
            grown = np.count_nonzero(poor)
            if grown == count:
                break
            count = grown
        return alpha / cost

    def exact_winner(self, i: int, rho: float, heap: list[tuple[float, int, int]]) -> int:
        """Among projects whose price is within the margin of ``rho``, the exact winner."""
        return exact_winner(self, i, rho, heap)

    # --- selecting ----------------------------------------------------------------------

    def _float_split(
        self, i: int, rho: float | None = None
    ) -> tuple[np.ndarray, np.ndarray, float, float, np.ndarray]:
        """Supporters, their budgets, the float price, its margin, and who is surely broke."""
        sup = self.a.supporters[i]
        v = self.vf[sup]
        rho = self.price(i) if rho is None else rho
        assert rho is not None
        alpha_f = rho * float(self.s.cost[i])
        margin = EPS * max(float(self.b), alpha_f)
        return sup, v, alpha_f, margin, v < alpha_f - margin

    def select(self, i: int, rho: float | None = None) -> None:
        """Fund project i: supporters pay the price in full, or all they have left."""
        s, a = self.s, self.a
        sup, v, alpha_f, margin, broke = self._float_split(i, rho)
        if np.minimum.reduce(np.abs(v - alpha_f)) <= margin:  # a supporter near the price
            alpha, broke = self._split_exact(i)
            alpha_f = float(alpha)
            self._exact[len(self.recipes)] = alpha
        step = len(self.recipes)
        full, gone = sup[~broke], sup[broke]
        payers = s.support[i] - int(np.add.reduce(a.weight[gone]))
        self.recipes.append(_Recipe(i, gone, payers))
        self.alpha_f.append(alpha_f)
        self.vf[full] -= alpha_f
        self.paid[full, step] = True
        self.vf[gone] = 0.0
        if self.growth is not None:  # as LeanRun._grow; only add1_follow reads these
            self.solvent -= int(np.add.reduce(self.solvent_w[gone]))
            self.solvent_w[gone] = 0
            rate, reach = self.growth
            short = alpha_f - v[broke]
            gap = np.maximum(0.0, short - margin)
            m = a.supporter_weight_f[i][broke]
            if payers > 0:
                rate[sup] += float(rate[gone] @ m) / payers
                reach[sup] += float(np.minimum(reach[gone], short + margin) @ m) / payers
            else:
                rate[sup] = reach[sup] = math.inf
            reach[gone] = np.maximum(0.0, reach[gone] - gap)
        # A group that gave all it had earlier is among the broke again (it has 0 left); it
        # keeps its first step, which its exact budget, 0 from then on, depends on.
        self.broke_at[gone] = np.minimum(self.broke_at[gone], step)

    def track_growth(self, reach: float) -> None:
        """Start add1_follow's bounds on budget growth: 1 per unit of budget, up to ``reach``.

        Before any selection. From then on ``solvent_w`` holds each group's voters while it
        never gave all it had, and 0 after, so ``raised`` sums it without asking ``broke_at``.
        """
        self.growth = (np.ones(self.s.groups), np.full(self.s.groups, reach))
        self.solvent_w = self.a.weight.copy()

    def poorest(self, i: int) -> float:
        """The smallest budget among project i's supporters."""
        return float(np.minimum.reduce(self.vf[self.a.supporters[i]]))

    def raised(self, j: int, x: float) -> tuple[float, int, float, float]:
        """What project j's supporters can put up at payment x, and bounds for those below x.

        As ``LeanRun.raised``; only after ``track_growth``.
        """
        a = self.a
        sup = a.supporters[j]
        v, m = self.vf[sup], a.supporter_weight_f[j]
        below = v < x
        total = float(np.minimum(v, x) @ m)
        sb = sup[below]
        assert self.growth is not None, "raised is asked only after track_growth"
        solvent = int(np.add.reduce(self.solvent_w[sb]))
        rate, reach = self.growth
        mb = m[below]
        far = np.minimum(reach[sb], x - v[below])
        return total, solvent, float(rate[sb] @ mb), float(far @ mb)

    def _split_exact(self, i: int) -> tuple[Fraction, np.ndarray]:
        """Exact payment for project i now, and which supporters give all they have."""
        s, a = self.s, self.a
        sup, v, alpha_f, margin, broke = self._float_split(i)
        unsure = ~broke & (v <= alpha_f + margin)
        now = len(self.recipes)
        paid = self._exact_sum(sup[broke], now)
        payers = s.support[i] - int(a.weight[sup[broke]].sum())
        exact = {int(g): self._exact_value(int(g), now) for g in sup[unsure]}
        alpha = (s.cost[i] - paid) / payers
        for g in sorted(exact, key=exact.__getitem__):
            if alpha <= exact[g]:
                break  # this supporter and all richer ones pay the price in full
            paid += exact[g] * int(a.weight[g])
            payers -= int(a.weight[g])
            alpha = (s.cost[i] - paid) / payers
        if exact:
            gives_all = np.array([exact[int(g)] < alpha for g in sup[unsure]])
            broke = broke.copy()
            broke[np.flatnonzero(unsure)] = gives_all
        return Fraction(alpha), broke

    # --- exact values -------------------------------------------------------------------

    def _alpha(self, step: int) -> Fraction:
        """Exact payment of selection ``step``, from its recipe (memoised)."""
        if step not in self._exact:
            r = self.recipes[step]
            given = self._exact_sum(r.broke, step)
            self._exact[step] = (self.s.cost[r.project] - given) / r.payers
        return self._exact[step]

    def _exact_sum(self, groups: np.ndarray, step: int | None = None) -> Fraction:
        """Exact total budget of ``groups`` (times multiplicity) before selection ``step``."""
        step = len(self.recipes) if step is None else step
        live = groups[self.broke_at[groups] >= step]
        if not len(live):
            return Fraction(0)
        m = self.a.weight[live]
        total = self.b * int(m.sum())
        if step:
            counts = m @ self.paid[live, :step]
            for s in np.flatnonzero(counts):
                total -= self._alpha(int(s)) * int(counts[s])
        return Fraction(total)

    def _exact_value(self, g: int, step: int) -> Fraction:
        if self.broke_at[g] < step:
            return Fraction(0)
        value = self.b
        for s in np.flatnonzero(self.paid[g, :step]):
            value -= self._alpha(int(s))
        return Fraction(value)
