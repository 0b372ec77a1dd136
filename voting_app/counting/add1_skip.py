"""How far the per-voter budget can rise before a MES run could make another choice.

The add1 completion reruns MES with the per-voter budget b, b+1, b+2, ... until the outcome
is exhaustive. Small elections need hundreds of reruns that mostly repeat the same choices.
Within one run every budget and payment is an affine function of b as long as the run's
combinatorial choices stay the same (the order of selections, each project's split into
supporters who pay in full and those who give all they have left, and which projects are
unaffordable). Each choice is an affine inequality in b, so replaying the run once tells how
far b can rise with every inequality intact; all add1 steps inside that range give the same
outcome and can be skipped. The replay uses floats with a wide safety margin; the next exact
run happens at the first step that could differ.

Only elections small enough for the plain Python run (``mes_lean``) are replayed. With more
voter groups some group's budget crosses a price at almost every add1 step, so a replay
skips little, and ``add1_follow`` already jumps over the runs that repeat the order.
Counted in instructions on the pabulib files that run in numpy (the counts alone, the same
outcome either way): without replays every one but Wrocław 2015 (+11%) counts with fewer,
Amsterdam 613 432 million instead of 726, 647 136 instead of 258, Zwierzyniec 855 instead
of 992. On the small elections with a large budget per voter of
``benchmarks/tally_vs_pabutools.py --random 40`` the replays save two thirds (3.7 billion
instructions with them, 10.9 without).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from voting_app.counting import add1_skip_lean

if TYPE_CHECKING:
    from voting_app.counting.mes_state import MesState

_MARGIN = 1e-7
# A replay that skips fewer steps than this did not pay for itself; MAX_WAIT caps the wait.
SHORT = 4
MAX_WAIT = 31


class Skipper:
    """Decides how far the add1 loop may jump; replays only while replays pay off.

    A replay costs a few runs' worth of work. Where the splits change at almost every step
    (Amsterdam 166: every one of its 274 steps) replaying never skips anything, so after a
    replay that skips little the next ones wait: 1, 3, 7, ... up to ``MAX_WAIT`` runs, and
    the wait starts over after a long jump. The choice depends only on the election, so
    counts stay reproducible, and skipping never changes an outcome, only how long it takes
    to find it.
    """

    def __init__(self, state: MesState) -> None:
        self.state = state
        self.never = not state.use_lean
        self.wait = 0  # runs left before the next replay
        self.backoff = 0

    def steps(self, per_voter: Fraction, selection: list[int]) -> int:
        """How many add1 steps of 1 surely repeat this outcome (>= 1); 0: it never changes."""
        if self.never:
            return 1
        if self.wait > 0:
            self.wait -= 1
            return 1
        # Below 1 the range would skip nothing anyway, so the replay may stop there.
        delta = add1_skip_lean.stable_range(self.state, per_voter, selection, 1.0)
        if math.isinf(delta):
            return 0
        steps = max(1, math.ceil(delta - _MARGIN * max(1.0, delta)))
        if steps < SHORT:
            self.backoff = min(2 * self.backoff + 1, MAX_WAIT)
            self.wait = self.backoff
        else:
            self.backoff = 0
        return steps
