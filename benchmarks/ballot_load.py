"""Cast ballots with real codes against gunicorn, next to a bare one-insert endpoint.

    python benchmarks/ballot_load.py                      # PostgreSQL and SQLite, 10/50/200
    python benchmarks/ballot_load.py --db sqlite --clients 50 --ballots 500

Per database: a fresh database is migrated and seeded with five proposals and one vote code
per ballot. Every code is first entered the way a resident does (code page, code, ballot page),
untimed, so each client holds a session and a CSRF token. Then, per level of concurrent
clients, the timed part: each client posts its ballots one after another to /bevestig (the
server checks the session, CSRF, the round, the rules and the code, stores the ballot and
renders the receipt). In the same run, the same number of posts goes to a bare Flask endpoint
that does one insert into the same database (benchmarks/bare_app.py), under the same gunicorn
settings. Both levels alternate, --repeat times; medians are reported.

Afterwards 5% of the used sessions post their ballot again: every one must be refused, and
the database must hold exactly one ballot per accepted post and per used code.

The load generator is a small asyncio HTTP/1.1 client in this process (a new connection per
request, as from many phones); it shares the machine's cores with the server.
Prints a Markdown table and writes benchmarks/results/ballots.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import common

from voting_app.cli.serve import free_port

WIJK, RONDE = "beekvliet", "bewonersbudget-2026"
ROUND = f"/stemmen/{WIJK}/{RONDE}"
COSTS = [9_000, 12_000, 15_000, 20_000, 25_000]
SECRET = "benchmark secret key that is long enough for production use"
CODE_KEY = "benchmark code key, another value long enough for production"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


# --- a small HTTP client -------------------------------------------------------------------


@dataclass
class Response:
    status: int
    cookies: dict[str, str]
    body: str


async def request(
    port: int, method: str, path: str, cookies: dict[str, str], form: list[tuple[str, str]]
) -> Response:
    """One request on a new connection; the answer is read to the end."""
    body = urllib.parse.urlencode(form).encode()
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if cookies:
        head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if method == "POST":
        head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            ("\r\n".join(head) + "\r\n\r\n").encode() + (body if method == "POST" else b"")
        )
        raw = await reader.read()
    finally:
        writer.close()
    header, _, content = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    jar = {}
    for line in lines[1:]:
        if line.lower().startswith("set-cookie:"):
            name, _, rest = line.split(":", 1)[1].strip().partition("=")
            jar[name] = rest.split(";", 1)[0]
    return Response(status, jar, content.decode(errors="replace"))


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


@dataclass
class Voter:
    cookies: dict[str, str]
    form: list[tuple[str, str]]


async def prepare(port: int, code: str, choice: list[str]) -> Voter:
    """Enter the code as a resident does; keep the session and the ballot page's token."""
    jar: dict[str, str] = {}
    page = await request(port, "GET", f"{ROUND}/stem", jar, [])
    jar |= page.cookies
    entered = await request(
        port, "POST", f"{ROUND}/stem", jar, [("code", code), ("csrf_token", _token(page.body))]
    )
    if entered.status != 302:
        raise RuntimeError(f"code refused: {entered.status}")
    jar |= entered.cookies
    ballot = await request(port, "GET", f"{ROUND}/kies", jar, [])
    jar |= ballot.cookies
    return Voter(jar, [("csrf_token", _token(ballot.body)), *(("keuze", c) for c in choice)])


async def gather_limited(jobs: list[Any], limit: int) -> list[Any]:
    semaphore = asyncio.Semaphore(limit)

    async def run(job: Any) -> Any:
        async with semaphore:
            return await job

    return await asyncio.gather(*(run(j) for j in jobs))


@dataclass
class Level:
    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, float]:
        ok = self.statuses.count(200)
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return {
            "posts": len(self.statuses),
            "ok": ok,
            "errors": len(self.statuses) - ok,
            "per_s": ok / self.seconds,
            "p50_ms": 1000 * cuts[49],
            "p95_ms": 1000 * cuts[94],
            "p99_ms": 1000 * cuts[98],
        }


