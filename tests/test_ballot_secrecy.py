"""The curious DBA: with full SQL access or a copy of the files, no ballot leads to its code.

Every test votes through the HTTP interface, then looks at the database the way someone with
``psql`` or a copy of ``wijkwerk.sqlite`` and ``wijkwerk.sqlite-wal`` would.
"""

from __future__ import annotations

import itertools
import re
import shutil
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.helpers import csrf_token, dispose, proposal, second_worker
from voting_app import (
    ballot_box,
    ballot_pool,
    ballots,
    code_register,
    codes,
    create_app,
    vote_state,
)
from voting_app.ballot_pool import flush_pending
from voting_app.code_register import code_key, issue_code
from voting_app.models import Ballot, PendingBallot, Proposal, VoteCode, db
from voting_app.rounds import RoundRef, find
from voting_app.security import InsecureConfig

ROUND = "/stemmen/beekvliet/bewonersbudget-2026"
ADMIN = "/beheer/beekvliet/bewonersbudget-2026"
CODE_KEY = "a code key for the tests that is long enough for production"


@pytest.fixture
def voters(app) -> tuple[list[str], list[list[str]]]:
    """Five cheap proposals, twelve codes and twelve different choices."""
    app.config |= {"CODE_KEY": CODE_KEY, "BALLOT_BATCH": 4}
    with app.app_context():
        for i in range(5):
            db.session.add(proposal(title=f"Idee {i}", estimate=1000))
        plain = [issue_code("beekvliet", "bewonersbudget-2026", n) for n in range(1, 13)]
        db.session.commit()
        ids = [str(i) for i in db.session.scalars(sa.select(Proposal.id))]
    subsets = [list(c) for k in (1, 2, 3) for c in itertools.combinations(sorted(ids), k)]
    return plain, subsets[:12]


def vote(client, code: str, choices: list[str]) -> str:
    """Code, choice, confirm; return the receipt number shown to the voter."""
    page = client.get(f"{ROUND}/stem")
    entered = client.post(f"{ROUND}/stem", data={"code": code, "csrf_token": csrf_token(page.data)})
    assert entered.status_code == 302, entered.text
    token = csrf_token(client.get(f"{ROUND}/kies").data)
    done = client.post(f"{ROUND}/bevestig", data={"keuze": choices, "csrf_token": token})
    assert done.status_code == 200, done.text
    return done.text.split('class="code">')[1].split("<")[0]


def _used(app) -> int:
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(VoteCode).where(VoteCode.status == "used")
        return db.session.scalar(query) or 0


def test_postgresql_xmin_and_ctid_link_nothing(app, client, voters) -> None:
    plain, choices = voters
    app.config["GROUP_BATCHES"] = 1
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("xmin and ctid are PostgreSQL's system columns")
    order = [",".join(c) for c in choices]
    for code, choice in zip(plain, choices, strict=True):
        vote(client, code, choice)
    with app.app_context():
        sql = db.session.execute
        # The tester's query: before, every ballot met its letter here.
        joined = sql(sa.text("SELECT count(*) FROM vote_code v JOIN ballot b ON b.xmin = v.xmin"))
        assert joined.scalar_one() == 0
        code_xmins = set(sql(sa.text("SELECT xmin::text FROM vote_code")).scalars())
        ballots = sql(sa.text("SELECT xmin::text, choices FROM ballot ORDER BY ctid")).all()
        assert len(ballots) == 12  # 12 votes, batches of 4: the pool is empty
        assert {x for x, _ in ballots} & code_xmins == set()
        # Groups of at least one pool here (GROUP_BATCHES 1): the second move wrote 8, half
        # of them closed; the third rewrote the open half with its pool (so 4 + 4 of its own).
        groups = sorted(Counter(x for x, _ in ballots).values())
        assert groups == [4, 8]
        assert [c for _, c in ballots] != order  # storage order is not the voting order
        assert sorted(c for _, c in ballots) == sorted(order)
        # Closing rewrites the whole box into one group: no vote order is left at all.
        flush_pending(find("beekvliet", "bewonersbudget-2026"), everything=True)
        after = sql(sa.text("SELECT xmin::text, choices FROM ballot ORDER BY ctid")).all()
        assert len({x for x, _ in after}) == 1
        assert sorted(c for _, c in after) == sorted(order)


