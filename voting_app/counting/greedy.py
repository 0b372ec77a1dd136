"""Greedy by votes: fund the most-voted projects that still fit (pabutools' ``greedy_cost``)."""

from __future__ import annotations

from voting_app.counting.election import Amount, Election, TieBreak
from voting_app.counting.outcome import Outcome, Step


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
            steps.append(Step(project.id, "completion" if start else "greedy", remaining=remaining))
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
