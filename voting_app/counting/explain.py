"""Explain a count in plain Dutch (B1): why each proposal was, or was not, funded."""

from __future__ import annotations

from collections import Counter

from generator.formatting import aantal, euro
from voting_app.counting.election import Amount, Election, TieBreak
from voting_app.counting.outcome import Outcome
from voting_app.counting.rules import RULES


def stemmen(n: int) -> str:
    return aantal(n, "stem", "stemmen")


def explanations(election: Election, outcome: Outcome) -> dict[str, str]:
    """One sentence or two per proposal, keyed by project id."""
    votes = outcome.votes
    cost = {p.id: p.cost for p in election.projects}
    name = {p.id: p.name or p.id for p in election.projects}
    out: dict[str, str] = {}
    for step in outcome.steps:
        v = votes[step.project]
        if step.by == "mes" and step.payment is not None:
            wie = "De stemmer betaalde" if v == 1 else "De stemmers betaalden elk"
            out[step.project] = (
                f"Gekozen met {stemmen(v)}. {wie} ten hoogste {euro(step.payment)} van "
                f"{'het eigen' if v == 1 else 'hun'} deel."
            )
        elif step.by == "completion":
            out[step.project] = (
                f"Gekozen met {stemmen(v)}, met het geld dat na de eerlijke verdeling over was."
            )
        elif v == 0:
            out[step.project] = "Gekozen zonder stemmen: aan het eind was er nog genoeg geld over."
        else:
            out[step.project] = f"Gekozen met {stemmen(v)}."
    left_at_turn = _left_at_turn(election, outcome)
    shared = _shared_support(election, outcome) if outcome.voter_budget is not None else {}
    for p in election.projects:
        if p.id in out:
            continue
        if votes[p.id] == 0 and p.id not in left_at_turn:
            out[p.id] = "Niet gekozen: niemand heeft op dit voorstel gestemd."
            continue
        text = f"Niet gekozen: het kost {euro(cost[p.id])}"
        text += f", er was nog {euro(left_at_turn.get(p.id, outcome.leftover))} over."
        if p.id in shared and outcome.voter_budgets:
            left = outcome.voter_budgets.get(p.id, 0.0)
            one = votes[p.id] == 1
            who = (
                "De stemmer die dit steunde had nog"
                if one
                else f"De {aantal(votes[p.id])} stemmers die dit steunden hadden samen nog"
            )
            text += f" {who} {euro(left)} van {'het eigen' if one else 'hun'} deel over."
            if shared[p.id]:
                text += (
                    f" {'Dat deel ging' if one else 'Hun deel ging'} al naar: "
                    + _list([name[q] for q in shared[p.id]])
                    + "."
                )
        out[p.id] = text
    return out


def _left_at_turn(election: Election, outcome: Outcome) -> dict[str, Amount]:
    """For greedy: the money left when each skipped proposal had its turn."""
    if outcome.voter_budget is not None:
        return {}
    funded = set(outcome.funded)
    order = sorted(
        election.projects,
        key=lambda p: (
            -(outcome.votes[p.id] if p.cost > 0 else 0),
            outcome.funded.index(p.id) if p.id in funded else len(funded),
        ),
    )
    remaining: Amount = election.budget
    left: dict[str, Amount] = {}
    for p in order:
        if p.id in funded:
            remaining -= p.cost
        else:
            left[p.id] = remaining
    return left


def _shared_support(election: Election, outcome: Outcome, most: int = 3) -> dict[str, list[str]]:
    """For each proposal not funded, the funded ones its supporters most often also chose."""
    funded = outcome.funded
    # Per proposal not funded: how many of its supporters chose each funded one too.
    together: dict[str, Counter[str]] = {
        p.id: Counter() for p in election.projects if p.id not in funded
    }
    for approved, k in election.approvals().items():  # each distinct ballot once, k times
        chosen = [q for q in funded if q in approved]
        if not chosen:
            continue
        for pid in approved:
            counts = together.get(pid)
            if counts is not None:
                for q in chosen:
                    counts[q] += k
    return {
        pid: sorted((q for q in funded if counts[q] > 0), key=lambda q: -counts[q])[:most]
        for pid, counts in together.items()
    }


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def report(election: Election, outcome: Outcome, rule: str, tie_break: TieBreak) -> str:
    """The recount as text: the rule, the funded proposals, and the others, each explained."""
    texts = explanations(election, outcome)
    project = {p.id: p for p in election.projects}
    lines = [
        f"Telmethode: {RULES[rule].words.naam}; {tie_break.describe()}.",
        f"Budget {euro(election.budget)}, "
        f"{aantal(len(election.ballots), 'stembiljet', 'stembiljetten')}, "
        f"{aantal(len(election.projects), 'voorstel', 'voorstellen')}.",
        f"Gekozen: {aantal(len(outcome.funded), 'voorstel', 'voorstellen')} voor "
        f"{euro(outcome.cost)}; "
        f"over: {euro(outcome.leftover)}.",
        "",
        "Gekozen:",
    ]
    for pid in outcome.funded:
        p = project[pid]
        lines.append(f"  {pid}  {p.name}  {euro(p.cost)}  {texts[pid]}".replace("  ", " ", 1))
    lines += ["", "Niet gekozen:"]
    for p in election.projects:
        if p.id not in outcome.funded:
            lines.append(f"  {p.id}  {p.name}  {euro(p.cost)}  {texts[p.id]}".replace("  ", " ", 1))
    return "\n".join(lines)
