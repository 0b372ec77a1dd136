"""Recount pabulib files as whole processes: `wijkwerk tally` against a pabutools script.

    python benchmarks/tally_processes.py                  # the files named below
    python benchmarks/tally_processes.py --all --cap 60   # every file in ../shared/pabulib/

What a resident or a journalist runs to recount a result: one command that starts Python,
imports what it needs, parses the file and counts with completed MES (add-one, then greedy).
Our side is `wijkwerk tally FILE --rule mes --tie-break id`; pabutools' side is a Python
process that imports pabutools 1.2.3, parses the same file and runs the same rule as
`benchmarks/tally_vs_pabutools.py` does. The two take turns, --repeat times; a figure is the
median of the wall times and the least of the CPU times (user + system of the child), with
the funded projects compared. Both read compiled bytecode written by a first untimed run.
pabutools is stopped after --cap seconds of wall time (`>` marks a lower bound).
Prints a Markdown table and writes benchmarks/results/tally_processes.json.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

ROOT = common.ROOT
PABULIB = common.SHARED / "pabulib"
FILES = [
    "Netherlands_Amsterdam_643.pb",
    "Netherlands_Amsterdam_166.pb",
    "Netherlands_Amsterdam_179.pb",
    "Netherlands_Assen_2025.pb",
    "Netherlands_Amsterdam_252.pb",
]
OURS = [sys.executable, "-c", "from voting_app.entry import main; main()", "tally"]
# tally_vs_pabutools._pabutools as a script of its own: importing that module would load our
# counting code into pabutools' process and into its time.
THEIRS = """
import sys, gzip
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import (
    completion_by_rule_combination, greedy_utilitarian_welfare, method_of_equal_shares,
)
raw = open(sys.argv[1], "rb").read()
text = (gzip.decompress(raw) if sys.argv[1].endswith(".gz") else raw).decode("utf-8-sig")
instance, profile = parse_pabulib_from_string(text)
funded = completion_by_rule_combination(
    instance, profile.as_multiprofile(),
    [method_of_equal_shares, greedy_utilitarian_welfare],
    [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
)
print("\\n".join(sorted(str(p.name) for p in funded)))
"""


def _run(command: list[str], env: dict[str, str], cap: float) -> tuple[float, float, str | None]:
    """Wall and CPU seconds of one run and its output; output None when stopped at ``cap``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=cap
        )
        output: str | None = done.stdout
    except subprocess.TimeoutExpired:
        output = None
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), output


def _voters(path: Path) -> int:
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if path.name.endswith(".gz") else raw).decode("utf-8-sig")
    for line in text.splitlines():
        if line.lower().startswith("num_votes;"):
            return int(line.split(";")[1])
    return 0


def measure(path: Path, env: dict[str, str], repeat: int, cap: float) -> dict[str, Any]:
    ours_cmd = [*OURS, str(path), "--rule", "mes", "--tie-break", "id", "--format", "ids"]
    theirs_cmd = [sys.executable, "-c", THEIRS, str(path)]
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "theirs": []}
    outputs: dict[str, str | None] = {}
    for _ in range(repeat):
        wall, cpu, out = _run(theirs_cmd, env, cap)
        runs["theirs"].append((wall, cpu))
        outputs["theirs"] = out
        wall, cpu, out = _run(ours_cmd, env, 600)
        runs["ours"].append((wall, cpu))
        outputs["ours"] = out
        if out is None or outputs["theirs"] is None or sum(w for w, _ in runs["theirs"]) > 20:
            break
    cut = outputs["theirs"] is None
    ours_set = set((outputs["ours"] or "").split())
    theirs_set = None if cut else set((outputs["theirs"] or "").split())
    return {
        "election": path.name,
        "voters": _voters(path),
        "theirs_s": statistics.median(w for w, _ in runs["theirs"]),
        "theirs_cpu": min(c for _, c in runs["theirs"]),
        "ours_s": statistics.median(w for w, _ in runs["ours"]),
        "ours_cpu": min(c for _, c in runs["ours"]),
        "cut": cut,
        "equal": None if theirs_set is None else theirs_set == ours_set,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every file in ../shared/pabulib/")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=float, default=60, help="seconds before pabutools stops")
    parser.add_argument("files", nargs="*", help="file names in ../shared/pabulib/")
    common.results_option(parser)
    args = parser.parse_args()
    if not PABULIB.is_dir():
        print(f"needs {PABULIB}", file=sys.stderr)
        return 2
    names = args.files or FILES
    if args.all:
        names = sorted(p.name for p in PABULIB.iterdir() if p.name.endswith((".pb", ".pb.gz")))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        first = PABULIB / names[0]
        _run([*OURS, str(first), "--format", "ids"], env, 600)  # bytecode, file cache
        _run([sys.executable, "-c", "import pabutools.rules, pabutools.election"], env, 600)
        for name in names:
            row = measure(PABULIB / name, env, args.repeat, args.cap)
            rows.append(row)
            mark = "> " if row["cut"] else ""
            print(
                f"{name}: pabutools {mark}{row['theirs_s']:.2f} s, ours {row['ours_s']:.2f} s",
                flush=True,
            )
    columns = ["election", "voters", "pabutools s", "CPU s", "ours s", "CPU s", "ratio", "equal"]
    table = []
    for r in rows:
        mark = "> " if r["cut"] else ""
        ratio = f"{mark}{r['theirs_s'] / r['ours_s']:.1f}x"
        equal = "n/a" if r["equal"] is None else ("yes" if r["equal"] else "NO")
        table.append(
            [
                r["election"],
                r["voters"],
                f"{mark}{r['theirs_s']:.3g}",
                f"{r['theirs_cpu']:.3g}",
                f"{r['ours_s']:.3g}",
                f"{r['ours_cpu']:.3g}",
                ratio,
                equal,
            ]
        )
    print()
    print(common.table(columns, table))
    path = common.write("tally_processes", {"rows": rows}, args.results)
    print(f"\nwritten to {path}")
    return 0 if all(r["equal"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
