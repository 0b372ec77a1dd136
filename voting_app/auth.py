"""Staff accounts: hashed passwords, roles, login and the audit log."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pyotp
from flask import Flask, abort, flash, g, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from voting_app.models import AuditEntry, User, db

F = TypeVar("F", bound=Callable[..., Any])
ROLES = ("beheerder", "wijkmanager", "invoerder")


def init_app(app: Flask) -> None:
    app.before_request(_load_user)


def _load_user() -> None:
    user_id = session.get("user_id")
    g.user = db.session.get(User, user_id) if user_id is not None else None
    if g.user is not None and not g.user.active:
        g.user = None


def login_required(*roles: str) -> Callable[[F], F]:
    """Only logged-in staff with one of ``roles`` (any role when none given)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.user is None:
                return redirect(url_for("staff.login", next=request.path))
            if roles and g.user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def require_wijk(wijk: str) -> None:
    """Wijkmanagers only manage their own wijken."""
    if g.user is None or not g.user.may_manage(wijk):
        abort(403)


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


def flash_error(message: str) -> None:
    flash(message, "fout")
