"""Staff accounts: login limits per account, failed logins audited, equal work for unknown
names, single-use TOTP codes, logout that ends the session, the password policy, safe
redirects, the user-* commands and a key nobody else knows."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import select

from tests.helpers import Staff, csrf_token
from tests.test_limits import SECRET
from voting_app.cli import main

PASSWORD = "correct horse battery staple"


def login(client, username: str, password: str = PASSWORD, totp: str = "", **kw) -> int:
    page = client.get("/beheer/login", **kw)
    data = {
        "username": username,
        "password": password,
        "totp": totp,
        "csrf_token": csrf_token(page.data),
    }
    return int(client.post("/beheer/login", data=data, **kw).status_code)


# --- login limits and the audit log ---------------------------------------------------------


def test_one_account_is_limited_from_any_number_of_addresses(limited_app) -> None:
    app = limited_app()
    Staff(app, app.test_client()).create("fatima", "beheerder")
    client = app.test_client()
    statuses = [
        login(client, "fatima", "wrong password", headers={"X-Forwarded-For": f"198.51.100.{i}"})
        for i in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    # Another account from one of the same addresses is not locked out.
    assert login(client, "anouk", "x", headers={"X-Forwarded-For": "198.51.100.1"}) == 422


def test_one_address_is_limited_over_many_accounts(limited_app) -> None:
    app = limited_app()
    client = app.test_client()
    headers = {"X-Forwarded-For": "203.0.113.20"}
    statuses = [login(client, f"user{i}", "x", headers=headers) for i in range(11)]
    assert statuses == [422] * 10 + [429]


def test_failed_logins_are_audited_without_the_password(app, client, staff: Staff) -> None:
    from voting_app.models import AuditEntry, db

    staff.create("fatima", "beheerder")
    assert login(client, "fatima", "Geheim-wachtwoord-99") == 422
    assert login(client, "niemand", "Ander-wachtwoord-42") == 422
    with app.app_context():
        failed = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "inloggen mislukt")
        ).all()
        details = [entry.details for entry in failed]
    assert details == ["gebruikersnaam: fatima", "gebruikersnaam: niemand"]
    staff.login("fatima")
    page = client.get("/beheer/audit").text
    assert "inloggen mislukt" in page
    assert "niemand" in page
    assert "Geheim-wachtwoord-99" not in page


def test_unknown_and_known_names_take_the_same_time(app, client, staff: Staff) -> None:
    staff.create("fatima", "beheerder")
    known: list[float] = []
    unknown: list[float] = []
    for i in range(15):
        for name, times in (("fatima", known), (f"niemand{i}", unknown)):
            token = csrf_token(client.get("/beheer/login").data)
            data = {"username": name, "password": "wrong password", "csrf_token": token}
            started = time.perf_counter()
            assert client.post("/beheer/login", data=data).status_code == 422
            times.append(time.perf_counter() - started)
    a, b = statistics.median(known), statistics.median(unknown)
    print(f"\nlogin medians: known name {a * 1000:.0f} ms, unknown name {b * 1000:.0f} ms")
    assert abs(a - b) / max(a, b) < 0.3


# --- the second factor and sessions ---------------------------------------------------------


def test_a_totp_code_logs_in_once(app, client, staff: Staff) -> None:
    from voting_app.accounts import add_totp

    staff.create("fatima", "beheerder")
    with app.app_context():
        totp = pyotp.TOTP(pyotp.parse_uri(add_totp("fatima")).secret)
    code = totp.now()
    assert login(client, "fatima", totp=code) == 302
    staff.logout()
    assert login(client, "fatima", totp=code) == 422  # the same code again: refused
    assert login(client, "fatima", totp=totp.at(time.time() + 30)) == 302  # the next one works


def test_a_missing_code_is_named_only_after_the_right_password(app, client, staff: Staff) -> None:
    from voting_app.accounts import add_totp
    from voting_app.models import AuditEntry, db

    staff.create("fatima", "beheerder")
    with app.app_context():
        add_totp("fatima")

    def page(password: str) -> str:
        form = client.get("/beheer/login")
        data = {"username": "fatima", "password": password, "csrf_token": csrf_token(form.data)}
        response = client.post("/beheer/login", data=data)
        assert response.status_code == 422
        return response.text

    missing = "De code uit uw authenticator-app ontbreekt."
    assert missing in page(PASSWORD)
    wrong = page("a wrong password here")
    assert missing not in wrong
    assert "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar." in wrong
    with app.app_context():
        failed = db.session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "inloggen mislukt")
        ).all()
    assert failed == ["gebruikersnaam: fatima"] * 2  # both audited as failures


def test_a_missing_code_counts_toward_the_login_limit(limited_app) -> None:
    from voting_app.accounts import add_totp

    app = limited_app()
    Staff(app, app.test_client()).create("fatima", "beheerder")
    with app.app_context():
        add_totp("fatima")
    client = app.test_client()
    form = client.get("/beheer/login")
    data = {"username": "fatima", "password": PASSWORD, "csrf_token": csrf_token(form.data)}
    response = client.post("/beheer/login", data=data, headers={"X-Forwarded-For": "192.0.2.7"})
    assert "De code uit uw authenticator-app ontbreekt." in response.text
    assert response.headers["X-RateLimit-Limit"] == "10"
    assert response.headers["X-RateLimit-Remaining"] == "9"  # one of the ten tries is used


def test_a_cookie_copied_before_logout_is_refused_after(app, client, staff: Staff) -> None:
    staff.create("fatima", "beheerder")
    staff.login("fatima")
    copied = client.get_cookie("session").value
    assert client.get("/beheer/audit").status_code == 200
    staff.logout()
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/beheer/audit")
    assert response.status_code == 302
    assert "/beheer/login" in response.headers["Location"]


def test_the_kept_session_serializer_signs_as_flask_does(app) -> None:
    """The app's own session interface only keeps Flask's serializer: a cookie written by one
    reads with the other, fallbacks included."""
    from flask.sessions import SecureCookieSessionInterface

    app.config["SECRET_KEY_FALLBACKS"] = ["an older session secret that is still accepted"]
    ours = app.session_interface.get_signing_serializer(app)
    flasks = SecureCookieSessionInterface().get_signing_serializer(app)
    assert ours is not None
    assert flasks is not None
    assert ours is app.session_interface.get_signing_serializer(app)  # kept
    data = {"stemmer": "v2.00ff", "_flashes": [("ok", "Gelukt")]}
    assert ours.loads(flasks.dumps(data)) == flasks.loads(ours.dumps(data)) == data
    assert ours.dumps(data).split(".")[0] == flasks.dumps(data).split(".")[0]


def test_a_new_secret_key_signs_out_unless_the_old_one_is_a_fallback(
    app, client, staff: Staff
) -> None:
    """The app keeps its session serializer between requests, but only for the keys it was
    built with: changing them in the running app takes effect at the next request."""
    staff.create("fatima", "beheerder")
    staff.login("fatima")
    old = app.config["SECRET_KEY"]
    assert client.get("/beheer/audit").status_code == 200
    app.config["SECRET_KEY"] = app.secret_key = "a new session secret after the old one leaked"
    assert client.get("/beheer/audit").status_code == 302  # the old cookie no longer counts
    staff.login("fatima")
    copied = client.get_cookie("session").value
    app.config["SECRET_KEY"] = app.secret_key = "yet another secret, rotated in with a fallback"
    for fallback, status in (("a new session secret after the old one leaked", 200), (old, 302)):
        app.config["SECRET_KEY_FALLBACKS"] = [fallback]
        browser = app.test_client()
        browser.set_cookie("session", copied)
        assert browser.get("/beheer/audit").status_code == status, fallback


# --- the password policy --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("kort", "minstens 12"),
        ("aaaaaaaaaaaa", "herhaalt"),
        ("abababababab", "herhaalt"),
        ("abcabcabcabc", "herhaalt"),
        ("123456789012", "reeks"),
        ("abcdefghijklm", "reeks"),
        ("098765432109", "reeks"),
        ("wachtwoord123", "veelgebruikte"),
        ("Welkom2026!!!", "veelgebruikte"),
        ("qwertyuiop12", "veelgebruikte"),
        ("q1w2e3r4t5y6", "veelgebruikte"),
        ("ikbenfatima2026", "gebruikersnaam"),
    ],
)
def test_weak_passwords_are_refused(app, password: str, reason: str) -> None:
    from voting_app.accounts import AccountError, create_user

    with app.app_context(), pytest.raises(AccountError, match=reason):
        create_user("fatima", password, "beheerder", [])


@pytest.mark.parametrize(
    "password", [PASSWORD, "a long enough password", "Tulpen-in-de-Beekvliet-7", "hR4#kq9Lm2zW"]
)
def test_good_passwords_are_accepted(app, password: str) -> None:
    from voting_app.accounts import create_user

    with app.app_context():
        create_user("fatima", password, "beheerder", [])


# --- safe redirects -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "//evil.example/",
        "/%5Cevil.example/",
        "%5C%5Cevil.example",
        "https://evil.example/beheer/",
        "javascript:alert(1)",
        "/beheer/%0D%0ASet-Cookie:%20x=1",
        "/beheer/%0A",
        "/%20/evil.example",
        "",
    ],
)
def test_login_only_redirects_to_our_own_pages(client, staff: Staff, target: str) -> None:
    staff.create("fatima", "beheerder")
    page = client.get("/beheer/login")
    data = {"username": "fatima", "password": PASSWORD, "csrf_token": csrf_token(page.data)}
    response = client.post(f"/beheer/login?next={target}", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/beheer/"


def test_login_returns_to_the_page_asked_for(client, staff: Staff) -> None:
    staff.create("fatima", "beheerder")
    page = client.get("/beheer/login")
    data = {"username": "fatima", "password": PASSWORD, "csrf_token": csrf_token(page.data)}
    response = client.post("/beheer/login?next=/beheer/audit", data=data)
    assert response.headers["Location"] == "/beheer/audit"


# --- the user-* commands --------------------------------------------------------------------


@pytest.fixture
def cli_env(app, db_url: str, project: Path) -> dict[str, str]:
    """``wijkwerk`` commands on the test app's database and sources."""
    return {
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": db_url,
        "WIJKWERK_WIJKWERK_ROOT": str(project),
        "WIJKWERK_SECRET_KEY": app.config["SECRET_KEY"],
    }


