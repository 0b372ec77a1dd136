"""The Method of Equal Shares engine: exact, and fast on elections of any size.

Voters with the same ballot form one group. Every group's budget is tracked as a float for
speed and exactly as ``b - sum(alpha_s for the selections s it paid in full)``, or exactly 0
once it has paid all it had. Exact sums over many groups then need one fraction operation per
selection (``b*M - sum(alpha_s * W_s)``), and exact arithmetic decides wherever the floats come
within a wide margin of a tie. A lazy priority queue re-evaluates a project only when it might
be the next winner: its price per voter can only rise as budgets fall.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from voting_app.election import Election


class MesState:
    """Ballots grouped once per election; one MES run per per-voter budget.

    Every group's budget is tracked as a float for speed and exactly as
    ``b - sum(alpha_s for the selections s it paid in full)``, or exactly 0 once it has paid
    all it had. Exact sums over many groups then need one fraction operation per selection
    (``b*M - sum(alpha_s * W_s)``), and exact arithmetic decides wherever the floats come
    within a wide margin of a tie.
    """

    EPS = 1e-9  # relative margin; float error here is below 1e-13

    def __init__(self, election: Election, ranks: Mapping[str, int]) -> None:
        self.election = election
        projects = election.projects
        index = {p.id: i for i, p in enumerate(projects)}
        groups: dict[frozenset[int], int] = {}
        for ballot in election.ballots:
            key = frozenset(index[pid] for pid in ballot.approved)
            groups[key] = groups.get(key, 0) + 1
        members: list[list[int]] = [[] for _ in projects]
        weights = []
        for g, (key, mult) in enumerate(groups.items()):
            weights.append(mult)
            for i in key:
                members[i].append(g)
        self.weight = np.array(weights, dtype=np.int64)
        self.weight_f = self.weight.astype(np.float64)
        self.groups = len(weights)
        self.cost = [p.cost for p in projects]
        self.rank = [ranks[p.id] for p in projects]
        self.supporters = [np.array(m, dtype=np.int64) for m in members]
        self.support = [int(self.weight[m].sum()) if len(m) else 0 for m in self.supporters]
        # pabutools' candidates: approved by someone, and not free (a free project gives no
        # cost-satisfaction, so MES never selects it).
        self._matrix: np.ndarray | None = None
        self.candidates = [i for i, p in enumerate(projects) if self.support[i] > 0 and p.cost > 0]

    def matrix(self) -> np.ndarray:
        """Groups x candidate projects: who supports what (built once, on demand)."""
        if self._matrix is None:
            self._matrix = np.zeros((self.groups, len(self.candidates)), dtype=bool)
            for col, i in enumerate(self.candidates):
                self._matrix[self.supporters[i], col] = True
        return self._matrix

    def exhaustive(self, funded: tuple[str, ...]) -> bool:
        """No candidate left out still fits in the budget (pabutools' add1 stop test)."""
        index = {p.id: i for i, p in enumerate(self.election.projects)}
        chosen = {index[pid] for pid in funded}
        spent = sum(self.cost[i] for i in chosen)
        budget = self.election.budget
        return all(self.cost[i] + spent > budget for i in self.candidates if i not in chosen)

    def run(self, per_voter: Fraction) -> tuple[list[tuple[int, Fraction]], dict[str, float]]:
        """One MES run; returns (project index, payment) per selection and budgets left."""
        run = _Run(self, per_voter)
        heap = [(1.0 / self.support[i], self.rank[i], i) for i in self.candidates]
        heapq.heapify(heap)
        while heap:
            _, rank, i = heapq.heappop(heap)
            rho = run.price(i)
            if rho is None:
                continue  # its supporters cannot pay it any more; budgets only fall
            if heap and rho > heap[0][0] * (1 + self.EPS):
                heapq.heappush(heap, (rho, rank, i))
                continue
            if heap and rho >= heap[0][0] * (1 - self.EPS):
                i = run.exact_winner(i, rho, heap)
            run.select(i)
        left = {
            self.election.projects[i].id: float(run.vf[self.supporters[i]] @
                                                self.weight_f[self.supporters[i]])
            for i in range(len(self.cost))
        }  # fmt: skip
        return run.selection, left


class _Run:
    """The budgets of one MES run."""

    def __init__(self, state: MesState, per_voter: Fraction) -> None:
        self.s = state
        self.b = per_voter
        self.vf = np.full(state.groups, float(per_voter))
        self.zero = np.zeros(state.groups, dtype=bool)
        self.paid = np.zeros((state.groups, max(len(state.candidates), 1)), dtype=np.int64)
        self.alphas: list[Fraction] = []
        self.selection: list[tuple[int, Fraction]] = []

    def price(self, i: int) -> float | None:
        """Float rho (payment per full payer / cost) of project i; None if unaffordable."""
        s = self.s
        sup = s.supporters[i]
        v, m = self.vf[sup], s.weight_f[sup]
        cost = float(s.cost[i])
        total = float(v @ m)
        if total < cost * (1 - s.EPS):
            return None
        if total <= cost * (1 + s.EPS) and self._exact_sum(sup) < s.cost[i]:
            return None
        # Water-filling by the poor/rich fixed point: supporters with less than the price
        # give all they have, the others share the rest; the poor set only grows.
        voters = float(s.support[i])
        alpha = cost / voters
        poor_count = 0
        while True:
            poor = v < alpha
            count = int(np.count_nonzero(poor))
            if count == poor_count:
                return alpha / cost
            poor_count = count
            mp = m[poor]
            alpha = (cost - float(v[poor] @ mp)) / (voters - float(mp.sum()))

    def exact_alpha(self, i: int) -> tuple[Fraction, np.ndarray]:
        """Exact payment per full payer for project i, and which supporters pay it in full."""
        s = self.s
        sup = s.supporters[i]
        v = self.vf[sup]
        rho = self.price(i)
        assert rho is not None
        alpha_f = rho * float(s.cost[i])
        margin = s.EPS * max(float(self.b), alpha_f)
        poor = v < alpha_f - margin
        unsure = ~poor & (v <= alpha_f + margin)
        paid = self._exact_sum(sup[poor])
        payers = s.support[i] - int(s.weight[sup[poor]].sum())
        pays = ~poor & ~unsure
        exact = {g: self._exact_value(g) for g in sup[unsure]}
        alpha = (s.cost[i] - paid) / payers
        for g in sorted(exact, key=exact.__getitem__):
            alpha = (s.cost[i] - paid) / payers
            if alpha <= exact[g]:
                break
            paid += exact[g] * int(s.weight[g])
            payers -= int(s.weight[g])
            alpha = (s.cost[i] - paid) / payers
        if exact:
            full = np.array([exact[g] > alpha for g in sup[unsure]])
            pays[np.flatnonzero(unsure)] = full
        return Fraction(alpha), pays

    def exact_winner(self, i: int, rho: float, heap: list[tuple[float, int, int]]) -> int:
        """Among projects whose price is within the margin of ``rho``, the exact winner."""
        s = self.s
        near = [i]
        while heap and heap[0][0] <= rho * (1 + s.EPS):
            near.append(heapq.heappop(heap)[2])
        keyed = []
        for j in near:
            if self.price(j) is None:
                continue
            keyed.append((self.exact_alpha(j)[0] / s.cost[j], s.rank[j], j))
        keyed.sort()
        for _, rank, j in keyed[1:]:
            heapq.heappush(heap, (self.price(j) or 0.0, rank, j))
        return keyed[0][2]

    def select(self, i: int) -> None:
        alpha, pays = self.exact_alpha(i)
        sup = self.s.supporters[i]
        k = len(self.alphas)
        full, broke = sup[pays], sup[~pays]
        self.vf[full] -= float(alpha)
        self.paid[full, k] = 1
        self.vf[broke] = 0.0
        self.zero[broke] = True
        self.alphas.append(alpha)
        self.selection.append((i, alpha))

    def _exact_sum(self, groups: np.ndarray) -> Fraction:
        """Exact total budget of ``groups`` (weighted by multiplicity)."""
        s = self.s
        live = groups[~self.zero[groups]]
        if not len(live):
            return Fraction(0)
        m = s.weight[live]
        k = len(self.alphas)
        total = self.b * int(m.sum())
        if k:
            w = m @ self.paid[live, :k]
            total -= sum((a * int(c) for a, c in zip(self.alphas, w, strict=True) if c), 0)
        return Fraction(total)

    def _exact_value(self, g: int) -> Fraction:
        if self.zero[g]:
            return Fraction(0)
        row = self.paid[g, : len(self.alphas)]
        return self.b - sum((a for a, p in zip(self.alphas, row, strict=True) if p), Fraction(0))
