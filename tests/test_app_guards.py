"""Forms need a CSRF token, staff stay in their lane, and a failed publish changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import sources
from tests.helpers import TODAY, Staff, csrf_token, edit, proposal
from voting_app import result_files, results
from voting_app.rounds import find

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"


@pytest.mark.parametrize(
    ("path", "today"),
    [
        (f"{ROUND}/idee", "2026-10-01"),
        (f"{ROUND}/stem", TODAY.isoformat()),
        ("/beheer/login", None),
    ],
)
def test_posts_without_csrf_token_are_refused(app, client, path: str, today: str | None) -> None:
    if today:
        app.config["TODAY"] = today
    response = client.post(path, data={"title": "x", "code": "x", "username": "x"})
    assert response.status_code == 400


def test_wijkmanagers_only_manage_their_own_wijk(app, client, staff: Staff) -> None:
    staff.create("kees", "wijkmanager", ("noorderpark",))
    staff.login("kees")
    assert client.get("/beheer/beekvliet/bewonersbudget-2026/").status_code == 403
    token = csrf_token(client.get("/beheer/").data)
    made = client.post(
        "/beheer/beekvliet/bewonersbudget-2026/codes", data={"count": "3", "csrf_token": token}
    )
    assert made.status_code == 403


def test_staff_pages_need_a_login(client) -> None:
    response = client.get("/beheer/beekvliet/bewonersbudget-2026/")
    assert response.status_code == 302
    assert "/beheer/login" in response.headers["Location"]


def test_failed_publish_leaves_the_sources_as_they_were(app, project: Path, monkeypatch) -> None:
    def broken(_root: Path) -> None:
        raise sources.SourcesInvalid([])

    app.config["TODAY"] = "2026-12-15"
    app.config["REBUILD_SITE"] = False
    with app.test_request_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        monkeypatch.setattr(result_files.sources, "load", broken)
        with pytest.raises(results.PublishError):
            results.publish(ref)
    assert not (project / "wijken/beekvliet/stemrondes/bewonersbudget-2026.yaml").exists()
    assert not (project / "wijken/beekvliet/stemrondes/bewonersbudget-2026.pb").exists()


def test_passwords_are_hashed(app) -> None:
    from voting_app.accounts import create_user
    from voting_app.models import User, db

    with app.app_context():
        create_user("fatima", "a long enough password", "beheerder", [])
        stored = db.session.query(User).filter_by(username="fatima").one().password_hash
    assert "a long enough password" not in stored
    assert stored.startswith("scrypt:")


def test_staff_actions_are_in_the_audit_log(app, client, staff: Staff) -> None:
    from voting_app.models import AuditEntry, db

    with app.app_context():  # a lottery and codes need a proposal on the ballot
        db.session.add(proposal())
        db.session.commit()
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    staff.login("anouk")
    app.config["TODAY"] = "2026-10-20"
    token = csrf_token(client.get("/beheer/beekvliet/bewonersbudget-2026/").data)
    client.post("/beheer/beekvliet/bewonersbudget-2026/loting", data={"csrf_token": token})
    client.post(
        "/beheer/beekvliet/bewonersbudget-2026/codes", data={"count": "2", "csrf_token": token}
    )
    with app.app_context():
        entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
        log = [(e.user.username if e.user else None, e.action) for e in entries]
    assert ("anouk", "ingelogd") in log
    assert ("anouk", "loting getrokken") in log
    assert ("anouk", "stemcodes gemaakt") in log
    page = client.get("/beheer/audit")
    assert page.status_code == 403  # only a beheerder reads the log


def test_a_broken_source_does_not_stop_the_voting(client, project: Path, caplog) -> None:
    """Staff save budget.yaml with a typo while a round is open: the app keeps the last valid
    sources and logs the file and line; once fixed, the new sources count."""
    assert b"Bewonersbudget Beekvliet 2026" in client.get("/stemmen/").data
    budget = project / "wijken/beekvliet/budget.yaml"
    good = budget.read_text()
    line = edit(budget, "titel: Bewonersbudget Beekvliet 2026", "titel: Nieuwe titel\n   kapot: [")
    page = client.get("/stemmen/")
    assert page.status_code == 200
    assert b"Bewonersbudget Beekvliet 2026" in page.data
    assert f"beekvliet/budget.yaml:{line + 1}: " in caplog.text  # the bad line, in Dutch:
    assert "De inspringing klopt niet." in caplog.text
    budget.write_text(good.replace("titel: Bewonersbudget Beekvliet 2026", "titel: Wijkgeld 2026"))
    page = client.get("/stemmen/")
    assert b"Wijkgeld 2026" in page.data
    assert b"Bewonersbudget Beekvliet 2026" not in page.data
