"""The Method of Equal Shares (MES) with cost utilities, and its add1 and greedy completion.

Exact (integers and fractions) with a fixed, published tie-break; the same outcomes as
pabutools 1.2.3 (``mes_cost``, ``mes_cost_add1`` and add1 + greedy completion) on every
approval election in pabulib we test against. How it stays fast and exact: ``mes_state``
(the election prepared once), ``mes_engine`` (one run with numpy), ``mes_lean`` (the same
run in plain Python, for small elections, which then never import numpy) and
``add1_follow`` (the add1 runs, each following the order of the one before, skipping the
add1 steps that provably repeat it), with ``add1_skip`` (skipping while every split holds,
on small elections; its replay ``add1_skip_lean``) for the runs that do not follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from voting_app.counting.add1_follow import Follower
from voting_app.counting.add1_skip import Skipper
from voting_app.counting.election import Election, TieBreak
from voting_app.counting.greedy import greedy
from voting_app.counting.mes_state import MesState
from voting_app.counting.outcome import Outcome, Step

if TYPE_CHECKING:
    from voting_app.counting.mes_engine import Run
    from voting_app.counting.mes_lean import LeanRun

Completion = Literal["none", "add1", "add1_greedy"]
# Above this many voter groups x candidate projects the add1 runs are ordinary runs: there the
# first full set of checks costs more than following saves (Warsaw 2023 Bemowo: 1.7x slower).
FOLLOW_CELLS = 60_000


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
        if completion == "none":
            run = state.run(per_voter)
        else:
            # Following the order pays where runs repeat it; a large election's first pass
            # over every project and selection costs more than its few runs (add1_follow).
            cells = state.groups * max(len(state.candidates), 1)
            follower = Follower(state, active=cells <= FOLLOW_CELLS)
            skipper = Skipper(state)
            run = follower.run(per_voter)
            while not state.exhaustive(run.selected):
                # Skip the add1 steps that provably repeat this order of selections; while
                # the runs do not follow it, those where every split holds (add1_skip). Not
                # during the follower's first ordinary runs: the runs after them follow the
                # order and mostly jump further for less than a replay costs.
                steps = follower.steps(per_voter)
                if steps == 1 and not follower.following and not follower.warming_up:
                    steps = skipper.steps(per_voter, run.selected)
                if steps == 0:
                    break
                bigger = follower.run(per_voter + steps)
                if sum(state.cost[i] for i in bigger.selected) > election.budget:
                    if steps > 1:  # the last feasible run repeats this outcome at a larger b
                        per_voter, run = per_voter + steps - 1, state.run(per_voter + steps - 1)
                    break
                per_voter, run = per_voter + steps, bigger
        outcome = _outcome(election, votes, run, per_voter)
    if completion == "add1_greedy" and not _exhaustive_all(election, outcome.funded):
        outcome = greedy(election, tie_break, start=outcome)
    return outcome


def _outcome(
    election: Election, votes: Mapping[str, int], run: Run | LeanRun, per_voter: Fraction
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
