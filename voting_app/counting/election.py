"""What a count needs: proposals with costs, anonymous ballots, the budget, a tie-break.

Pure data, no Flask and no database. Amounts are exact (int or Fraction) so no float rounding
can ever decide who gets money.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

Amount = int | Fraction


@dataclass(frozen=True)
class Project:
    """A proposal on the ballot."""

    id: str
    cost: Amount
    name: str = ""


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot: the approved proposals, and points where the vote type has them.

    Approval rules read ``approved``; a cumulative (points) rule can later read ``points``
    without changing how ballots are stored or exported.
    """

    approved: frozenset[str]
    points: Mapping[str, int] | None = None

    @classmethod
    def approval(cls, ids: Iterable[str]) -> Ballot:
        return cls(frozenset(ids))


@dataclass(frozen=True)
class Election:
    """Everything a count needs; ``meta`` carries descriptive pabulib fields along."""

    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    budget: Amount
    meta: Mapping[str, str] = field(default_factory=dict)

    def votes(self) -> dict[str, int]:
        """Number of ballots that approve each project (0 for none)."""
        counts: Counter[str] = Counter()
        for approved, k in self.approvals().items():
            for pid in approved:
                counts[pid] += k
        return {p.id: counts.get(p.id, 0) for p in self.projects}

    def approvals(self) -> Counter[frozenset[str]]:
        """How many ballots approve exactly each set of projects (counted once, then kept)."""
        cached: Counter[frozenset[str]] | None = self.__dict__.get("_approvals")
        if cached is None:
            cached = Counter(ballot.approved for ballot in self.ballots)
            # A cache, not state: frozen dataclasses allow it through __dict__.
            self.__dict__["_approvals"] = cached
        return cached


TieOrder = Literal["cost", "id"]


@dataclass(frozen=True)
class TieBreak:
    """A fixed, published order between proposals that a rule finds equally good.

    ``cost`` (the product default): the cheaper proposal first, then the one with more votes,
    then the lottery order drawn and published before voting; ids missing from the lottery
    come last, by id. ``id``: the smallest id as a string first (pabutools' default order).
    """

    kind: TieOrder = "cost"
    lottery: tuple[str, ...] = ()

    def ranks(self, projects: Iterable[Project], votes: Mapping[str, int]) -> dict[str, int]:
        """Rank 0 wins every tie."""
        position = {pid: i for i, pid in enumerate(self.lottery)}
        far = len(position)

        def key(p: Project) -> tuple[object, ...]:
            if self.kind == "id":
                return (p.id,)
            return (p.cost, -votes.get(p.id, 0), position.get(p.id, far), p.id)

        ordered = sorted(projects, key=key)
        return {p.id: rank for rank, p in enumerate(ordered)}

    def describe(self) -> str:
        """The tie-break in plain Dutch, for the published result."""
        if self.kind == "id":
            return "bij gelijke stand gaat het voorstel met het kleinste nummer voor"
        return (
            "bij gelijke stand gaat het goedkoopste voorstel voor, daarna het voorstel met de "
            "meeste stemmen, daarna de volgorde van de loting"
        )


def draw_lottery(project_ids: Iterable[str]) -> tuple[str, ...]:
    """Draw the lottery order with a CSPRNG, to publish before voting opens."""
    import secrets  # here: its hashing libraries would load with every recount

    ids = sorted(project_ids)
    secrets.SystemRandom().shuffle(ids)
    return tuple(ids)
