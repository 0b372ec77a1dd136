"""`wijkwerk serve`: a saved YAML file shows on the page; a broken one keeps the last good page.

The latency itself is a benchmark (benchmarks/site_build.py); here the bounds only keep a
hanging server from hanging the suite.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import PUBLIC_URL, edit
from voting_app.cli.serve import free_port

pytestmark = pytest.mark.slow


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def _until(url: str, ok: Callable[[str], bool], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            page = _page(url)
            if ok(page):
                return page
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} did not change as expected within {timeout} s")


@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'serve.sqlite'}",
    }
    wijkwerk = str(Path(sys.executable).parent / "wijkwerk")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [wijkwerk, "serve", "--root", str(project), "--port", str(port)],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield f"http://127.0.0.1:{port}", log
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def test_a_saved_yaml_file_shows_on_the_page(served: tuple[str, Path], project: Path) -> None:
    base, log = served
    url = f"{base}/wijken/centrum/agenda/"
    first = _until(url, lambda p: "</html>" in p)
    assert "Wekelijkse koffieochtend voor ouderen" in first
    # The preview's own port is internal: canonical links name the public site.
    assert f'<link rel="canonical" href="{PUBLIC_URL}/wijken/centrum/agenda/">' in first
    assert "Stemmen" in _page(f"{base}/stemmen/")  # the app is served beside it
    source = project / "wijken/centrum/agenda.yaml"
    edit(source, "Wekelijkse koffieochtend voor ouderen", "Koffie op woensdag voor iedereen")
    page = _until(url, lambda p: "Koffie op woensdag voor iedereen" in p)
    assert "Wekelijkse koffieochtend" not in page
    assert "Koffie op woensdag" not in _page(f"{base}/wijken/molenwijk/agenda/")

    # A colon in a text breaks the file: the page keeps its last good content and says, at
    # the top, in which file and line and what to do, until a good save.
    line = edit(source, "Koffie op woensdag voor iedereen", "Koffie: op <b>woensdag</b>")
    page = _until(url, lambda p: f"regel {line}<" in p)
    assert f"centrum/agenda.yaml:{line}" in log.read_text()  # file and line, in the terminal
    box = page.split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert "Er is iets mis in de bronbestanden" in box
    assert f"wijken/centrum/agenda.yaml, regel {line}" in box
    assert "Er staat een dubbele punt midden in een tekst. Zet de tekst tussen" in box
    assert "Koffie op woensdag voor iedereen" in page  # below it, the last good page stays
    assert 'role="alert"' in _page(f"{base}/")  # on every page of the preview
    stemmen = _page(f"{base}/stemmen/")
    assert "Stemmen" in stemmen  # and the app keeps the last good sources
    assert 'role="alert"' not in stemmen  # the app's pages are its own
    edit(source, "Koffie: op <b>woensdag</b>", "Koffie op woensdag voor allen")
    page = _until(url, lambda p: "Koffie op woensdag voor allen" in p)
    assert 'role="alert"' not in page
    assert "Er is iets mis" not in page


def test_the_demo_never_touches_the_configured_database(project: Path, tmp_path: Path) -> None:
    """A production database in the settings stays empty: the demo brings its own."""
    import flask_migrate
    from sqlalchemy import create_engine, text

    from tests.helpers import drop_postgres, postgres_or_skip
    from voting_app import create_app

    url = postgres_or_skip()
    try:
        production = create_app({"SQLALCHEMY_DATABASE_URI": url}, dev_server=True)
        with production.app_context():
            flask_migrate.upgrade()  # a configured database, ready for use
            production.extensions["sqlalchemy"].engine.dispose()
        port = free_port()
        log = tmp_path / "demo.log"
        env = {**os.environ, "WIJKWERK_SQLALCHEMY_DATABASE_URI": url}
        env.pop("WIJKWERK_TODAY", None)  # the demo's own start: the ideas phase
        wijkwerk = str(Path(sys.executable).parent / "wijkwerk")
        command = [wijkwerk, "serve", "--demo", "--no-reload", "--root", str(project)]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*command, "--port", str(port)],
                cwd=project,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + 120
                while "Running on" not in log.read_text() and proc.poll() is None:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.1)
                said = log.read_text()
                assert proc.poll() is None, said
                # The demo works, on its own database: it opens the round for ideas.
                (round_page,) = re.findall(r"Stemronde in .*: (http\S+)", said)
                assert "Stuur een idee in" in _page(round_page)
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
        engine = create_engine(url)
        with engine.connect() as conn:
            for table in ("staff_user", "vote_code", "proposal", "ballot", "round"):
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
        engine.dispose()
        assert "fase indienen" in said
        assert "Volgende fase (beoordelen): WIJKWERK_TODAY=2026-10-12 make run" in said
        assert "de ingestelde database wordt niet gebruikt" in said  # and it says so
    finally:
        drop_postgres(url)
