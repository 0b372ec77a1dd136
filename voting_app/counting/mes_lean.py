"""One MES run in plain Python, for elections small enough that numpy's per-call cost dominates.

The add-one completion of a small election with a large budget per voter runs MES hundreds
of times, each on arrays of a few dozen voter groups; there a numpy call costs more than the
arithmetic it does. This run keeps budgets in Python lists and makes exactly the choices of
``mes_engine.Run`` (floats where they are clear by the margin ``EPS``, exact fractions where
they are not), so the two agree on every outcome; tests/test_tally_properties.py checks it.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Iterable
from fractions import Fraction
from itertools import accumulate
from operator import mul
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from voting_app.counting.mes_state import MesState

EPS = 1e-9  # the same relative margin as mes_engine
_NEVER = 1 << 62


class _Priced(Protocol):
    """What settling a near tie needs of a run: this module's and ``mes_engine.Run``."""

    s: MesState

    def price(self, i: int) -> float | None: ...

    def _split_exact(self, i: int) -> tuple[Fraction, object]: ...


class _Selecting(_Priced, Protocol):
    """What the selection loop needs of a run: this module's and ``mes_engine.Run``."""

    def exact_winner(self, i: int, rho: float, heap: list[tuple[float, int, int]]) -> int: ...

    def select(self, i: int, rho: float | None = None) -> None: ...


_R = TypeVar("_R", bound=_Selecting)


def select_rest(run: _R, projects: Iterable[int]) -> _R:
    """Select among ``projects`` until none is affordable: the run of both engines.

    A lazy heap re-evaluates a project only when it might be the next winner: its price per
    voter can only rise as budgets fall. Each selection is the exact winner (floats where
    they are clear by ``EPS``, fractions where not) and is paid at the price computed on the
    budgets of that moment, so a run that starts from budgets some earlier selections left
    (``add1_follow``) ends exactly as a run from the start would.
    """
    s = run.s
    heap = [(1.0 / s.support[i], s.rank[i], i) for i in projects]
    heapq.heapify(heap)
    while heap:
        _, rank, i = heapq.heappop(heap)
        rho = run.price(i)
        if rho is None:
            continue  # its supporters cannot pay it any more; budgets only fall
        if heap and rho > heap[0][0] * (1 + EPS):
            heapq.heappush(heap, (rho, rank, i))
            continue
        if heap and rho >= heap[0][0] * (1 - EPS):
            winner = run.exact_winner(i, rho, heap)
            run.select(winner, rho if winner == i else None)
        else:
            run.select(i, rho)  # the price just computed: no need to compute it again
    return run


def exact_winner(run: _Priced, i: int, rho: float, heap: list[tuple[float, int, int]]) -> int:
    """Among projects whose float price is within the margin of ``rho``, the exact winner.

    Shared by both engines: floats pick the candidates, exact fractions (then the tie-break
    rank) decide, and the losers go back on the heap with their prices.
    """
    near = [i]
    while heap and heap[0][0] <= rho * (1 + EPS):
        near.append(heapq.heappop(heap)[2])
    keyed = []
    for j in near:
        price = run.price(j)
        if price is None:
            continue
        alpha, _ = run._split_exact(j)
        keyed.append((alpha / run.s.cost[j], run.s.rank[j], j, price))
    keyed.sort()
    for _, rank, j, price in keyed[1:]:
        heapq.heappush(heap, (price, rank, j))
    return keyed[0][2]


