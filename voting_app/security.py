"""HTTP headers that keep the pages safe; refusals to run with a known key or private limits."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from flask import Flask, Response, abort, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from voting_app.sessions import KeptSerializerSessions

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class InsecureConfig(RuntimeError):
    """The app would run with settings that are only safe on a developer's computer."""


def weak_key(secret: object) -> bool:
    """The default key, none, or one short enough to guess: anyone could sign cookies with it."""
    return not secret or secret == "dev" or len(str(secret)) < 32


def init_app(app: Flask) -> None:
    local = app.config.get("TESTING") or app.config.get("DEV_SERVER")
    if not local:
        _refuse_weak_keys(app)
        _refuse_weak_code_key(app)
        _refuse_private_limits(app)
        _refuse_small_batches(app)
        _refuse_csrf_off(app)
    app.session_interface = KeptSerializerSessions()
    app.before_request(_refuse_control_characters)
    app.after_request(_headers)


# Control characters no form needs: NUL (PostgreSQL refuses it in text, so it would end as a
# 500) and the rest of C0 and C1 except tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _refuse_control_characters() -> None:
    """Answer 400 with a Dutch message when a submitted field holds a control character."""
    if request.method != "POST":
        return
    for values in request.form.listvalues():
        if any(_CONTROL.search(value) for value in values):
            abort(
                400,
                description="Er staat een onzichtbaar teken in wat u invulde. "
                "Typ de tekst opnieuw, zonder te plakken uit een ander programma.",
            )


def bad_request(error: HTTPException) -> tuple[str, int]:
    """A refused request, explained in Dutch (a form sent twice, an odd character)."""
    message = error.description
    if isinstance(error, CSRFError):
        message = (
            "Het formulier was te lang open, of is twee keer verstuurd. "
            "Open de pagina opnieuw en vul het nog eens in."
        )
    return render_template("bad_request.html", message=message), 400


def _refuse_weak_keys(app: Flask) -> None:
    keys = [app.config.get("SECRET_KEY"), *(app.config.get("SECRET_KEY_FALLBACKS") or [])]
    if any(weak_key(key) for key in keys):
        raise InsecureConfig(
            "Set WIJKWERK_SECRET_KEY to a long random value (at least 32 characters), e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'. The default key "
            "'dev' is only for `wijkwerk serve` and `wijkwerk app` on this computer "
            "(also not allowed in SECRET_KEY_FALLBACKS)."
        )


def _refuse_weak_code_key(app: Flask) -> None:
    """Vote codes have their own key, so that rotating SECRET_KEY leaves every code valid."""
    key = app.config.get("CODE_KEY")
    if weak_key(key) or key == app.config.get("SECRET_KEY"):
        raise InsecureConfig(
            "Zet WIJKWERK_CODE_KEY op een lange willekeurige waarde (minstens 32 tekens, niet "
            "gelijk aan WIJKWERK_SECRET_KEY), bijvoorbeeld python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'. Bewaar hem goed: zonder deze sleutel werkt "
            "geen enkele uitgegeven stemcode meer. / Set WIJKWERK_CODE_KEY to a long random "
            "value (32+ characters, not the SECRET_KEY); every issued vote code depends on it."
        )


MIN_BALLOT_BATCH = 20
MIN_GROUP_BATCHES = 5


def _refuse_small_batches(app: Flask) -> None:
    """The pool and the groups of the ballot box are what a vote hides among (docs/security.md,
    "Het stemgeheim"); tests use small ones, a real round may not."""
    batch = int(app.config["BALLOT_BATCH"])
    groups = int(app.config["GROUP_BATCHES"])
    if batch < MIN_BALLOT_BATCH or groups < MIN_GROUP_BATCHES:
        raise InsecureConfig(
            f"WIJKWERK_BALLOT_BATCH moet minstens {MIN_BALLOT_BATCH} zijn en "
            f"WIJKWERK_GROUP_BATCHES minstens {MIN_GROUP_BATCHES}: met kleinere groepen is te "
            "zien welke stem bij welke brief hoort. / WIJKWERK_BALLOT_BATCH must be at least "
            f"{MIN_BALLOT_BATCH} and WIJKWERK_GROUP_BATCHES at least {MIN_GROUP_BATCHES}: "
            "smaller groups would link ballots to letters."
        )


def _refuse_csrf_off(app: Flask) -> None:
    """Every post is checked by ``CSRFProtect``; the vote (/bevestig) has no other check."""
    methods = app.config.get("WTF_CSRF_METHODS", ["POST", "PUT", "PATCH", "DELETE"]) or ()
    on = app.config.get("WTF_CSRF_ENABLED", True) and app.config.get("WTF_CSRF_CHECK_DEFAULT", True)
    if not on or "POST" not in {str(m).upper() for m in methods}:
        raise InsecureConfig(
            "WIJKWERK_WTF_CSRF_ENABLED en WIJKWERK_WTF_CSRF_CHECK_DEFAULT moeten aan staan en "
            "WIJKWERK_WTF_CSRF_METHODS moet POST bevatten: zonder die controle kan een andere "
            "website namens een bewoner stemmen. / WIJKWERK_WTF_CSRF_ENABLED and "
            "WIJKWERK_WTF_CSRF_CHECK_DEFAULT must stay on and WIJKWERK_WTF_CSRF_METHODS must "
            "hold POST: without that check another website could vote in a resident's name."
        )


def _refuse_private_limits(app: Flask) -> None:
    """Under gunicorn every worker would count on its own: 4 workers, 4 times the tries."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    store = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    # As the limits library reads it: "Memory://" and " memory://" are memory:// too.
    scheme = urlparse(store.strip()).scheme.lower()
    if scheme == "memory":
        raise InsecureConfig(
            "Zet WIJKWERK_RATELIMIT_STORAGE_URI op een gedeelde opslag, bijvoorbeeld "
            "redis://127.0.0.1:6379/0: met memory:// telt elke gunicorn-worker de pogingen "
            "apart. / Set WIJKWERK_RATELIMIT_STORAGE_URI to a shared store such as "
            "redis://127.0.0.1:6379/0; with memory:// each gunicorn worker counts attempts on "
            "its own, so the limits do not hold."
        )
    moving = app.config.get("RATELIMIT_STRATEGY") == "moving-window"
    if moving and scheme == "memcached":
        raise InsecureConfig(
            "Gebruik Redis voor WIJKWERK_RATELIMIT_STORAGE_URI, bijvoorbeeld "
            "redis://127.0.0.1:6379/0: memcached kan niet tellen over een uur dat meeloopt. / "
            "Use Redis for WIJKWERK_RATELIMIT_STORAGE_URI, such as redis://127.0.0.1:6379/0: "
            "memcached has no moving window, which the limits count over."
        )


# Every answer's headers, unless the view set its own: a vote's answer spent a third of the
# time of its headers looking each one up on its own.
_ALWAYS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
_NO_STORE = ("Cache-Control", "no-store")


def _headers(response: Response) -> Response:
    headers = response.headers
    present = set(headers.keys(lower=True))
    wanted = [*_ALWAYS]
    if request.is_secure:
        wanted.append(_HSTS)
    if request.path.startswith(("/stemmen", "/beheer", "/aanvragen")):
        # Ballots, codes, applications and staff pages must not linger in shared caches.
        wanted.append(_NO_STORE)
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response
