"""Shared fixtures: the example sources, temporary projects, the shared/ test data."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# Golden files and page texts depend on the day; tests render as if it were this day.
TODAY = dt.date(2026, 11, 21)


def shared_path(*parts: str) -> Path:
    """A path under ../shared/; skip where it is absent, but never in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent (it ships beside the project, not in a clone)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    return path


@pytest.fixture
def wijken_dir(tmp_path: Path) -> Path:
    """A private copy of the example wijken/ to edit freely."""
    target = tmp_path / "wijken"
    shutil.copytree(ROOT / "wijken", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project root: mkdocs.yml, hand-written pages and a copy of wijken/."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", root / "site_src", ignore=shutil.ignore_patterns("wijken"))
    shutil.copytree(ROOT / "wijken", root / "wijken")
    return root


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path`` by ``new``; return the 1-based line it was on."""
    text = path.read_text()
    at = text.index(old)
    path.write_text(text.replace(old, new, 1))
    return text.count("\n", 0, at) + 1


# Counting runs take milliseconds to seconds depending on the drawn election; wall-clock
# deadlines would make property tests flaky on a shared machine, so we do not use them.
settings.register_profile("wijkwerk", deadline=None)
settings.load_profile("wijkwerk")


# --- the voting app --------------------------------------------------------------------

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _postgres_or_skip() -> str:
    """A fresh, empty PostgreSQL database URL; skip (never in CI) without a server."""
    import secrets

    from sqlalchemy import create_engine, text

    name = f"wijkwerk_test_{secrets.token_hex(4)}"
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any driver or connection error means: no server here
        reason = f"PostgreSQL is not reachable on 127.0.0.1:5432 ({type(exc).__name__})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    finally:
        engine.dispose()
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    name = url.rsplit("/", 1)[1]
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Every app test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wijkwerk.sqlite'}"
        return
    url = _postgres_or_skip()
    yield url
    _drop_postgres(url)


@pytest.fixture
def app(db_url: str, project: Path):  # type: ignore[no-untyped-def]
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
            "TODAY": "2026-11-20",
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,  # the test clients speak plain HTTP
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


def csrf_token(page: bytes | str) -> str:
    """The CSRF token of the first form on a page."""
    import re

    text = page.decode() if isinstance(page, bytes) else page
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text) or re.search(
        r'name="csrf_token" value="([^"]+)"', text
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


class Staff:
    """Log staff in and out through the real login form (the flaskr AuthActions helper)."""

    def __init__(self, app, client) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.client = client

    def create(self, username: str, role: str, wijken: tuple[str, ...] = ()) -> None:
        from voting_app.auth import create_user

        with self.app.app_context():
            create_user(username, "correct horse battery staple", role, list(wijken))

    def login(self, username: str) -> None:
        page = self.client.get("/beheer/login")
        response = self.client.post(
            "/beheer/login",
            data={
                "username": username,
                "password": "correct horse battery staple",
                "csrf_token": csrf_token(page.data),
            },
        )
        assert response.status_code == 302, response.data

    def logout(self) -> None:
        page = self.client.get("/beheer/")
        self.client.post("/beheer/logout", data={"csrf_token": csrf_token(page.data)})


@pytest.fixture
def staff(app, client) -> Staff:  # type: ignore[no-untyped-def]
    return Staff(app, client)