async def load(port: int, path: str, voters: list[Voter], clients: int) -> Level:
    """``clients`` concurrent clients post one after another until ``voters`` are done."""
    level = Level()
    queue = list(reversed(voters))

    async def client() -> None:
        while queue:
            voter = queue.pop()
            started = time.perf_counter()
            try:
                answer = await request(port, "POST", path, voter.cookies, voter.form)
                status = answer.status
            except OSError:
                status = 0
            level.latencies.append(time.perf_counter() - started)
            level.statuses.append(status)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    level.seconds = time.perf_counter() - started
    return level


# --- servers and databases -----------------------------------------------------------------


@contextmanager
def gunicorn(app: str, env: dict[str, str], args: argparse.Namespace, chdir: Path) -> Iterator[int]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers)]
    if args.threads > 1:
        command += ["--threads", str(args.threads)]
    command += ["--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning"]
    proc = subprocess.Popen([*command, "--chdir", str(chdir), app], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn ({app}) did not start")
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@contextmanager
def database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'bench.sqlite'}"
        return
    from sqlalchemy import create_engine, text

    name = f"wijkwerk_bench_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, project: Path, count: int) -> tuple[list[str], list[str]]:
    """Migrate, add five proposals on the ballot; return their ids and ``count`` codes."""
    import flask_migrate

    from voting_app import create_app
    from voting_app.code_register import issue_code, refresh_statistics
    from voting_app.models import Proposal, db

    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "CODE_KEY": CODE_KEY,
            "SQLALCHEMY_DATABASE_URI": url,
            "WIJKWERK_ROOT": str(project),
            "RATELIMIT_ENABLED": False,  # seeding only; the served app runs without limits too
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        for i, cost in enumerate(COSTS):
            db.session.add(
                Proposal(
                    wijk=WIJK,
                    ronde=RONDE,
                    title=f"Idee {i}",
                    description="Idee.",
                    estimate=cost,
                    cost=cost,
                    answer="nu",
                    published=True,
                    submitted_on=dt.date(2026, 10, 1),
                )
            )
        codes = [issue_code(WIJK, RONDE, n) for n in range(1, count + 1)]
        db.session.commit()
        refresh_statistics()  # as the staff page does after each batch of letters
        ids = [str(p.id) for p in db.session.query(Proposal).order_by(Proposal.id)]
        db.engine.dispose()
    return ids, codes


def counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        result = {
            # The box and the sealed pool that waits to move into it: both are cast ballots.
            "ballots": conn.execute(
                text("SELECT (SELECT count(*) FROM ballot) + (SELECT count(*) FROM ballot_pending)")
            ).scalar_one(),
            "codes_used": conn.execute(
                text("SELECT count(*) FROM vote_code WHERE status = 'used'")
            ).scalar_one(),
        }
    engine.dispose()
    return result


# --- the benchmark -------------------------------------------------------------------------


