"""The pool of sealed ballots: how a vote seals its ballot into it, and how pools move.

A vote (``ballot_box.cast``) puts its ballot, sealed with a key derived from ``CODE_KEY``,
into ``ballot_pending``; when the pool holds ``BALLOT_BATCH`` ballots, ``flush_pending``
unseals them and rewrites them with the box's newest group in a fresh random order. Why
that keeps the ballot secret, and what remains, is ``ballot_box``'s docstring.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import secrets
from typing import Any

from flask import current_app
from sqlalchemy import Connection, Table, bindparam, delete, func, insert, select, text, update

from voting_app import codes
from voting_app.code_register import derived_key, ensure_round
from voting_app.models import Ballot, PendingBallot, Round, db, outside_transaction
from voting_app.rounds import RoundRef

# A floor of 200 ballots (docs/security.md) in pools of 40: half the moves of pools of 20
# under the same floor; the pool is what a vote hides among in older database states, and
# what someone holding both CODE_KEY and the database can read (docs/security.md).
BALLOT_BATCH = 40  # the default of config BALLOT_BATCH: the pool's size before a move
GROUP_BATCHES = 5  # the default of config GROUP_BATCHES: pools the newest group holds
SEAL_BLOCK = 1024  # sealed ballots are padded to a multiple of this many characters
_shuffle = random.SystemRandom().shuffle
log = logging.getLogger(__name__)

# The pool and the box, and a round's rows in each, for statements with in_wijk and in_ronde.
PENDING: Table = PendingBallot.__table__
BALLOTS: Table = Ballot.__table__
IN_POOL = (PENDING.c.wijk == bindparam("in_wijk"), PENDING.c.ronde == bindparam("in_ronde"))
IN_BOX = (BALLOTS.c.wijk == bindparam("in_wijk"), BALLOTS.c.ronde == bindparam("in_ronde"))
POOLED = select(func.count()).select_from(PENDING).where(*IN_POOL)
BOXED = select(func.count()).select_from(BALLOTS).where(*IN_BOX)


def pool_key() -> bytes:
    return derived_key("wijkwerk ballot pool")


def padded(text: str) -> str:
    """``text`` with spaces up to a multiple of ``SEAL_BLOCK`` (JSON ignores them)."""
    return text.ljust(-(-len(text) // SEAL_BLOCK) * SEAL_BLOCK)


def bound(ref: RoundRef) -> str:
    """What a pooled ballot is sealed to: its round (``codes.seal``'s ``bound_to``)."""
    return "/".join(ref.key)


def unsealed(ref: RoundRef, sealed: str) -> tuple[str, str]:
    """A pooled ballot's choices and receipt hash."""
    choices, receipt = json.loads(codes.unseal(pool_key(), sealed, bound(ref)))
    return choices, receipt


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
        select(PENDING.c.id, PENDING.c.sealed).where(
            PENDING.c.wijk == wijk, PENDING.c.ronde == ronde
        )
    ).all()
    in_round = (BALLOTS.c.wijk == wijk, BALLOTS.c.ronde == ronde)
    oldest, last = conn.execute(
        select(func.min(BALLOTS.c.move), func.max(BALLOTS.c.move)).where(*in_round)
    ).one()
    # Closing merges the groups; ballots from before moves were numbered (move 0) are always
    # rewritten, since they were stored in the transaction that used their code.
    merged = everything and oldest is not None and (oldest != last or last == 0)
    if len(pending) < (1 if everything else batch) and not merged:
        db.session.rollback()  # moved by someone else already, or (closing) nothing to do
        return 0
    move = (last or 0) + 1
    rewritten = in_round if everything else (*in_round, BALLOTS.c.move == (last or 0))
    rows = [unsealed(ref, p.sealed) for p in pending]
    rows += [
        (c, r)
        for c, r in conn.execute(select(BALLOTS.c.choices, BALLOTS.c.receipt).where(*rewritten))
    ]
    _shuffle(rows)
    conn.execute(delete(BALLOTS).where(*rewritten))
    conn.execute(delete(PENDING).where(PENDING.c.id.in_([p.id for p in pending])))
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
        conn.execute(insert(BALLOTS), [dict(zip(_BOX_COLUMNS, row, strict=True)) for row in rows])
        return
    command = f"COPY {BALLOTS.name} ({', '.join(_BOX_COLUMNS)}) FROM STDIN"
    raw: Any = conn.connection.driver_connection  # psycopg's, in the move's transaction
    with raw.cursor() as cursor, cursor.copy(command) as copy:
        for row in rows:
            copy.write_row(row)


def _pool_size(ref: RoundRef) -> int:
    wijk, ronde = ref.key
    return db.session.scalar(POOLED, {"in_wijk": wijk, "in_ronde": ronde}) or 0


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