def test_user_add_refuses_an_unknown_wijk(runner, cli_env) -> None:
    args = ["user-add", "anouk", "--role", "wijkmanager", "--wijk", "nergenshuizen"]
    result = runner.invoke(main, [*args, "--password", PASSWORD], env=cli_env)
    assert result.exit_code == 1
    assert "unknown wijk nergenshuizen" in result.output
    assert "beekvliet" in result.output
    ok = ["user-add", "anouk", "--role", "wijkmanager", "--wijk", "beekvliet"]
    assert runner.invoke(main, [*ok, "--password", PASSWORD], env=cli_env).exit_code == 0


def test_user_add_refuses_a_weak_password(runner, cli_env) -> None:
    args = ["user-add", "anouk", "--role", "beheerder", "--password", "aaaaaaaaaaaa"]
    result = runner.invoke(main, args, env=cli_env)
    assert result.exit_code == 1
    assert "herhaalt" in result.output


def test_user_list_disable_and_enable(app, client, staff: Staff, runner, cli_env) -> None:
    staff.create("fatima", "beheerder")
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    staff.login("fatima")
    listed = runner.invoke(main, ["user-list"], env=cli_env)
    assert listed.exit_code == 0
    assert "anouk" in listed.output
    assert "beekvliet" in listed.output
    assert runner.invoke(main, ["user-disable", "fatima"], env=cli_env).exit_code == 0
    assert client.get("/beheer/audit").status_code == 302  # the open session has ended
    assert login(app.test_client(), "fatima") == 422
    assert "UIT" in runner.invoke(main, ["user-list"], env=cli_env).output
    assert runner.invoke(main, ["user-disable", "fatima", "--enable"], env=cli_env).exit_code == 0
    assert login(app.test_client(), "fatima") == 302
    missing = runner.invoke(main, ["user-disable", "niemand"], env=cli_env)
    assert missing.exit_code == 1
    assert "no staff account named 'niemand'" in missing.output