def run_database(kind: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="wijkwerk-load-") as tmp_name:
        tmp = Path(tmp_name)
        project = tmp / "project"
        project.mkdir()
        shutil.copytree(common.ROOT / "wijken", project / "wijken")
        with database(kind, tmp) as url:
            total = args.ballots * len(args.clients) * args.repeat
            ids, codes = seed(url, project, total)
            import bare_app
            from sqlalchemy import create_engine

            engine = create_engine(url)
            bare_app.metadata.create_all(engine)  # once, before the workers start
            engine.dispose()
            env = {
                **os.environ,
                "WIJKWERK_SECRET_KEY": SECRET,
                "WIJKWERK_CODE_KEY": CODE_KEY,
                "WIJKWERK_SQLALCHEMY_DATABASE_URI": url,
                "WIJKWERK_WIJKWERK_ROOT": str(project),
                "WIJKWERK_TODAY": "2026-11-20",
                # The code page limits attempts per address; all clients here are 127.0.0.1.
                "WIJKWERK_RATELIMIT_ENABLED": "false",
                "WIJKWERK_SESSION_COOKIE_SECURE": "false",
                "BENCH_DATABASE_URL": url,
            }
            rng = random.Random(2026)
            with (
                gunicorn("voting_app:create_app()", env, args, common.ROOT) as ours,
                gunicorn("bare_app:create_app()", env, args, common.ROOT / "benchmarks") as bare,
            ):
                choices = [rng.sample(ids, rng.randint(1, 2)) for _ in codes]
                started = time.perf_counter()
                voters = asyncio.run(
                    gather_limited(
                        [prepare(ours, c, ch) for c, ch in zip(codes, choices, strict=True)], 50
                    )
                )
                print(
                    f"{kind}: {len(voters)} codes entered in {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
                used: list[Voter] = []
                for clients in args.clients:
                    results: dict[str, list[dict[str, float]]] = {"ours": [], "bare": []}
                    for _ in range(args.repeat):
                        batch = [voters.pop() for _ in range(args.ballots)]
                        used += batch
                        level = asyncio.run(load(ours, f"{ROUND}/bevestig", batch, clients))
                        results["ours"].append(level.summary())
                        level = asyncio.run(load(bare, "/bare", batch, clients))
                        results["bare"].append(level.summary())
                    row = _row(kind, clients, results)
                    rows.append(row)
                    print(
                        f"{kind} {clients:>4} clients: ours {row['ours_per_s']:.0f}/s "
                        f"p99 {row['ours_p99_ms']:.0f} ms, bare {row['bare_per_s']:.0f}/s, "
                        f"errors {row['ours_errors']}",
                        flush=True,
                    )
                again = asyncio.run(load(ours, f"{ROUND}/bevestig", used[::20], 50))
            stored = counts(url)
            accepted = sum(r["ours_ok_total"] for r in rows)
            double = again.statuses.count(200)
            for row in rows:
                row |= {
                    "replayed": len(again.statuses),
                    "replays_accepted": double,
                    "ballots_stored": stored["ballots"],
                    "codes_used": stored["codes_used"],
                    "posts_accepted": accepted,
                    "double_votes": double
                    + abs(stored["ballots"] - accepted)
                    + abs(stored["codes_used"] - accepted),
                }
    return rows


def _row(kind: str, clients: int, results: dict[str, list[dict[str, float]]]) -> dict[str, Any]:
    row: dict[str, Any] = {"database": kind, "clients": clients}
    for side, runs in results.items():
        for key in ("per_s", "p50_ms", "p95_ms", "p99_ms"):
            row[f"{side}_{key}"] = statistics.median(r[key] for r in runs)
        row[f"{side}_errors"] = sum(int(r["errors"]) for r in runs)
        row[f"{side}_ok_total"] = sum(int(r["ok"]) for r in runs)
        row[f"{side}_runs"] = runs
    row["ratio"] = row["ours_per_s"] / row["bare_per_s"]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--ballots", type=int, default=1000, help="posts per level and run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (README: 4)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    common.results_option(parser)
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    rows = [row for kind in kinds for row in run_database(kind, args)]
    table = common.table(
        [
            "database",
            "clients",
            "ballots/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
            "bare/s",
            "bare p99 ms",
            "ours/bare",
            "double votes",
        ],
        [
            [
                r["database"],
                r["clients"],
                r["ours_per_s"],
                r["ours_p50_ms"],
                r["ours_p95_ms"],
                r["ours_p99_ms"],
                r["ours_errors"],
                r["bare_per_s"],
                r["bare_p99_ms"],
                f"{r['ratio']:.0%}",
                r["double_votes"],
            ]
            for r in rows
        ],
    )
    print()
    print(table)
    settings = {k: v for k, v in vars(args).items()}
    path = common.write(
        "ballots", {"settings": settings, "rows": rows, "table": table}, args.results
    )
    print(f"\nwritten to {path}")
    bad = any(r["double_votes"] or r["ours_errors"] for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
