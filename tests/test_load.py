"""Votes survive load, races and crashes: gunicorn with several workers, on both databases.

All traffic goes to 127.0.0.1; counts and times are bounded and every server is stopped.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from tests.helpers import TODAY, csrf_token, proposal
from voting_app import codes
from voting_app.ballot_pool import flush_pending
from voting_app.cli.serve import free_port
from voting_app.code_register import code_key, issue_code
from voting_app.models import Ballot, Proposal, VoteCode, db
from voting_app.rounds import find

pytestmark = pytest.mark.slow

SECRET = "load test secret key that is long enough for production use"
CODE_KEY = "load test code key, another long value for production use"
ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
CLIENTS = int(os.environ.get("WIJKWERK_LOAD_CLIENTS", "200"))
COSTS = [9_000, 12_000, 15_000, 20_000, 25_000]  # max_bedrag is 50.000, max_keuzes 5


@dataclass
class Gunicorn:
    url: str
    env: dict[str, str]
    port: int
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "4",
                "--threads",
                "8",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "voting_app:create_app()",
            ],
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/stemmen/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.kill()  # never leave a server behind
        pytest.fail("gunicorn did not start within 60 s")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)


@pytest.fixture
def seeded(app) -> tuple[dict[str, int], list[str]]:
    """Five proposals on the ballot and a code for every client, before the server starts
    (its first page freezes the ballot: proposals added later are not on it)."""
    app.config |= {"SECRET_KEY": SECRET, "CODE_KEY": CODE_KEY}
    with app.app_context():
        for i, cost in enumerate(COSTS):
            db.session.add(
                proposal(
                    title=f"Idee {i}",
                    description="Idee.",
                    estimate=cost,
                )
            )
        plain = [issue_code("beekvliet", "bewonersbudget-2026", n) for n in range(1, CLIENTS + 1)]
        db.session.commit()
        ids = {str(p.id): p.cost or 0 for p in db.session.query(Proposal)}
    return ids, plain


@pytest.fixture
def server(app, db_url: str, project: Path) -> Iterator[Gunicorn]:
    port = free_port()
    env = {
        **os.environ,
        "WIJKWERK_SECRET_KEY": SECRET,
        "WIJKWERK_CODE_KEY": CODE_KEY,
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": db_url,
        "WIJKWERK_WIJKWERK_ROOT": str(project),
        "WIJKWERK_TODAY": TODAY.isoformat(),
        "WIJKWERK_RATELIMIT_ENABLED": "false",
        "WIJKWERK_SESSION_COOKIE_SECURE": "false",
    }
    gunicorn = Gunicorn(f"http://127.0.0.1:{port}", env, port)
    gunicorn.start()
    yield gunicorn
    gunicorn.kill(signal.SIGTERM)


def _prepare(url: str, code: str) -> tuple[requests.Session, str]:
    s = requests.Session()
    s.headers["Connection"] = "close"  # no stale keep-alive connections under load
    page = s.get(f"{url}{ROUND}/stem", timeout=30)
    s.post(
        f"{url}{ROUND}/stem",
        data={"code": code, "csrf_token": csrf_token(page.text)},
        timeout=30,
        allow_redirects=False,
    )
    return s, csrf_token(s.get(f"{url}{ROUND}/kies", timeout=30).text)


def _counts(app) -> tuple[int, int, list[str]]:
    with app.app_context():
        flush_pending(
            find("beekvliet", "bewonersbudget-2026"), everything=True
        )  # as closing the round does
        ballots = db.session.scalar(select(func.count()).select_from(Ballot)) or 0
        used = (
            db.session.scalar(
                select(func.count()).select_from(VoteCode).where(VoteCode.status == "used")
            )
            or 0
        )
        choices = list(db.session.scalars(select(Ballot.choices)))
    return ballots, used, choices


def test_races_one_code_one_ballot(app, seeded, server: Gunicorn) -> None:
    ids, plain = seeded
    rng = random.Random(2026)
    outcomes: dict[int, list[int]] = {}

    def client(n: int) -> None:
        choice = rng.sample(sorted(ids), rng.randint(1, 2))  # at most 45.000: fits
        if n % 10 == 0:
            choice = sorted(ids)[:4]  # 66.000: over budget, must be refused
        copies = [_prepare(server.url, plain[n]) for _ in range(rng.randint(2, 5))]
        start = threading.Barrier(len(copies))
        statuses: list[int] = []

        def submit(s: requests.Session, token: str) -> None:
            start.wait()
            try:
                r = s.post(
                    f"{server.url}{ROUND}/bevestig",
                    timeout=60,
                    data={"keuze": choice, "csrf_token": token},
                )
            except requests.RequestException:
                statuses.append(0)  # never acknowledged (the ballot may still be stored)
                return
            statuses.append(r.status_code)

        threads = [threading.Thread(target=submit, args=c) for c in copies]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        outcomes[n] = sorted(statuses)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=40) as pool:
        list(pool.map(client, range(CLIENTS)))
    took = time.monotonic() - started
    fired = sum(len(s) for s in outcomes.values())
    accepted = sum(s.count(200) for s in outcomes.values())
    ballots, used, choices = _counts(app)
    print(
        f"\nraces: {CLIENTS} clients fired {fired} submissions in {took:.1f} s; "
        f"{accepted} accepted; {ballots} ballots, {used} codes used"
    )
    valid = CLIENTS - (CLIENTS + 9) // 10
    lost = sum(s.count(0) for s in outcomes.values())
    assert all(s.count(200) <= 1 for s in outcomes.values())  # one acknowledgement per code
    assert all(s.count(200) == 0 for n, s in outcomes.items() if n % 10 == 0)  # over budget
    assert ballots == used  # every ballot has its used code, and the other way round
    assert accepted <= ballots <= valid  # nothing counted twice; refusals stored nothing
    assert ballots >= valid - lost  # only answers lost on the network are unaccounted for
    assert all(sum(ids[i] for i in c.split(",")) <= 50_000 for c in choices)


def test_acknowledged_ballots_survive_kill_9(app, seeded, server: Gunicorn) -> None:
    ids, plain = seeded
    receipts: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        if stop.is_set():
            return
        try:
            s, token = _prepare(server.url, plain[n])
            r = s.post(
                f"{server.url}{ROUND}/bevestig",
                timeout=30,
                data={"keuze": [sorted(ids)[n % 5]], "csrf_token": token},
            )
        except (requests.RequestException, AssertionError):
            return  # the server died under us: this ballot was never acknowledged
        if r.status_code == 200:
            receipt = r.text.split('class="code">')[1].split("<")[0]
            with lock:
                receipts.append(receipt)

    def killer() -> None:
        while len(receipts) < 40:
            time.sleep(0.05)
        server.kill()  # SIGKILL to the master and every worker, mid-load
        stop.set()

    k = threading.Thread(target=killer)
    k.start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(client, range(CLIENTS)))
    k.join(timeout=60)
    server.start()  # restart on the same database
    ballots, used, _ = _counts(app)
    with app.app_context():
        stored = set(db.session.scalars(select(Ballot.receipt)))
        acknowledged = {codes.keyed_hash(code_key(), r) for r in receipts}
    print(
        f"\ncrash: {len(receipts)} acknowledged before kill -9; {ballots} ballots stored, "
        f"{used} codes used"
    )
    assert len(receipts) >= 40
    assert acknowledged <= stored  # every receipt the client saw is in the ballot box
    assert ballots == used  # nothing half-stored
    after = requests.get(f"{server.url}/stemmen/", timeout=10)
    assert after.status_code == 200
