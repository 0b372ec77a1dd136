"""Properties of the counting rules on random small elections (hypothesis)."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voting_app.counting import add1_skip_lean, pabulib, pb_write
from voting_app.counting.add1_follow import Follower
from voting_app.counting.election import Ballot, Election, Project, TieBreak
from voting_app.counting.greedy import greedy
from voting_app.counting.mes import Completion, mes
from voting_app.counting.mes_state import MesState


@st.composite
def elections(draw: st.DrawFn, empty_ballots: bool = True, max_projects: int = 7) -> Election:
    """Small approval elections, with the shapes real pabulib files rarely have.

    Projects nobody approves, duplicate ballots, projects of equal cost, a project that
    costs exactly the budget, and budgets far above the total cost.
    """
    n_projects = draw(st.integers(1, max_projects))
    ids = [f"p{i}" for i in range(n_projects)]
    costs = draw(st.lists(st.integers(1, 60), min_size=n_projects, max_size=n_projects))
    if n_projects > 1 and draw(st.booleans()):  # ties in cost
        tied = draw(st.lists(st.sampled_from(ids), min_size=2, unique=True))
        for pid in tied:
            costs[ids.index(pid)] = costs[ids.index(tied[0])]
    unsupported = draw(st.sets(st.sampled_from(ids), max_size=n_projects - 1))
    approvable = [pid for pid in ids if pid not in unsupported]
    min_size = 0 if empty_ballots else 1
    distinct = draw(
        st.lists(
            st.lists(st.sampled_from(approvable), min_size=min_size, unique=True),
            min_size=1,
            max_size=14,
        )
    )
    copies = draw(st.lists(st.integers(1, 4), min_size=len(distinct), max_size=len(distinct)))
    ballots = [b for b, k in zip(distinct, copies, strict=True) for _ in range(k)][:30]
    total = sum(costs)
    budget = draw(
        st.one_of(
            st.integers(1, 200),
            st.sampled_from(costs),  # the budget equals a project's cost
            st.integers(2 * total, 20 * total),  # far above the total cost
        )
    )
    if draw(st.booleans()):  # a project that costs exactly the budget
        costs[draw(st.integers(0, n_projects - 1))] = budget
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


def _pabutools_outcomes(e: Election, tb: TieBreak) -> dict[str, set[str]]:
    """pabutools 1.2.3's greedy, MES, MES + add1 and MES + add1 + greedy, with our order.

    The order ``tb`` gives every project goes to pabutools as its tie-breaking rule, so the
    product's own order (cheaper first, more votes, the lottery) is checked, not only
    pabutools' default id order.
    """
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )
    from pabutools.tiebreaking import TieBreakingRule

    instance, profile = parse_pabulib_from_string(pb_write.write(e))
    ranks = tb.ranks(e.projects, e.votes())
    order = TieBreakingRule(lambda _instance, _profile, project: ranks[project.name])
    mes_add1 = {"sat_class": Cost_Sat, "voter_budget_increment": 1, "tie_breaking": order}
    plain = {"sat_class": Cost_Sat, "tie_breaking": order}

    def names(allocation: object) -> set[str]:
        return {p.name for p in allocation}  # type: ignore[attr-defined]

    return {
        "greedy": names(greedy_utilitarian_welfare(instance, profile, **plain)),
        "none": names(method_of_equal_shares(instance, profile, **plain)),
        "add1": names(method_of_equal_shares(instance, profile, **mes_add1)),
        "add1_greedy": names(
            completion_by_rule_combination(
                instance,
                profile,
                [method_of_equal_shares, greedy_utilitarian_welfare],
                [mes_add1, plain],
            )
        ),
    }


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(elections(empty_ballots=False, max_projects=15), tie_breaks())
def test_same_as_pabutools_on_random_elections(e: Election, tb: TieBreak) -> None:
    expected = _pabutools_outcomes(e, tb)
    assert set(greedy(e, tb).funded) == expected["greedy"]
    for completion in COMPLETIONS:
        assert set(mes(e, tb, completion).funded) == expected[completion], completion


def test_the_tie_break_decides_between_equal_shares() -> None:
    """One voter, two projects that each cost the voter its full price: a tie for MES.

    The product's order funds the cheaper p1, after which p0 no longer fits; pabutools'
    default id order funds p0. Both agree with pabutools once given the same order, and p2,
    which nobody approves, plays no part until the greedy fill-up.
    """
    e = Election(
        (Project("p0", 2), Project("p1", 1), Project("p2", 6)), (Ballot.approval(["p0", "p1"]),), 2
    )
    assert mes(e, TieBreak(), "add1").funded == ("p1",)
    assert mes(e, TieBreak("id"), "add1").funded == ("p0",)
    for tb in (TieBreak(), TieBreak("id")):
        assert set(mes(e, tb, "add1").funded) == _pabutools_outcomes(e, tb)["add1"]


@st.composite
def big_budget_elections(draw: st.DrawFn) -> Election:
    """Few voters, costs 100-5,000 (often round, for ties), budgets up to 150% of the total.

    The shape where the add-one completion takes thousands of steps, so where skipping steps
    (voting_app.counting.add1_follow) does the most and could go wrong.
    """
    n_projects = draw(st.integers(4, 12))
    ids = [f"p{i}" for i in range(n_projects)]
    unit = draw(st.sampled_from([1, 100, 500]))
    costs = [
        max(100, c // unit * unit)
        for c in draw(st.lists(st.integers(100, 5000), min_size=n_projects, max_size=n_projects))
    ]
    unsupported = draw(st.sets(st.sampled_from(ids), max_size=n_projects // 3))
    approvable = [pid for pid in ids if pid not in unsupported]
    distinct = draw(
        st.lists(
            st.lists(st.sampled_from(approvable), min_size=1, unique=True), min_size=1, max_size=8
        )
    )
    copies = draw(st.lists(st.integers(1, 3), min_size=len(distinct), max_size=len(distinct)))
    ballots = [b for b, k in zip(distinct, copies, strict=True) for _ in range(k)]
    budget = sum(costs) * draw(st.integers(20, 150)) // 100
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    return Election(projects, tuple(Ballot.approval(b) for b in ballots), budget)


@pytest.mark.slow
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(big_budget_elections(), tie_breaks())
def test_same_as_pabutools_with_large_budgets_per_voter(e: Election, tb: TieBreak) -> None:
    expected = _pabutools_outcomes(e, tb)
    for completion in COMPLETIONS:
        assert set(mes(e, tb, completion).funded) == expected[completion], completion


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(elections(max_projects=10), big_budget_elections()),
    tie_breaks(),
    st.integers(0, 3000),
)
def test_plain_python_run_equals_the_numpy_run(e: Election, tb: TieBreak, extra: int) -> None:
    """Small elections run MES in plain Python (mes_lean); it must choose as numpy does.

    Same selections in the same order, the same exact payments and money left, at the starting
    per-voter budget and at one raised as the add-one completion raises it.
    """
    if not e.ballots:
        return
    ranks = tb.ranks(e.projects, e.votes())
    numpy_state = MesState(e, ranks, lean=False)
    lean_state = MesState(e, ranks, lean=True)
    for per_voter in (
        Fraction(e.budget) / len(e.ballots),
        Fraction(e.budget) / len(e.ballots) + extra,
    ):
        ours, theirs = lean_state.run(per_voter), numpy_state.run(per_voter)
        assert ours.selected == theirs.selected
        assert ours.payments() == theirs.payments()
        # What each project's supporters have left, as the explanation prints it in euros.
        projects = range(len(e.projects))
        assert [ours.left(i) for i in projects] == [theirs.left(i) for i in projects]
        # The add-one skip replays the run; told that a range below 1 skips nothing, it may
        # stop early, and then answers 0, never more than the whole replay finds.
        whole = add1_skip_lean.stable_range(lean_state, per_voter, ours.selected)
        early = add1_skip_lean.stable_range(lean_state, per_voter, ours.selected, 1.0)
        assert early == whole or (early == 0 and whole < 1)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(elections(max_projects=10), big_budget_elections()),
    tie_breaks(),
    st.booleans(),
    st.lists(st.one_of(st.integers(0, 3), st.integers(0, 40)), min_size=2, max_size=10),
)
def test_following_the_order_equals_runs_from_the_start(
    e: Election, tb: TieBreak, lean: bool, strides: list[int]
) -> None:
    """add1_follow's runs equal ordinary runs, and the add1 steps it skips repeat the order.

    Each run follows the order of the run before it at a lower budget (strides of 0 to 40
    add1 steps, as the completion jumps); wherever it says the next steps repeat the order,
    ordinary runs at those budgets must make the same selections in the same order.
    """
    if not e.ballots:
        return
    state = MesState(e, tb.ranks(e.projects, e.votes()), lean=lean)
    follower = Follower(state, warmup=0)
    per_voter = Fraction(e.budget) / len(e.ballots)
    for stride in strides:
        ours, theirs = follower.run(per_voter), state.run(per_voter)
        assert ours.selected == theirs.selected
        assert ours.payments() == theirs.payments()
        steps = follower.steps(per_voter)
        repeats = range(1, min(steps, 25)) if steps else (1, 7, 100, 10_000)
        for k in repeats:
            assert state.run(per_voter + k).selected == theirs.selected, k
        per_voter += max(stride, steps - 1)


def _plain_add1(e: Election, tb: TieBreak) -> list[int]:
    """The add1 completion as pabutools runs it: every step of 1 a run from the start."""
    state = MesState(e, tb.ranks(e.projects, e.votes()))
    per_voter = Fraction(e.budget) / len(e.ballots)
    run = state.run(per_voter)
    while not state.exhaustive(run.selected):
        bigger = state.run(per_voter + 1)
        if sum(state.cost[i] for i in bigger.selected) > e.budget:
            break
        per_voter, run = per_voter + 1, bigger
    return run.selected


@settings(max_examples=150, deadline=None)
@given(elections(empty_ballots=False, max_projects=10), tie_breaks())
def test_add1_with_skips_equals_every_step_of_one(e: Election, tb: TieBreak) -> None:
    """Skipping add1 steps (add1_follow, add1_skip) never changes the completed outcome."""
    assert list(mes(e, tb, "add1").funded) == [e.projects[i].id for i in _plain_add1(e, tb)]


@settings(max_examples=40, deadline=None)
@given(elections())
def test_pb_round_trip_keeps_every_ballot(e: Election) -> None:
    """The parser shares one Ballot between equal vote cells: the count of each must stay."""
    back = pabulib.parse(pb_write.write(e))
    assert Counter(b.approved for b in back.ballots) == Counter(b.approved for b in e.ballots)
    assert back.votes() == e.votes()
