"""The code register: one consistent outcome for every pair of racing changes.

The fast tests drive the staff pages in-process; the slow ones race them under gunicorn with
four workers, on SQLite and PostgreSQL, as an outside tester did.
"""

from __future__ import annotations

import io
import signal
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tests.helpers import TODAY, Staff, csrf_token, proposal
from tests.test_load import Gunicorn
from voting_app import ballot_box, ballot_pool, ballots, code_register, codes, letters
from voting_app.cli.serve import free_port
from voting_app.models import VoteCode, db

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"
SECRET = "race test secret key that is long enough for production use"
CODE_KEY = "race test code key, also long enough for production use"
TRIES = 40


def _letters(zipped: bytes) -> dict[int, str]:
    rows = zipfile.ZipFile(io.BytesIO(zipped)).read("codes.csv").decode().splitlines()[1:]
    return {int(r.split(";")[0]): r.split(";")[1] for r in rows}


@pytest.fixture
def manager(app, staff: Staff, client) -> str:
    """A beheerder logged in, and one proposal on the ballot (codes need a ballot)."""
    with app.app_context():
        db.session.add(proposal(title="Bankjes"))
        db.session.commit()
    staff.create("anouk", "beheerder")
    staff.login("anouk")
    return csrf_token(client.get(f"{ADMIN}/").data)


def _live(app) -> list[int]:
    with app.app_context():
        query = sa.select(VoteCode.letter).where(VoteCode.status != "void")
        return sorted(db.session.scalars(query))


def test_letter_numbers_continue_from_batch_to_batch(app, client, manager) -> None:
    first = client.post(f"{ADMIN}/codes", data={"count": "3", "csrf_token": manager})
    second = client.post(f"{ADMIN}/codes", data={"count": "2", "csrf_token": manager})
    assert sorted(_letters(first.data)) == [1, 2, 3]
    assert sorted(_letters(second.data)) == [4, 5]
    assert _live(app) == [1, 2, 3, 4, 5]


