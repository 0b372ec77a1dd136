"""The ballot: what is on it, and a voter's choice checked against its rules.

Where a checked choice goes (sealed into the pool, moved into the box, counted) is
``ballot_box``'s and ``ballot_pool``'s; whether the round takes ballots at all is
``lifecycle``'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from generator.formatting import aantal, euro
from voting_app.models import Proposal, db
from voting_app.rounds import RoundRef

INVALID = "ongeldig"  # the choices of an invalid paper ballot; proposal ids are digits


class BallotError(ValueError):
    """A ballot that breaks a rule; the message is Dutch and safe to show."""


def on_ballot(ref: RoundRef) -> list[Proposal]:
    """The proposals residents can vote for: answered Nu, with a cost, published."""
    wijk, ronde = ref.key
    query = select(Proposal).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
    proposals = db.session.scalars(query.order_by(Proposal.id)).all()
    return [p for p in proposals if p.on_ballot]


class Offered(NamedTuple):
    """A proposal as the ballot offers it: what a choice is checked against."""

    id: str
    title: str
    cost: int
    description: str = ""


def offered(proposals: Iterable[Proposal]) -> list[Offered]:
    return [Offered(str(p.id), p.title, p.cost or 0, p.description) for p in proposals]


@dataclass(frozen=True)
class Choice:
    """A checked ballot: the chosen proposals and what they cost together."""

    proposals: tuple[Offered, ...]
    invalid: bool = False  # a paper ballot entered as ongeldig: turnout, no proposal

    @property
    def total(self) -> int:
        return sum(p.cost for p in self.proposals)

    @property
    def stored(self) -> str:
        """The ballot as the box keeps it: proposal ids, comma-separated, or ``INVALID``."""
        return INVALID if self.invalid else ",".join(p.id for p in self.proposals)


ONGELDIG = Choice((), invalid=True)  # what a clerk enters with "Sla op als ongeldig"


def check_choice(
    ref: RoundRef, chosen_ids: Iterable[str], ballot: Iterable[Offered] | None = None
) -> Choice:
    """Apply the round's ballot rules; raise BallotError with a Dutch message.

    ``ballot`` is what the ballot offers: from voting on, the frozen ballot
    (``lifecycle.State.offered``), which is also what the count reads; without it the
    proposals as they are now. Whether the round takes ballots at all (online, on paper) is
    ``lifecycle``'s to say.
    """
    available = {p.id: p for p in (offered(on_ballot(ref)) if ballot is None else ballot)}
    ids = list(chosen_ids)
    if len(set(ids)) != len(ids):
        raise BallotError("U koos een voorstel twee keer.")
    unknown = [i for i in ids if i not in available]
    if unknown:
        raise BallotError("U koos een voorstel dat niet op dit stembiljet staat.")
    rules = ref.ronde.regels
    chosen = Choice(tuple(available[i] for i in sorted(ids, key=int)))
    if len(ids) < rules.min_keuzes:
        raise BallotError(f"Kies minstens {aantal(rules.min_keuzes, 'voorstel', 'voorstellen')}.")
    if rules.max_keuzes is not None and len(ids) > rules.max_keuzes:
        raise BallotError(f"Kies hoogstens {aantal(rules.max_keuzes, 'voorstel', 'voorstellen')}.")
    if rules.max_bedrag is not None and chosen.total > rules.max_bedrag:
        raise BallotError(
            f"Uw keuze kost samen {euro(chosen.total)}. Dat is meer dan "
            f"{euro(rules.max_bedrag)}. Kies minder of goedkopere voorstellen."
        )
    return chosen
