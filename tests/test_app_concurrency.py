"""One code, one ballot: 50 simultaneous submissions with one code against a real server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.helpers import TODAY, csrf_token, proposal
from voting_app.ballot_box import count
from voting_app.code_register import issue_code
from voting_app.models import VoteCode, db
from voting_app.rounds import find

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
SUBMISSIONS = 50


@pytest.fixture
def server(app) -> Iterator[str]:
    """The app on a real HTTP server on 127.0.0.1, a thread per request."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


def _prepare(app) -> tuple[str, str]:
    """One proposal on the ballot and one issued code."""
    with app.app_context():
        bankjes = proposal(
            title="Bankjes",
            description="Bankjes bij de beek.",
            submitted_on=dt.date(2026, 11, 1),
        )
        db.session.add(bankjes)
        code = issue_code("beekvliet", "bewonersbudget-2026", 1)
        db.session.commit()
        return code, str(bankjes.id)


@pytest.mark.slow
def test_one_code_one_ballot_under_concurrency(app, server: str) -> None:
    app.config["TODAY"] = TODAY.isoformat()
    code, proposal = _prepare(app)
    # Each client gets as far as the final confirmation, with the same code.
    sessions = []
    for _ in range(SUBMISSIONS):
        s = requests.Session()
        page = s.get(f"{server}{ROUND}/stem", timeout=30)
        entered = s.post(
            f"{server}{ROUND}/stem",
            timeout=30,
            allow_redirects=False,
            data={"code": code, "csrf_token": csrf_token(page.text)},
        )
        assert entered.status_code == 302
        ballot = s.get(f"{server}{ROUND}/kies", timeout=30)
        sessions.append((s, csrf_token(ballot.text)))
    start = threading.Barrier(SUBMISSIONS)
    statuses: list[int] = []
    lock = threading.Lock()

    def submit(s: requests.Session, token: str) -> None:
        start.wait()
        response = s.post(
            f"{server}{ROUND}/bevestig", timeout=60, data={"keuze": [proposal], "csrf_token": token}
        )
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(statuses) == [200] + [409] * (SUBMISSIONS - 1)
    with app.app_context():
        ballots = count(find("beekvliet", "bewonersbudget-2026"))  # in the pool or the box
        used = db.session.scalars(select(VoteCode.status)).all()
    assert ballots == 1
    assert used == ["used"]
