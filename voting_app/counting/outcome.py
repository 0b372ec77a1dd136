"""What a count returns: the funded projects in order, and how each came to be funded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from voting_app.counting.election import Amount


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
