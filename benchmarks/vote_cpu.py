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
Prints a Markdown table and writes benchmarks/results/vote_cpu.json.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import ballot_load
import common


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
            started = time.process_time()
            for client, form in voters:
                answer = client.post(f"{round_path}/bevestig", data=form)
                if answer.status_code != 200:
                    raise RuntimeError(f"vote refused: {answer.status_code}")
            vote = time.process_time() - started
            client = app.test_client()
            started = time.process_time()
            for _ in range(votes):
                client.get("/robots.txt")
            alone = time.process_time() - started
            os.environ["BENCH_DATABASE_URL"] = url
            import bare_app

            bare = bare_app.create_app()
            bare_client = bare.test_client()
            started = time.process_time()
            for _ in range(votes):
                bare_client.post("/bare", data={"keuze": ["1", "2"]})
            plain = time.process_time() - started
            with app.app_context():
                db.engine.dispose()
    return {
        "database": kind,
        "votes": votes,
        "vote_ms": vote / votes * 1000,
        "bare_ms": plain / votes * 1000,
        "client_ms": alone / votes * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--votes", type=int, default=400)
    common.results_option(parser)
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
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
    print(common.table(columns, table))
    path = common.write("vote_cpu", {"rows": rows}, args.results)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
