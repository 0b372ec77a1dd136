"""One lifecycle for a stemronde: its phase, and which action is allowed in which phase.

The phase follows from the round's dates in the sources (``budget.yaml``), overruled by the
two staff steps that cannot be undone, stored on the ``Round`` row: closing and publishing.
``RULES`` is the one table that says which resident and staff action may happen in which
phase, with the plain Dutch sentence shown when it may not. Every route asks it, through
:func:`require`.

When voting opens, the ballot freezes: the proposals on it (id, title, description, cost),
the ballot rules of the sources (amount, number of choices, maximum cost, counting rule) and
the lottery are stored on the Round row as canonical JSON with its SHA-256, the
*vingerafdruk* (``frozen_ballot``). From then on the app shows, checks, counts and publishes
with the frozen ballot, whatever the sources say later. A lottery not drawn before voting
opens is drawn by the app at that moment (the first visit of the voting phase), and the
audit log says so.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, get_args

from flask import current_app
from sqlalchemy import bindparam, select, update
from werkzeug.exceptions import Conflict

from generator.formatting import aantal, datum, euro
from generator.model import Stemronde
from generator.model.budget import Stemregels
from voting_app.accounts import audit
from voting_app.ballots import Offered, offered, on_ballot
from voting_app.code_register import ensure_round
from voting_app.counting.election import draw_lottery
from voting_app.frozen_ballot import BallotTampered, FrozenBallot, canonical, fingerprint
from voting_app.models import Round, db, outside_transaction
from voting_app.rounds import RoundRef, today


class Phase(StrEnum):
    """Where a round is; the order is the order of the lifecycle."""

    VOORBEREIDING = "voorbereiding"  # before ideas can be sent in
    INDIENEN = "indienen"  # residents send in ideas
    BEOORDELEN = "beoordelen"  # staff answer them; the lottery; the codes
    STEMMEN = "stemmen"  # the ballot is frozen; residents vote online and on paper
    TELLEN = "tellen"  # the voting days are over; the last paper ballots come in
    GESLOTEN = "gesloten"  # staff closed the round: no ballot at all anymore; to publish
    GEPUBLICEERD = "gepubliceerd"  # the result files and the site are written


Action = Literal[
    "idee_indienen",
    "stemmen",
    "voorstel_beoordelen",
    "idee_invoeren",
    "loting_trekken",
    "codes_maken",
    "code_vervangen",
    "papier_invoeren",
    "stembiljet_printen",
    "sluiten",
    "publiceren",
]
ACTIONS: tuple[Action, ...] = get_args(Action)

OK = None  # the action is allowed in this phase
_P = Phase

# Sentences the table shares. {indienen_van}, {indienen_tot}, {stemmen_van}, {stemmen_tot},
# {gesloten_op} and {gepubliceerd_op} are filled in with the round's dates.
_IDEAS_OVER = "Ideeën insturen kon tot en met {indienen_tot}."
_NOT_YET = "kan pas als het stemmen voorbij is, na {stemmen_tot}."
_STILL_VOTING = "Bewoners kunnen nu nog stemmen."
_AFTER_REVIEW = "kan vanaf de beoordeling, als bekend is wat er op het stembiljet staat."
_FROZEN = "Het stembiljet ligt vast sinds het stemmen begon op {stemmen_van}."
_UNCHANGED = "Een voorstel, zijn kosten en zijn antwoord veranderen niet meer."
_LOTTERY_FIXED = "De loting hoort erbij en wordt niet opnieuw getrokken."
_VOTING_OVER = "Het stemmen duurde tot en met {stemmen_tot}."
_CLOSED = "De stemronde is gesloten op {gesloten_op}."
_PUBLISHED = "De uitslag is gepubliceerd op {gepubliceerd_op}."
_NO_PAPER_YET = "Papieren stemmen invoeren kan vanaf {stemmen_van}, als het stemmen begint."
_NO_BALLOT_YET = "Het stembiljet is er pas in de beoordeling, als de ideeën een antwoord hebben."

# The one table: for every action and every phase, OK or the reason why not, in plain Dutch.
RULES: dict[Action, dict[Phase, str | None]] = {
    "idee_indienen": {
        _P.VOORBEREIDING: "Ideeën insturen kan vanaf {indienen_van}.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: f"{_IDEAS_OVER} De gemeente bekijkt nu de ideeën.",
        _P.STEMMEN: f"{_IDEAS_OVER} Nu wordt er gestemd.",
        _P.TELLEN: f"{_IDEAS_OVER} De stemmen worden nu geteld.",
        _P.GESLOTEN: f"{_IDEAS_OVER} De stemmen worden nu geteld.",
        _P.GEPUBLICEERD: f"{_IDEAS_OVER} De uitslag is bekend.",
    },
    "stemmen": {
        _P.VOORBEREIDING: "Stemmen kan vanaf {stemmen_van}. Eerst kunnen bewoners ideeën insturen.",
        _P.INDIENEN: "Stemmen kan vanaf {stemmen_van}. Nu kunt u nog ideeën insturen.",
        _P.BEOORDELEN: "Stemmen kan vanaf {stemmen_van}. De gemeente bekijkt nu de ideeën.",
        _P.STEMMEN: OK,
        _P.TELLEN: "De stemronde is niet open meer: stemmen kon tot en met {stemmen_tot}.",
        _P.GESLOTEN: f"{_CLOSED} Er kan niet meer gestemd worden.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er kan niet meer gestemd worden.",
    },
    "voorstel_beoordelen": {
        _P.VOORBEREIDING: "Er zijn nog geen ideeën: insturen kan vanaf {indienen_van}.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: f"{_FROZEN} {_UNCHANGED}",
        _P.TELLEN: f"{_FROZEN} {_UNCHANGED}",
        _P.GESLOTEN: f"{_FROZEN} {_UNCHANGED}",
        _P.GEPUBLICEERD: f"{_PUBLISHED} {_UNCHANGED}",
    },
    # Staff type in an idea that came in on paper, by phone or at the desk. Also while they
    # review: a letter posted on the last day arrives after it (its date is checked).
    "idee_invoeren": {
        _P.VOORBEREIDING: "Ideeën invoeren kan vanaf {indienen_van}, als het insturen begint.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: f"{_FROZEN} Er kunnen geen ideeën meer bij.",
        _P.TELLEN: f"{_FROZEN} Er kunnen geen ideeën meer bij.",
        _P.GESLOTEN: f"{_FROZEN} Er kunnen geen ideeën meer bij.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er kunnen geen ideeën meer bij.",
    },
    "loting_trekken": {
        _P.VOORBEREIDING: "De loting kan pas als er ideeën zijn, vanaf {indienen_van}.",
        _P.INDIENEN: OK,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: f"{_FROZEN} {_LOTTERY_FIXED}",
        _P.TELLEN: f"{_FROZEN} {_LOTTERY_FIXED}",
        _P.GESLOTEN: f"{_FROZEN} {_LOTTERY_FIXED}",
        _P.GEPUBLICEERD: f"{_PUBLISHED} {_LOTTERY_FIXED}",
    },
    "codes_maken": {
        _P.VOORBEREIDING: f"Stemcodes maken {_AFTER_REVIEW}",
        _P.INDIENEN: f"Stemcodes maken {_AFTER_REVIEW}",
        _P.BEOORDELEN: OK,
        _P.STEMMEN: OK,
        _P.TELLEN: f"{_VOTING_OVER} Nieuwe stemcodes zijn niet meer nodig.",
        _P.GESLOTEN: f"{_CLOSED} Nieuwe stemcodes zijn niet meer nodig.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Nieuwe stemcodes zijn niet meer nodig.",
    },
    "code_vervangen": {
        _P.VOORBEREIDING: f"Een stemcode vervangen {_AFTER_REVIEW}",
        _P.INDIENEN: f"Een stemcode vervangen {_AFTER_REVIEW}",
        _P.BEOORDELEN: OK,
        _P.STEMMEN: OK,
        _P.TELLEN: f"{_VOTING_OVER} Een nieuwe stemcode is niet meer nodig.",
        _P.GESLOTEN: f"{_CLOSED} Een nieuwe stemcode is niet meer nodig.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Een nieuwe stemcode is niet meer nodig.",
    },
    "papier_invoeren": {
        _P.VOORBEREIDING: _NO_PAPER_YET,
        _P.INDIENEN: _NO_PAPER_YET,
        _P.BEOORDELEN: _NO_PAPER_YET,
        _P.STEMMEN: OK,
        _P.TELLEN: OK,
        _P.GESLOTEN: f"{_CLOSED} Er kunnen geen papieren stemmen meer bij.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er kunnen geen papieren stemmen meer bij.",
    },
    "stembiljet_printen": {
        _P.VOORBEREIDING: _NO_BALLOT_YET,
        _P.INDIENEN: _NO_BALLOT_YET,
        _P.BEOORDELEN: OK,
        _P.STEMMEN: OK,
        _P.TELLEN: OK,
        _P.GESLOTEN: f"{_CLOSED} Er zijn geen papieren stembiljetten meer nodig.",
        _P.GEPUBLICEERD: f"{_PUBLISHED} Er zijn geen papieren stembiljetten meer nodig.",
    },
    "sluiten": {
        _P.VOORBEREIDING: f"Sluiten {_NOT_YET}",
        _P.INDIENEN: f"Sluiten {_NOT_YET}",
        _P.BEOORDELEN: f"Sluiten {_NOT_YET}",
        _P.STEMMEN: f"Sluiten {_NOT_YET} {_STILL_VOTING}",
        _P.TELLEN: OK,
        _P.GESLOTEN: "De stemronde is al gesloten op {gesloten_op}.",
        _P.GEPUBLICEERD: f"De stemronde is al gesloten. {_PUBLISHED}",
    },
    "publiceren": {
        _P.VOORBEREIDING: f"Publiceren {_NOT_YET}",
        _P.INDIENEN: f"Publiceren {_NOT_YET}",
        _P.BEOORDELEN: f"Publiceren {_NOT_YET}",
        _P.STEMMEN: f"Publiceren {_NOT_YET} {_STILL_VOTING}",
        _P.TELLEN: OK,
        _P.GESLOTEN: OK,
        _P.GEPUBLICEERD: "De uitslag is al gepubliceerd op {gepubliceerd_op}. Er is niets "
        "opnieuw geschreven.",
    },
}

# What residents read about each phase (the list of rounds, the round page).
LABELS: dict[Phase, str] = {
    _P.VOORBEREIDING: "Begint binnenkort",
    _P.INDIENEN: "Ideeën insturen kan nu",
    _P.BEOORDELEN: "De gemeente bekijkt de ideeën",
    _P.STEMMEN: "Stemmen kan nu",
    _P.TELLEN: "De stemmen worden geteld",
    _P.GESLOTEN: "De stemmen worden geteld",
    _P.GEPUBLICEERD: "De uitslag is bekend",
}


class Refused(Conflict):
    """An action the round does not allow now; ``description`` is the Dutch reason."""

    def __init__(self, ref: RoundRef, message: str) -> None:
        super().__init__(message)
        self.ref = ref


def phase_of(ronde: Stemronde, row: Round | None, day: dt.date) -> Phase:
    """The phase on ``day``: the steps that cannot be undone first, then the dates (a gap
    belongs to the phase before the next one: between indienen and stemmen is beoordelen).

    Publishing, closing and the freezing of the ballot are one-way: a round whose ballot
    froze stays at least in stemmen, even if its voting dates are moved later afterwards.
    """
    if row is not None and row.published_on is not None:
        return Phase.GEPUBLICEERD
    if row is not None and row.closed:
        return Phase.GESLOTEN
    if day > ronde.stemmen.tot:
        return Phase.TELLEN
    if day >= ronde.stemmen.van or (row is not None and row.fingerprint):
        return Phase.STEMMEN
    if day > ronde.indienen.tot:
        return Phase.BEOORDELEN
    if day >= ronde.indienen.van:
        return Phase.INDIENEN
    return Phase.VOORBEREIDING


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
    if phase in (_P.STEMMEN, _P.TELLEN, _P.GESLOTEN) and (row is None or row.fingerprint is None):
        if lock:
            db.session.rollback()  # let go of the shared lock: freezing writes the row
        _freeze(ref)  # commits; the lock, if asked for, is taken again below
        row = _read_row(ref, lock)
    locked_in = db.session().get_transaction() if lock else None
    return _state(ref, row, locked_in=locked_in)


TAMPERED = (
    "Het stembiljet van deze stemronde is veranderd nadat het stemmen begon. Daarom kan er nu "
    "niet gestemd of geteld worden. Neem contact op met de gemeente."
)


def _state(ref: RoundRef, row: Round | None, **extra: Any) -> State:
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


def for_a_vote(ref: RoundRef) -> State:
    """``require(ref, "stemmen", lock=True)`` for the request that stores a resident's vote.

    PostgreSQL, once the ballot froze: ``State.open_with`` holds the frozen ballot's
    fingerprint, and the vote is one statement (``ballots.cast``) that takes the round's
    share lock itself and stores nothing unless the round is still open with that ballot.
    So closing still waits for a vote being stored, and a vote checked against a round that
    closed since is refused. The round's row that the checks here read therefore may be a
    little old: a worker keeps an open round's state for ``SOURCES_RECHECK`` seconds (its
    row read outside any transaction, ``_open_state``), and forgets it when a vote finds the
    round closed (``forget_vote_row``). A vote then costs one round trip to the database
    instead of five (BEGIN, the locked read, the vote, COMMIT, and the read before).
    """
    if db.engine.dialect.name == "postgresql":
        current = _open_state(ref)
        if current is not None:
            message = current.refusal("stemmen")
            if message is None:
                return current
            forget_vote_row(ref)  # closed or published: read again, under the lock
    return require(ref, "stemmen", lock=True)


@dataclass(frozen=True)
class _Kept:
    """An open round's state as a worker keeps it between votes."""

    read_at: float  # time.monotonic() when the row was read
    ref: RoundRef  # the sources' round it was built for
    day: dt.date  # the day its phase holds for
    state: State


