"""The ballot box: it stays secret by how it stores ballots; codes are ``code_register``'s.

The ballot box. Someone with full SQL access, or a copy of the database files (SQLite's
-wal file included), must find nothing that links a ballot to a code or letter:

* A vote is one transaction that marks the code used and puts the ballot, *sealed* with a
  key derived from ``CODE_KEY`` (which the database never holds), into the pool
  ``ballot_pending``. The rows this transaction writes (and so its PostgreSQL ``xmin``, its
  SQLite WAL frames) hold no readable choice and no receipt.
* When the pool of a round holds ``BALLOT_BATCH`` ballots, one transaction unseals them and
  rewrites them, together with the newest group of the box, into ``ballot`` in a fresh
  random order with fresh random ids, and empties the pool (``flush_pending``: the newest
  group never holds fewer than ``GROUP_BATCHES`` pools once the round has that many, and a
  move writes a bounded number of rows, whatever the size of the round). Ballots written by
  one move share its ``xmin``, which no code row has; their storage order (heap order,
  ``ctid``) is random, not the voting order. At closing the whole box is rewritten into one
  group. On SQLite ``secure_delete`` zeroes what was deleted and a WAL checkpoint
  (TRUNCATE) empties the -wal file after each move.
* No dates: neither codes nor ballots carry a day; paper ballots leave one audit row per clerk,
  round and day when the entry page is opened, never one per ballot.
* A paper ballot entered as ongeldig is a ballot like any other: sealed into the pool, moved
  into the box with the choice ``INVALID``. Every sealed ballot is padded to a multiple of
  ``SEAL_BLOCK`` characters, so neither an invalid ballot nor the number of choices shows in
  the length of the sealed text. The invalid count is read from the box (``turnout``).

What remains: someone who copies the database (or PostgreSQL's WAL archive) after every
single vote can tell which codes were used between two moves and which ballots arrived in
that move, among the ballots that move wrote: at least ``GROUP_BATCHES`` pools. On
PostgreSQL one copy taken while voting runs shows the groups too (ballots by ``xmin``, codes
by theirs), with the same floor; a copy taken after staff closed or published the round
shows one group. docs/security.md ("Het stemgeheim") has the threat model, the tests and
the figures.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    String,
    Table,
    Text,
    bindparam,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import SQLAlchemyError

from generator.formatting import aantal, euro
from voting_app import codes
from voting_app.code_register import code_key, derived_key, ensure_round, refusal, status_of
from voting_app.models import (
    Ballot,
    PendingBallot,
    Proposal,
    Round,
    VoteCode,
    db,
    outside_transaction,
)
from voting_app.rounds import RoundRef

# A floor of 200 ballots (docs/security.md) in pools of 40: half the moves of pools of 20
# under the same floor; the pool is what a vote hides among in older database states, and
# what someone holding both CODE_KEY and the database can read (docs/security.md).
BALLOT_BATCH = 40  # the default of config BALLOT_BATCH: the pool's size before a move
GROUP_BATCHES = 5  # the default of config GROUP_BATCHES: pools the newest group holds
INVALID = "ongeldig"  # the choices of an invalid paper ballot; proposal ids are digits
SEAL_BLOCK = 1024  # sealed ballots are padded to a multiple of this many characters
_shuffle = random.SystemRandom().shuffle
log = logging.getLogger(__name__)


class BallotError(ValueError):
    """A ballot that breaks a rule; the message is Dutch and safe to show."""


# --- the ballot -------------------------------------------------------------------------


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


class RoundChanged(Exception):
    """The round closed after the vote's request read it: nothing was stored."""


