"""CPU time of one vote in the app's own process, next to the bare one-insert endpoint.

    python benchmarks/vote_cpu.py                     # PostgreSQL and SQLite, 400 votes
    python benchmarks/vote_cpu.py --db sqlite --votes 100

Where `benchmarks/ballot_load.py` measures throughput under gunicorn (which the machine's
load moves), this counts what one vote costs the app: the same seeded database, the codes
entered untimed through Flask's test client, then ``--votes`` posts to /bevestig one after
another, timed with ``time.process_time``. In the same run the same number of posts goes to
``bare_app``'s endpoint on the same database, and as many GETs of /robots.txt show what the
test client itself costs (it is in both figures). The app runs with its defaults (a pool of
40, the round's row kept for a second), so the moves are in the figure.
With --instructions the votes and the bare posts are counted in instructions instead, each
in a run of this script under valgrind's callgrind that counts only the timed loop (switched
on and off with callgrind_control): the same on a quiet and on a loaded machine.
Prints a Markdown table and writes benchmarks/results/vote_cpu.json.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import ballot_load
import common

COUNTED = "VOTE_CPU_COUNTED"  # set by --instructions: "vote" or "bare", the loop counted


def _count(part: str, on: bool) -> None:
    """Switch callgrind's counting on or off around ``part`` when that part is counted."""
    if os.environ.get(COUNTED) == part:
        switch = ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())]
        subprocess.run(switch, check=True, capture_output=True)


def measure(kind: str, votes: int) -> dict[str, Any]:
    """Milliseconds of CPU per request: a vote, the bare insert, the test client alone."""
    with tempfile.TemporaryDirectory(prefix="wijkwerk-cpu-") as tmp_name:
        tmp = Path(tmp_name)
        project = tmp / "project"
        project.mkdir()
        shutil.copytree(common.ROOT / "wijken", project / "wijken")
        with ballot_load.database(kind, tmp) as url:
            ids, codes = ballot_load.seed(url, project, votes)
            from voting_app import create_app
            from voting_app.models import db

            app = create_app(
                {
                    "SECRET_KEY": ballot_load.SECRET,
                    "CODE_KEY": ballot_load.CODE_KEY,
                    "SQLALCHEMY_DATABASE_URI": url,
                    "WIJKWERK_ROOT": str(project),
                    "TODAY": "2026-11-20",
                    "RATELIMIT_ENABLED": False,
                    "SESSION_COOKIE_SECURE": False,
                }
            )
            rng = random.Random(2026)
            voters = []
            round_path = ballot_load.ROUND
            for code in codes:
                client = app.test_client()
                page = client.get(f"{round_path}/stem").get_data(as_text=True)
                entered = client.post(
                    f"{round_path}/stem",
                    data={"code": code, "csrf_token": ballot_load._token(page)},
                )
                if entered.status_code != 302:
                    raise RuntimeError(f"code refused: {entered.status_code}")
                ballot = client.get(f"{round_path}/kies").get_data(as_text=True)
                form = {"csrf_token": ballot_load._token(ballot), "keuze": rng.sample(ids, 2)}
                voters.append((client, form))
            _count("vote", on=True)
            started = time.process_time()
            for client, form in voters:
                answer = client.post(f"{round_path}/bevestig", data=form)
                if answer.status_code != 200:
                    raise RuntimeError(f"vote refused: {answer.status_code}")
            vote = time.process_time() - started
            _count("vote", on=False)
            client = app.test_client()
            started = time.process_time()
            for _ in range(votes):
                client.get("/robots.txt")
            alone = time.process_time() - started
            os.environ["BENCH_DATABASE_URL"] = url
            import bare_app

            bare = bare_app.create_app()
            bare_client = bare.test_client()
            _count("bare", on=True)
            started = time.process_time()
            for _ in range(votes):
                bare_client.post("/bare", data={"keuze": ["1", "2"]})
            plain = time.process_time() - started
            _count("bare", on=False)
            with app.app_context():
                db.engine.dispose()
    return {
        "database": kind,
        "votes": votes,
        "vote_ms": vote / votes * 1000,
        "bare_ms": plain / votes * 1000,
        "client_ms": alone / votes * 1000,
    }


def counted(kind: str, votes: int) -> dict[str, Any]:
    """Instructions per vote and per bare post: this script under callgrind, once per part."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind: apt-get install valgrind")
    found: dict[str, Any] = {"database": kind, "votes": votes}
    with tempfile.TemporaryDirectory(prefix="wijkwerk-instr-") as folder:
        for part in ("vote", "bare"):
            log = Path(folder) / f"{part}.log"
            command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--log-file={log}"]
            command += [f"--callgrind-out-file={Path(folder) / part}.out", sys.executable]
            command += [__file__, "--db", kind, "--votes", str(votes), "--results", folder]
            subprocess.run(
                command, env={**os.environ, COUNTED: part}, check=True, stdout=subprocess.DEVNULL
            )
            counts = re.findall(r"Collected : (\d+)", log.read_text())
            if not counts:
                raise RuntimeError(f"callgrind counted nothing: see {log}")
            found[f"{part}_instructions"] = int(counts[-1]) / votes
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--votes", type=int, default=400)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under callgrind instead"
    )
    common.results_option(parser)
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    if args.instructions:
        rows = [counted(kind, args.votes) for kind in kinds]
        columns = ["database", "votes", "vote M instructions", "bare M instructions", "vote/bare"]
        table = [
            [
                r["database"],
                r["votes"],
                round(r["vote_instructions"] / 1e6, 2),
                round(r["bare_instructions"] / 1e6, 2),
                f"{r['vote_instructions'] / r['bare_instructions']:.2f}x",
            ]
            for r in rows
        ]
        name = "vote_instructions"
    else:
        rows = [measure(kind, args.votes) for kind in kinds]
        columns = ["database", "votes", "vote ms CPU", "bare ms CPU", "test client ms", "vote/bare"]
        table = [
            [
                r["database"],
                r["votes"],
                r["vote_ms"],
                r["bare_ms"],
                r["client_ms"],
                f"{r['vote_ms'] / r['bare_ms']:.1f}x",
            ]
            for r in rows
        ]
        name = "vote_cpu"
    print(common.table(columns, table))
    path = common.write(name, {"rows": rows}, args.results)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
