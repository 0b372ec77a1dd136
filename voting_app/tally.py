"""Count a stemronde: greedy by votes, or the Method of Equal Shares (MES) with completion.

Both rules are exact (integers and fractions) and use a fixed, published tie-break. They give
the same outcomes as pabutools 1.2.3 (``greedy_cost``, ``mes_cost``, ``mes_cost_add1`` and
the add1 + greedy completion) on every approval election in pabulib we test against.

MES is fast because voters with the same ballot are one group, and every voter's remaining
budget is one of a handful of exact values ("budget classes"); each project's supporters are
counted per class with numpy. A lazy priority queue re-evaluates a project only when it might
be the next winner: its price per voter can only rise as budgets fall.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np

from voting_app.election import Amount, Election, TieBreak

Rule = Literal["greedy", "mes"]
Completion = Literal["none", "add1", "add1_greedy"]


@dataclass(frozen=True)
class Step:
    """How a project came to be funded."""

    project: str
    by: Literal["greedy", "mes", "completion"]
    payment: Fraction | None = None  # MES: the most any supporter paid
    remaining: Amount | None = None  # greedy: money left after it


@dataclass(frozen=True)
class Outcome:
    """The result of a count: funded projects in the order chosen, and how."""

    funded: tuple[str, ...]
    steps: tuple[Step, ...]
    votes: Mapping[str, int]
    cost: Amount
    budget: Amount
    voter_budget: Fraction | None = None  # MES: the per-voter budget of the final run
    voter_budgets: Mapping[str, float] = field(default_factory=dict)  # MES: left per project

    @property
    def leftover(self) -> Amount:
        return self.budget - self.cost


def count(election: Election, rule: Rule, tie_break: TieBreak | None = None) -> Outcome:
    """Count with a product rule: ``greedy``, or ``mes`` (add1 completion, then greedy)."""
    tie_break = tie_break or TieBreak()
    if rule == "greedy":
        return greedy(election, tie_break)
    return mes(election, tie_break, completion="add1_greedy")


def greedy(election: Election, tie_break: TieBreak, start: Outcome | None = None) -> Outcome:
    """Fund projects by number of votes, skipping any that no longer fit.

    As in pabutools, a project without votes can still be funded at the end if it fits.
    With ``start``, continue from an earlier outcome (the MES greedy completion).
    """
    votes = election.votes()
    ranks = tie_break.ranks(election.projects, votes)
    chosen = set(start.funded) if start else set()
    steps = list(start.steps) if start else []
    remaining = election.budget - sum(p.cost for p in election.projects if p.id in chosen)

    def density(project_id: str, cost: Amount) -> int:
        return votes[project_id] if cost > 0 else 0

    order = sorted(
        (p for p in election.projects if p.id not in chosen),
        key=lambda p: (-density(p.id, p.cost), ranks[p.id]),
    )
    for project in order:
        if project.cost <= remaining:
            remaining -= project.cost
            chosen.add(project.id)
            by = "completion" if start else "greedy"
            steps.append(Step(project.id, by, remaining=remaining))
    funded = tuple(s.project for s in steps)
    return Outcome(
        funded=funded,
        steps=tuple(steps),
        votes=votes,
        cost=election.budget - remaining,
        budget=election.budget,
        voter_budget=start.voter_budget if start else None,
        voter_budgets=start.voter_budgets if start else {},
    )


def mes(election: Election, tie_break: TieBreak, completion: Completion = "none") -> Outcome:
    """The Method of Equal Shares with cost utilities.

    ``add1``: rerun with the per-voter budget raised by 1 until the outcome is exhaustive,
    stopping before it would overspend. ``add1_greedy``: then fill up greedily.
    """
    votes = election.votes()
    ranks = tie_break.ranks(election.projects, votes)
    state = _MesState(election, ranks)
    n = len(election.ballots)
    if n == 0:
        outcome = _outcome(election, votes, [], None, {})
    else:
        per_voter = Fraction(election.budget) / n
        selection, budgets = state.run(per_voter)
        outcome = _outcome(election, votes, selection, per_voter, budgets)
        while completion != "none" and not state.exhaustive(outcome.funded):
            per_voter += 1
            selection, budgets = state.run(per_voter)
            if sum(state.cost[i] for i, _ in selection) > election.budget:
                break
            outcome = _outcome(election, votes, selection, per_voter, budgets)
    if completion == "add1_greedy" and not _exhaustive_all(election, outcome.funded):
        outcome = greedy(election, tie_break, start=outcome)
    return outcome


def _outcome(
    election: Election,
    votes: Mapping[str, int],
    selection: list[tuple[int, Fraction]],
    per_voter: Fraction | None,
    budgets: Mapping[str, float],
) -> Outcome:
    ids = [p.id for p in election.projects]
    cost = sum((election.projects[i].cost for i, _ in selection), 0)
    steps = tuple(Step(ids[i], "mes", payment=pay) for i, pay in selection)
    return Outcome(
        funded=tuple(s.project for s in steps),
        steps=steps,
        votes=votes,
        cost=cost,
        budget=election.budget,
        voter_budget=per_voter,
        voter_budgets=budgets,
    )


def _exhaustive_all(election: Election, funded: tuple[str, ...]) -> bool:
    chosen = set(funded)
    cost = sum(p.cost for p in election.projects if p.id in chosen)
    return all(p.cost + cost > election.budget for p in election.projects if p.id not in chosen)


class _MesState:
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
        self.candidates = [i for i, p in enumerate(projects) if self.support[i] > 0 and p.cost > 0]

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

    def __init__(self, state: _MesState, per_voter: Fraction) -> None:
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
        order = np.argsort(v, kind="stable")
        vs, ms = v[order], m[order]
        paid_before = np.concatenate(([0.0], np.cumsum(vs * ms)[:-1]))
        payers = s.support[i] - np.concatenate(([0.0], np.cumsum(ms)[:-1]))
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = (cost - paid_before) / payers
        k = int(np.argmax(alpha <= vs * (1 + s.EPS)))
        return float(alpha[k]) / cost

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
