"""Staff login and logout, and the guards every staff view puts in front of itself.

A session names the user and the user's ``session_version``; logout (and a password reset or
disabling the account) raises that number, so a cookie copied earlier opens nothing anymore.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from voting_app.accounts import CodeMissing, audit, check_login, end_sessions
from voting_app.extensions import limiter
from voting_app.forms import LoginForm
from voting_app.models import User, db

F = TypeVar("F", bound=Callable[..., Any])
bp = Blueprint("auth", __name__, url_prefix="/beheer")

# Password guessing: per client address, and per account from any number of addresses.
LOGIN_LIMIT_PER_CLIENT = "10 per minute;50 per hour"
LOGIN_LIMIT_PER_ACCOUNT = "10 per hour;30 per day"


def init_app(app: Flask) -> None:
    app.before_request(_load_user)
    app.register_blueprint(bp)


def _load_user() -> None:
    user_id = session.get("user_id")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is not None and (
        not user.active or session.get("session_version") != user.session_version
    ):
        user = None  # disabled, logged out or reset since this cookie was made
    g.user = user


def login_required(*roles: str) -> Callable[[F], F]:
    """Only logged-in staff with one of ``roles`` (any role when none given)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.user is None:
                return redirect(url_for("auth.login", next=request.path))
            if roles and g.user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


MANAGERS = ("beheerder", "wijkmanager")  # the roles that manage a round (``login_required``)


def may_see(wijk: str) -> bool:
    """Whether the user sees ``wijk``'s rounds: a manager of it, or an invoerder for it."""
    user = g.user
    return user.may_manage(wijk) or (
        user.role == "invoerder" and (not user.wijken or wijk in user.wijken.split(","))
    )


def require_wijk(wijk: str) -> None:
    """Wijkmanagers only manage their own wijken."""
    if g.user is None or not g.user.may_manage(wijk):
        abort(403)


def _account_tried() -> str:
    """Rate-limit key per account name typed, so one account cannot be hammered from many places."""
    return "login:" + request.form.get("username", "").strip().lower()[:64]


def safe_target(target: str) -> str | None:
    """``target`` if it is a path on this site, else None: no other host, scheme or trickery.

    Browsers drop tabs and newlines and read a backslash as a slash, so a tab or a backslash
    after the first slash would send staff to another host; anything like that is refused.
    """
    if not target.startswith("/") or target.startswith("//") or len(target) > 2000:
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 or c.isspace() for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT_PER_CLIENT, methods=["POST"])
@limiter.limit(LOGIN_LIMIT_PER_ACCOUNT, methods=["POST"], key_func=_account_tried)
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = check_login(form.username.data, form.password.data, form.totp.data or "")
        except CodeMissing:
            form.totp.errors.append(
                "De code uit uw authenticator-app ontbreekt. Vul uw wachtwoord opnieuw in, en "
                "ook de code van 6 cijfers."
            )
            return render_template("staff/login.html", form=form), 422
        if user is None:
            form.password.errors.append(
                "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar."
            )
        else:
            session.clear()
            session["user_id"] = user.id
            session["session_version"] = user.session_version
            g.user = user
            audit("ingelogd")
            target = safe_target(request.args.get("next", "")) or url_for("staff.dashboard")
            return redirect(target)
    return render_template("staff/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required()
def logout() -> ResponseReturnValue:
    audit("uitgelogd")
    end_sessions(g.user)
    session.clear()
    return redirect(url_for("auth.login"))
