"""The add1 completion's runs, each following the order of selections of the run before.

The add1 completion reruns MES with the per-voter budget b, b+1, b+2, ... until the outcome is
exhaustive. On small elections with a large budget per voter that takes hundreds of runs, and
from one step to the next the order of selections mostly stays the same (Amsterdam 179: 437
of its 464 steps) while payments and the splits into supporters who pay in full and those
who give all they have left change at almost every step. This module follows that order.

**A run checks the previous order instead of searching for it.** At selection s it prices
only the project c the previous run chose there, and checks that every other project j left
is dearer: what j's supporters could put up at c's price, F_j(x) = sum over them of
min(budget, x) with x = c's price per unit of cost times j's cost, falls short of j's cost
(then j's price per unit is above c's). At the end every project left must stay
unaffordable (all its supporters hold less than its cost). Where a check fails (a near tie,
or c no longer wins) the ordinary selection loop (``mes_lean.select_rest``) takes over from
the budgets reached, so the shared prefix is not searched again. Each selection is the exact
winner and is paid at the price computed on the same budgets as in a run from the start, so
the run has the same selections, payments and float budgets as ``MesState.run``.

**A check that held at budget b still holds, up to a bound, at every b' > b** while the runs
at b and b' make the same selections before s. Why, by induction over the selections:

- Every group's budget at b' is at least its budget at b: with more money each payment (the
  water level of a project's supporters) is lower or equal, and a group keeps
  max(budget - payment, 0). So c's price at b' is at most its price at b: x only falls.
- A supporter of j who had at least x at b adds nothing to F_j (its term was already x); one
  below x adds at most its budget's growth, and at most x minus its budget.
- Budgets together grow by exactly n (b' - b) (each selection collects exactly its cost),
  and a group that never gave all it had grows by at least b' - b (it paid lower payments in
  full); so the supporters below x grow by at most n (b' - b) less that of the solvent
  groups elsewhere.
- Per group, growth is at most u (b' - b): u starts at 1, and a selection whose full payers
  weigh W adds the sum of u times weight over its broke supporters, divided by W, to the u of
  each supporter (that bounds how much its payment falls). Up to a reach h the same goes with
  the gaps: a group that gave all it had, a gap short of the payment, stays broke until its
  growth exceeds the gap, so its bound drops by the gap (``LeanRun._grow``).

So each check keeps the budget up to which it surely holds: b + (cost - margin - F_j) over
the smaller growth rate, or b + h where the bound up to the reach h stays below the cost.
Only the checks that expire before the next budget plus h are computed again. When all
checks hold up to b*, every add1 step up to b* has the same selections in the same order:
the add1 loop jumps over them (``steps``). The reach doubles while all checks meet it and
halves when they do not.

Checks pass only with a margin for float rounding (``TOL``, relative to the cost and to
what the supporters hold). Some need no sums: a project j whose supporters are among c's,
that costs at least as much and that comes after c in the tie-break never beats c; nor does
one with at most c's voters while all of c's supporters can pay an equal share (c's price is
then 1 / its voters, the lowest j's can be, and stays so as budgets grow); nor one whose
supporters could not raise its cost even if every one of them paid x.

Checking costs more than searching where the order changes at almost every step or where
there are few add1 steps, so the first ``WARMUP`` runs are ordinary, and after ``MISSES``
runs in a row that left the order the next 1, 3, 7, ... runs are too (``mes`` lets
``add1_skip`` jump from those). These choices depend only on the election, so counts stay
reproducible. tests/test_tally_properties.py compares
the runs with runs from the start, the skipped steps with their ordinary runs, and the
completed outcome with add1 steps of one.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from voting_app.counting.mes_lean import select_rest

if TYPE_CHECKING:
    from voting_app.counting.mes_engine import Run
    from voting_app.counting.mes_lean import LeanRun
    from voting_app.counting.mes_state import MesState

TOL = 1e-9  # relative margin for float rounding, as mes_engine.EPS
MAX_REACH = 255  # the most add1 steps one run's bounds try to cover
WARMUP = 12  # ordinary runs before following starts
MISSES = 2  # runs in a row that leave the order before ordinary runs take over a while
MAX_WAIT = 15


class Follower:
    """Runs MES at rising per-voter budgets, each run following the order of the last one."""

    def __init__(self, state: MesState, active: bool = True, warmup: int = WARMUP) -> None:
        self.state = state
        self.active = active  # inactive: every run is an ordinary run, and steps() is 1
        self.voters = state.voters
        self.cost_f = [float(c) for c in state.cost]
        self.order: list[int] | None = None
        self.base = Fraction(0)  # per-voter budget of the last run
        # Per selection s (and one more for the end of the run): project -> the per-voter
        # budget up to which it surely loses to the project chosen at s (at the end: stays
        # unaffordable), while the selections before s stay the same.
        self.ledger: list[dict[int, float]] = []
        self.complete = False  # the last run followed the order to its end
        self.reach = 1  # how many add1 steps the next run's growth bounds should cover
        # Ordinary runs to come: at the start (an election with few add1 steps would not win
        # back the first full set of checks), and after MISSES runs in a row that left the
        # order (Amsterdam 613 changes it at almost every step): 1, 3, 7, ... runs.
        self.misses = self.backoff = 0
        self.wait = warmup
        self.warming_up = active and warmup > 0  # until the first ``warmup`` runs are done
        self._dominated: dict[tuple[int, int], bool] = {}

    def run(self, per_voter: Fraction) -> Run | LeanRun:
        """The MES run at ``per_voter``: the same selections as ``MesState.run`` gives."""
        state = self.state
        if not self.active:
            return state.run(per_voter)
        if self.order is None or per_voter < self.base:
            return self._rest(state.start(per_voter), 0, dict.fromkeys(state.candidates), per_voter)
        if self.wait > 0:  # an ordinary run, keeping the checks of the prefix it shares
            self.wait -= 1
            self.warming_up = self.warming_up and self.wait > 0
            run = state.run(per_voter)
            shared = 0
            for mine, theirs in zip(self.order, run.selected, strict=False):
                if mine != theirs:
                    break
                shared += 1
            del self.ledger[shared:]
            self.order, self.complete, self.base = run.selected, False, per_voter
            return run
        run = state.start(per_voter)
        h = self.reach + 0.5  # half a step more, so float rounding cannot lose a whole step
        run.track_growth(h)
        alive = dict.fromkeys(state.candidates)
        b = float(per_voter)
        for step, c in enumerate(self.order):
            rho = run.price(c)
            if rho is None or not self._all_lose(run, step, c, rho, alive, b, h):
                return self._rest(run, step, alive, per_voter)
            run.select(c, rho)
            del alive[c]
        if not self._all_lose(run, len(self.order), None, math.inf, alive, b, h):
            return self._rest(run, len(self.order), alive, per_voter)
        self.complete, self.base = True, per_voter
        self.misses = self.backoff = 0
        # Aim further while the bounds reach as far as asked, less far once they fall short.
        if self._until() >= b + h:
            self.reach = min(2 * self.reach + 1, MAX_REACH)
        else:
            self.reach = max(1, self.reach // 2)
        return run

    @property
    def following(self) -> bool:
        """Whether the next run follows the order (not an ordinary run)."""
        return self.active and self.wait == 0

    def steps(self, per_voter: Fraction) -> int:
        """How many add1 steps of 1 surely repeat the last run's order (>= 1); 0: it never changes.

        Only after a run that followed the order to its end, at ``per_voter``.
        """
        if not self.complete or per_voter != self.base:
            return 1
        until = self._until()
        if math.isinf(until):
            return 0
        b = float(per_voter)
        return max(1, math.floor(until - b - TOL * max(1.0, b)) + 1)

    def _until(self) -> float:
        return min((min(d.values(), default=math.inf) for d in self.ledger), default=math.inf)

    def _rest(
        self, run: Run | LeanRun, step: int, alive: dict[int, None], per_voter: Fraction
    ) -> Run | LeanRun:
        """The ordinary selection loop from selection ``step`` on; the order from there is new."""
        del self.ledger[step:]
        if self.order is not None:
            self.misses += 1
            if self.misses >= MISSES:
                self.backoff = min(2 * self.backoff + 1, MAX_WAIT)
                self.wait, self.misses = self.backoff, 0
        select_rest(run, alive)
        self.order, self.complete, self.base = run.selected, False, per_voter
        return run

    def _all_lose(
        self,
        run: Run | LeanRun,
        step: int,
        c: int | None,
        rho: float,
        alive: dict[int, None],
        b: float,
        h: float,
    ) -> bool:
        """Whether every project left but c surely loses to c (c None: stays unaffordable).

        Computes again the checks that expire before ``b + h``; False as soon as one fails.
        """
        if len(self.ledger) == step:
            self.ledger.append({})
        until = self.ledger[step]
        state, cost_f = self.state, self.cost_f
        floor: bool | None = None  # c's supporters all pay the same share, 1 / support
        for j in alive:
            if j == c or until.get(j, -math.inf) >= b + h:
                continue
            if c is not None:
                if self._never_beats(c, j):
                    until[j] = math.inf
                    continue
                sc, sj = state.support[c], state.support[j]
                if sj < sc or (sj == sc and state.rank[c] < state.rank[j]):
                    if floor is None:
                        share = cost_f[c] / sc
                        floor = run.poorest(c) >= share * (1 + TOL) + TOL * b
                    if floor:  # c's price is the lowest j's can ever be, and stays so
                        until[j] = math.inf
                        continue
            x = rho * cost_f[j]  # j's payment at c's price per unit of cost (inf: all they have)
            held = b * state.support[j]  # at most what j's supporters hold, for the margin
            paying = 0.0 if c is None else x * state.support[j]
            limit = cost_f[j] - TOL * (cost_f[j] + held + paying)
            if c is not None and paying < limit:  # even if all paid x; x only falls as b grows
                until[j] = math.inf
                continue
            raised, solvent_below, per_unit, far = run.raised(j, x)
            if not raised < limit:
                return False
            rate = min(self.voters - (run.solvent - solvent_below), per_unit)
            until[j] = b + (limit - raised) / rate if rate > 0 else math.inf
            if raised + far < limit:
                until[j] = max(until[j], b + h)
        return True

    def _never_beats(self, c: int, j: int) -> bool:
        """j's supporters are among c's, j costs at least as much, and c wins ties."""
        key = (c, j)
        known = self._dominated.get(key)
        if known is None:
            state = self.state
            sets = state.supporter_sets
            known = (
                sets[j] <= sets[c]
                and state.cost[j] >= state.cost[c]
                and state.rank[c] < state.rank[j]
            )
            self._dominated[key] = known
        return known
