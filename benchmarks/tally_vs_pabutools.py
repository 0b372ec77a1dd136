"""Count real and random elections with pabutools and with Wijkwerk, side by side, in one run.

    python benchmarks/tally_vs_pabutools.py            # the issue's two instances and more
    python benchmarks/tally_vs_pabutools.py --quick    # without Warsaw 2026 (pabutools ~7 min)
    python benchmarks/tally_vs_pabutools.py --all      # every file in ../shared/pabulib/
    python benchmarks/tally_vs_pabutools.py --random 20 --seed 1 --no-files

Needs `pip install -e ".[test]"` (pabutools) and ../shared/pabulib/. Prints a table and writes
benchmarks/results/tally.json. Each side is timed as a whole count: parsing the .pb text and
counting (pabutools also builds its faster multiprofile). The two counts take turns, and
times are medians of --repeat turns (fewer once pabutools has taken 10 s on an election).
Random elections (--random) are small with a large budget per voter, the shape that needs
thousands of add-one steps: 10-30 projects, 10-50 voters, costs 100-5,000 (often rounded,
for ties), duplicate ballots, a budget of 20-150% of the total cost and some projects nobody
approves.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

import common  # noqa: E402

from voting_app.counting import pabulib, pb_write  # noqa: E402
from voting_app.counting.election import Ballot, Election, Project, TieBreak  # noqa: E402
from voting_app.counting.rules import count  # noqa: E402

PABULIB = ROOT.parent / "shared" / "pabulib"
INSTANCES = [
    "Netherlands_Amsterdam_252.pb",
    "Poland_Warszawa_2026.pb.gz",
    "Netherlands_Amsterdam_621.pb",
    "Netherlands_Amsterdam_166.pb",
    "Netherlands_Assen_2025.pb",
    "Poland_Lodz_2022.pb.gz",
]
RULES = ("greedy", "mes")


def random_election(rng: random.Random) -> Election:
    """A small election with a large budget per voter (see the module docstring)."""
    m, n = rng.randint(10, 30), rng.randint(10, 50)
    unit = rng.choice([1, 50, 500])  # coarse costs give cost ties
    costs = [max(100, rng.randint(100, 5000) // unit * unit) for _ in range(m)]
    ids = [str(i + 1) for i in range(m)]
    unsupported = set(rng.sample(ids, rng.randint(0, m // 4)))
    approvable = [pid for pid in ids if pid not in unsupported]
    share = rng.uniform(0.1, 0.5)
    ballots: list[Ballot] = []
    for _ in range(n):
        if ballots and rng.random() < 0.2:  # a duplicate ballot
            ballots.append(rng.choice(ballots))
            continue
        chosen = [pid for pid in approvable if rng.random() < share] or [rng.choice(approvable)]
        ballots.append(Ballot.approval(chosen))
    budget = int(sum(costs) * rng.uniform(0.2, 1.5))
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    return Election(projects, tuple(ballots), budget, {"description": "random"})


def _pabutools(text: str, rule: str) -> Any:
    """Parse and count with pabutools, as its own users would (with the multiprofile)."""
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = parse_pabulib_from_string(text)
    multi = profile.as_multiprofile()
    if rule == "greedy":
        return greedy_utilitarian_welfare(instance, multi, sat_class=Cost_Sat)
    return completion_by_rule_combination(
        instance,
        multi,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )


def _ours(text: str, rule: str) -> Any:
    return count(pabulib.parse(text), rule, TieBreak("id"))


class _Cut(Exception):
    """pabutools ran past --cap."""


def _capped(call: Any, cap: float) -> Any:
    """Run ``call``; with a cap, raise _Cut once it has run ``cap`` seconds."""
    if not cap:
        return call()

    def stop(_signum: int, _frame: Any) -> None:
        raise _Cut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _time_pair(
    theirs: Any, ours: Any, repeat: int, cap: float, clock: Any = time.perf_counter
) -> tuple[float, Any, float, Any, bool]:
    """Median times of both counts, run in turns so that load on the machine hits both alike.

    Stops repeating once pabutools has taken 10 s on this election (heavy ones run once).
    The last value says whether pabutools was cut off at ``cap`` seconds (its time is then
    the cap, a lower bound). ``clock``: wall time, or CPU time of this process (--cpu), which
    a machine loaded by other work disturbs far less for counts of a few milliseconds.
    """
    their_times: list[float] = []
    our_times: list[float] = []
    their_result = our_result = None
    cut = False
    for _ in range(repeat):
        started = clock()
        try:
            their_result = _capped(theirs, cap)
        except _Cut:
            cut = True
        their_times.append(clock() - started)  # when cut: a lower bound
        started = clock()
        our_result = ours()
        our_times.append(clock() - started)
        if cut or sum(their_times) > 10:
            break
    return (
        statistics.median(their_times),
        their_result,
        statistics.median(our_times),
        our_result,
        cut,
    )


def _expected(name: str, rule: str) -> set[str] | None:
    """pabutools' outcome from ../shared/pabulib/expected.json, for rows it was cut off in."""
    path = PABULIB / "expected.json"
    key = {"mes": "mes_cost_add1_greedy", "greedy": "greedy_cost"}[rule]
    entry = json.loads(path.read_text()).get(name, {}) if path.exists() else {}
    return set(entry[key]["selected"]) if key in entry else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip Warsaw 2026")
    parser.add_argument("--all", action="store_true", help="every file in ../shared/pabulib/")
    parser.add_argument("--no-files", action="store_true", help="only the random elections")
    parser.add_argument("--random", type=int, default=0, metavar="N", help="N random elections")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random elections")
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated [greedy,mes]")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU seconds of this process, not wall time"
    )
    parser.add_argument(
        "--cap",
        type=float,
        default=0,
        metavar="S",
        help="stop pabutools after S seconds: its time and the ratio become lower bounds",
    )
    parser.add_argument("instances", nargs="*", help="file names in ../shared/pabulib/")
    common.results_option(parser)
    args = parser.parse_args()
    if not PABULIB.is_dir() and not args.no_files:
        print(f"{PABULIB} is absent: this benchmark needs the shared pabulib files.")
        return 2
    try:
        # Imported before any timing, so that no count pays for an import (and --cap never
        # stops one halfway).
        import pabutools.election.pabulib
        import pabutools.rules  # noqa: F401
    except ImportError:
        print('pabutools is not installed: pip install -e ".[test]"')
        return 2
    import voting_app.counting.mes  # noqa: F401

    if args.no_files:
        names: list[str] = []
    elif args.instances:
        names = args.instances
    elif args.all:
        names = sorted(p.name for p in PABULIB.iterdir() if p.name.endswith((".pb", ".pb.gz")))
    else:
        names = INSTANCES
    names = [n for n in names if not (args.quick and "Warszawa" in n)]
    cases = [(name, pb_write.write(pabulib.read(PABULIB / name))) for name in names]
    rng = random.Random(args.seed)
    for k in range(args.random):
        cases.append((f"random seed {args.seed} #{k}", pb_write.write(random_election(rng))))
    rows = []
    header = f"{'instance':34} {'voters':>7} {'projects':>8} {'rule':>6} {'pabutools s':>11} "
    header += f"{'ours s':>8} {'ratio':>7}  equal"
    print(header)
    for name, text in cases:
        election = pabulib.parse(text)
        for rule in args.rules.split(","):
            theirs_s, theirs, ours_s, ours, cut = _time_pair(
                lambda t=text, r=rule: _pabutools(t, r),
                lambda t=text, r=rule: _ours(t, r),
                args.repeat,
                args.cap,
                time.process_time if args.cpu else time.perf_counter,
            )
            expected = _expected(name, rule) if cut else {p.name for p in theirs}
            equal = expected == set(ours.funded) if expected is not None else None
            row = {
                "instance": name,
                "voters": len(election.ballots),
                "projects": len(election.projects),
                "rule": rule,
                "pabutools_seconds": round(theirs_s, 4),
                "ours_seconds": round(ours_s, 4),
                "ratio": round(theirs_s / ours_s, 1) if ours_s else None,
                "pabutools_cut": cut,  # then its time and the ratio are lower bounds
                "equal": equal,
            }
            rows.append(row)
            print(
                f"{name[:34]:34} {row['voters']:>7} {row['projects']:>8} {rule:>6} "
                f"{'>' if cut else ''}{theirs_s:>10.3f} {ours_s:>8.3f} "
                f"{'>' if cut else ''}{row['ratio']:>6}  {_equal_text(row)}",
                flush=True,
            )
    table = common.table(
        ["instance", "voters", "projects", "rule", "pabutools s", "ours s", "ratio", "equal"],
        [
            [
                r["instance"],
                r["voters"],
                r["projects"],
                r["rule"],
                f"> {r['pabutools_seconds']}" if r["pabutools_cut"] else r["pabutools_seconds"],
                r["ours_seconds"],
                f"{'> ' if r['pabutools_cut'] else ''}{r['ratio']}x",
                _equal_text(r),
            ]
            for r in rows
        ],
    )
    print()
    print(table)
    settings = {
        "repeat": args.repeat,
        "cap": args.cap,
        "clock": "cpu" if args.cpu else "wall",
        "seed": args.seed,
        "random": args.random,
        "pabutools": _version("pabutools"),
    }
    ratios = [r["ratio"] for r in rows if r["rule"] == "mes" and r["ratio"]]
    if ratios:
        print(f"\nmes: lowest ratio {min(ratios)}x, median {statistics.median(ratios)}x")
        slow = [r for r in rows if r["voters"] < 1000 and r["ours_seconds"] > 1]
        print(f"under 1,000 voters and over 1 s: {len(slow)}")
    print(common.machine())
    out = common.write("tally", {"settings": settings, "rows": rows, "table": table}, args.results)
    print(f"\nwritten to {out}")
    return 0 if all(r["equal"] is not False for r in rows) else 1


def _equal_text(row: dict[str, Any]) -> str:
    """yes/NO; for a cut-off pabutools, against its outcome in expected.json (``yes*``)."""
    if row["equal"] is None:
        return "n/a"
    text = "yes" if row["equal"] else "NO"
    return text + "*" if row["pabutools_cut"] else text


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