def test_postgresql_the_pool_shows_no_choice_or_receipt(app, client, voters) -> None:
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("xmin is PostgreSQL's")
    receipts = [
        vote(client, code, choice) for code, choice in zip(plain[:3], choices[:3], strict=True)
    ]
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT p.* FROM vote_code v JOIN ballot_pending p ON p.xmin = v.xmin "
                "WHERE v.status = 'used'"
            )
        ).all()
        assert len(rows) == 3  # the vote's own rows: the code and its sealed ballot
        text = repr(rows)
        for receipt in receipts:
            assert codes.keyed_hash(code_key(), receipt) not in text
        assert "choices" not in text
        assert "," not in "".join(r.sealed for r in rows)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 0


def test_sqlite_wal_pairs_no_code_with_its_ballot(app, client, voters, tmp_path: Path) -> None:
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the -wal file is SQLite's")
        path = Path(db.engine.url.database or "")
    seen: list[str] = []
    for n, (code, choice) in enumerate(zip(plain, choices, strict=True), start=1):
        receipt = vote(client, code, choice)
        with app.app_context():
            seen.append(codes.keyed_hash(code_key(), receipt))
        # A copy of both files, taken right after this vote.
        copy = tmp_path / f"copy-{n}"
        copy.mkdir()
        shutil.copy(path, copy / "db")
        wal = Path(f"{path}-wal")
        frames = wal.read_bytes() if wal.exists() else b""
        database = (copy / "db").read_bytes()
        # The transaction that used the code wrote no readable ballot to the WAL ...
        assert seen[-1].encode() not in frames
        if n % 4:
            assert seen[-1].encode() not in database  # ... nor to the database: it is sealed
        else:
            # Every 4th vote moved the pool: the ballots are in the file, the WAL is empty.
            assert frames == b""
            assert all(r.encode() in database for r in seen)
            assert b"choices" not in frames


def test_no_date_column_joins(app) -> None:
    with app.app_context():
        inspector = sa.inspect(db.engine)
        for table in ("vote_code", "ballot", "ballot_pending"):
            for column in inspector.get_columns(table):
                assert not isinstance(column["type"], sa.Date | sa.DateTime), (table, column)


def test_ballots_equal_used_codes_at_every_moment(app, client, voters, staff) -> None:
    plain, choices = voters
    staff.create("anouk", "beheerder")
    for n, (code, choice) in enumerate(zip(plain[:7], choices[:7], strict=True), start=1):
        vote(client, code, choice)
        staff.login("anouk")
        page = client.get(ADMIN + "/").text
        staff.logout()
        assert f"waarvan {n} gebruikt. Stemmen: {n}." in " ".join(page.split())  # pool too
    app.config["TODAY"] = "2026-12-15"
    staff.login("anouk")
    token = csrf_token(client.get(ADMIN + "/").data)
    published = client.post(f"{ADMIN}/sluiten", data={"csrf_token": token})
    assert "7 stemmen geteld" in published.text  # 4 moved on the way, 3 at closing
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 7
        assert _used(app) == 7


Snapshot = dict[str, dict[str, dict[str, object]]]


def _snapshot(app, tables: sa.MetaData) -> Snapshot:
    """Every row of every table, by primary key: what a copy of the database shows."""
    with app.app_context():
        seen: Snapshot = {}
        for table in tables.sorted_tables:
            key = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            rows = db.session.execute(sa.select(table)).mappings()
            seen[table.name] = {repr([r[k] for k in key]): dict(r) for r in rows}
        return seen


def _changes(before: Snapshot, after: Snapshot) -> list[tuple[object, ...]]:
    """What a watcher sees change: for a new row each column's length (the values are random,
    the lengths are what could tell), for a changed row the columns' old and new values."""
    found: list[tuple[object, ...]] = []
    for name, rows in after.items():
        old = before[name]
        for key in rows.keys() - old.keys():
            found.append((name, "new", sorted((c, len(str(v))) for c, v in rows[key].items())))
        found += [(name, "gone") for _ in old.keys() - rows.keys()]
        for key in rows.keys() & old.keys():
            changed = {c: (old[key][c], v) for c, v in rows[key].items() if old[key][c] != v}
            if changed:
                found.append((name, "changed", sorted(changed.items())))
    return sorted(found, key=repr)


