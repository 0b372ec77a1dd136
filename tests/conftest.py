"""Shared fixtures: the example sources, temporary projects, the shared/ test data."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from tests.helpers import ROOT, TODAY, Staff, copy_project, drop_postgres, postgres_or_skip


@pytest.fixture
def wijken_dir(tmp_path: Path) -> Path:
    """A private copy of the example wijken/ to edit freely."""
    target = tmp_path / "wijken"
    shutil.copytree(ROOT / "wijken", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project root: mkdocs.yml, hand-written pages and a copy of wijken/."""
    return copy_project(tmp_path / "project")


# Counting runs take milliseconds to seconds depending on the drawn election; wall-clock
# deadlines would make property tests flaky on a shared machine, so we do not use them.
settings.register_profile("wijkwerk", deadline=None)
settings.load_profile("wijkwerk")


# --- the voting app --------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):
    """Every app test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wijkwerk.sqlite'}"
        return
    url = postgres_or_skip()
    yield url
    drop_postgres(url)


@pytest.fixture
def app(db_url: str, project: Path):
    """The voting app on a fresh database (migrated with Alembic) and a project copy."""
    import flask_migrate

    from voting_app import create_app
    from voting_app.models import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret key, long enough to mean something",
            "SQLALCHEMY_DATABASE_URI": db_url,
            "WIJKWERK_ROOT": str(project),
            "TODAY": TODAY.isoformat(),
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,  # the test clients speak plain HTTP
            "SOURCES_RECHECK": 0,  # tests edit a source and look at once
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def limited_app(db_url: str, project: Path):
    """A maker of apps as production runs them: limits on, one proxy; keywords override config."""
    import flask_migrate

    from voting_app import create_app
    from voting_app.models import db

    made = []

    def make(**config):
        from voting_app.extensions import limiter

        # Flask-Limiter keeps the strategy and key prefix of the first app in a process, and a
        # store it found down stays marked so: start every app as a fresh process would.
        limiter._strategy, limiter._key_prefix, limiter._storage_dead = None, "", False
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "limits test secret key that is long enough for production",
                "SQLALCHEMY_DATABASE_URI": db_url,
                "WIJKWERK_ROOT": str(project),
                "TODAY": TODAY.isoformat(),
                "SESSION_COOKIE_SECURE": False,
                "RATELIMIT_ENABLED": True,
                "RATELIMIT_STORAGE_URI": "memory://",
                "RATELIMIT_KEY_PREFIX": secrets.token_hex(6),
                "PROXY_COUNT": 1,
                "SOURCES_RECHECK": 0,
                **config,
            }
        )
        with app.app_context():
            flask_migrate.upgrade()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def staff(app, client) -> Staff:
    return Staff(app, client)


@pytest.fixture
def runner() -> CliRunner:
    """Runs ``wijkwerk`` commands in-process: ``runner.invoke(main, [...])``."""
    return CliRunner()
