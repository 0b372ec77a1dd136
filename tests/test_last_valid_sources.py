"""A broken source never stops the app: every worker serves the last valid sources.

A worker that starts (or restarts) while a file is broken has no sources in memory; it reads
the ones an earlier worker kept in the project's instance/ folder. Only without any valid
sources ever does the app answer, with a Dutch page and 503, never a bare 500.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.helpers import TODAY, edit
from voting_app import create_app
from voting_app.rounds import SNAPSHOT

ROUND = "/stemmen/beekvliet/bewonersbudget-2026/"


def _cold_worker(app: Flask) -> Flask:
    """A second app on the same database and project, with nothing in memory."""
    keys = ("SECRET_KEY", "CODE_KEY", "SQLALCHEMY_DATABASE_URI", "WIJKWERK_ROOT")
    config = {key: app.config[key] for key in keys if key in app.config}
    return create_app(
        config
        | {
            "TESTING": True,
            "TODAY": TODAY.isoformat(),
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )


def _dispose(app: Flask) -> None:
    """Close the second app's database connections before the database is dropped."""
    from voting_app.models import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_worker_started_after_a_mistake_serves_the_last_valid_sources(
    app: Flask, project: Path
) -> None:
    assert app.test_client().get(ROUND).status_code == 200
    assert (project / "instance" / SNAPSHOT).is_file()
    edit(project / "wijken/beekvliet/budget.yaml", "stemrondes:", "stemrondes: [")
    cold = _cold_worker(app)
    page = cold.test_client().get(ROUND)
    _dispose(cold)
    assert page.status_code == 200
    assert "Bewonersbudget" in page.text


def test_without_any_valid_sources_the_app_says_so_in_dutch(app: Flask, project: Path) -> None:
    edit(project / "wijken/beekvliet/budget.yaml", "stemrondes:", "stemrondes: [")
    cold = _cold_worker(app)
    page = cold.test_client().get(ROUND)
    _dispose(cold)
    assert page.status_code == 503
    assert "even niet beschikbaar" in page.text
    assert "Traceback" not in page.text