def cast(ref: RoundRef, code_hash: str, choice: Choice, *, open_with: str | None = None) -> str:
    """Mark the code used and pool the sealed ballot, atomically; return the receipt number.

    An invalid paper ballot (``ONGELDIG``) takes the same path: its rows look like any other.
    ``open_with`` (PostgreSQL, ``lifecycle.for_a_vote``): the fingerprint of the frozen
    ballot the choice was checked against. The vote is then one statement outside any
    transaction that first takes the round's share lock and writes nothing (RoundChanged)
    unless the round is still open with that ballot; without it, the caller holds the round
    under ``lifecycle.lock_open`` in the session's transaction.
    """
    receipt = codes.format_code("".join(secrets.choice(codes.ALPHABET) for _ in range(12)))
    wijk, ronde = ref.key
    ballot = [choice.stored, codes.keyed_hash(code_key(), receipt)]
    sealed = codes.seal(_pool_key(), _padded(json.dumps(ballot)), _bound(ref))
    params = {"code_hash": code_hash, "in_wijk": wijk, "in_ronde": ronde, "sealed": sealed}
    params |= {"id": secrets.token_hex(16), "frozen": open_with or ""}
    if open_with is not None:
        # One statement is one transaction: under load the workers spent half their time
        # waiting for PostgreSQL's answers, most of it on a vote's five round trips.
        with outside_transaction() as conn:
            still_open, marked, pooled = conn.execute(_GUARDED_VOTE, params).one()
        if not still_open:
            raise RoundChanged
    else:
        try:
            # Core statements on the session's connection, in its transaction: the ORM's
            # bookkeeping (matching the UPDATE against loaded objects, bulk-insert plumbing)
            # was a third of a vote's CPU and does nothing for rows no object here holds.
            conn = db.session.connection()
            marked = conn.execute(_USE_CODE, params).rowcount
            if marked == 1:
                conn.execute(_POOL, params)
                pooled = conn.execute(_POOLED, params).scalar_one()
                db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    if marked != 1:
        db.session.rollback()
        raise codes.CodeError(refusal(db.session.scalar(status_of(code_hash))))
    if pooled >= current_app.config["BALLOT_BATCH"]:
        try:
            flush_pending(ref)
        except (SQLAlchemyError, ValueError):  # the ballot is safe in the pool
            # ValueError: a pooled ballot that does not unseal (another CODE_KEY, a damaged
            # row); the voter still gets the receipt, staff see it in the log and at closing.
            db.session.rollback()
            log.exception("moving the ballot pool of %s/%s failed", wijk, ronde)
    return receipt


# The statements of a vote, built once: building them again for every vote cost more than
# a round trip to the database.
_CODES: Table = VoteCode.__table__
_PENDING: Table = PendingBallot.__table__
_BALLOTS: Table = Ballot.__table__
_USE_CODE = (
    update(_CODES)
    .where(
        _CODES.c.hash == bindparam("code_hash"),
        _CODES.c.wijk == bindparam("in_wijk"),
        _CODES.c.ronde == bindparam("in_ronde"),
        _CODES.c.status == "issued",
    )
    .values(status="used")
)
_POOL = insert(_PENDING).values(
    id=bindparam("id"),
    wijk=bindparam("in_wijk"),
    ronde=bindparam("in_ronde"),
    sealed=bindparam("sealed"),
)
# The round's rows in the pool and in the box, for statements with in_wijk and in_ronde.
_IN_POOL = (_PENDING.c.wijk == bindparam("in_wijk"), _PENDING.c.ronde == bindparam("in_ronde"))
_IN_BOX = (_BALLOTS.c.wijk == bindparam("in_wijk"), _BALLOTS.c.ronde == bindparam("in_ronde"))
_POOLED = select(func.count()).select_from(_PENDING).where(*_IN_POOL)
_BOXED = select(func.count()).select_from(_BALLOTS).where(*_IN_BOX)


