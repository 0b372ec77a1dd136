"""Wijkwerk's voting app: residents propose and vote, staff review, count and publish.

``create_app`` follows the Flask tutorial: defaults, then ``instance/config.py``, then
``WIJKWERK_*`` environment variables, then the test config.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None, dev_server: bool = False) -> Flask:
    """Build the app; ``test_config`` replaces instance and environment settings.

    ``dev_server`` marks a run on this computer (`wijkwerk serve`, `wijkwerk app`, the CLI),
    where the default secret key is allowed; under gunicorn it must be set.
    """
    # Imported here, so that importing ``voting_app.counting`` (for `wijkwerk tally`) stays lean.
    from flask import Flask

    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_mapping(
        SECRET_KEY="dev",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{PROJECT_ROOT / 'instance' / 'wijkwerk.sqlite'}",
        WIJKWERK_ROOT=str(PROJECT_ROOT),
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=True,  # production runs behind HTTPS
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=None,  # the CSRF token lives as long as the session
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        TODAY=None,  # a fixed day (YYYY-MM-DD) for demos and tests; None: the real date
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("WIJKWERK")
    else:
        app.config.from_mapping(test_config)
    if dev_server:
        # The local servers speak plain HTTP: a Secure cookie would not come back to them.
        app.config["DEV_SERVER"] = True
        app.config["SESSION_COOKIE_SECURE"] = False
    os.makedirs(app.instance_path, exist_ok=True)

    from generator import sources
    from voting_app import auth, residents, rounds, security, staff
    from voting_app.extensions import init_extensions

    security.init_app(app)
    init_extensions(app)
    app.register_blueprint(residents.bp)
    app.register_error_handler(429, residents.too_many)
    app.register_error_handler(sources.SourcesInvalid, rounds.sources_broken)
    app.register_error_handler(400, security.bad_request)
    app.register_blueprint(staff.bp)
    from voting_app import grants, grants_staff  # the stimuleringsregeling

    app.register_blueprint(grants.bp)
    app.register_blueprint(grants_staff.bp)
    auth.init_app(app)
    return app
