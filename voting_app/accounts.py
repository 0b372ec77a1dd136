"""Staff accounts: hashed passwords, roles, the second factor, sessions and the audit log.

Services only (no views): the login views and the guards live in ``auth``; commands
(``wijkwerk user-add``, ``user-reset``...) and the demo use these directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import re
import time
from importlib import resources

import pyotp
from flask import g
from sqlalchemy import or_, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from voting_app.models import AuditEntry, User, db

ROLES = ("beheerder", "wijkmanager", "invoerder")
MIN_PASSWORD = 12
# Runs that are no secret: a password inside one of these (or its reverse) is refused.
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


class AccountError(ValueError):
    """A staff account cannot be made or changed this way; the message says why."""


class CodeMissing(Exception):
    """The password was right, but the account has a second factor and no code was typed.

    Only said once the password is right, so it tells a guesser nothing new; the try is
    audited and counted like any failed login.
    """


@functools.cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("voting_app").joinpath("data/common-passwords.txt").read_text()
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that is short, common, a run or repeat, or holds the user name."""
    lower = password.lower()
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")
    if username and len(username) >= 3 and username.lower() in lower:
        raise AccountError("Het wachtwoord mag de gebruikersnaam niet bevatten.")
    letters = re.sub(r"[^a-z]", "", lower)
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", lower)
    if (
        lower in _common_passwords()
        or core in _common_passwords()
        or (letters in _common_passwords())
    ):
        raise AccountError("Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden.")
    if len(set(lower)) < 5 or re.fullmatch(r"(.+?)\1+", lower):
        raise AccountError("Het wachtwoord herhaalt te veel dezelfde tekens.")
    compact = lower.replace(" ", "")
    if not letters or any(compact in (run * 4) or compact in (run * 4)[::-1] for run in _SEQUENCES):
        raise AccountError("Een reeks als 123456789012 of abcdefghijkl is te makkelijk te raden.")


def create_user(username: str, password: str, role: str, wijken: list[str]) -> User:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    check_password(password, username)
    user = User(
        username=username,
        password_hash=generate_password_hash(password, method="scrypt"),
        role=role,
        wijken=",".join(wijken),
    )
    db.session.add(user)
    db.session.commit()
    audit("gebruiker aangemaakt", f"{username} ({role})", user=None)
    return user


@functools.cache
def _dummy_hash() -> str:
    """A hash that matches no password, so an unknown user name costs as much as a known one."""
    return generate_password_hash(pyotp.random_base32(), method="scrypt")


def check_login(username: str, password: str, totp: str = "") -> User | None:
    """The user if the password (and, where the account has one, the TOTP code) is right.

    Raises ``CodeMissing`` when only the code is missing.

    Every try does one scrypt hash, whether the user exists or not, and every failure is in the
    audit log with the user name tried (never the password).
    """
    user = db.session.scalars(select(User).where(User.username == username)).one_or_none()
    known = user is not None and user.active
    stored = user.password_hash if user is not None and known else _dummy_hash()
    password_ok = check_password_hash(stored, password) and known
    if user is None or not password_ok or not _totp_ok(user, totp):
        audit("inloggen mislukt", f"gebruikersnaam: {username[:64]}", user=None)
        if password_ok and user is not None and user.totp_secret and not totp.strip():
            raise CodeMissing(username)
        return None
    return user


def _totp_ok(user: User, typed: str) -> bool:
    """No second factor, or a code of this 30-second step (or a neighbour) never used before."""
    if not user.totp_secret:
        return True
    code = typed.strip().replace(" ", "")
    totp = pyotp.TOTP(user.totp_secret)
    now = totp.timecode(dt.datetime.fromtimestamp(time.time(), dt.UTC))
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(user, step)
    return False


def _claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used, unless it (or a later one) already was: a code works once.

    One conditional UPDATE, so two logins racing with the same code cannot both win.
    """
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    db.session.refresh(user)
    return bool(getattr(claimed, "rowcount", 0) == 1)


def add_totp(username: str) -> str:
    """Give an account a (new) second factor; return the URI to scan into an authenticator app."""
    user = _user(username)
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    db.session.commit()
    audit("tweede stap ingesteld", username, user=None)
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=username, issuer_name="Wijkwerk")


def end_sessions(user: User) -> None:
    """Make every session cookie of this user worthless (logout, reset, disable)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.commit()


def reset_password(username: str, password: str) -> None:
    """Set a new password and end every session of the account."""
    user = _user(username)
    check_password(password, username)
    user.password_hash = generate_password_hash(password, method="scrypt")
    end_sessions(user)
    audit("wachtwoord opnieuw ingesteld", username, user=None)


def set_active(username: str, active: bool) -> None:
    """Disable (or enable again) an account; disabling ends its sessions."""
    user = _user(username)
    user.active = active
    end_sessions(user)
    audit("gebruiker aangezet" if active else "gebruiker uitgezet", username, user=None)


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def _user(username: str) -> User:
    user = db.session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        raise AccountError(f"no staff account named {username!r} (see wijkwerk user-list)")
    return user


def audit(action: str, details: str = "", user: User | int | bool | None = True) -> None:
    """Record a staff action: who, what, when.

    ``user``: True for the logged-in user, a user or a user id, None for the system.
    """
    who = g.user if user is True else user
    user_id = who.id if isinstance(who, User) else who if isinstance(who, int) else None
    db.session.add(
        AuditEntry(
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            user_id=user_id,
            action=action,
            details=details,
        )
    )
    db.session.commit()
