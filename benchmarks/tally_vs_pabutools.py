"""Count real and random elections with pabutools and with Wijkwerk, side by side, in one run.

    python benchmarks/tally_vs_pabutools.py            # the issue's two instances and more
    python benchmarks/tally_vs_pabutools.py --quick    # without Warsaw 2026 (pabutools ~7 min)
    python benchmarks/tally_vs_pabutools.py --all      # every file in ../shared/pabulib/
    python benchmarks/tally_vs_pabutools.py --random 20 --seed 1 --no-files

Needs `pip install -e ".[test]"` (pabutools) and ../shared/pabulib/. Prints a table and writes
benchmarks/results/tally.json. Each side is timed as a whole count: parsing the .pb text and
counting (pabutools also builds its faster multiprofile). Times are medians of --repeat runs
(one run where pabutools takes over a minute). Random elections (--random) are small with a
large budget per voter, the shape that needs thousands of add-one steps: 10-30 projects,
10-50 voters, costs 100-5,000 (often rounded, for ties), duplicate ballots, a budget of
20-150% of the total cost and some projects nobody approves.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

import common  # noqa: E402

from voting_app.counting import pabulib  # noqa: E402
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


def _time(call: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
        if times[-1] > 60:
            break
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip Warsaw 2026")
    parser.add_argument("--all", action="store_true", help="every file in ../shared/pabulib/")
    parser.add_argument("--no-files", action="store_true", help="only the random elections")
    parser.add_argument("--random", type=int, default=0, metavar="N", help="N random elections")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random elections")
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated [greedy,mes]")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("instances", nargs="*", help="file names in ../shared/pabulib/")
    common.results_option(parser)
    args = parser.parse_args()
    if not PABULIB.is_dir() and not args.no_files:
        print(f"{PABULIB} is absent: this benchmark needs the shared pabulib files.")
        return 2
    try:
        import pabutools  # noqa: F401
    except ImportError:
        print('pabutools is not installed: pip install -e ".[test]"')
        return 2
    if args.no_files:
        names: list[str] = []
    elif args.instances:
        names = args.instances
    elif args.all:
        names = sorted(p.name for p in PABULIB.iterdir() if p.name.endswith((".pb", ".pb.gz")))
    else:
        names = INSTANCES
    names = [n for n in names if not (args.quick and "Warszawa" in n)]
    cases = [(name, pabulib.write(pabulib.read(PABULIB / name))) for name in names]
    rng = random.Random(args.seed)
    for k in range(args.random):
        cases.append((f"random seed {args.seed} #{k}", pabulib.write(random_election(rng))))
    rows = []
    header = f"{'instance':34} {'voters':>7} {'projects':>8} {'rule':>6} {'pabutools s':>11} "
    header += f"{'ours s':>8} {'ratio':>7}  equal"
    print(header)
    for name, text in cases:
        election = pabulib.parse(text)
        for rule in args.rules.split(","):
            theirs_s, theirs = _time(lambda t=text, r=rule: _pabutools(t, r), args.repeat)
            ours_s, ours = _time(lambda t=text, r=rule: _ours(t, r), args.repeat)
            equal = {p.name for p in theirs} == set(ours.funded)
            row = {
                "instance": name,
                "voters": len(election.ballots),
                "projects": len(election.projects),
                "rule": rule,
                "pabutools_seconds": round(theirs_s, 4),
                "ours_seconds": round(ours_s, 4),
                "ratio": round(theirs_s / ours_s, 1) if ours_s else None,
                "equal": equal,
            }
            rows.append(row)
            print(
                f"{name[:34]:34} {row['voters']:>7} {row['projects']:>8} {rule:>6} "
                f"{theirs_s:>11.3f} {ours_s:>8.3f} {row['ratio']:>7}  "
                f"{'yes' if equal else 'NO'}",
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
                r["pabutools_seconds"],
                r["ours_seconds"],
                f"{r['ratio']}x",
                "yes" if r["equal"] else "NO",
            ]
            for r in rows
        ],
    )
    print()
    print(table)
    settings = {
        "repeat": args.repeat,
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
    return 0 if all(r["equal"] for r in rows) else 1


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
