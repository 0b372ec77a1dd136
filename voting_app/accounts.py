"""Staff accounts: hashed passwords, roles, the second factor and the audit log.

Services only (no views): the login views and the guards live in ``auth``; commands
(``wijkwerk user-add``) and the demo use these directly.
"""

from __future__ import annotations

import datetime as dt

import pyotp
from flask import g
from werkzeug.security import check_password_hash, generate_password_hash

from voting_app.models import AuditEntry, User, db

ROLES = ("beheerder", "wijkmanager", "invoerder")


def create_user(username: str, password: str, role: str, wijken: list[str]) -> User:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 12:
        raise ValueError("a staff password has at least 12 characters")
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


def check_login(username: str, password: str, totp: str = "") -> User | None:
    """The user if the password (and, where the account has one, the TOTP code) is right."""
    user = db.session.query(User).filter_by(username=username, active=True).one_or_none()
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    if user.totp_secret and not pyotp.TOTP(user.totp_secret).verify(totp.strip(), valid_window=1):
        return None
    return user


def add_totp(username: str) -> str:
    """Give an account a second factor; return the URI to scan into an authenticator app."""
    user = db.session.query(User).filter_by(username=username).one()
    user.totp_secret = pyotp.random_base32()
    db.session.commit()
    audit("tweede stap ingesteld", username, user=None)
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=username, issuer_name="Wijkwerk")


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