def _open_state(ref: RoundRef) -> State | None:
    """The round's state if its ballot froze and it was not closed: kept, or read anew.

    Kept as a whole, not only the row: building it (the Round object, the frozen ballot
    checked against its fingerprint, the rules it froze with) was a tenth of a vote's CPU.
    It is built again when the row is read again, when the sources changed (another ``ref``
    object from ``rounds``) and on a new day, so the phase changes at midnight exactly.
    """
    kept: dict[tuple[str, str], _Kept] = current_app.extensions.setdefault("wijkwerk_vote_rows", {})
    now, day = time.monotonic(), today()
    found = kept.get(ref.key)
    row: Round | None
    if found is not None and now - found.read_at < float(current_app.config["SOURCES_RECHECK"]):
        if found.day == day and found.ref.wijk is ref.wijk and found.ref.ronde is ref.ronde:
            return found.state
        read_at, row = found.read_at, found.state.row
    else:
        with outside_transaction() as conn:
            read = conn.execute(_ROUND_ROW, _key(ref)).one_or_none()
        if read is None or not read.fingerprint or read.closed:
            kept.pop(ref.key, None)
            return None
        read_at, row = now, Round(**read._mapping)
    if row is None:  # a kept state always has its row
        return None
    state = _state(ref, row, open_with=row.fingerprint)
    kept[ref.key] = _Kept(read_at, ref, day, state)
    return state