def _guarded_vote() -> Select[int, int, int]:
    """PostgreSQL: the whole vote as one statement with data-modifying CTEs.

    It share-locks the round's row if the round is open with the frozen ballot ``frozen``
    (closing, an UPDATE of that row, waits for the statement; a closing that came first
    leaves no row), marks the code used only then, pools the sealed ballot only if the code
    was marked, and counts the pool. Returns (round still open, codes marked, ballots in the
    pool); the count reads the snapshot taken before the statement, so the new one is added.
    """
    rounds = Round.__table__
    still_open = (
        select(rounds.c.wijk)
        .where(
            rounds.c.wijk == bindparam("in_wijk"),
            rounds.c.ronde == bindparam("in_ronde"),
            rounds.c.closed.is_not(True),
            rounds.c.fingerprint == bindparam("frozen"),
        )
        .with_for_update(read=True)
        .cte("still_open")
    )
    used = _USE_CODE.where(select(still_open.c.wijk).exists()).returning(_CODES.c.hash).cte("used")
    row = select(
        *(bindparam(name, type_=String) for name in ("id", "in_wijk", "in_ronde", "sealed"))
    ).select_from(used)
    pooled = insert(_PENDING).from_select(["id", "wijk", "ronde", "sealed"], row)
    new = pooled.returning(_PENDING.c.id).cte("pooled")
    count = select(func.count()).select_from
    return select(
        count(still_open).scalar_subquery(),
        count(used).scalar_subquery(),
        _POOLED.scalar_subquery() + count(new).scalar_subquery(),
    )


_GUARDED_VOTE = _guarded_vote()


def _pool_key() -> bytes:
    return derived_key("wijkwerk ballot pool")


