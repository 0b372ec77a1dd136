"""What the voting app stores: proposals, the code register, the ballot box, staff, audit.

The code register and the ballot box are separate tables with no link between them. A ballot
has a random primary key, its choices and a keyed hash of the receipt number; no date or time,
no IP, no sequence number. Ballots reach the box only through the sealed pool
(``ballot_pending``), moved in shuffled batches; ``voting_app.ballots`` explains why. On
SQLite the ballot tables have no hidden rowid, so storage follows the random key.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import ClassVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def outside_transaction() -> Connection:
    """A connection of its own on which each statement is its own transaction (autocommit):
    no BEGIN and COMMIT round trips around a single statement, and nothing of the session's."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def _random_id() -> str:
    return secrets.token_hex(16)


# Readable over the phone: no 0/O or 1/I. 32 symbols, 8 of them: 40 bits.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def random_reference() -> str:
    """A reference number as residents get them (an idea's, a grant application's): XXXX-XXXX."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class Proposal(db.Model):  # type: ignore[name-defined]
    """An idea a resident sent in, and the gemeente's answer to it."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wijk: Mapped[str] = mapped_column(String(63), index=True)
    ronde: Mapped[str] = mapped_column(String(63), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    estimate: Mapped[int] = mapped_column(Integer)  # the resident's estimate, euros
    own_part: Mapped[str] = mapped_column(Text, default="")  # eigen bijdrage
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)  # never published
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)  # never published
    # What the submitter types to follow the idea (K7M3-Q9XD): random, so it tells no counts.
    reference: Mapped[str] = mapped_column(String(9), unique=True, default=random_reference)
    # How it came in: online (the resident's form), or papier / telefoon / balie (staff typed it).
    channel: Mapped[str] = mapped_column(String(8), default="online", server_default="online")
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    cost: Mapped[int | None] = mapped_column(Integer, nullable=True)  # set by staff
    answer: Mapped[str | None] = mapped_column(String(8), nullable=True)  # nu / ooit / nooit
    conditions: Mapped[str | None] = mapped_column(Text, nullable=True)  # Ooit
    answer_by: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # Ooit
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # Nooit
    published: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def on_ballot(self) -> bool:
        return self.published and self.answer == "nu" and self.cost is not None


class VoteCode(db.Model):  # type: ignore[name-defined]
    """One entry of the code register: a keyed hash, never the code itself, and no date.

    A letter number has at most one live (not void) code per round: a unique index enforces
    it, so two racing issues or reissues cannot both succeed. Every change of ``status`` is
    one conditional UPDATE (``... WHERE status = 'issued'``), see ``voting_app.ballots``.
    """

    __tablename__ = "vote_code"
    __table_args__ = (
        Index(
            "uq_vote_code_live_letter",
            "wijk",
            "ronde",
            "letter",
            unique=True,
            sqlite_where=text("status != 'void'"),
            postgresql_where=text("status != 'void'"),
        ),
    )

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    wijk: Mapped[str] = mapped_column(String(63))
    ronde: Mapped[str] = mapped_column(String(63))
    letter: Mapped[int] = mapped_column(Integer)  # number printed on the letter
    status: Mapped[str] = mapped_column(String(8), default="issued")  # issued/used/void


class Ballot(db.Model):  # type: ignore[name-defined]
    """One anonymous ballot: no date, and stored only by the shuffled moves out of the pool."""

    __tablename__ = "ballot"
    __table_args__ = (
        Index("ix_ballot_round_move", "wijk", "ronde", "move"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    wijk: Mapped[str] = mapped_column(String(63))
    ronde: Mapped[str] = mapped_column(String(63))
    # Sorted proposal ids, comma-separated; ballots.INVALID for a paper ballot that is ongeldig.
    choices: Mapped[str] = mapped_column(Text)
    receipt: Mapped[str] = mapped_column(String(64), unique=True)  # keyed hash
    # The move out of the pool that last wrote this ballot (``ballot_pool.flush_pending``): the
    # same grouping PostgreSQL's xmin shows, kept so a move can find the newest group.
    move: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PendingBallot(db.Model):  # type: ignore[name-defined]
    """A cast ballot waiting in the pool, sealed with the code key until it is moved."""

    __tablename__ = "ballot_pending"
    __table_args__: ClassVar[dict[str, bool]] = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    wijk: Mapped[str] = mapped_column(String(63))
    ronde: Mapped[str] = mapped_column(String(63))
    sealed: Mapped[str] = mapped_column(Text)  # codes.seal(choices and receipt hash)


class Round(db.Model):  # type: ignore[name-defined]
    """What the app adds to a stemronde from the sources: the lottery, the frozen ballot, and
    the two staff steps that cannot be undone (closing, publishing); see ``lifecycle``."""

    __tablename__ = "round"

    wijk: Mapped[str] = mapped_column(String(63), primary_key=True)
    ronde: Mapped[str] = mapped_column(String(63), primary_key=True)
    lottery: Mapped[str] = mapped_column(Text, default="")  # proposal ids, drawn before voting
    next_letter: Mapped[int] = mapped_column(Integer, default=1)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Set only once the result files and the site are written: the round is then published.
    published_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # The ballot as it stood when voting opened (canonical JSON) and its SHA-256.
    frozen_ballot: Mapped[str | None] = mapped_column(Text, nullable=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Only read: invalid paper ballots counted here before they went into the ballot box as
    # ballots.INVALID (a count raised with the code's use would show which letter it was).
    invalid_ballots: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class User(db.Model):  # type: ignore[name-defined]
    """A staff account: beheerder, wijkmanager (for some wijken) or invoerder."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    wijken: Mapped[str] = mapped_column(Text, default="")  # comma-separated, for wijkmanagers
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)  # second factor
    # The newest 30-second TOTP step that logged in: a code works once, never again.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Part of every session cookie; raising it (logout, reset, disable) ends all sessions.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    entries: Mapped[list[AuditEntry]] = relationship(back_populates="user")

    def may_manage(self, wijk: str) -> bool:
        return self.role == "beheerder" or (
            self.role == "wijkmanager" and wijk in self.wijken.split(",")
        )


class AuditEntry(db.Model):  # type: ignore[name-defined]
    """Who did what, when: every staff action."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text, default="")
    user: Mapped[User | None] = relationship(back_populates="entries")


class Application(db.Model):  # type: ignore[name-defined]
    """A request for the stimuleringsregeling: a small subsidy, asked for directly.

    The applicant reaches the status page with a secret link; only a hash of its token is
    stored. Contact details (e-mail or phone) never leave the app.
    """

    __tablename__ = "grant_application"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(9), unique=True)  # reference, e.g. K7M3-Q9XD
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    wijk: Mapped[str] = mapped_column(String(63), index=True)
    post: Mapped[str] = mapped_column(String(63))  # the budget line, as the regeling said
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    for_whom: Mapped[str] = mapped_column(String(200))
    when: Mapped[str] = mapped_column(String(200))
    cost: Mapped[int] = mapped_column(Integer)  # euros asked
    own_part: Mapped[str] = mapped_column(Text)  # eigen bijdrage, tegenprestatie
    group_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)  # never published
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)  # never published
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)  # received + the regeling's term
    status: Mapped[str] = mapped_column(String(16), default="ontvangen")
    amount: Mapped[int | None] = mapped_column(Integer, nullable=True)  # granted
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # afgewezen
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    paid_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    accounted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