def forget_vote_row(ref: RoundRef) -> None:
    """A vote found the round changed (``ballots.RoundChanged``): the next one reads it."""
    current_app.extensions.get("wijkwerk_vote_rows", {}).pop(ref.key, None)


def _read_row(ref: RoundRef, lock: bool) -> Round | None:
    if not lock:
        return db.session.get(Round, ref.key)
    key = _key(ref)
    if db.engine.dialect.name == "sqlite":  # a write takes SQLite's one write lock now
        db.session.execute(_TOUCH_ROUND, key)
    return db.session.scalars(_LOCKED_ROUND, key).one_or_none()


def _key(ref: RoundRef) -> dict[str, str]:
    return {"in_wijk": ref.wijk.id, "in_ronde": ref.ronde.id}


_IS_ROUND = (Round.wijk == bindparam("in_wijk"), Round.ronde == bindparam("in_ronde"))
_ROUND_ROW = select(*Round.__table__.columns).where(*_IS_ROUND)
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


def _goedkoopste(n: int) -> str:
    """The start of the sentence on the cheapest ballot, in the number that agrees."""
    if n == 1:
        return "Het goedkoopste voorstel kost"
    return f"De {aantal(n)} goedkoopste voorstellen kosten samen"


def shortfall(current: State) -> str | None:
    """Why no valid ballot can be filled in, if so: too few (or too expensive) proposals."""
    ronde = current.ref.ronde
    rules = ronde.regels
    if current.ballot is not None:
        costs = sorted(p.kosten for p in current.ballot.proposals)
    else:
        costs = sorted(p.cost or 0 for p in on_ballot(current.ref))
    if len(costs) < rules.min_keuzes:
        return (
            f"Er {'staat' if len(costs) == 1 else 'staan'} "
            f"{aantal(len(costs), 'voorstel', 'voorstellen')} op het stembiljet, maar een stem "
            f"kiest er minstens {rules.min_keuzes}. Geef eerst meer ideeën het antwoord Nu."
        )
    cheapest = sum(costs[: rules.min_keuzes])
    if rules.max_bedrag is not None and cheapest > rules.max_bedrag:
        return (
            f"{_goedkoopste(rules.min_keuzes)} {euro(cheapest)}: "
            f"meer dan een stem mag kosten ({euro(rules.max_bedrag)}). Niemand kan dan stemmen."
        )
    return None