def test_user_reset_sets_a_password_and_ends_sessions(client, staff: Staff, runner, cli_env):
    staff.create("fatima", "beheerder")
    staff.login("fatima")
    new = "Nieuw-en-lang-wachtwoord-8"
    result = runner.invoke(main, ["user-reset", "fatima", "--password", new], env=cli_env)
    assert result.exit_code == 0, result.output
    assert client.get("/beheer/audit").status_code == 302
    assert login(client, "fatima") == 422
    assert login(client, "fatima", new) == 302
    weak = runner.invoke(main, ["user-reset", "fatima", "--password", "123456789012"], env=cli_env)
    assert weak.exit_code == 1


def test_user_totp_enrols_a_new_second_factor(app, client, staff: Staff, runner, cli_env) -> None:
    staff.create("fatima", "beheerder")
    result = runner.invoke(main, ["user-totp", "fatima"], env=cli_env)
    assert result.exit_code == 0, result.output
    uri = next(line for line in result.output.splitlines() if line.startswith("otpauth://"))
    assert "█" in result.output or "▀" in result.output  # the QR code in the terminal
    assert login(client, "fatima") == 422  # now the code is needed
    secret = pyotp.parse_uri(uri).secret
    assert login(client, "fatima", totp=pyotp.TOTP(secret).now()) == 302


