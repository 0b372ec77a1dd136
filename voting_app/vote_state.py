"""The round as a vote sees it: kept per worker between votes, on PostgreSQL.

A vote is the request that comes most often, and all it needs of the round is its phase and
its frozen ballot. ``for_a_vote`` gives them from a state the worker keeps for
``SOURCES_RECHECK`` seconds; the vote's statement (``ballot_box.cast``) checks the round itself
under its lock, so a state that is a little old can refuse a vote, never store one late.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from flask import current_app

from voting_app.lifecycle import ROUND_ROW, State, from_row, require, round_params
from voting_app.models import Round, db, outside_transaction
from voting_app.rounds import RoundRef, today


def for_a_vote(ref: RoundRef) -> State:
    """``require(ref, "stemmen", lock=True)`` for the request that stores a resident's vote.

    PostgreSQL, once the ballot froze: ``State.open_with`` holds the frozen ballot's
    fingerprint, and the vote is one statement (``ballot_box.cast``) that takes the round's
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
            read = conn.execute(ROUND_ROW, round_params(ref)).one_or_none()
        if read is None or not read.fingerprint or read.closed:
            kept.pop(ref.key, None)
            return None
        read_at, row = now, Round(**read._mapping)
    if row is None:  # a kept state always has its row
        return None
    state = from_row(ref, row, open_with=row.fingerprint)
    kept[ref.key] = _Kept(read_at, ref, day, state)
    return state


def forget_vote_row(ref: RoundRef) -> None:
    """A vote found the round changed (``ballot_box.RoundChanged``): the next one reads it."""
    current_app.extensions.get("wijkwerk_vote_rows", {}).pop(ref.key, None)
