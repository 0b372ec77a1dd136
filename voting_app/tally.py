"""Count a stemronde: greedy by votes, or the Method of Equal Shares (MES) with completion.

Both rules are exact (integers and fractions) and use a fixed, published tie-break. They give
the same outcomes as pabutools 1.2.3 (``greedy_cost``, ``mes_cost``, ``mes_cost_add1`` and
the add1 + greedy completion) on every approval election in pabulib we test against.

How MES stays fast and exact: ``mes_engine`` (one run) and ``mes_range`` (skipping add1
steps that cannot change the outcome).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from voting_app.election import Amount, Election, TieBreak
from voting_app.mes_engine import MesState, Run
from voting_app.mes_range import Skipper

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
    n = len(election.ballots)
    if n == 0:
        outcome = Outcome((), (), votes, 0, election.budget)
    else:
        state = MesState(election, tie_break.ranks(election.projects, votes))
        per_voter = Fraction(election.budget) / n
        run = state.run(per_voter)
        if completion != "none":
            skipper = Skipper(state)
            while not state.exhaustive(run.selected):
                # Skip the add1 steps that provably repeat this outcome (see mes_range).
                steps = skipper.steps(per_voter, run.selected)
                if steps == 0:
                    break
                bigger = state.run(per_voter + steps)
                if sum(state.cost[i] for i in bigger.selected) > election.budget:
                    break
                per_voter, run = per_voter + steps, bigger
        outcome = _outcome(election, votes, run, per_voter)
    if completion == "add1_greedy" and not _exhaustive_all(election, outcome.funded):
        outcome = greedy(election, tie_break, start=outcome)
    return outcome


def _outcome(
    election: Election, votes: Mapping[str, int], run: Run, per_voter: Fraction
) -> Outcome:
    ids = [p.id for p in election.projects]
    steps = tuple(
        Step(ids[i], "mes", payment=pay)
        for i, pay in zip(run.selected, run.payments(), strict=True)
    )
    return Outcome(
        funded=tuple(s.project for s in steps),
        steps=steps,
        votes=votes,
        cost=sum((election.projects[i].cost for i in run.selected), 0),
        budget=election.budget,
        voter_budget=per_voter,
        voter_budgets={ids[i]: run.left(i) for i in range(len(ids))},
    )


def _exhaustive_all(election: Election, funded: tuple[str, ...]) -> bool:
    chosen = set(funded)
    cost = sum(p.cost for p in election.projects if p.id in chosen)
    return all(p.cost + cost > election.budget for p in election.projects if p.id not in chosen)
