"""Flask extensions, set up once per app: database, migrations, CSRF, rate limits, proxies."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from flask import Flask, abort, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from limits import parse
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from voting_app.models import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
csrf = CSRFProtect()
migrate = Migrate()
# The client's address: behind PROXY_COUNT trusted proxies, the one the nearest proxy saw.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_extensions(app: Flask) -> None:
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    # A failed statement is logged with its error; its parameters must not be: a vote's
    # statement holds the code's hash beside the sealed ballot (docs/security.md).
    options.setdefault("hide_parameters", True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": 30})
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    # Redis down: keep counting in each worker's memory (and log a warning) rather than stop
    # voting; docs/security.md explains why that is the safer of the two.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    _keys_per_strategy(app)
    limiter.init_app(app)
    _trust_proxies(app)


def _keys_per_strategy(app: Flask) -> None:
    """Keep each strategy's counts under keys of its own: ``<prefix>/<strategy>``.

    A fixed window's count is a string in Redis, a moving window's a list under the same key.
    Read as the other kind it is an error, which Flask-Limiter takes for a store that is
    down: it falls back to each worker's memory for every client until the old key expires
    (up to a day). Upgrading, a graceful reload with old and new workers side by side, or a
    rollback would do that; with a key per strategy, the counts start afresh instead. The
    fixed window gets its name too: the moving window once wrote lists under the bare prefix.
    """
    strategy = str(app.config.get("RATELIMIT_STRATEGY") or "fixed-window")
    prefix = str(app.config.get("RATELIMIT_KEY_PREFIX") or "")
    if not prefix.endswith(strategy):
        app.config["RATELIMIT_KEY_PREFIX"] = f"{prefix}/{strategy}" if prefix else strategy


def _trust_proxies(app: Flask) -> None:
    """Take the client's address, scheme and host from the last PROXY_COUNT proxies' headers.

    Only as many X-Forwarded-* entries as there are proxies of our own are believed; a client
    that sends its own X-Forwarded-For cannot pick the address its limits are counted under.
    """
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count < 0:
        raise ValueError("PROXY_COUNT is the number of reverse proxies in front of the app (0+)")
    if count:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )


def hit_shared_limit(limit: str, key: str) -> None:
    """Count one try against a limit everyone shares; refuse (429) once it is used up.

    Views call this only after the per-client limits have let a request through, so a client
    that floods is stopped by its own limit and never uses up everyone else's.
    """
    if not limiter.enabled:
        return
    prefix = str(current_app.config["RATELIMIT_KEY_PREFIX"])  # set by _keys_per_strategy
    try:
        allowed = limiter.limiter.hit(parse(limit), prefix, "shared", key)
    except Exception:  # the store's own errors (redis, memcached) have no common base
        logging.getLogger(__name__).warning("rate limit store unreachable: %s not counted", key)
        return
    if not allowed:
        abort(429)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection: object, _record: object) -> None:
    """WAL lets readers work while one writer commits; wait for locks instead of failing."""
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left behind
        cursor.close()
