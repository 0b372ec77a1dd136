"""Headers, the refusal of a known secret key, and server-side ballot rules."""

from __future__ import annotations

import pytest

from voting_app import create_app
from voting_app.security import InsecureConfig


def test_security_headers(client) -> None:
    response = client.get("/stemmen/beekvliet/bewonersbudget-2026/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_over_https(client) -> None:
    response = client.get("/stemmen/", base_url="https://wijken.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


@pytest.fixture
def production_env(monkeypatch, tmp_path) -> None:
    """The environment of a production app that starts: strong keys, a shared limit store."""
    monkeypatch.setenv("WIJKWERK_SECRET_KEY", "x" * 48)
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "c" * 48)
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")


def test_session_cookie_is_secure_and_http_only(production_env) -> None:
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


@pytest.mark.parametrize("key", ["dev", "", "short"])
def test_refuses_a_known_or_short_secret_key_in_production(monkeypatch, key: str) -> None:
    monkeypatch.setenv("WIJKWERK_SECRET_KEY", key)
    with pytest.raises(InsecureConfig):
        create_app()


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("WTF_CSRF_ENABLED", "false"),
        ("WTF_CSRF_CHECK_DEFAULT", "false"),
        ("WTF_CSRF_METHODS", '["DELETE"]'),
    ],
)
def test_refuses_to_run_without_the_csrf_check_in_production(
    production_env, monkeypatch, setting: str, value: str
) -> None:
    monkeypatch.setenv(f"WIJKWERK_{setting}", value)
    with pytest.raises(InsecureConfig, match=setting):
        create_app()


def test_local_servers_may_use_the_dev_key(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("WIJKWERK_SECRET_KEY", raising=False)
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    assert create_app(dev_server=True).config["SECRET_KEY"] == "dev"


def test_code_guessing_is_limited_in_redis(app, client) -> None:
    """With Redis as the shared store, the 21st code attempt from one client is refused."""
    import redis

    from tests.helpers import csrf_token
    from voting_app.extensions import limiter

    store = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(store).flushdb()
    except redis.ConnectionError:
        import os

        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379; CI must have it")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=store)
    limiter.init_app(app)
    path = "/stemmen/beekvliet/bewonersbudget-2026/stem"
    token = csrf_token(client.get(path).data)
    statuses = [
        client.post(path, data={"code": f"AAAA-BBBB-CCCC-{i:02d}", "csrf_token": token}).status_code
        for i in range(22)
    ]
    assert statuses[:20] == [422] * 20
    assert statuses[20:] == [429, 429]
    refused = client.post(path, data={"code": "x", "csrf_token": token})
    assert "Te veel pogingen" in refused.text
    assert redis.Redis.from_url(store).keys("LIMITS*")  # the counts live in Redis


def test_emails_are_deleted_90_days_after_the_result(app) -> None:
    import datetime as dt

    from tests.helpers import proposal
    from voting_app.models import Proposal, db
    from voting_app.privacy import purge_contact_details

    with app.app_context():
        db.session.add(
            proposal(
                title="Idee",
                description="Een idee voor de wijk.",
                estimate=10,
                cost=None,
                answer=None,
                published=False,
                email="bewoner@example.org",
            )
        )
        db.session.commit()
        assert purge_contact_details(dt.date(2027, 3, 1)) == 0  # result + 90 days: not yet
        assert purge_contact_details(dt.date(2027, 3, 20)) == 1
        assert db.session.query(Proposal).one().email is None


def test_published_ballots_hold_no_code_time_or_address(app) -> None:
    from voting_app.counting import pb_write
    from voting_app.counting.election import Ballot, Election, Project

    text = pb_write.write(Election((Project("1", 10),), (Ballot.approval(["1"]),), 10))
    votes = text.split("VOTES\n")[1].splitlines()
    assert votes[0] == "voter_id;vote"  # no time, ip, code or receipt column


def test_staff_second_factor(app, client) -> None:
    import pyotp

    from tests.helpers import csrf_token
    from voting_app.accounts import add_totp, create_user

    with app.app_context():
        create_user("fatima", "correct horse battery staple", "beheerder", [])
        uri = add_totp("fatima")
    secret = pyotp.parse_uri(uri).secret

    def attempt(code: str) -> int:
        page = client.get("/beheer/login")
        data = {
            "username": "fatima",
            "password": "correct horse battery staple",
            "totp": code,
            "csrf_token": csrf_token(page.data),
        }
        return client.post("/beheer/login", data=data).status_code

    assert attempt("") == 422  # the password alone is not enough
    assert attempt("000000" if pyotp.TOTP(secret).now() != "000000" else "111111") == 422
    assert attempt(pyotp.TOTP(secret).now()) == 302


def test_staff_login_is_rate_limited(app, client) -> None:
    from tests.helpers import csrf_token
    from voting_app.extensions import limiter

    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    limiter.init_app(app)
    token = csrf_token(client.get("/beheer/login").data)
    statuses = [
        client.post(
            "/beheer/login", data={"username": "x", "password": "y", "csrf_token": token}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_local_servers_use_cookies_that_work_over_http(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'a.db'}")
    assert create_app(dev_server=True).config["SESSION_COOKIE_SECURE"] is False
