"""Staff login and logout, and the guards every staff view puts in front of itself."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

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

from voting_app.accounts import audit, check_login
from voting_app.extensions import limiter
from voting_app.forms import LoginForm
from voting_app.models import User, db

F = TypeVar("F", bound=Callable[..., Any])
bp = Blueprint("auth", __name__, url_prefix="/beheer")


def init_app(app: Flask) -> None:
    app.before_request(_load_user)
    app.register_blueprint(bp)


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
                return redirect(url_for("auth.login", next=request.path))
            if roles and g.user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def require_wijk(wijk: str) -> None:
    """Wijkmanagers only manage their own wijken."""
    if g.user is None or not g.user.may_manage(wijk):
        abort(403)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        user = check_login(form.username.data, form.password.data, form.totp.data or "")
        if user is None:
            form.password.errors.append(
                "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar."
            )
        else:
            session.clear()
            session["user_id"] = user.id
            g.user = user
            audit("ingelogd")
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("staff.dashboard")
            return redirect(target)
    return render_template("staff/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required()
def logout() -> ResponseReturnValue:
    audit("uitgelogd")
    session.clear()
    return redirect(url_for("auth.login"))