def test_an_invalid_paper_ballot_looks_like_any_other(app, client, voters, staff) -> None:
    plain, choices = voters
    staff.create("anouk", "beheerder")
    staff.login("anouk")
    with app.app_context():
        tables = sa.MetaData()
        tables.reflect(bind=db.engine)

    def enter(code: str, data: dict[str, object]) -> list[tuple[object, ...]]:
        page = client.get(f"{ADMIN}/papier")  # its audit row: once per clerk and day
        before = _snapshot(app, tables)
        entered = client.post(
            f"{ADMIN}/papier", data={"code": code, "csrf_token": csrf_token(page.data)} | data
        )
        assert entered.status_code == 302, entered.text
        return _changes(before, _snapshot(app, tables))

    valid = enter(plain[0], {"keuze": choices[0]})
    invalid = enter(plain[1], {"ongeldig": "1"})
    assert "telt mee voor de opkomst" in client.get(f"{ADMIN}/papier").text
    # Only the code's use and a new sealed ballot of the same length; the round row stays.
    assert [change[:2] for change in invalid] == [
        ("ballot_pending", "new"),
        ("vote_code", "changed"),
    ]
    assert invalid[1][2] == [("status", ("issued", "used"))]
    assert invalid == valid
    # The count comes from the ballots themselves: unsealed from the pool, then from the box.
    turnout = "Stemmen: 1, en 1 ongeldig papieren stembiljet."
    assert turnout in " ".join(client.get(ADMIN + "/").text.split())
    with app.app_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        assert flush_pending(ref) == 0  # two is less than a batch: they wait for more
        assert flush_pending(ref, everything=True) == 2  # as closing does
        boxed = sorted(db.session.scalars(sa.select(Ballot.choices)))
    assert boxed == sorted([",".join(choices[0]), "ongeldig"])
    assert turnout in " ".join(client.get(ADMIN + "/").text.split())


def test_rotating_the_secret_key_keeps_codes_valid(app, client, voters) -> None:
    plain, choices = voters
    app.config["SECRET_KEY"] = "a brand new session secret, after a rotation of keys"
    assert vote(client, plain[0], choices[0])


def test_production_needs_its_own_code_key(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIJKWERK_SECRET_KEY", "s" * 48)
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("WIJKWERK_CODE_KEY", raising=False)
    with pytest.raises(InsecureConfig, match="WIJKWERK_CODE_KEY"):
        create_app()
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "s" * 48)  # the same as the session secret
    with pytest.raises(InsecureConfig, match="WIJKWERK_CODE_KEY"):
        create_app()
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "c" * 48)
    assert create_app().config["CODE_KEY"] == "c" * 48


def _cast_directly(app, plain: list[str], choice: list[str]) -> None:
    """Cast ballots the way ``/bevestig`` stores them, without the pages around it."""
    with app.app_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        for code in plain:
            ballot_box.cast(
                ref, code_register.check_code(ref, code), ballots.check_choice(ref, choice)
            )


def _groups(app) -> dict[str, int]:
    """Ballot id -> the move that wrote it."""
    with app.app_context():
        return {i: m for i, m in db.session.execute(sa.select(Ballot.id, Ballot.move))}


def test_the_newest_group_never_falls_below_the_floor(app, voters) -> None:
    """Ballots one at a time (a pool of 1), groups of at least 3 pools: after every move the
    ballots that move wrote number at least 3, a move writes at most 2 * 3 + 1 of them, and
    no group outside the newest falls below 3 either."""
    plain, choices = voters
    app.config |= {"BALLOT_BATCH": 1, "GROUP_BATCHES": 3}
    seen: dict[str, int] = {}
    for cast, code in enumerate(plain, start=1):
        _cast_directly(app, [code], choices[0])
        groups = _groups(app)
        written = groups.keys() - seen.keys()  # fresh ids: the ballots this move wrote
        assert len(groups) == cast
        assert min(cast, 3) <= len(written) <= 7
        sizes = Counter(groups.values())
        newest = max(sizes)
        assert all(n >= 3 for move, n in sizes.items() if move != newest) or cast < 3
        seen = groups
    with app.app_context():
        assert flush_pending(find("beekvliet", "bewonersbudget-2026"), everything=True) == 0
    assert len(set(_groups(app).values())) == 1  # closing: one group of all 12
    assert len(_groups(app).keys() & seen.keys()) == 0  # all rewritten, with fresh ids


