"""What the voting app stores: proposals, the code register, the ballot box, staff, audit.

The code register and the ballot box are separate tables with no link between them. A ballot
has a random primary key, its choices, the day it was cast and a keyed hash of the receipt
number; no time of day, no IP, no sequence number. On SQLite the ballot table has no hidden
rowid, so even its storage order follows the random key, not the order of casting.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import ClassVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


def _random_id() -> str:
    return secrets.token_hex(16)


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
    """One entry of the code register: a keyed hash, never the code itself."""

    __tablename__ = "vote_code"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    wijk: Mapped[str] = mapped_column(String(63))
    ronde: Mapped[str] = mapped_column(String(63))
    letter: Mapped[int] = mapped_column(Integer)  # number printed on the letter
    status: Mapped[str] = mapped_column(String(8), default="issued")  # issued/used/void
    used_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # a day, no time


class Ballot(db.Model):  # type: ignore[name-defined]
    """One anonymous ballot."""

    __tablename__ = "ballot"
    __table_args__: ClassVar[dict[str, bool]] = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    wijk: Mapped[str] = mapped_column(String(63))
    ronde: Mapped[str] = mapped_column(String(63))
    choices: Mapped[str] = mapped_column(Text)  # sorted proposal ids, comma-separated
    cast_on: Mapped[dt.date] = mapped_column(Date)
    receipt: Mapped[str] = mapped_column(String(64), unique=True)  # keyed hash


class Round(db.Model):  # type: ignore[name-defined]
    """What the app adds to a stemronde from the sources: the lottery and the closing."""

    __tablename__ = "round"

    wijk: Mapped[str] = mapped_column(String(63), primary_key=True)
    ronde: Mapped[str] = mapped_column(String(63), primary_key=True)
    lottery: Mapped[str] = mapped_column(Text, default="")  # proposal ids, drawn before voting
    next_letter: Mapped[int] = mapped_column(Integer, default=1)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    published_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


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