# --- the secret key ---------------------------------------------------------------------------


def _forged(payload: dict[str, object], key: str) -> str:
    from flask import Flask

    signer = Flask("forger")
    signer.secret_key = key
    serializer = signer.session_interface.get_signing_serializer(signer)  # type: ignore[attr-defined]
    return str(serializer.dumps(payload))


def test_a_cookie_signed_with_dev_opens_nothing_in_production(db_url, project, monkeypatch):
    import flask_migrate

    from voting_app import create_app
    from voting_app.models import db

    monkeypatch.setenv("WIJKWERK_SECRET_KEY", SECRET)
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "x" * 48)
    monkeypatch.setenv("WIJKWERK_SQLALCHEMY_DATABASE_URI", db_url)
    monkeypatch.setenv("WIJKWERK_WIJKWERK_ROOT", str(project))
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/14")
    app = create_app()
    assert not app.config.get("DEV_SERVER")
    with app.app_context():
        flask_migrate.upgrade()
    Staff(app, app.test_client()).create("fatima", "beheerder")
    payload: dict[str, object] = {"user_id": 1, "session_version": 0}

    def audit_page(key: str) -> int:
        client = app.test_client()
        client.set_cookie("session", _forged(payload, key))
        return int(client.get("/beheer/audit", base_url="https://localhost").status_code)

    try:
        assert audit_page("dev") == 302
        # The same cookie signed with the real key does open the page: the test can tell.
        assert audit_page(SECRET) == 200
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_production_refuses_dev_among_old_keys(monkeypatch) -> None:
    from voting_app import create_app
    from voting_app.security import InsecureConfig

    monkeypatch.setenv("WIJKWERK_SECRET_KEY", SECRET)
    monkeypatch.setenv("WIJKWERK_CODE_KEY", "x" * 48)
    monkeypatch.setenv("WIJKWERK_SECRET_KEY_FALLBACKS", '["dev"]')
    monkeypatch.setenv("WIJKWERK_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/14")
    with pytest.raises(InsecureConfig, match="SECRET_KEY_FALLBACKS"):
        create_app()


def test_wijkwerk_app_refuses_the_dev_key_beyond_this_computer(
    runner, project, tmp_path, monkeypatch
):
    from flask import Flask

    served: list[str] = []
    monkeypatch.setattr(Flask, "run", lambda self, host, port: served.append(host))
    cli_env = {
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.sqlite'}",
        "WIJKWERK_WIJKWERK_ROOT": str(project),
        "WIJKWERK_SECRET_KEY": SECRET,
    }
    env = {**cli_env, "WIJKWERK_SECRET_KEY": "dev"}
    refused = runner.invoke(main, ["app", "--host", "0.0.0.0"], env=env)
    assert refused.exit_code == 1
    assert "WIJKWERK_SECRET_KEY" in refused.output
    assert served == []
    local = runner.invoke(main, ["app"], env=env)
    assert local.exit_code == 0
    assert "Ontwikkelmodus" in local.output
    assert served == ["127.0.0.1"]
    strong = runner.invoke(main, ["app", "--host", "0.0.0.0"], env=cli_env)
    assert strong.exit_code == 0
    assert "Ontwikkelmodus" not in strong.output
    assert served == ["127.0.0.1", "0.0.0.0"]