def test_closing_and_publishing_leave_one_group(app, client, voters, staff) -> None:
    plain, choices = voters
    app.config |= {"BALLOT_BATCH": 1, "GROUP_BATCHES": 1}
    _cast_directly(app, plain[:9], choices[0])
    assert len(set(_groups(app).values())) > 1
    app.config["TODAY"] = "2026-12-15"  # past the voting dates: closed by date, not by staff
    assert len(set(_groups(app).values())) > 1  # the groups stay until staff close or publish
    staff.create("anouk", "beheerder")
    staff.login("anouk")
    token = csrf_token(client.get(ADMIN + "/").data)
    published = client.post(f"{ADMIN}/sluiten", data={"csrf_token": token})
    assert "9 stemmen geteld" in published.text
    assert len(set(_groups(app).values())) == 1
    assert len(_groups(app)) == 9


def test_a_move_never_holds_up_a_vote(app, voters, monkeypatch) -> None:
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer: a vote waits for any write, a move included")
    app.config["BALLOT_BATCH"] = 100
    _cast_directly(app, plain[:2], choices[0])  # two in the pool
    app.config["BALLOT_BATCH"] = 2
    go_on = threading.Event()
    shuffle = ballot_pool._shuffle

    def slow_shuffle(rows: list[object]) -> None:  # the move stops half-way, holding its locks
        go_on.wait(30)
        shuffle(rows)

    monkeypatch.setattr(ballot_pool, "_shuffle", slow_shuffle)

    def move() -> None:
        with app.app_context():
            flush_pending(find("beekvliet", "bewonersbudget-2026"))

    mover = threading.Thread(target=move)
    mover.start()
    tries: list[str] = []
    lock = ballot_pool._lock_moves

    def counted(wijk: str, ronde: str, *, wait: bool) -> bool:
        tries.append(ronde)
        return lock(wijk, ronde, wait=wait)

    try:
        time.sleep(0.5)  # the move is waiting in slow_shuffle now
        monkeypatch.setattr(ballot_pool, "_lock_moves", counted)
        started = time.monotonic()
        _cast_directly(app, plain[2:5], choices[0])  # each of these would start a move
        waited = time.monotonic() - started
        tried = len(tries)
    finally:
        go_on.set()
        mover.join()
    assert waited < 5  # no vote waited for the running move
    assert tried == 0  # each saw the move running and left its ballot to it, without a try
    with app.app_context():
        assert ballot_box.count(find("beekvliet", "bewonersbudget-2026")) == 5
    # The three left in the pool went along: the move looked at the pool again when done.
    assert len(_groups(app)) == 5


def _ready_to_confirm(client, code: str) -> str:
    """Code entered and ballot page opened (the ballot froze); the token for /bevestig."""
    page = client.get(f"{ROUND}/stem")
    client.post(f"{ROUND}/stem", data={"code": code, "csrf_token": csrf_token(page.data)})
    return csrf_token(client.get(f"{ROUND}/kies").data)


def _close(app) -> None:
    from voting_app import results

    with app.app_context():
        results.close(find("beekvliet", "bewonersbudget-2026"))


def test_a_move_that_found_the_pool_moved_looks_again(app, voters, monkeypatch) -> None:
    """A move holds the lock, finds less than a pool and lets go; a vote that filled the pool
    meanwhile saw the lock taken and left its ballot to that move, which must look again."""
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has one writer: the vote waits for the move")
    app.config["BALLOT_BATCH"] = 100
    _cast_directly(app, plain[:1], choices[0])  # one in the pool
    app.config["BALLOT_BATCH"] = 2
    holding, go_on = threading.Event(), threading.Event()
    movers: list[threading.Thread] = []
    rollback = db.session.rollback

    def rollback_later() -> None:
        if threading.current_thread() in movers:  # found too few, still holding the lock
            holding.set()
            go_on.wait(30)
        rollback()

    monkeypatch.setattr(db.session, "rollback", rollback_later)

    def move() -> None:
        with app.app_context():
            flush_pending(find("beekvliet", "bewonersbudget-2026"))

    movers.append(threading.Thread(target=move))
    movers[0].start()
    try:
        assert holding.wait(10)
        _cast_directly(app, plain[1:2], choices[0])  # the pool is full now
    finally:
        go_on.set()
        movers[0].join(30)
    with app.app_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        assert ballot_pool._pool_size(ref) == 0
        assert ballot_box.count(ref) == 2


