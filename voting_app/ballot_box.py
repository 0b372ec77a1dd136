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

import json
import logging
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import (
    CompoundSelect,
    Select,
    String,
    Table,
    Text,
    bindparam,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import SQLAlchemyError

from voting_app import codes
from voting_app.ballot_pool import (
    BALLOTS,
    BOXED,
    IN_POOL,
    PENDING,
    POOLED,
    bound,
    flush_pending,
    padded,
    pool_key,
    unsealed,
)
from voting_app.ballots import INVALID, Choice
from voting_app.code_register import code_key, refusal, status_of
from voting_app.models import Round, VoteCode, db, outside_transaction
from voting_app.rounds import RoundRef

log = logging.getLogger(__name__)


class RoundChanged(Exception):
    """The round closed after the vote's request read it: nothing was stored."""


def cast(ref: RoundRef, code_hash: str, choice: Choice, *, open_with: str | None = None) -> str:
    """Mark the code used and pool the sealed ballot, atomically; return the receipt number.

    An invalid paper ballot (``ONGELDIG``) takes the same path: its rows look like any other.
    ``open_with`` (PostgreSQL, ``vote_state.for_a_vote``): the fingerprint of the frozen
    ballot the choice was checked against. The vote is then one statement outside any
    transaction that first takes the round's share lock and writes nothing (RoundChanged)
    unless the round is still open with that ballot; without it, the caller holds the round
    under ``lifecycle.lock_open`` in the session's transaction.
    """
    receipt = codes.format_code(codes.random_chars(12))
    wijk, ronde = ref.key
    ballot = [choice.stored, codes.keyed_hash(code_key(), receipt)]
    sealed = codes.seal(pool_key(), padded(json.dumps(ballot)), bound(ref))
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
                pooled = conn.execute(POOLED, params).scalar_one()
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
_POOL = insert(PENDING).values(
    id=bindparam("id"),
    wijk=bindparam("in_wijk"),
    ronde=bindparam("in_ronde"),
    sealed=bindparam("sealed"),
)


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
    pooled = insert(PENDING).from_select(["id", "wijk", "ronde", "sealed"], row)
    new = pooled.returning(PENDING.c.id).cte("pooled")
    count = select(func.count()).select_from
    return select(
        count(still_open).scalar_subquery(),
        count(used).scalar_subquery(),
        POOLED.scalar_subquery() + count(new).scalar_subquery(),
    )


_GUARDED_VOTE = _guarded_vote()


def count(ref: RoundRef) -> int:
    """Ballots cast in the round, invalid ones too: in the box and in the pool (= codes used).

    One statement, so one snapshot: a move between two reads would count its pool in neither.
    """
    wijk, ronde = ref.key
    return db.session.scalar(_CAST, {"in_wijk": wijk, "in_ronde": ronde}) or 0


_CAST = select(BOXED.scalar_subquery() + POOLED.scalar_subquery())


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
                pooled.append(unsealed(ref, sealed)[0])
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
        BOXED.scalar_subquery(),
        BOXED.where(BALLOTS.c.choices == INVALID).scalar_subquery(),
        earlier.scalar_subquery(),
    )
    pool = select(PENDING.c.sealed, literal(0), literal(0), literal(0)).where(*IN_POOL)
    return union_all(totals, pool)  # the totals' row is the one without a seal


_TURNOUT = _turnout()
