"""A stemronde's state as the app sees it now, and the check every route makes with it.

Which action is allowed in which phase is ``phases``' table; this module reads the round's
row, works out the phase and answers :func:`require` (or raises ``Refused`` with the Dutch
reason). When voting opens, the ballot freezes: the proposals on it (id, title, description,
cost), the ballot rules of the sources (amount, number of choices, maximum cost, counting
rule) and the lottery are stored on the Round row as canonical JSON with its SHA-256, the
*vingerafdruk* (``frozen_ballot``). From then on the app shows, checks, counts and publishes
with the frozen ballot, whatever the sources say later. A lottery not drawn before voting
opens is drawn by the app at that moment (the first visit of the voting phase), and the
audit log says so. A vote reads the round through ``vote_state``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select, update
from werkzeug.exceptions import Conflict

from generator.formatting import datum
from generator.model import Stemronde
from generator.model.budget import Stemregels
from voting_app.accounts import audit
from voting_app.ballots import Offered, offered, on_ballot
from voting_app.code_register import ensure_round
from voting_app.counting.election import draw_lottery
from voting_app.frozen_ballot import BallotTampered, FrozenBallot, canonical, fingerprint
from voting_app.models import Round, db
from voting_app.phases import RULES, Action, Phase, phase_of
from voting_app.rounds import RoundRef, today


class Refused(Conflict):
    """An action the round does not allow now; ``description`` is the Dutch reason."""

    def __init__(self, ref: RoundRef, message: str) -> None:
        super().__init__(message)
        self.ref = ref


@dataclass(frozen=True)
class State:
    """A round as the app sees it now: its phase, its Round row, its frozen ballot.

    From stemmen on ``ref`` carries the frozen ballot rules instead of the sources' ones.
    """

    ref: RoundRef
    phase: Phase
    row: Round | None
    ballot: FrozenBallot | None
    sources: Stemronde  # the round as the sources say it now
    # The transaction in which ``row`` was read under the lock of ``lock_open``, if it was.
    locked_in: object = field(default=None, compare=False, repr=False)
    # ``for_a_vote``: the frozen ballot's fingerprint that the vote's statement checks the
    # round against, under the round's lock, instead of ``lock_open``.
    open_with: str | None = None

    def refusal(self, action: Action) -> str | None:
        """Why ``action`` cannot be done now, in plain Dutch; None when it can."""
        message = RULES[action][self.phase]
        return None if message is None else message.format(**self.dates())

    def allows(self, action: Action) -> bool:
        return RULES[action][self.phase] is None

    def dates(self) -> dict[str, str]:
        ronde, row = self.ref.ronde, self.row

        def day(value: dt.date | None) -> str:
            return datum(value) if value else "eerder"

        return {
            "indienen_van": day(ronde.indienen.van),
            "indienen_tot": day(ronde.indienen.tot),
            "stemmen_van": day(ronde.stemmen.van),
            "stemmen_tot": day(ronde.stemmen.tot),
            "gesloten_op": day(row.closed_on if row else None),
            "gepubliceerd_op": day(row.published_on if row else None),
        }

    def offered(self) -> list[Offered]:
        """What the ballot offers: from stemmen on the frozen ballot, which the pages show,
        choices are checked against and the count reads; before that, the proposals now."""
        if self.ballot is None:
            return offered(on_ballot(self.ref))
        return [Offered(p.id, p.titel, p.kosten, p.omschrijving) for p in self.ballot.proposals]

    @property
    def lottery(self) -> tuple[str, ...]:
        if self.ballot is not None:
            return self.ballot.lottery
        return tuple(i for i in (self.row.lottery if self.row else "").split(",") if i)


def state(ref: RoundRef, *, lock: bool = False) -> State:
    """The round now; freezes the ballot the first time it is asked for from stemmen on.

    ``lock``: read the round's row under the lock of :func:`lock_open`, in the transaction
    that will store a ballot, so that storing it needs no second look at the row.
    """
    row = _read_row(ref, lock)
    phase = phase_of(ref.ronde, row, today())
    if phase in (Phase.STEMMEN, Phase.TELLEN, Phase.GESLOTEN) and (
        row is None or row.fingerprint is None
    ):
        if lock:
            db.session.rollback()  # let go of the shared lock: freezing writes the row
        _freeze(ref)  # commits; the lock, if asked for, is taken again below
        row = _read_row(ref, lock)
    locked_in = db.session().get_transaction() if lock else None
    return from_row(ref, row, locked_in=locked_in)


TAMPERED = (
    "Het stembiljet van deze stemronde is veranderd nadat het stemmen begon. Daarom kan er nu "
    "niet gestemd of geteld worden. Neem contact op met de gemeente."
)


def from_row(ref: RoundRef, row: Round | None, **extra: Any) -> State:
    """The state of a round whose row was just read (or kept, ``vote_state``)."""
    ballot = None
    if row is not None and row.fingerprint:
        try:
            # Emptied in the database, the live proposals and rules would apply instead.
            if not row.frozen_ballot:
                raise BallotTampered("the frozen ballot is gone")
            ballot = FrozenBallot.parse(row.frozen_ballot, row.fingerprint)
        except BallotTampered as exc:
            current_app.logger.error("the frozen ballot of %s/%s: %s", *ref.key, exc)
            raise Refused(ref, TAMPERED) from None
    frozen = ref if ballot is None else _with_rules(ref, ballot.rules)
    return State(frozen, phase_of(ref.ronde, row, today()), row, ballot, ref.ronde, **extra)


def _read_row(ref: RoundRef, lock: bool) -> Round | None:
    if not lock:
        return db.session.get(Round, ref.key)
    key = round_params(ref)
    if db.engine.dialect.name == "sqlite":  # a write takes SQLite's one write lock now
        db.session.execute(_TOUCH_ROUND, key)
    return db.session.scalars(_LOCKED_ROUND, key).one_or_none()


def round_params(ref: RoundRef) -> dict[str, str]:
    return {"in_wijk": ref.wijk.id, "in_ronde": ref.ronde.id}


_IS_ROUND = (Round.wijk == bindparam("in_wijk"), Round.ronde == bindparam("in_ronde"))
# The round's row as plain columns, for a read outside any transaction (``vote_state``).
ROUND_ROW = select(*Round.__table__.columns).where(*_IS_ROUND)
_TOUCH_ROUND = update(Round).where(*_IS_ROUND).values(closed=Round.closed)
_LOCKED_ROUND = (
    select(Round)
    .where(*_IS_ROUND)
    .with_for_update(read=True)
    .execution_options(populate_existing=True)
)


def require(ref: RoundRef, action: Action, *, lock: bool = False) -> State:
    """The round's state if ``action`` is allowed now; raise Refused with the reason if not.

    ``lock``: see :func:`state`; for the requests that store a ballot.
    """
    current = state(ref, lock=lock)
    message = current.refusal(action)
    if message is not None:
        if lock:
            db.session.rollback()  # let go of the lock
        raise Refused(current.ref, message)
    return current


def lock_open(current: State, action: Action) -> None:
    """Right before a ballot is stored: check, inside the transaction that stores it, that
    staff did not close the round in the meantime.

    PostgreSQL: a shared row lock on the round (``FOR SHARE``), which closing (an UPDATE of
    that row) waits for. SQLite: a write to the round's row, which takes the database's one
    write lock now. Either way a ballot is committed before the closing or refused after it:
    never stored after the count. Nothing to do when ``current`` was read under this lock in
    the transaction still running (``require(..., lock=True)``).
    """
    if current.open_with is not None:  # the vote's statement checks it (``for_a_vote``)
        return
    if current.locked_in is not None and current.locked_in is db.session().get_transaction():
        return
    row = _read_row(current.ref, lock=True)
    if row is not None and row.closed:
        db.session.rollback()
        raise Refused(current.ref, state(current.ref).refusal(action) or "")


def round_row(ref: RoundRef) -> Round:
    """The round's row, created once even when requests race (``code_register.ensure_round``)."""
    row = db.session.get(Round, ref.key)
    if row is None:
        ensure_round(*ref.key)
        row = db.session.get(Round, ref.key)
    assert row is not None
    return row


