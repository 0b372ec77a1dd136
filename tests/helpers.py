"""Helpers the tests share: paths, the test day, editing sources, CSRF tokens, staff logins.

Fixtures live in ``conftest.py``; everything a test imports lives here, so conftest is
loaded once, by pytest.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from flask import Flask

    from voting_app.models import Proposal

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# Golden files, page texts and the app's clock depend on the day; tests use this one.
TODAY = dt.date(2026, 11, 21)
# The public address the built site names (site_url in mkdocs.yml), without the final slash.
PUBLIC_URL = os.environ.get("WIJKWERK_PUBLIC_URL", "https://wijken.dijkstede.example").rstrip("/")


def copy_project(root: Path) -> Path:
    """Copy the project's sources into ``root``: mkdocs.yml, the hand-written pages and
    wijken/ (not the generated pages under site_src/wijken); return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", root / "site_src", ignore=shutil.ignore_patterns("wijken"))
    shutil.copytree(ROOT / "wijken", root / "wijken")
    return root


def shared_path(*parts: str) -> Path:
    """A path under ../shared/; skip where it is absent, but never in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent (it ships beside the project, not in a clone)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    return path


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path`` by ``new``; return the 1-based line it was on."""
    text = path.read_text()
    at = text.index(old)
    path.write_text(text.replace(old, new, 1))
    return text.count("\n", 0, at) + 1


PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_or_skip() -> str:
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


def drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    name = url.rsplit("/", 1)[1]
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


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

    def __init__(self, app, client) -> None:
        self.app = app
        self.client = client

    def create(self, username: str, role: str, wijken: tuple[str, ...] = ()) -> None:
        from voting_app.accounts import create_user

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


def proposal(**fields: object) -> Proposal:
    """A proposal of Beekvliet's round, published on the ballot; ``fields`` override.

    Only what a test is about needs to be named; the cost defaults to the estimate.
    """
    from voting_app.models import Proposal

    values: dict[str, object] = {
        "wijk": "beekvliet",
        "ronde": "bewonersbudget-2026",
        "title": "Idee",
        "description": "Een idee.",
        "estimate": 1000,
        "answer": "nu",
        "published": True,
        "submitted_on": dt.date(2026, 10, 1),
    }
    values |= fields
    values.setdefault("cost", values["estimate"])
    return Proposal(**values)


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, as a reader's copy and search would find it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_bounded() for page in document]
    finally:
        document.close()


def second_worker(app: Flask) -> Flask:
    """A second app on the same database and project, with nothing in memory: another worker."""
    from voting_app import create_app

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


def dispose(app: Flask) -> None:
    """Close a second app's database connections before the database is dropped."""
    from voting_app.models import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
