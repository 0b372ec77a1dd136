"""Forms need a CSRF token, staff stay in their lane, and a failed publish changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import sources
from tests.conftest import Staff, csrf_token
from voting_app import results
from voting_app.rounds import find

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"


@pytest.mark.parametrize(
    ("path", "today"),
    [(f"{ROUND}/idee", "2026-10-01"), (f"{ROUND}/stem", "2026-11-20"), ("/beheer/login", None)],
)
def test_posts_without_csrf_token_are_refused(app, client, path: str, today: str | None) -> None:  # type: ignore[no-untyped-def]
    if today:
        app.config["TODAY"] = today
    response = client.post(path, data={"title": "x", "code": "x", "username": "x"})
    assert response.status_code == 400


def test_wijkmanagers_only_manage_their_own_wijk(app, client, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    staff.create("kees", "wijkmanager", ("noorderpark",))
    staff.login("kees")
    assert client.get("/beheer/beekvliet/bewonersbudget-2026/").status_code == 403
    token = csrf_token(client.get("/beheer/").data)
    made = client.post(
        "/beheer/beekvliet/bewonersbudget-2026/codes", data={"count": "3", "csrf_token": token}
    )
    assert made.status_code == 403


def test_staff_pages_need_a_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/beheer/beekvliet/bewonersbudget-2026/")
    assert response.status_code == 302
    assert "/beheer/login" in response.headers["Location"]


def test_failed_publish_leaves_the_sources_as_they_were(app, project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(_root: Path) -> None:
        raise sources.SourcesInvalid([])

    app.config["TODAY"] = "2026-12-15"
    app.config["REBUILD_SITE"] = False
    with app.test_request_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        monkeypatch.setattr(results.sources, "load", broken)
        with pytest.raises(results.PublishError):
            results.publish(ref)
    assert not (project / "wijken/beekvliet/stemrondes/bewonersbudget-2026.yaml").exists()
    assert not (project / "wijken/beekvliet/stemrondes/bewonersbudget-2026.pb").exists()


def test_passwords_are_hashed(app) -> None:  # type: ignore[no-untyped-def]
    from voting_app.auth import create_user
    from voting_app.models import User, db

    with app.app_context():
        create_user("fatima", "a long enough password", "beheerder", [])
        stored = db.session.query(User).filter_by(username="fatima").one().password_hash
    assert "a long enough password" not in stored
    assert stored.startswith("scrypt:")
