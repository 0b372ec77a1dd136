"""An election prepared once for any number of MES runs, in plain Python or with numpy.

Voters with the same ballot form one group. Small elections run in plain Python
(``mes_lean``), where numpy's cost per call would be most of a run; larger ones in numpy
(``mes_engine``). numpy is imported only when a count needs it: importing it costs more
than a whole `wijkwerk tally` process that recounts a small election without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from voting_app.counting.election import Election
from voting_app.counting.mes_lean import LeanRun, select_rest

if TYPE_CHECKING:
    from voting_app.counting.mes_engine import Arrays, Run

# Up to this many voter groups x candidate projects a run in plain Python (mes_lean) beats
# numpy, whose per-call cost dominates on small arrays. Measured on whole add-one counts of
# every pabulib file, each in a new process, numpy's import (about 55 ms) included: every
# file up to 9,810 cells counts faster in Python (Amsterdam 288, 691 groups x 14: 79 ms with
# numpy, 18 ms without; Assen 2025, 218 x 32: 198 and 112 ms), the first one above, Zoliborz
# 2019 (575 x 19), 1.5x slower. Above, the two take turns with no size that divides them.
LEAN_CELLS = 10_000


class Lean(NamedTuple):
    """The election as Python lists, for ``mes_lean.LeanRun``."""

    weight: list[int]
    supporters: list[list[int]]
    supporter_weights: list[list[int]]  # the weight of each of a project's supporters
    supporter_sets: list[frozenset[int]]
    cost_f: list[float]


class MesState:
    """An election prepared once for any number of MES runs."""

    def __init__(
        self, election: Election, ranks: Mapping[str, int], lean: bool | None = None
    ) -> None:
        self.election = election
        projects = election.projects
        index = {p.id: i for i, p in enumerate(projects)}
        groups: dict[frozenset[int], int] = {}
        for approved, k in election.approvals().items():
            key = frozenset(index[pid] for pid in approved)
            groups[key] = groups.get(key, 0) + k
        members: list[list[int]] = [[] for _ in projects]
        for g, key in enumerate(groups):
            for i in key:
                members[i].append(g)
        self.groups = len(groups)
        self.cost = [p.cost for p in projects]
        self.rank = [ranks[p.id] for p in projects]
        self.weights = list(groups.values())  # voters per group
        self.members = members  # per project: the groups that support it
        self.support = [sum(self.weights[g] for g in m) for m in members]
        self.voters = sum(self.weights)
        # pabutools' candidates: approved by someone, and not free (a free project gives no
        # cost-satisfaction, so MES never selects it).
        self.candidates = [i for i, p in enumerate(projects) if self.support[i] > 0 and p.cost > 0]
        cells = self.groups * max(len(self.candidates), 1)
        self.use_lean = cells <= LEAN_CELLS if lean is None else lean

    @cached_property
    def arrays(self) -> Arrays:
        """The election as numpy arrays, for the numpy runs."""
        from voting_app.counting.mes_engine import Arrays

        return Arrays(self)

    @cached_property
    def lean(self) -> Lean:
        """Python lists of the weights, supporters and float costs, for ``LeanRun``."""
        weight, supporters = self.weights, self.members
        return Lean(
            weight,
            supporters,
            [[weight[g] for g in sup] for sup in supporters],
            self.supporter_sets,
            [float(c) for c in self.cost],
        )

    @cached_property
    def supporter_sets(self) -> list[frozenset[int]]:
        """Each project's supporting groups as a set."""
        return [frozenset(sup) for sup in self.members]

    def exhaustive(self, selected: list[int]) -> bool:
        """No candidate left out still fits in the budget (pabutools' add1 stop test)."""
        chosen = set(selected)
        spent = sum(self.cost[i] for i in chosen)
        budget = self.election.budget
        return all(self.cost[i] + spent > budget for i in self.candidates if i not in chosen)

    def start(self, per_voter: Fraction) -> Run | LeanRun:
        """A run with ``per_voter`` as every voter's starting budget, before any selection."""
        if self.use_lean:
            return LeanRun(self, per_voter)
        from voting_app.counting.mes_engine import Run

        return Run(self, per_voter)

    def run(self, per_voter: Fraction) -> Run | LeanRun:
        """One MES run with ``per_voter`` as every voter's starting budget."""
        return select_rest(self.start(per_voter), self.candidates)