class LeanRun:
    """The budgets of one MES run, and its selections (the interface of ``mes_engine.Run``)."""

    def __init__(self, state: MesState, per_voter: Fraction) -> None:
        lean = state.lean
        self.s = state
        self.w, self.sup, self.cost_f = lean.weight, lean.supporters, lean.cost_f
        self.sup_w, self.sets = lean.supporter_weights, lean.supporter_sets
        self.b = per_voter
        self.bf = float(per_voter)
        self.vf = [self.bf] * state.groups
        self.broke_at = [_NEVER] * state.groups
        # Voters in groups that never gave all they had (kept only with ``growth``).
        self.solvent = sum(self.w)
        # add1_follow's bounds on budget growth: per unit of budget, and up to its reach
        self.growth: tuple[list[float], list[float]] | None = None
        self.recipes: list[tuple[int, list[int], int]] = []  # project, broke groups, payers
        self._exact: dict[int, Fraction] = {}

    def go(self) -> LeanRun:
        """Select until nothing is affordable."""
        return select_rest(self, self.s.candidates)

    @property
    def selected(self) -> list[int]:
        return [r[0] for r in self.recipes]

    def payments(self) -> list[Fraction]:
        return [self._alpha(k) for k in range(len(self.recipes))]

    def left(self, i: int) -> float:
        """Money project i's supporters have left at the end, from the exact budgets."""
        return float(self._exact_sum(self.sup[i], len(self.recipes)))

    # --- prices -----------------------------------------------------------------------

    def price(self, i: int) -> float | None:
        """Float rho of project i (payment per full payer / cost); None if unaffordable."""
        vf, sup = self.vf, self.sup[i]
        cost = self.cost_f[i]
        # map(), sorted() and accumulate() loop in C: a Python loop over supporters costs 3x more.
        values = list(map(vf.__getitem__, sup))
        total = sum(map(mul, values, self.sup_w[i]))
        if total < cost * (1 - EPS):
            return None
        if total <= cost * (1 + EPS) and self._exact_sum(sup, len(self.recipes)) < self.s.cost[i]:
            return None
        voters = self.s.support[i]
        if min(values) * voters >= cost:  # nobody is short: everyone pays the same share
            return 1.0 / voters
        # Water-filling: with supporters by budget, the first k give all they have and the
        # rest pay (cost - given_k) / payers_k, at the first k where that is at most v_k.
        # What the supporters can raise at the level v_k only grows with k: bisect it.
        order = sorted(sup, key=vf.__getitem__)
        vs = list(map(vf.__getitem__, order))
        ws = list(map(self.w.__getitem__, order))
        given = list(accumulate(map(mul, vs, ws), initial=0.0))
        gone = list(accumulate(ws, initial=0))
        lo, hi = 0, len(vs) - 1
        if vs[hi] * (voters - gone[hi]) + given[hi] < cost:
            return vs[hi] / cost  # the budgets just cover the cost: the richest gives the most
        while lo < hi:
            mid = (lo + hi) // 2
            if vs[mid] * (voters - gone[mid]) + given[mid] >= cost:
                hi = mid
            else:
                lo = mid + 1
        return (cost - given[lo]) / (voters - gone[lo]) / cost

    def exact_winner(self, i: int, rho: float, heap: list[tuple[float, int, int]]) -> int:
        """Among projects whose price is within the margin of ``rho``, the exact winner."""
        return exact_winner(self, i, rho, heap)

    # --- selecting ----------------------------------------------------------------------

    def select(self, i: int, rho: float | None = None) -> None:
        """Fund project i: supporters pay the price in full, or all they have left."""
        rho = self.price(i) if rho is None else rho
        assert rho is not None
        vf, sup = self.vf, self.sup[i]
        alpha_f = rho * self.cost_f[i]
        margin = EPS * max(self.bf, alpha_f)
        step = len(self.recipes)
        values = sorted(map(vf.__getitem__, sup))
        at = bisect_left(values, alpha_f - margin)
        if at < len(values) and values[at] <= alpha_f + margin:  # a budget close to the price
            alpha, broke = self._split_exact(i, rho)
            alpha_f = float(alpha)
            self._exact[step] = alpha
        else:
            broke = [g for g in sup if vf[g] < alpha_f - margin] if at else []
        w, broke_at = self.w, self.broke_at
        self.recipes.append((i, broke, self.s.support[i] - sum(w[g] for g in broke)))
        if self.growth is not None:
            self._grow(sup, broke, alpha_f, margin)
        for g in sup:
            vf[g] -= alpha_f
        for g in broke:
            vf[g] = 0.0
            if broke_at[g] > step:  # a group broke earlier keeps its first step (mes_engine)
                broke_at[g] = step
                self.solvent -= w[g]

    # --- what add1_follow needs -------------------------------------------------------

    def _grow(self, sup: list[int], broke: list[int], alpha_f: float, margin: float) -> None:
        """Carry add1_follow's two bounds on how much each budget can grow (see there)."""
        growth, w, vf = self.growth, self.w, self.vf
        assert growth is not None
        rate, reach = growth
        # How far each broke supporter was short of the payment: a little less (what it
        # must grow before it can pay) and a little more (the most it can add to this one).
        gaps = [max(0.0, alpha_f - vf[g] - margin) for g in broke]
        payers = self.recipes[-1][2]
        if payers > 0:
            d_rate = sum(rate[g] * w[g] for g in broke) / payers
            d_reach = sum(min(reach[g], alpha_f - vf[g] + margin) * w[g] for g in broke)
            d_reach /= payers
        else:
            d_rate = d_reach = math.inf
        for g in sup:
            rate[g] += d_rate
            reach[g] += d_reach
        for g, gap in zip(broke, gaps, strict=True):
            reach[g] = max(0.0, reach[g] - gap)

    def track_growth(self, reach: float) -> None:
        """Start add1_follow's bounds on budget growth: 1 per unit of budget, up to ``reach``."""
        self.growth = ([1.0] * self.s.groups, [reach] * self.s.groups)

    def poorest(self, i: int) -> float:
        """The smallest budget among project i's supporters."""
        return min(map(self.vf.__getitem__, self.sup[i]))

    def raised(self, j: int, x: float) -> tuple[float, int, float, float]:
        """What project j's supporters can put up at payment x, and bounds for those below x.

        The voters in supporters with less than x who never gave all they had, and how much
        more those supporters can put up at most per unit of budget and up to add1_follow's
        reach. Only after ``track_growth``: add1_follow is the one caller.
        """
        assert self.growth is not None, "raised is asked only after track_growth"
        vf, broke_at = self.vf, self.broke_at
        total = per_unit = far = 0.0
        solvent = 0
        rate, reach = self.growth
        for g, w in zip(self.sup[j], self.sup_w[j], strict=True):
            v = vf[g]
            if v < x:
                total += v * w
                if broke_at[g] == _NEVER:
                    solvent += w
                per_unit += rate[g] * w
                short, most = x - v, reach[g]
                far += (short if short < most else most) * w  # min(), without its call
            else:
                total += x * w
        return total, solvent, per_unit, far

    def _split_exact(self, i: int, rho: float | None = None) -> tuple[Fraction, list[int]]:
        """Exact payment for project i now, and which supporters give all they have."""
        rho = self.price(i) if rho is None else rho
        assert rho is not None
        vf, w, sup = self.vf, self.w, self.sup[i]
        alpha_f = rho * self.cost_f[i]
        margin = EPS * max(self.bf, alpha_f)
        now = len(self.recipes)
        broke = [g for g in sup if vf[g] < alpha_f - margin]
        unsure = [g for g in sup if alpha_f - margin <= vf[g] <= alpha_f + margin]
        paid = self._exact_sum(broke, now)
        payers = self.s.support[i] - sum(w[g] for g in broke)
        exact = {g: self._exact_value(g, now) for g in unsure}
        cost = self.s.cost[i]
        alpha = (cost - paid) / payers
        for g in sorted(exact, key=exact.__getitem__):
            if alpha <= exact[g]:
                break  # this supporter and all richer ones pay the price in full
            paid += exact[g] * w[g]
            payers -= w[g]
            alpha = (cost - paid) / payers
        broke += [g for g in unsure if exact[g] < alpha]
        return Fraction(alpha), sorted(broke)

    # --- exact values -------------------------------------------------------------------

    def _alpha(self, step: int) -> Fraction:
        """Exact payment of selection ``step``, from its recipe (memoised)."""
        if step not in self._exact:
            project, broke, payers = self.recipes[step]
            given = self._exact_sum(broke, step)
            self._exact[step] = (self.s.cost[project] - given) / payers
        return self._exact[step]

    def _exact_sum(self, groups: list[int], step: int) -> Fraction:
        """Exact total budget of ``groups`` (times multiplicity) before selection ``step``.

        A group paid selection s < step in full exactly when it supports s's project and had
        not given all it had by then (``broke_at`` is the step where it did).
        """
        w, broke_at, sets = self.w, self.broke_at, self.sets
        live = [g for g in groups if broke_at[g] >= step]
        if not live:
            return Fraction(0)
        total = self.b * sum(w[g] for g in live)
        for s in range(step):
            members = sets[self.recipes[s][0]]
            k = sum(w[g] for g in live if g in members)
            if k:
                total -= self._alpha(s) * k
        return Fraction(total)

    def _exact_value(self, g: int, step: int) -> Fraction:
        if self.broke_at[g] < step:
            return Fraction(0)
        value = self.b
        for s in range(step):
            if g in self.sets[self.recipes[s][0]]:
                value -= self._alpha(s)
        return Fraction(value)