def _freeze(ref: RoundRef) -> Round:
    """Store the ballot as it is now, with the sources' rules and the lottery; once.

    A conditional UPDATE (``WHERE fingerprint IS NULL``): of two first visits at once, one
    freezes and the other reads what it froze, so there is only ever one lottery.
    """
    row = round_row(ref)
    proposals = on_ballot(ref)
    ids = [str(p.id) for p in proposals]
    lottery = [i for i in row.lottery.split(",") if i]
    drawn = sorted(lottery) != sorted(ids)
    if drawn:
        lottery = list(draw_lottery(ids))
    text = canonical(ref, proposals, lottery)
    digest = fingerprint(text)
    frozen = db.session.execute(
        update(Round)
        .where(Round.wijk == ref.wijk.id, Round.ronde == ref.ronde.id)
        .where(Round.fingerprint.is_(None))
        .values(frozen_ballot=text, fingerprint=digest, lottery=",".join(lottery))
    )
    db.session.commit()
    if frozen.rowcount == 1:  # type: ignore[attr-defined]
        where = f"{ref.wijk.id}/{ref.ronde.id}"
        audit("stembiljet vastgezet", f"{where}: {len(ids)} voorstellen, {digest}", user=None)
        if drawn:
            audit(
                "loting getrokken door de app",
                f"{where}: {','.join(lottery)} (bij de start van het stemmen was er geen "
                "loting voor dit stembiljet)",
                user=None,
            )
    db.session.refresh(row)
    return row


def _with_rules(ref: RoundRef, rules: dict[str, Any]) -> RoundRef:
    """``ref`` with the ballot rules it was frozen with."""
    ronde = ref.ronde.model_copy(
        update={
            "bedrag": rules["bedrag"],
            "telmethode": rules["telmethode"],
            "regels": Stemregels.model_validate(rules["regels"]),
        }
    )
    return RoundRef(ref.wijk, ronde)
