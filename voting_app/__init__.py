"""Wijkwerk's voting app: residents propose and vote, staff review, count and publish.

``create_app`` follows the Flask tutorial: defaults, then ``config.py`` in the instance
folder, then ``WIJKWERK_*`` environment variables, then the test config. Where the project
and the instance folder are: ``voting_app.folders``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None, dev_server: bool = False) -> Flask:
    """Build the app; ``test_config`` replaces instance and environment settings.

    ``dev_server`` marks a run on this computer (`wijkwerk serve`, `wijkwerk app`, the CLI),
    where the default secret key is allowed; under gunicorn it must be set.
    """
    # Imported here, so that importing ``voting_app.counting`` (for `wijkwerk tally`) stays lean:
    # ``folders`` alone would load pathlib, which a recount does not need.
    from flask import Flask

    from voting_app import ballot_pool, folders

    # Never beside the package: installed from a wheel, that is site-packages.
    root, instance = folders.folders(os.environ if test_config is None else test_config)
    # instance_relative_config: config.py is read from the instance folder, not the package.
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'wijkwerk.sqlite'}",
        WIJKWERK_ROOT=str(root),
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        # "20 per hour" holds in every hour: Flask-Limiter's default (a fixed window counted
        # from the first hit) let 20 more through right after a window ended.
        RATELIMIT_STRATEGY="moving-window",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=True,  # production runs behind HTTPS
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=None,  # the CSRF token lives as long as the session
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        SOURCES_RECHECK=1.0,  # seconds between two looks at wijken/ (rounds._current)
        TODAY=None,  # a fixed day (YYYY-MM-DD) for demos and tests; None: the real date
        BALLOT_BATCH=ballot_pool.BALLOT_BATCH,  # the ballot box (docs/security.md)
        GROUP_BATCHES=ballot_pool.GROUP_BATCHES,
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

    from generator import formatting, sources
    from voting_app import auth, residents, rounds, security, staff
    from voting_app.extensions import init_extensions

    security.init_app(app)
    init_extensions(app)
    # Counts and dates read as on the site: "1 stem", "3 stemmen", "21 november 2026".
    app.add_template_filter(formatting.aantal, "aantal")
    app.add_template_filter(formatting.datum, "datum")
    app.register_blueprint(residents.bp)
    from voting_app import idea_pages  # residents send in ideas and follow them

    app.register_blueprint(idea_pages.bp)
    app.register_error_handler(429, residents.too_many)
    app.register_error_handler(sources.SourcesInvalid, rounds.sources_broken)
    app.register_error_handler(400, security.bad_request)
    app.register_blueprint(staff.bp)
    from voting_app import codes_staff, paper_staff  # vote codes by letter; paper ballots

    app.register_blueprint(codes_staff.bp)
    app.register_blueprint(paper_staff.bp)
    from voting_app import ideas_staff  # ideas that came in on paper or by phone

    app.register_blueprint(ideas_staff.bp)
    from voting_app import grants, grants_staff  # the stimuleringsregeling

    app.register_blueprint(grants.bp)
    app.register_blueprint(grants_staff.bp)
    from voting_app import wijk_zoeken  # the home page's postcode form

    app.register_blueprint(wijk_zoeken.bp)
    from voting_app import huisstijl  # the gemeente's colours and name

    app.register_blueprint(huisstijl.bp)
    auth.init_app(app)
    return app
