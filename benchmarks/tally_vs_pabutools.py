"""Count real elections with pabutools and with Wijkwerk, side by side, in one run.

    python benchmarks/tally_vs_pabutools.py            # the issue's two instances and more
    python benchmarks/tally_vs_pabutools.py --quick    # without Warsaw 2026 (pabutools ~7 min)

Needs `pip install -e ".[test]"` (pabutools) and ../shared/pabulib/. Prints a table and writes
benchmarks/results/tally.json. Times are medians of --repeat runs (one run where pabutools
takes over a minute), for the rule call alone: file parsing is excluded on both sides, and
pabutools gets its faster multiprofile, built outside the timing, while our time includes
grouping the ballots.
"""

from __future__ import annotations

import argparse
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
from voting_app.counting.election import TieBreak  # noqa: E402
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


def _pabutools(text: str) -> tuple[Any, Any, dict[str, Any]]:
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = parse_pabulib_from_string(text)
    multi = profile.as_multiprofile()
    rules = {
        "greedy": lambda: greedy_utilitarian_welfare(instance, multi, sat_class=Cost_Sat),
        "mes": lambda: completion_by_rule_combination(
            instance,
            multi,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        ),
    }
    return instance, multi, rules


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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("instances", nargs="*", help="file names in ../shared/pabulib/")
    common.results_option(parser)
    args = parser.parse_args()
    if not PABULIB.is_dir():
        print(f"{PABULIB} is absent: this benchmark needs the shared pabulib files.")
        return 2
    try:
        import pabutools  # noqa: F401
    except ImportError:
        print('pabutools is not installed: pip install -e ".[test]"')
        return 2
    names = args.instances or [n for n in INSTANCES if not (args.quick and "Warszawa" in n)]
    rows = []
    header = f"{'instance':34} {'voters':>7} {'projects':>8} {'rule':>6} {'pabutools s':>11} "
    header += f"{'ours s':>8} {'ratio':>7}  equal"
    print(header)
    for name in names:
        path = PABULIB / name
        election = pabulib.read(path)
        text = pabulib.write(election)  # the same ballots, for pabutools' own parser
        _, _, rules = _pabutools(text)
        for rule in RULES:
            theirs_s, theirs = _time(rules[rule], args.repeat)
            ours_s, ours = _time(
                lambda e=election, r=rule: count(e, r, TieBreak("id")), args.repeat
            )
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
    settings = {"repeat": args.repeat, "pabutools": _version("pabutools")}
    out = common.write("tally", {"settings": settings, "rows": rows, "table": table}, args.results)
    print(f"\nwritten to {out}")
    return 0 if all(r["equal"] for r in rows) else 1


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
