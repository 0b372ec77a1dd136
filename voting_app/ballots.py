"""Casting a ballot: every rule checked on the server, one code one ballot, in one transaction.

Marking the code used and storing the ballot happen in the same transaction, and the code is
marked with a conditional UPDATE (``... WHERE status = 'issued'``): of two simultaneous
submissions with one code, the database lets exactly one change the row, so exactly one
ballot is stored. The ballot carries nothing that links it to the code.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update

from generator.formatting import euro
from voting_app import codes
from voting_app.models import Ballot, Proposal, VoteCode, db
from voting_app.rounds import RoundRef, today


class BallotError(ValueError):
    """A ballot that breaks a rule; the message is Dutch and safe to show."""


def code_key() -> bytes:
    """The HMAC key for codes and receipts, derived from the app's secret key."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return codes.keyed_hash(secret, "wijkwerk vote codes").encode()


def issue_code(wijk: str, ronde: str, letter: int) -> str:
    """A new code for letter number ``letter``; only its keyed hash is stored (not committed)."""
    code = codes.new_code()
    digest = codes.keyed_hash(code_key(), codes.normalise(code))
    db.session.add(VoteCode(hash=digest, wijk=wijk, ronde=ronde, letter=letter))
    return code


def on_ballot(ref: RoundRef) -> list[Proposal]:
    """The proposals residents can vote for: answered Nu, with a cost, published."""
    wijk, ronde = ref.key
    query = select(Proposal).where(Proposal.wijk == wijk, Proposal.ronde == ronde)
    proposals = db.session.scalars(query.order_by(Proposal.id)).all()
    return [p for p in proposals if p.on_ballot]


@dataclass(frozen=True)
class Choice:
    """A checked ballot: the chosen proposals and what they cost together."""

    proposals: tuple[Proposal, ...]

    @property
    def total(self) -> int:
        return sum(p.cost or 0 for p in self.proposals)


def check_choice(ref: RoundRef, chosen_ids: Iterable[str]) -> Choice:
    """Apply the round's ballot rules; raise BallotError with a Dutch message."""
    if ref.ronde.phase(today()) != "stemmen":
        raise BallotError("Stemmen kan nu niet: de stemronde is niet open.")
    available = {str(p.id): p for p in on_ballot(ref)}
    ids = list(chosen_ids)
    if len(set(ids)) != len(ids):
        raise BallotError("U koos een voorstel twee keer.")
    unknown = [i for i in ids if i not in available]
    if unknown:
        raise BallotError("U koos een voorstel dat niet op dit stembiljet staat.")
    rules = ref.ronde.regels
    chosen = Choice(tuple(available[i] for i in sorted(ids, key=int)))
    if len(ids) < rules.min_keuzes:
        raise BallotError(f"Kies minstens {rules.min_keuzes} voorstel(len).")
    if rules.max_keuzes is not None and len(ids) > rules.max_keuzes:
        raise BallotError(f"Kies hoogstens {rules.max_keuzes} voorstellen.")
    if rules.max_bedrag is not None and chosen.total > rules.max_bedrag:
        raise BallotError(
            f"Uw keuze kost samen {euro(chosen.total)}. Dat is meer dan "
            f"{euro(rules.max_bedrag)}. Kies minder of goedkopere voorstellen."
        )
    return chosen


def check_code(ref: RoundRef, typed: str) -> str:
    """Normalise a typed code and check it can still vote in this round; return its hash."""
    code = codes.normalise(typed)
    digest = codes.keyed_hash(code_key(), code)
    entry = db.session.get(VoteCode, digest)
    if entry is None or (entry.wijk, entry.ronde) != ref.key:
        raise codes.CodeError("Deze stemcode hoort niet bij deze stemronde.")
    if entry.status == "used":
        raise codes.CodeError("Met deze stemcode is al gestemd.")
    if entry.status == "void":
        raise codes.CodeError(
            "Deze stemcode is vervangen door een nieuwe. Gebruik de code uit uw nieuwste brief."
        )
    return digest


def cast(ref: RoundRef, code_hash: str, choice: Choice) -> str:
    """Store the ballot and mark the code used, atomically; return the receipt number."""
    receipt = codes.format_code("".join(secrets.choice(codes.ALPHABET) for _ in range(12)))
    day = today()
    wijk, ronde = ref.key
    try:
        marked = db.session.execute(
            update(VoteCode)
            .where(
                VoteCode.hash == code_hash,
                VoteCode.wijk == wijk,
                VoteCode.ronde == ronde,
                VoteCode.status == "issued",
            )
            .values(status="used", used_on=day)
        )
        if marked.rowcount != 1:  # type: ignore[attr-defined]
            raise codes.CodeError("Met deze stemcode is al gestemd.")
        db.session.add(
            Ballot(
                wijk=wijk,
                ronde=ronde,
                choices=",".join(str(p.id) for p in choice.proposals),
                cast_on=day,
                receipt=codes.keyed_hash(code_key(), receipt),
            )
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return receipt
