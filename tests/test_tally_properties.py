"""Properties of the counting rules on random small elections (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voting_app.counting import pabulib
from voting_app.counting.election import Ballot, Election, Project, TieBreak
from voting_app.counting.greedy import greedy
from voting_app.counting.mes import Completion, mes


@st.composite
def elections(draw: st.DrawFn, empty_ballots: bool = True) -> Election:
    n_projects = draw(st.integers(1, 7))
    ids = [f"p{i}" for i in range(n_projects)]
    costs = draw(st.lists(st.integers(1, 60), min_size=n_projects, max_size=n_projects))
    min_size = 0 if empty_ballots else 1
    ballots = draw(
        st.lists(
            st.lists(st.sampled_from(ids), min_size=min_size, unique=True), min_size=1, max_size=14
        )
    )
    budget = draw(st.integers(1, 200))
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    return Election(projects, tuple(Ballot.approval(b) for b in ballots), budget)


def tie_breaks() -> st.SearchStrategy[TieBreak]:
    return st.sampled_from([TieBreak("id"), TieBreak("cost"), TieBreak("cost", ("p3", "p1"))])


COMPLETIONS: tuple[Completion, ...] = ("none", "add1", "add1_greedy")


@given(elections(), tie_breaks())
def test_never_over_budget(e: Election, tb: TieBreak) -> None:
    for outcome in [greedy(e, tb), *(mes(e, tb, c) for c in COMPLETIONS)]:
        cost = sum(p.cost for p in e.projects if p.id in outcome.funded)
        assert cost == outcome.cost <= e.budget
        assert len(set(outcome.funded)) == len(outcome.funded)


def _greedy_reference(e: Election, tb: TieBreak) -> set[str]:
    """The definition, written as plainly as possible: best remaining project, if it fits."""
    votes = e.votes()
    ranks = tb.ranks(e.projects, votes)
    left = e.budget
    chosen: set[str] = set()
    considered: set[str] = set()
    while len(considered) < len(e.projects):
        best = max(
            (p for p in e.projects if p.id not in considered),
            key=lambda p: (votes[p.id] if p.cost > 0 else 0, -ranks[p.id]),
        )
        considered.add(best.id)
        if best.cost <= left:
            chosen.add(best.id)
            left -= best.cost
    return chosen


@given(elections(), tie_breaks())
def test_greedy_matches_reference(e: Election, tb: TieBreak) -> None:
    assert set(greedy(e, tb).funded) == _greedy_reference(e, tb)


@given(elections(), tie_breaks(), st.randoms(use_true_random=False))
def test_mes_ignores_the_order_of_voters(e: Election, tb: TieBreak, rnd: random.Random) -> None:
    shuffled = list(e.ballots)
    rnd.shuffle(shuffled)
    other = Election(e.projects, tuple(shuffled), e.budget)
    for completion in COMPLETIONS:
        assert mes(e, tb, completion).funded == mes(other, tb, completion).funded


@given(elections(), tie_breaks())
def test_mes_never_funds_a_project_nobody_approved(e: Election, tb: TieBreak) -> None:
    votes = e.votes()
    for completion in ("none", "add1"):
        assert all(votes[pid] > 0 for pid in mes(e, tb, completion).funded)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(elections(empty_ballots=False))
def test_same_as_pabutools_on_random_elections(e: Election) -> None:
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = parse_pabulib_from_string(pabulib.write(e))
    tb = TieBreak("id")

    def names(allocation: object) -> set[str]:
        return {p.name for p in allocation}  # type: ignore[attr-defined]

    assert set(greedy(e, tb).funded) == names(
        greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    )
    assert set(mes(e, tb).funded) == names(
        method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    )
    assert set(mes(e, tb, "add1").funded) == names(
        method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    )
    combined = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )
    assert set(mes(e, tb, "add1_greedy").funded) == names(combined)