def test_closing_waits_for_a_vote_being_stored(app, client, voters, db_url: str) -> None:
    """PostgreSQL: the vote's one statement holds the round's share lock until it is done.

    Another transaction holds the code rows, so the vote's statement stops after taking the
    round's lock and before it can mark the code; closing (an UPDATE of the round) waits.
    """
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite: one writer, the vote holds it; PostgreSQL's row lock here")
    token = _ready_to_confirm(client, plain[0])
    blocker = sa.create_engine(db_url)
    answers: list[int] = []
    voter = threading.Thread(
        target=lambda: answers.append(
            client.post(
                f"{ROUND}/bevestig", data={"keuze": choices[0], "csrf_token": token}
            ).status_code
        )
    )
    closer = threading.Thread(target=_close, args=(app,))
    try:
        with blocker.begin() as conn:
            conn.execute(sa.text("SELECT hash FROM vote_code FOR UPDATE"))
            voter.start()
            time.sleep(1)  # the vote's statement now holds the round and waits for its code
            assert voter.is_alive()
            closer.start()
            closer.join(1)
            assert closer.is_alive()  # closing waits for the vote
        voter.join(60)
        closer.join(60)
    finally:
        blocker.dispose()
    assert answers == [200]
    assert len(_groups(app)) == 1  # stored before the closing, and moved in by it


def test_a_vote_checked_before_closing_is_refused_after_it(
    app, client, voters, monkeypatch
) -> None:
    """PostgreSQL reads the round outside any transaction; the vote's statement looks again.

    The round closes while the vote's choice is being checked: closing does not wait, and the
    vote stores nothing and says the round is closed.
    """
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite holds its one write lock from the start of /bevestig")
    token = _ready_to_confirm(client, plain[0])
    check = ballots.check_choice

    def closing_meanwhile(*args: object) -> ballots.Choice:
        closer = threading.Thread(target=_close, args=(app,))
        closer.start()
        closer.join(30)
        assert not closer.is_alive()  # nothing held the round for this vote yet
        return check(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ballots, "check_choice", closing_meanwhile)
    answer = client.post(f"{ROUND}/bevestig", data={"keuze": choices[0], "csrf_token": token})
    assert answer.status_code == 409
    assert "gesloten" in answer.text
    assert _used(app) == 0
    with app.app_context():
        assert ballot_box.count(find("beekvliet", "bewonersbudget-2026")) == 0


def test_a_worker_that_kept_the_open_round_refuses_votes_after_closing(
    app, voters, monkeypatch
) -> None:
    """PostgreSQL: a worker keeps an open round's row for a second; the vote's statement
    checks the round itself, so a vote right after closing is refused, nothing stored."""
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite reads the round under its write lock for every vote")
    app.config["SOURCES_RECHECK"] = 1.0
    clock = [1000.0]
    monkeypatch.setattr(vote_state.time, "monotonic", lambda: clock[0])
    first, second, third = (app.test_client() for _ in range(3))
    tokens = [
        _ready_to_confirm(c, code)
        for c, code in zip((first, second, third), plain[:3], strict=True)
    ]
    done = first.post(f"{ROUND}/bevestig", data={"keuze": choices[0], "csrf_token": tokens[0]})
    assert done.status_code == 200
    assert ("beekvliet", "bewonersbudget-2026") in app.extensions["wijkwerk_vote_rows"]  # kept
    other_worker = second_worker(app)
    _close(other_worker)  # staff close in another worker: this one still keeps the open row
    dispose(other_worker)
    clock[0] += 0.5
    late = second.post(f"{ROUND}/bevestig", data={"keuze": choices[1], "csrf_token": tokens[1]})
    assert late.status_code == 409
    assert "gesloten" in late.text
    assert _used(app) == 1
    later = third.post(f"{ROUND}/bevestig", data={"keuze": choices[2], "csrf_token": tokens[2]})
    assert later.status_code == 409  # read anew: refused before any statement
    assert _used(app) == 1
    with app.app_context():
        assert ballot_box.count(find("beekvliet", "bewonersbudget-2026")) == 1