def _padded(text: str) -> str:
    """``text`` with spaces up to a multiple of ``SEAL_BLOCK`` (JSON ignores them)."""
    return text.ljust(-(-len(text) // SEAL_BLOCK) * SEAL_BLOCK)


def _bound(ref: RoundRef) -> str:
    """What a pooled ballot is sealed to: its round (``codes.seal``'s ``bound_to``)."""
    return "/".join(ref.key)


def _unsealed(ref: RoundRef, sealed: str) -> tuple[str, str]:
    """A pooled ballot's choices and receipt hash."""
    choices, receipt = json.loads(codes.unseal(_pool_key(), sealed, _bound(ref)))
    return choices, receipt


def count(ref: RoundRef) -> int:
    """Ballots cast in the round, invalid ones too: in the box and in the pool (= codes used).

    One statement, so one snapshot: a move between two reads would count its pool in neither.
    """
    wijk, ronde = ref.key
    return db.session.scalar(_CAST, {"in_wijk": wijk, "in_ronde": ronde}) or 0


_CAST = select(_BOXED.scalar_subquery() + _POOLED.scalar_subquery())


@dataclass(frozen=True)
class Turnout:
    """The ballots cast in a round: valid ones, and paper ballots entered as ongeldig."""

    valid: int
    invalid: int
    # Pooled ballots that do not open (another CODE_KEY, a damaged or copied row): counted
    # in neither, shown to staff, and refused again by closing, which cannot count them.
    unreadable: int = 0


def turnout(ref: RoundRef) -> Turnout:
    """Count the box and the pool (unsealed here, in the app, never in the database).

    Adds ``Round.invalid_ballots``: invalid ballots counted there before they went into the
    box. Nothing writes that column any more. One statement, so one snapshot, as in
    :func:`count`: read one after another, a move in between counted its pool twice (in the
    pool, then in the box) or not at all.
    """
    wijk, ronde = ref.key
    rows = db.session.execute(_TURNOUT, {"in_wijk": wijk, "in_ronde": ronde}).all()
    _, boxed, invalid, earlier = next(row for row in rows if row[0] is None)  # the totals
    pooled, unreadable = [], 0
    for sealed, *_ in rows:
        if sealed is not None:
            try:
                pooled.append(_unsealed(ref, sealed)[0])
            except ValueError:
                unreadable += 1
    if unreadable:
        log.error("%d pooled ballots of %s/%s do not unseal", unreadable, wijk, ronde)
    invalid += pooled.count(INVALID)
    return Turnout(boxed + len(pooled) - invalid, invalid + (earlier or 0), unreadable)


def _turnout() -> CompoundSelect[str | None, int, int, int | None]:
    rounds = Round.__table__
    earlier = select(rounds.c.invalid_ballots).where(
        rounds.c.wijk == bindparam("in_wijk"), rounds.c.ronde == bindparam("in_ronde")
    )
    totals = select(
        sql_cast(null(), Text).label("sealed"),
        _BOXED.scalar_subquery(),
        _BOXED.where(_BALLOTS.c.choices == INVALID).scalar_subquery(),
        earlier.scalar_subquery(),
    )
    pool = select(_PENDING.c.sealed, literal(0), literal(0), literal(0)).where(*_IN_POOL)
    return union_all(totals, pool)  # the totals' row is the one without a seal


_TURNOUT = _turnout()


def flush_pending(ref: RoundRef, *, everything: bool = False) -> int:
    """Move the round's pool into the box, shuffled with the newest group; return moved.

    The box is a few *closed* groups and one *open* group, the newest: ballots written by one
    move share its ``xmin``, so a group is what one copy of the database can tell apart. A
    move rewrites the pool together with the open group, in a fresh random order with fresh
    random ids. Once that holds ``2 * GROUP_BATCHES`` pools, the move writes a random half as
    a closed group (never rewritten again before closing) and the rest as the open group.
    So, once a round has that many ballots, the ballots written by the newest move always
    number at least ``GROUP_BATCHES`` pools (200 ballots by default): the fewest a vote can
    hide among, even for someone who copies the database right after it. A move costs at
    most 2 * GROUP_BATCHES + 1 pools of row writes, whatever the size of the round.
    ``everything`` (closing, counting) rewrites the whole box into one group.

    Commits what the session holds first: a move is its own transaction. Moves of a round
    take turns under their own lock (PostgreSQL: an advisory lock, not the round's row, which
    every vote holds a share of; SQLite: its one write lock), so a move never holds up a vote.
    A vote that finds a move running leaves its ballot in the pool; the running move looks
    at the pool again when it is done.
    """
    batch = int(current_app.config["BALLOT_BATCH"])
    moved = 0
    for _ in range(4):  # bounded: a flood of votes moves on with the next vote
        step = _move(ref, everything, batch)
        if step is None:  # another move holds the lock: it looks at the pool when done
            break
        moved += step
        # After every release of the lock, also when this move found the pool moved already:
        # a vote that came in meanwhile saw the lock taken and left its ballot to us.
        if everything or _pool_size(ref) < batch:
            break
    return moved


def _move(ref: RoundRef, everything: bool, batch: int) -> int | None:
    """One move; None when another move holds the round's move lock."""
    wijk, ronde = ref.key
    db.session.commit()
    if not everything and _move_running(wijk, ronde):
        return None
    if not _lock_moves(wijk, ronde, wait=everything):
        db.session.rollback()
        return None
    conn = db.session.connection()  # Core, as in ``cast``: no objects to keep in step
    pending = conn.execute(
        select(_PENDING.c.id, _PENDING.c.sealed).where(
            _PENDING.c.wijk == wijk, _PENDING.c.ronde == ronde
        )
    ).all()
    in_round = (_BALLOTS.c.wijk == wijk, _BALLOTS.c.ronde == ronde)
    oldest, last = conn.execute(
        select(func.min(_BALLOTS.c.move), func.max(_BALLOTS.c.move)).where(*in_round)
    ).one()
    # Closing merges the groups; ballots from before moves were numbered (move 0) are always
    # rewritten, since they were stored in the transaction that used their code.
    merged = everything and oldest is not None and (oldest != last or last == 0)
    if len(pending) < (1 if everything else batch) and not merged:
        db.session.rollback()  # moved by someone else already, or (closing) nothing to do
        return 0
    move = (last or 0) + 1
    rewritten = in_round if everything else (*in_round, _BALLOTS.c.move == (last or 0))
    rows = [_unsealed(ref, p.sealed) for p in pending]
    rows += [
        (c, r)
        for c, r in conn.execute(select(_BALLOTS.c.choices, _BALLOTS.c.receipt).where(*rewritten))
    ]
    _shuffle(rows)
    conn.execute(delete(_BALLOTS).where(*rewritten))
    conn.execute(delete(_PENDING).where(_PENDING.c.id.in_([p.id for p in pending])))
    floor = batch * int(current_app.config["GROUP_BATCHES"])
    half = len(rows) // 2 if not everything and len(rows) >= 2 * floor else 0
    _write_box(
        conn,
        [
            (secrets.token_hex(16), wijk, ronde, c, r, move if i < half else move + (half > 0))
            for i, (c, r) in enumerate(rows)
        ],
    )
    db.session.commit()
    _forget_wal()
    return len(pending)


_BOX_COLUMNS = ("id", "wijk", "ronde", "choices", "receipt", "move")


def _write_box(conn: Connection, rows: list[tuple[str, str, str, str, str, int]]) -> None:
    """Write a move's rows into the box in their shuffled order, in the move's transaction.

    PostgreSQL: one COPY. psycopg sent the executemany as one INSERT per row (the 240 to 440
    rows of a move), which cost a twentieth of a vote's CPU; COPY also writes the rows in the
    order given, so the table's physical order is the shuffle, as before.
    """
    if conn.dialect.name != "postgresql":
        conn.execute(insert(_BALLOTS), [dict(zip(_BOX_COLUMNS, row, strict=True)) for row in rows])
        return
    command = f"COPY {_BALLOTS.name} ({', '.join(_BOX_COLUMNS)}) FROM STDIN"
    raw: Any = conn.connection.driver_connection  # psycopg's, in the move's transaction
    with raw.cursor() as cursor, cursor.copy(command) as copy:
        for row in rows:
            copy.write_row(row)


def _pool_size(ref: RoundRef) -> int:
    wijk, ronde = ref.key
    return db.session.scalar(_POOLED, {"in_wijk": wijk, "in_ronde": ronde}) or 0


def _move_key(wijk: str, ronde: str) -> int:
    """The round's move lock: a PostgreSQL advisory lock, a signed 64-bit number."""
    digest = hashlib.sha256(f"ballot move {wijk}/{ronde}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _move_running(wijk: str, ronde: str) -> bool:
    """PostgreSQL: whether a move of the round holds its lock now, asked outside any
    transaction (one round trip; trying the lock costs three with BEGIN and ROLLBACK).

    While one move runs, every vote that finds a full pool would try the lock and fail: under
    load that was as costly as the moves themselves. A vote that skips here committed before
    asking, and the running move looks at the pool again after it lets go of the lock (also
    when it found the pool moved already), which comes after this answer: the ballot moves
    with it, or (after ``flush_pending``'s fourth move in a row) with the next vote.
    """
    if db.engine.dialect.name != "postgresql":
        return False
    key = _move_key(wijk, ronde) & 0xFFFFFFFFFFFFFFFF  # pg_locks shows it as two unsigned halves
    with outside_transaction() as conn:
        return bool(conn.execute(_MOVE_HELD, {"high": key >> 32, "low": key & 0xFFFFFFFF}).scalar())


_MOVE_HELD = text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND classid = CAST(:high AS oid) AND objid = CAST(:low AS oid) AND objsubid = 1)"
)


def _lock_moves(wijk: str, ronde: str, *, wait: bool) -> bool:
    """Take the round's move lock for this transaction; False if ``wait`` is off and it is taken."""
    if db.engine.dialect.name == "sqlite":
        if _lock_round(wijk, ronde) is None:  # a write: SQLite's one write lock, held to commit
            ensure_round(wijk, ronde)
            _lock_round(wijk, ronde)
        return True
    key = _move_key(wijk, ronde)
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    taken = db.session.scalar(select(getattr(func, function)(key)))
    return wait or bool(taken)


def _lock_round(wijk: str, ronde: str) -> int | None:
    result = db.session.execute(
        update(Round)
        .where(Round.wijk == wijk, Round.ronde == ronde)
        .values(next_letter=Round.next_letter)
        .returning(Round.next_letter)
    )
    return result.scalar_one_or_none()


def _forget_wal() -> None:
    """SQLite: copy the WAL into the database file and empty it, if no reader holds it."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=500")
        try:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
        finally:
            conn.exec_driver_sql("PRAGMA busy_timeout=30000")
    if busy:
        # A reader that began before the move still holds the WAL: until the next move's
        # checkpoint, a copy of both files holds the box from before and after this move.
        log.warning("the -wal file could not be emptied after a move; the next move tries again")