def test_a_vote_finds_its_code_under_its_hash_right_after_a_batch(
    app, client, manager, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the query plan is PostgreSQL's; SQLite finds a code by its primary key")
    with app.app_context():  # a round of 400 letters, written as the staff page writes them
        first = code_register.allocate_letters("beekvliet", "bewonersbudget-2026", 400)
        numbered = [(first + i, codes.new_code()) for i in range(400)]
        code_register.register_codes("beekvliet", "bewonersbudget-2026", numbered)
        db.session.commit()
    made = client.post(f"{ADMIN}/codes", data={"count": "1", "csrf_token": manager})
    code = codes.normalise(_letters(made.data)[401])
    with app.app_context():
        digest = codes.keyed_hash(code_register.code_key(), code)
        statement = ballot_box._USE_CODE.compile(db.engine)
        bound = {"code_hash": digest, "in_wijk": "beekvliet", "in_ronde": "bewonersbudget-2026"}
        found = db.session.connection().exec_driver_sql(
            f"EXPLAIN {statement}", statement.construct_params(bound)
        )
        plan = "\n".join(found.scalars())
    assert "vote_code_pkey" in plan, plan


def test_letters_reach_staff_when_the_statistics_cannot_be_refreshed(
    app, client, manager, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("ANALYZE is PostgreSQL's")
    other = sa.create_engine(db_url)
    with other.connect() as holder:  # as a long autovacuum would: ANALYZE must wait for it
        holder.execute(sa.text("LOCK TABLE vote_code IN SHARE UPDATE EXCLUSIVE MODE"))
        made = client.post(f"{ADMIN}/codes", data={"count": "3", "csrf_token": manager})
        holder.rollback()
    other.dispose()
    assert made.status_code == 200
    assert sorted(_letters(made.data)) == [1, 2, 3]
    assert _live(app) == [1, 2, 3]


def test_a_batch_too_big_for_one_request_is_refused(app, client, manager) -> None:
    too_many = code_register.MAX_LETTERS + 1
    answer = client.post(
        f"{ADMIN}/codes",
        data={"count": str(too_many), "csrf_token": manager},
        follow_redirects=True,
    )
    assert (
        f"U vroeg {too_many} stemcodes. Maak er hoogstens {code_register.MAX_LETTERS}"
        in answer.text
    )
    assert _live(app) == []


def test_codes_exist_only_together_with_their_letters(app, client, manager, monkeypatch) -> None:
    def broken(*_args: object) -> bytes:
        raise MemoryError("the PDF could not be made")

    monkeypatch.setattr(letters, "bundle", broken)
    with pytest.raises(MemoryError):
        client.post(f"{ADMIN}/codes", data={"count": "50", "csrf_token": manager})
    assert _live(app) == []  # no valid code that nobody holds
    monkeypatch.undo()
    made = client.post(f"{ADMIN}/codes", data={"count": "2", "csrf_token": manager})
    assert sorted(_letters(made.data)) == [51, 52]  # the failed batch left only a gap


def test_one_live_code_per_letter(app) -> None:
    with app.app_context():
        code_register.issue_code("beekvliet", "bewonersbudget-2026", 7)
        db.session.commit()
        code_register.issue_code("beekvliet", "bewonersbudget-2026", 7)
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_reissue_after_a_vote_is_refused(app, client, manager) -> None:
    made = _letters(client.post(f"{ADMIN}/codes", data={"count": "1", "csrf_token": manager}).data)
    with app.app_context():
        ref = ballots_ref()
        digest = code_register.check_code(ref, made[1])
        ballot_box.cast(ref, digest, ballots.check_choice(ref, ["1"]))
    refused = client.post(
        f"{ADMIN}/codes/opnieuw", data={"letter": "1", "csrf_token": manager}, follow_redirects=True
    )
    assert "Brief 1 bestaat niet of er is al mee gestemd." in refused.text
    assert _live(app) == [1]


def ballots_ref():
    from voting_app.rounds import find

    return find("beekvliet", "bewonersbudget-2026")


# --- races under gunicorn ------------------------------------------------------------------


@pytest.fixture
def server(app, db_url: str, project: Path) -> Iterator[Gunicorn]:
    app.config |= {"SECRET_KEY": SECRET, "CODE_KEY": CODE_KEY}
    Staff(app, app.test_client()).create("anouk", "beheerder")
    with app.app_context():
        db.session.add(proposal(title="Bankjes"))
        db.session.commit()
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "WIJKWERK_SECRET_KEY": SECRET,
        "WIJKWERK_CODE_KEY": CODE_KEY,
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": db_url,
        "WIJKWERK_WIJKWERK_ROOT": str(project),
        "WIJKWERK_TODAY": TODAY.isoformat(),
        "WIJKWERK_RATELIMIT_ENABLED": "false",
        "WIJKWERK_SESSION_COOKIE_SECURE": "false",
        "WIJKWERK_BALLOT_BATCH": "20",  # the smallest a real round may use
        "WIJKWERK_PUBLIC_URL": "https://wijken.example",
    }
    gunicorn = Gunicorn(f"http://127.0.0.1:{port}", env, port)
    gunicorn.start()
    yield gunicorn
    gunicorn.kill(signal.SIGTERM)


def _staff_session(url: str) -> tuple[requests.Session, str]:
    s = requests.Session()
    page = s.get(f"{url}/beheer/login", timeout=30)
    s.post(
        f"{url}/beheer/login",
        timeout=30,
        data={
            "username": "anouk",
            "password": "correct horse battery staple",
            "csrf_token": csrf_token(page.text),
        },
    )
    return s, csrf_token(s.get(f"{url}{ADMIN}/", timeout=30).text)


def _voter(url: str, code: str) -> tuple[requests.Session, str] | None:
    """A voter at the final confirmation, or None when the code is refused at step 1."""
    s = requests.Session()
    page = s.get(f"{url}{ROUND}/stem", timeout=30)
    entered = s.post(
        f"{url}{ROUND}/stem",
        timeout=30,
        allow_redirects=False,
        data={"code": code, "csrf_token": csrf_token(page.text)},
    )
    if entered.status_code != 302:
        return None
    return s, csrf_token(s.get(f"{url}{ROUND}/kies", timeout=30).text)


def _confirm(url: str, voter: tuple[requests.Session, str] | None) -> int:
    if voter is None:
        return 0
    s, token = voter
    return s.post(
        f"{url}{ROUND}/bevestig", timeout=60, data={"keuze": ["1"], "csrf_token": token}
    ).status_code


def _race(url: str, staff: requests.Session, token: str, letter: int, code: str) -> int:
    """A vote with the letter's code and its reissue at the same moment; ballots accepted."""
    voter = _voter(url, code)
    start = threading.Barrier(2)
    out: dict[str, object] = {}

    def vote() -> None:
        start.wait()
        out["vote"] = _confirm(url, voter)

    def replace() -> None:
        start.wait()
        out["new"] = staff.post(
            f"{url}{ADMIN}/codes/opnieuw",
            timeout=60,
            data={"letter": str(letter), "csrf_token": token},
        )

    threads = [threading.Thread(target=vote), threading.Thread(target=replace)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    new = out["new"]
    assert isinstance(new, requests.Response)
    assert new.status_code == 200, new.text
    votes = [out["vote"]]
    if new.headers.get("Content-Type") == "application/zip":  # the reissue won
        votes.append(_confirm(url, _voter(url, _letters(new.content)[letter])))
    return votes.count(200)


@pytest.mark.slow
def test_reissue_racing_a_vote_never_gives_two_ballots(app, server: Gunicorn) -> None:
    url = server.url
    staff, token = _staff_session(url)
    made = _letters(
        staff.post(
            f"{url}{ADMIN}/codes", timeout=60, data={"count": str(TRIES), "csrf_token": token}
        ).content
    )
    accepted = {letter: _race(url, staff, token, letter, code) for letter, code in made.items()}
    with app.app_context():
        ref = ballots_ref()
        ballot_pool.flush_pending(ref, everything=True)
        used = db.session.scalars(sa.select(VoteCode.letter).where(VoteCode.status == "used")).all()
        counted = ballot_box.count(ref)
    print(f"\nreissue races: {TRIES} tries, {sum(accepted.values())} ballots, {len(used)} used")
    assert all(n <= 1 for n in accepted.values())  # never two ballots from one letter
    assert sorted(used) == sorted(set(used))
    assert counted == len(used) == sum(accepted.values())  # a void code never voted


@pytest.mark.slow
def test_concurrent_batches_get_unique_letter_numbers(app, server: Gunicorn) -> None:
    url = server.url
    sessions = [_staff_session(url) for _ in range(4)]
    numbers: list[int] = []
    lock = threading.Lock()

    def make(session: tuple[requests.Session, str]) -> None:
        s, token = session
        for _ in range(5):
            answer = s.post(
                f"{url}{ADMIN}/codes", timeout=60, data={"count": "10", "csrf_token": token}
            )
            assert answer.status_code == 200, answer.text
            with lock:
                numbers.extend(_letters(answer.content))

    threads = [threading.Thread(target=make, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert sorted(numbers) == list(range(1, 201))  # 4 x 5 batches of 10: no number twice
    assert _live(app) == list(range(1, 201))
    s, token = sessions[0]
    again = s.post(
        f"{url}{ADMIN}/codes/opnieuw", timeout=60, data={"letter": "7", "csrf_token": token}
    )
    assert again.status_code == 200
    assert again.headers["Content-Type"] == "application/zip"