def test_a_kept_open_round_ends_at_midnight_and_follows_the_sources(
    app, voters, monkeypatch
) -> None:
    """PostgreSQL: what a worker keeps of an open round between votes is built again on a new
    day (voting ends on its last day, not a second later) and when the sources change."""
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite reads the round under its write lock for every vote")
    app.config |= {"SOURCES_RECHECK": 60.0, "TODAY": "2026-12-13"}  # the last day of voting
    monkeypatch.setattr(vote_state.time, "monotonic", lambda: 1000.0)  # the kept row stays
    clients = [app.test_client() for _ in range(3)]
    tokens = [_ready_to_confirm(c, code) for c, code in zip(clients, plain[:3], strict=True)]
    done = clients[0].post(f"{ROUND}/bevestig", data={"keuze": choices[0], "csrf_token": tokens[0]})
    assert done.status_code == 200
    key = ("beekvliet", "bewonersbudget-2026")
    app.config["TODAY"] = "2026-12-14"
    late = clients[1].post(f"{ROUND}/bevestig", data={"keuze": choices[1], "csrf_token": tokens[1]})
    assert late.status_code == 409
    assert _used(app) == 1
    app.config["TODAY"] = "2026-12-13"
    with app.app_context():
        ref = find(*key)
        replaced = RoundRef(ref.wijk.model_copy(), ref.ronde)  # the sources as they were
        before, after = vote_state._open_state(replaced), vote_state._open_state(ref)
        assert before is not None
        assert after is not None
        assert before.ref.wijk is replaced.wijk
        assert after.ref.wijk is ref.wijk  # built again for the new ones


@pytest.mark.parametrize("tampered", ["frozen_ballot || ' '", "NULL"], ids=["changed", "emptied"])
def test_a_frozen_ballot_changed_in_the_database_stops_voting_with_a_dutch_page(
    app, client, voters, tampered: str
) -> None:
    """Changed, or emptied with its fingerprint left (which must not bring back the live
    proposals and rules): voting stops with the Dutch page."""
    plain, choices = voters
    token = _ready_to_confirm(client, plain[0])  # the ballot froze
    with app.app_context():
        db.session.execute(sa.text(f"UPDATE round SET frozen_ballot = {tampered}"))
        db.session.commit()
    answer = client.post(f"{ROUND}/bevestig", data={"keuze": choices[0], "csrf_token": token})
    assert answer.status_code == 409
    assert "veranderd nadat het stemmen begon" in answer.text
    assert _used(app) == 0
    assert client.get(f"{ROUND}/kies").status_code == 409


def test_a_vote_that_fails_logs_neither_its_code_nor_its_sealed_ballot(
    app, client, voters, db_url: str, caplog
) -> None:
    """A vote whose statement fails is logged with the error. The code's hash and the sealed
    ballot must not be in that record: together with CODE_KEY the sealed text's first part
    reads as the choice (it starts the plaintext), and the hash is that letter's code.
    """
    plain, choices = voters
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL: the vote's statement waits for the round's row")
        name = db.engine.url.database
        db.session.execute(sa.text(f'ALTER DATABASE "{name}" SET lock_timeout = 500'))
        db.session.commit()
        db.engine.dispose()  # new connections take the setting
    app.config["PROPAGATE_EXCEPTIONS"] = False  # logged, as in production
    token = _ready_to_confirm(client, plain[0])
    staff_step = sa.create_engine(db_url)
    try:
        with staff_step.begin() as conn:  # letters being numbered hold the round's row
            conn.execute(sa.text("UPDATE round SET next_letter = next_letter + 1"))
            answer = client.post(
                f"{ROUND}/bevestig", data={"keuze": choices[0], "csrf_token": token}
            )
    finally:
        staff_step.dispose()
    assert answer.status_code == 503  # the wait for the round timed out: nothing stored
    assert "Probeer het over een minuut opnieuw." in " ".join(answer.text.split())
    assert _used(app) == 0
    with app.app_context():
        hashes = set(db.session.scalars(sa.select(VoteCode.hash)))
    assert [h for h in hashes if h in caplog.text] == []
    assert re.search(r"[0-9a-f]{100}", caplog.text) is None  # longer than any hash: sealed


def test_production_refuses_small_pools_and_groups(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIJKWERK_SECRET_KEY", "s" * 48)
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "c" * 48)
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    assert create_app().config.get("BALLOT_BATCH", 20) >= 20  # the defaults are allowed
    monkeypatch.setenv("WIJKWERK_BALLOT_BATCH", "5")
    with pytest.raises(InsecureConfig, match="WIJKWERK_BALLOT_BATCH"):
        create_app()
    monkeypatch.setenv("WIJKWERK_BALLOT_BATCH", "20")
    monkeypatch.setenv("WIJKWERK_GROUP_BATCHES", "1")
    with pytest.raises(InsecureConfig, match="WIJKWERK_GROUP_BATCHES"):
        create_app()


