"""The counting rules: one registry that the CLI, the explanations and the result file read.

The words for each rule (its Dutch name, its plain-language description and its pabulib
label) live in ``generator.telmethode``, because the sources name a stemronde's rule
and the site describes it; the generator may not import the voting app. Here each of those
rules gets the function that counts it. A new rule: a module in this package, a
``Telmethode`` there and one line in ``_COUNTERS``; the import fails when the two disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.telmethode import TELMETHODES, Telmethode
from voting_app.counting.election import Election, TieBreak
from voting_app.counting.greedy import greedy
from voting_app.counting.outcome import Outcome

Counter = Callable[[Election, TieBreak], Outcome]


def _mes_completed(election: Election, tie_break: TieBreak) -> Outcome:
    # Imported here: MES is most of the counting code, and greedy recounts start without it.
    from voting_app.counting.mes import mes

    return mes(election, tie_break, completion="add1_greedy")


_COUNTERS: dict[str, Counter] = {
    "greedy": greedy,
    "mes": _mes_completed,
}


@dataclass(frozen=True)
class Rule:
    """A counting rule: what it is called and how it counts."""

    words: Telmethode
    count: Counter

    @property
    def id(self) -> str:
        return self.words.id


if _COUNTERS.keys() != TELMETHODES.keys():
    raise ImportError(f"counting rules {sorted(_COUNTERS)} differ from {sorted(TELMETHODES)}")

RULES: dict[str, Rule] = {key: Rule(TELMETHODES[key], _COUNTERS[key]) for key in TELMETHODES}


def count(election: Election, rule: str, tie_break: TieBreak | None = None) -> Outcome:
    """Count ``election`` with the rule of that id (a key of ``RULES``)."""
    return RULES[rule].count(election, tie_break or TieBreak())
