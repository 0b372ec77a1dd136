"""The code register: vote codes, their letters and who may still vote.

Every change of a code is one conditional UPDATE whose row count is
checked (issue is an INSERT under the unique index "one live code per letter"): voting sets
``used`` only ``WHERE status = 'issued'``, a reissue sets ``void`` only ``WHERE status =
'issued'``, so of any two racing changes the database lets exactly one happen. Letter numbers
are handed out in blocks by one ``UPDATE round SET next_letter = next_letter + n ...
RETURNING``. Codes exist only together with their letters: the letters are built first, then
the codes are written and committed in one transaction; a failure or a killed worker before
that commit leaves no code behind (at most a gap in the letter numbers).

Only keyed hashes of codes are stored (``codes.keyed_hash`` with a key from ``CODE_KEY``,
which the database never holds); between the code page and the ballot the voter's session
carries the hash sealed with another key from it (``seal_voter``). Ballots are kept by
``voting_app.ballot_box`` and ``ballot_pool``, which never store a code.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import Select, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from voting_app import codes
from voting_app.models import Round, VoteCode, db
from voting_app.rounds import RoundRef

MAX_LETTERS = 1000  # one download; 1000 letters take about 13 s, see docs/security.md
log = logging.getLogger(__name__)
DEV_CODE_KEY = "dev code key: only for wijkwerk serve and tests on this computer"


def derived_key(purpose: str) -> bytes:
    """A key for ``purpose``, derived from ``CODE_KEY``: one secret, a key per use."""
    secret = current_app.config.get("CODE_KEY") or DEV_CODE_KEY
    return _derived(secret.encode() if isinstance(secret, str) else secret, purpose)


@functools.lru_cache(maxsize=64)
def _derived(secret: bytes, purpose: str) -> bytes:
    # Kept: every vote needs four of these keys, and CODE_KEY does not change while it runs.
    return codes.keyed_hash(secret, purpose).encode()


def code_key() -> bytes:
    """The HMAC key for codes and receipts, from ``CODE_KEY`` (not the session secret)."""
    return derived_key("wijkwerk vote codes")


def issue_code(wijk: str, ronde: str, letter: int) -> str:
    """A new code for letter number ``letter``; only its keyed hash is stored (not committed)."""
    code = codes.new_code()
    register_codes(wijk, ronde, [(letter, code)])
    return code


def register_codes(wijk: str, ronde: str, numbered: Iterable[tuple[int, str]]) -> None:
    """Add codes for their letter numbers to the session; the caller commits."""
    key = code_key()
    for letter, code in numbered:
        digest = codes.keyed_hash(key, codes.normalise(code))
        db.session.add(VoteCode(hash=digest, wijk=wijk, ronde=ronde, letter=letter))


def refresh_statistics() -> None:
    """PostgreSQL: tell the planner about the codes just issued (``ANALYZE vote_code``).

    A table that was never analysed looks empty to the planner, and it then found a vote's
    code through the one-live-code-per-letter index, reading every code of the round (3,000
    rows for 3,000 letters) instead of the one row under its hash. Autovacuum analyses too,
    but only a minute or more after a batch, and codes are often made just before voting
    opens. ANALYZE also drops the plans kept for prepared statements.
    """
    if db.engine.dialect.name != "postgresql":
        return
    try:  # the codes are committed: their letters must reach staff whatever happens here
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))  # autovacuum may hold it
        db.session.execute(text("ANALYZE vote_code"))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("ANALYZE vote_code failed; autovacuum will analyse the codes later")


def allocate_letters(wijk: str, ronde: str, count: int) -> int:
    """Reserve ``count`` letter numbers in one atomic UPDATE; return the first (committed)."""
    db.session.commit()
    bumped = _bump(wijk, ronde, count)
    if bumped is None:
        ensure_round(wijk, ronde)
        bumped = _bump(wijk, ronde, count)
    assert bumped is not None
    db.session.commit()
    return bumped - count


def _bump(wijk: str, ronde: str, count: int) -> int | None:
    result = db.session.execute(
        update(Round)
        .where(Round.wijk == wijk, Round.ronde == ronde)
        .values(next_letter=Round.next_letter + count)
        .returning(Round.next_letter)
    )
    return result.scalar_one_or_none()


def ensure_round(wijk: str, ronde: str) -> None:
    """Create the round's row if it is missing, once even when requests race; commits.

    An ``INSERT ... ON CONFLICT DO NOTHING``: of two at once, one inserts and the other does
    nothing, without an error. The commit ends the transaction, so what comes next starts a
    new one (the letter numbering and the move start theirs with a write).
    """
    values = {"wijk": wijk, "ronde": ronde, "lottery": "", "next_letter": 1, "closed": False}
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(dialect.insert(Round).values(values).on_conflict_do_nothing())
    db.session.commit()


def reissue(wijk: str, ronde: str, letter: int) -> str:
    """Void the live code of ``letter`` and add a new one (not committed); CodeError if not.

    One conditional UPDATE: a vote with the old code either happened first (then nothing is
    voided) or finds the code void.
    """
    voided = db.session.execute(
        update(VoteCode)
        .where(
            VoteCode.wijk == wijk,
            VoteCode.ronde == ronde,
            VoteCode.letter == letter,
            VoteCode.status == "issued",
        )
        .values(status="void")
    )
    if voided.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise codes.CodeError(f"Brief {letter} bestaat niet of er is al mee gestemd.")
    return issue_code(wijk, ronde, letter)


def check_code(ref: RoundRef, typed: str) -> str:
    """Normalise a typed code and check it can still vote in this round; return its hash."""
    code = codes.normalise(typed)
    digest = codes.keyed_hash(code_key(), code)
    entry = db.session.get(VoteCode, digest)
    if entry is None or (entry.wijk, entry.ronde) != ref.key:
        raise codes.CodeError("Deze stemcode hoort niet bij deze stemronde.")
    if entry.status != "issued":
        raise codes.CodeError(refusal(entry.status))
    return digest


def seal_voter(ref: RoundRef, code_hash: str) -> str:
    """What the session carries between the code and the ballot: the code's hash sealed.

    The session cookie is signed, not encrypted, and the hash is the code register's key. In
    the clear it would let whoever holds ``SECRET_KEY`` and a copy of the database forge a
    voter for every unused code; sealed with a key from ``CODE_KEY`` (and bound to the round)
    it needs that key too, as a typed code would.
    """
    return codes.seal(derived_key("wijkwerk voter session"), json.dumps([*ref.key, code_hash]))


def voter_digest(ref: RoundRef, sealed: object) -> str | None:
    """The code hash that :func:`seal_voter` sealed for this round; None if it is not one."""
    if not isinstance(sealed, str):
        return None
    try:
        wijk, ronde, code_hash = json.loads(
            codes.unseal(derived_key("wijkwerk voter session"), sealed)
        )
    except ValueError:  # forged, changed, another key, or not even hex (ValueError too)
        return None
    return str(code_hash) if (wijk, ronde) == ref.key else None


def refusal(status: str | None) -> str:
    if status == "void":
        return "Deze stemcode is vervangen door een nieuwe. Gebruik de code uit uw nieuwste brief."
    return "Met deze stemcode is al gestemd."


def status_of(code_hash: str) -> Select[str]:
    return select(VoteCode.status).where(VoteCode.hash == code_hash)