def _over(ronde: Stemronde, cost: int) -> str | None:
    """What a proposal of ``cost`` costs more than, if it cannot be on the ballot."""
    if cost > ronde.bedrag:
        return f"het hele bedrag van de stemronde ({euro(ronde.bedrag)})"
    limit = ronde.regels.max_bedrag
    if limit is not None and cost > limit:
        return f"een stem mag kosten ({euro(limit)}), dus niemand kan het kiezen"
    return None


def too_expensive(ronde: Stemronde, cost: int) -> str | None:
    """Why a proposal of ``cost`` cannot be answered Nu, for the review form; None if it can."""
    over = _over(ronde, cost)
    if over is None:
        return None
    return f"Dit voorstel kost meer dan {over}. Antwoord Ooit of Nooit, of pas de kosten aan."


def problems(current: State) -> list[str]:
    """What stands in the way of a fair vote, in plain Dutch, for the staff round page."""
    found = [m for m in [shortfall(current)] if m]
    ronde = current.ref.ronde
    if current.ballot is None:
        costly = [(p.title, p.cost or 0) for p in on_ballot(current.ref)]
    else:
        costly = [(p.titel, p.kosten) for p in current.ballot.proposals]
    for title, cost in costly:
        over = _over(ronde, cost)
        if over:
            found.append(f"{title} kost {euro(cost)}: meer dan {over}.")
    if current.phase in (_P.INDIENEN, _P.BEOORDELEN) and not current.lottery:
        found.append(
            f"Er is nog geen loting. Trek hem voor het stemmen begint op "
            f"{current.dates()['stemmen_van']}; anders trekt de app hem bij de start."
        )
    if current.ballot is not None and current.phase is not _P.GEPUBLICEERD:
        now = {
            "bedrag": current.sources.bedrag,
            "telmethode": current.sources.telmethode,
            "regels": current.sources.regels.model_dump(mode="json"),
        }
        if now != current.ballot.rules:
            found.append(
                "De stemregels in budget.yaml zijn veranderd sinds het stemmen begon. De app "
                "blijft werken met de regels van het stembiljet: bedrag "
                f"{euro(current.ballot.rules['bedrag'])}, telmethode "
                f"{current.ballot.rules['telmethode']}."
            )
    return found
