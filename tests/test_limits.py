"""Rate limits that hold in production: the real client behind a proxy, a global guard no
single client can use up, one shared store for every worker, and what happens without it."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers import TODAY, csrf_token
from voting_app import create_app
from voting_app.security import InsecureConfig

SECRET = "limits test secret key that is long enough for production"
VOTE = "/stemmen/beekvliet/bewonersbudget-2026/stem"


def _redis_or_skip() -> str:
    """Redis on 127.0.0.1:6379 (skip where it is absent, never in CI)."""
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379; CI must have it")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return url


def new_codes(app, count: int) -> list[str]:
    from voting_app.code_register import issue_code
    from voting_app.models import db

    with app.app_context():
        plain = [issue_code("beekvliet", "bewonersbudget-2026", n) for n in range(1, count + 1)]
        db.session.commit()
    return plain


def attempt(client, code: str, address: str) -> int:
    headers = {"X-Forwarded-For": address}
    token = csrf_token(client.get(VOTE, headers=headers).data)
    data = {"code": code, "csrf_token": token}
    return int(client.post(VOTE, data=data, headers=headers).status_code)


def wrong(i: int) -> str:
    return f"AAAA-BBBB-CCCC-{i:03d}"


def test_limits_key_on_the_client_behind_the_proxy(limited_app) -> None:
    """Behind the proxy everyone shares its address; the limits count each resident apart."""
    app = limited_app()
    (valid,) = new_codes(app, 1)
    client = app.test_client()
    statuses = [attempt(client, wrong(i), "203.0.113.5") for i in range(21)]
    assert statuses == [422] * 20 + [429]
    assert attempt(client, valid, "203.0.113.6") == 302  # a neighbour still gets in


def test_a_forged_forwarded_for_does_not_escape_the_limit(limited_app) -> None:
    """Without a proxy of ours (PROXY_COUNT 0) the header is ignored: no fresh address per try."""
    app = limited_app(PROXY_COUNT=0)
    client = app.test_client()
    statuses = [attempt(client, wrong(i), f"198.51.100.{i}") for i in range(21)]
    assert statuses == [422] * 20 + [429]


def test_one_flooding_client_cannot_stop_voting(limited_app) -> None:
    """1,001 tries from one address use up its own 20, not the 1,000 a minute all share."""
    app = limited_app()
    (valid,) = new_codes(app, 1)
    client = app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.66"}
    token = csrf_token(client.get(VOTE, headers=headers).data)
    statuses = [
        client.post(VOTE, data={"code": wrong(i), "csrf_token": token}, headers=headers).status_code
        for i in range(1001)
    ]
    assert statuses.count(422) == 20
    assert attempt(client, valid, "192.0.2.7") == 302


def test_the_global_limit_still_stops_many_addresses(limited_app, monkeypatch) -> None:
    """The shared bucket is still there: many addresses together hit it."""
    from voting_app import residents

    monkeypatch.setattr(residents, "CODE_LIMIT_GLOBAL", "30 per minute")
    app = limited_app()
    client = app.test_client()
    statuses = [attempt(client, wrong(i), f"198.51.100.{i // 10}") for i in range(35)]
    assert statuses == [422] * 30 + [429] * 5


def test_production_refuses_limits_kept_in_one_worker(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WIJKWERK_SECRET_KEY", SECRET)
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "x" * 48)
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.delenv("WIJKWERK_RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(InsecureConfig, match="WIJKWERK_RATELIMIT_STORAGE_URI"):
        create_app()
    for private in ("memory://", "Memory://", " memory://"):  # all read as memory by limits
        monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", private)
        with pytest.raises(InsecureConfig, match="redis://"):
            create_app()
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "memcached://127.0.0.1:11211")
    with pytest.raises(InsecureConfig, match="memcached"):  # it has no moving window
        create_app()
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    assert create_app().config["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_counts_left_by_a_fixed_window_do_not_break_the_limits(limited_app, caplog) -> None:
    """Upgrading over a Redis with a fixed window's counts (strings under the same keys): the
    moving window keeps its own keys, so the limits stay shared and nothing falls back."""
    import redis

    url = _redis_or_skip()
    prefix = secrets.token_hex(6)
    store = redis.Redis.from_url(url)
    for limit in ("20/1/hour", "60/1/day"):  # what the earlier version left: 15 tries
        store.set(f"LIMITS:LIMITER/{prefix}/203.0.113.21/residents.enter_code/{limit}", 15, ex=600)
    app = limited_app(RATELIMIT_STORAGE_URI=url, RATELIMIT_KEY_PREFIX=prefix)
    client = app.test_client()
    log = logging.getLogger("flask-limiter")
    log.addHandler(caplog.handler)
    try:
        statuses = [attempt(client, wrong(i), "203.0.113.21") for i in range(21)]
    finally:
        log.removeHandler(caplog.handler)
    assert "falling back" not in caplog.text
    assert statuses == [422] * 20 + [429]
    assert store.keys(f"LIMITS:LIMITER/{prefix}/moving-window/203.0.113.21/*")


def test_each_strategy_counts_under_its_own_keys(limited_app) -> None:
    """A fixed window (an operator's choice, or a rollback) never reads a moving window's lists."""
    from voting_app.extensions import limiter

    limited_app(RATELIMIT_KEY_PREFIX="wk")
    assert limiter._key_prefix == "wk/moving-window"
    limited_app(RATELIMIT_KEY_PREFIX="wk", RATELIMIT_STRATEGY="fixed-window")
    assert limiter._key_prefix == "wk/fixed-window"


def test_redis_down_voting_goes_on_with_limits_per_worker(limited_app, caplog) -> None:
    """Redis unreachable: each worker counts in its own memory, logs it, and voting goes on."""
    from voting_app.cli.serve import free_port
    from voting_app.extensions import limiter

    app = limited_app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}")
    (valid,) = new_codes(app, 1)
    client = app.test_client()
    log = logging.getLogger("flask-limiter")
    log.addHandler(caplog.handler)
    try:
        statuses = [attempt(client, wrong(i), "203.0.113.9") for i in range(21)]
        assert statuses == [422] * 20 + [429]
        assert attempt(client, valid, "203.0.113.10") == 302
    finally:
        log.removeHandler(caplog.handler)
    assert "falling back to in-memory storage" in caplog.text
    assert limiter._storage_dead  # the next app made starts from a live store (conftest)


# --- under gunicorn with 4 workers ---------------------------------------------------------


def _gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "--workers", "4", "--threads", "4"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return subprocess.Popen(
        [*command, "voting_app:create_app()"],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture
def production_env(app, db_url: str, project: Path) -> dict[str, str]:
    return {
        **os.environ,
        "WIJKWERK_SECRET_KEY": SECRET,
        "WIJKWERK_CODE_KEY": "limits test code key, long enough and not the secret",
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": db_url,
        "WIJKWERK_WIJKWERK_ROOT": str(project),
        "WIJKWERK_TODAY": TODAY.isoformat(),
        "WIJKWERK_SESSION_COOKIE_SECURE": "false",
        "WIJKWERK_RATELIMIT_KEY_PREFIX": secrets.token_hex(6),
    }


@pytest.fixture
def four_workers(production_env: dict[str, str]) -> Iterator[str]:
    from tests.test_load import Gunicorn
    from voting_app.cli.serve import free_port

    env = {**production_env, "WIJKWERK_RATELIMIT_STORAGE_URI": _redis_or_skip()}
    port = free_port()
    server = Gunicorn(f"http://127.0.0.1:{port}", env, port)
    server.start()
    yield server.url
    server.kill(signal.SIGTERM)


@pytest.mark.slow
def test_four_workers_check_at_most_20_wrong_codes_per_client(four_workers: str) -> None:
    """Each try on a fresh connection, so gunicorn spreads them over its 4 workers."""
    statuses = []
    for i in range(80):
        with requests.Session() as s:
            s.headers["Connection"] = "close"
            page = s.get(f"{four_workers}{VOTE}", timeout=30)
            data = {"code": wrong(i), "csrf_token": csrf_token(page.text)}
            statuses.append(s.post(f"{four_workers}{VOTE}", data=data, timeout=30).status_code)
    print(f"\n4 workers + Redis: {statuses.count(422)} of 80 wrong codes checked")
    assert statuses.count(422) == 20
    assert statuses.count(429) == 60


@pytest.mark.slow
def test_gunicorn_will_not_start_with_limits_in_memory(production_env: dict[str, str]) -> None:
    from voting_app.cli.serve import free_port

    env = {**production_env, "WIJKWERK_RATELIMIT_STORAGE_URI": "memory://"}
    process = _gunicorn(env, free_port())
    try:
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    assert process.returncode != 0
    assert b"WIJKWERK_RATELIMIT_STORAGE_URI" in output


def test_the_lock_out_page_names_what_was_tried_and_the_gemeentes_number(
    limited_app, project: Path
) -> None:
    gemeente = project / "wijken" / "gemeente.yaml"
    gemeente.write_text(
        gemeente.read_text().replace('telefoon: "14 0999"', 'telefoon: "0900 1234"', 1)
    )
    app = limited_app()
    client = app.test_client()
    statuses = [attempt(client, wrong(i), "203.0.113.7") for i in range(20)]
    assert 429 not in statuses
    headers = {"X-Forwarded-For": "203.0.113.7"}
    token = csrf_token(client.get(VOTE, headers=headers).data)
    answer = client.post(VOTE, headers=headers, data={"code": wrong(21), "csrf_token": token})
    assert answer.status_code == 429
    page = " ".join(answer.text.split())
    assert "U heeft te vaak een stemcode geprobeerd." in page
    assert "Bel de gemeente: 0900 1234. Zij kunnen u een nieuwe brief sturen." in page
    headers = {"X-Forwarded-For": "203.0.113.8"}
    login = "/beheer/login"
    for _ in range(11):
        token = csrf_token(client.get(login, headers=headers).data)
        answer = client.post(
            login, headers=headers, data={"username": "x", "password": "y", "csrf_token": token}
        )
    assert answer.status_code == 429
    page = " ".join(answer.text.split())
    assert "U heeft te vaak een wachtwoord geprobeerd." in page
    assert "brief" not in page
    assert "stemcode" not in page


class _Clock:
    """``time`` for the limiter's memory store, with a clock the test moves."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def __getattr__(self, name: str):
        import time

        return getattr(time, name)


def test_a_limit_holds_in_every_hour_not_per_window(limited_app, monkeypatch) -> None:
    """20 wrong codes an hour means 20 in any hour, also across the end of a counting window.

    One try, 19 more an hour later, then two just after: in a window counted from the first
    try, the second hour would start afresh and let 20 more through (40 in two minutes).
    """
    import limits.storage.memory

    clock = _Clock(1_800_000_000.0)
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    client = limited_app().test_client()
    tried = [attempt(client, wrong(0), "203.0.113.9")]
    clock.now += 3_590
    tried += [attempt(client, wrong(i), "203.0.113.9") for i in range(1, 20)]
    clock.now += 20  # the first try is over an hour ago; the other 19 are not
    tried += [attempt(client, wrong(i), "203.0.113.9") for i in range(20, 22)]
    assert tried == [422] * 21 + [429]
