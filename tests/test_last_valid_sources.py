"""A broken source never stops the app: every worker serves the last valid sources.

A worker that starts (or restarts) while a file is broken has no sources in memory; it reads
the ones an earlier worker kept in the project's instance/ folder. Only without any valid
sources ever does the app answer, with a Dutch page and 503, never a bare 500.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.helpers import dispose, edit, second_worker
from voting_app.rounds import SNAPSHOT

ROUND = "/stemmen/beekvliet/bewonersbudget-2026/"


def test_a_worker_started_after_a_mistake_serves_the_last_valid_sources(
    app: Flask, project: Path
) -> None:
    assert app.test_client().get(ROUND).status_code == 200
    assert (project / "instance" / SNAPSHOT).is_file()
    edit(project / "wijken/beekvliet/budget.yaml", "stemrondes:", "stemrondes: [")
    cold = second_worker(app)
    page = cold.test_client().get(ROUND)
    dispose(cold)
    assert page.status_code == 200
    assert "Bewonersbudget" in page.text


def test_without_any_valid_sources_the_app_says_so_in_dutch(app: Flask, project: Path) -> None:
    edit(project / "wijken/beekvliet/budget.yaml", "stemrondes:", "stemrondes: [")
    cold = second_worker(app)
    page = cold.test_client().get(ROUND)
    dispose(cold)
    assert page.status_code == 503
    assert "even niet beschikbaar" in page.text
    assert "Traceback" not in page.text


def test_a_worker_looks_at_the_sources_at_most_once_a_recheck_period(
    app: Flask, project: Path, monkeypatch
) -> None:
    """Walking wijken/ costs a stat per file; a worker does it once per SOURCES_RECHECK."""
    from voting_app import rounds

    clock = [1000.0]
    monkeypatch.setattr(rounds.time, "monotonic", lambda: clock[0])
    looks: list[Path] = []
    walk = rounds.fingerprint

    def looking(folder: Path) -> frozenset[tuple[str, int, int]]:
        looks.append(folder)
        return walk(folder)

    monkeypatch.setattr(rounds, "fingerprint", looking)
    app.config["SOURCES_RECHECK"] = 1.0
    client = app.test_client()
    assert "Bewonersbudget Beekvliet 2026" in client.get(ROUND).text
    budget = project / "wijken/beekvliet/budget.yaml"
    edit(budget, "Bewonersbudget Beekvliet 2026", "Buurtbudget Beekvliet 2026")
    clock[0] += 0.5
    assert (
        "Bewonersbudget Beekvliet 2026" in client.get(ROUND).text
    )  # within the second: not looked
    assert len(looks) == 1
    clock[0] += 0.6
    assert "Buurtbudget Beekvliet 2026" in client.get(ROUND).text  # a second later: the saved file
    assert len(looks) == 2
    with app.test_request_context():
        rounds.forget_sources()  # what the app does after writing a source itself
    edit(budget, "Buurtbudget Beekvliet 2026", "Wijkbudget Beekvliet 2026")
    assert "Wijkbudget Beekvliet 2026" in client.get(ROUND).text
