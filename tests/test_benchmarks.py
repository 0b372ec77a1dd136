"""The benchmark scripts keep working: tiny runs, checked for what they claim, never timed.

The synthetic sources for real CBS wijken must pass `wijkwerk check`, or the site benchmark
would measure error pages.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import sources
from tests.helpers import ROOT, shared_path

sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("scale", "count"), [("etten-leur", 10), ("amsterdam", 110)])
def test_synthetic_sources_are_valid(tmp_path: Path, scale: str, count: int) -> None:
    rows = synthetic.read_cbs(shared_path("cbs", "wijken_2024.csv"))
    assert synthetic.write_sources(tmp_path, scale, rows) == count
    gemeente = sources.load(tmp_path / "wijken")
    assert len(gemeente.wijken) == count
    assert all(w.info.cbs is not None for w in gemeente.wijken)
    assert {w.info.cbs.code for w in gemeente.wijken if w.info.cbs} == {
        r.code for r in synthetic.select(rows, scale)
    }
    # Realistic size: a full agenda, answered requests, several budget lines.
    assert all(8 <= len(w.agenda.acties) <= 14 for w in gemeente.wijken)
    assert all(len(w.budget.bronnen) >= 3 for w in gemeente.wijken)


def test_synthetic_country_has_unique_wijk_ids() -> None:
    """Every Dutch wijk gets its own valid folder name (writing them all takes a minute)."""
    from generator.model.base import SLUG

    rows = synthetic.read_cbs(shared_path("cbs", "wijken_2024.csv"))
    chosen = synthetic.select(rows, "nederland")
    ids = [wid for wid, _name, _w in synthetic.folders(chosen, national=True)]
    assert len(ids) == len(set(ids)) == len(rows) == 3393
    assert all(re.fullmatch(SLUG, wid) for wid in ids)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_site_benchmark_runs(tmp_path: Path) -> None:
    shared_path("cbs", "wijken_2024.csv")
    done = _run(
        "benchmarks/site_build.py",
        "etten-leur",
        "--repeat",
        "1",
        "--edits",
        "1",
        "--results",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = json.loads((tmp_path / "site.json").read_text())["rows"][0]
    assert row["wijken"] == 10
    assert row["html_pages"] >= 6 * 10
    assert row["generator_own_s"] > 0
    assert row["mkdocs_own_s"] > 0
    assert row["build_s"] > 0  # `wijkwerk build` itself, beside the two tools
    assert 0 < row["edit_to_page_s_median"] < 30
    assert "| etten-leur |" in done.stdout


def test_ballot_benchmark_runs_and_checks_the_ballot_box(tmp_path: Path) -> None:
    done = _run(
        "benchmarks/ballot_load.py",
        "--db",
        "sqlite",
        "--clients",
        "4",
        "--ballots",
        "20",
        "--repeat",
        "1",
        "--workers",
        "2",
        "--results",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = json.loads((tmp_path / "ballots.json").read_text())["rows"][0]
    assert row["ours_ok_total"] == row["bare_ok_total"] == 20
    assert row["ballots_stored"] == row["codes_used"] == 20
    assert row["replayed"] == 1
    assert row["replays_accepted"] == 0
    assert row["double_votes"] == 0


def test_tally_benchmark_runs(tmp_path: Path) -> None:
    shared_path("pabulib")
    done = _run(
        "benchmarks/tally_vs_pabutools.py",
        "Netherlands_Assen_2025.pb",
        "--repeat",
        "1",
        "--results",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = json.loads((tmp_path / "tally.json").read_text())["rows"]
    assert {r["rule"] for r in rows} == {"greedy", "mes"}
    assert all(r["equal"] for r in rows)


def test_tally_processes_benchmark_runs(tmp_path: Path) -> None:
    shared_path("pabulib")
    done = _run(
        "benchmarks/tally_processes.py",
        "Netherlands_Amsterdam_643.pb",
        "--repeat",
        "1",
        "--results",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (row,) = json.loads((tmp_path / "tally_processes.json").read_text())["rows"]
    assert row["equal"] is True
    assert row["voters"] == 66
    assert row["ours_s"] > 0
    assert row["theirs_s"] > 0


def test_commands_benchmark_runs(tmp_path: Path) -> None:
    done = _run("benchmarks/commands.py", "--repeat", "1", "--results", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    runs = json.loads((tmp_path / "commands.json").read_text())["runs"]
    assert len(runs) == 5
    assert all(len(times) == 1 and times[0] > 0 for times in runs.values())


def test_vote_cpu_benchmark_runs(tmp_path: Path) -> None:
    done = _run(
        "benchmarks/vote_cpu.py", "--db", "sqlite", "--votes", "5", "--results", str(tmp_path)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = json.loads((tmp_path / "vote_cpu.json").read_text())["rows"][0]
    assert row["votes"] == 5
    assert row["vote_ms"] > row["client_ms"] > 0  # a vote costs more than the test client alone
    assert row["bare_ms"] > 0