def test_closing_rewrites_ballots_from_before_the_moves(app) -> None:
    """Ballots an older version stored with their code's transaction (move 0) are rewritten."""
    with app.app_context():
        for i in range(3):
            db.session.add(
                Ballot(wijk="beekvliet", ronde="bewonersbudget-2026", choices="1", receipt=f"r{i}")
            )
        db.session.commit()
    before = _groups(app)
    assert set(before.values()) == {0}
    with app.app_context():
        flush_pending(find("beekvliet", "bewonersbudget-2026"), everything=True)
    after = _groups(app)
    assert len(after) == 3
    assert after.keys() & before.keys() == set()  # fresh ids, written by the closing's move


def test_a_pooled_ballot_that_does_not_unseal_does_not_stop_voting(app, voters) -> None:
    plain, choices = voters
    app.config["BALLOT_BATCH"] = 2
    with app.app_context():
        db.session.add(
            PendingBallot(wijk="beekvliet", ronde="bewonersbudget-2026", sealed="00" * 80)
        )
        db.session.commit()
    _cast_directly(app, plain[:2], choices[0])  # each would move the pool; the move fails
    with app.app_context():
        assert ballot_box.count(find("beekvliet", "bewonersbudget-2026")) == 3


def test_turnout_reads_box_and_pool_in_one_snapshot(app, client, voters, staff) -> None:
    """The staff page's count is one statement: read one after another, a move in between
    counted its pool twice (in the pool, then in the box) or not at all."""
    plain, choices = voters
    staff.create("anouk", "beheerder")
    staff.login("anouk")
    for code, choice in zip(plain[:5], choices[:5], strict=True):  # four in the box, one pooled
        page = client.get(f"{ADMIN}/papier")
        data = {"code": code, "keuze": choice, "csrf_token": csrf_token(page.data)}
        assert client.post(f"{ADMIN}/papier", data=data).status_code == 302
    page = client.get(f"{ADMIN}/papier")
    data = {"code": plain[5], "ongeldig": "1", "csrf_token": csrf_token(page.data)}
    assert client.post(f"{ADMIN}/papier", data=data).status_code == 302
    with app.app_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        boxed = db.session.scalar(sa.select(sa.func.count()).select_from(Ballot))
        pooled = db.session.scalar(sa.select(sa.func.count()).select_from(PendingBallot))
        assert (boxed, pooled) == (4, 2)
        statements: list[str] = []

        def seen(*args: object) -> None:
            statements.append(str(args[2]))

        sa.event.listen(db.engine, "before_cursor_execute", seen)
        try:
            assert ballot_box.turnout(ref) == ballot_box.Turnout(valid=5, invalid=1)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", seen)
    assert len(statements) == 1, statements


def test_a_pooled_ballot_that_does_not_open_is_shown_to_staff_and_stops_the_count(
    app, client, voters, staff
) -> None:
    """A sealed ballot copied from another round (or sealed with another CODE_KEY) does not
    open: the staff page says so in Dutch, and closing says why nothing was counted."""
    plain, choices = voters
    staff.create("anouk", "beheerder")
    vote(client, plain[0], choices[0])
    with app.app_context():
        ref = find("beekvliet", "bewonersbudget-2026")
        sealed = db.session.scalars(sa.select(PendingBallot.sealed)).one()
        # The same sealed text, copied into another round's pool, does not open there.
        assert codes.unseal(ballot_pool.pool_key(), sealed, ballot_pool.bound(ref))
        with pytest.raises(ValueError, match="does not match"):
            codes.unseal(ballot_pool.pool_key(), sealed, "zuiderveld/buurtbudget-2026")
        damaged = PendingBallot(wijk="beekvliet", ronde="bewonersbudget-2026", sealed="00" * 80)
        db.session.add(damaged)
        db.session.commit()
        assert ballot_box.turnout(ref) == ballot_box.Turnout(valid=1, invalid=0, unreadable=1)
    staff.login("anouk")
    page = " ".join(client.get(ADMIN + "/").text.split())
    assert "1 stembiljet kan niet geopend worden" in page
    assert client.get("/beheer/").status_code == 200
    app.config["TODAY"] = "2026-12-15"
    token = csrf_token(client.get(ADMIN + "/").data)
    closed = client.post(f"{ADMIN}/sluit", data={"csrf_token": token}, follow_redirects=True)
    assert closed.status_code == 200
    assert "die de stemapp niet kan openen" in closed.text
    assert "Er is niets geteld" in closed.text
