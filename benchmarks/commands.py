"""How fast the everyday commands start: `wijkwerk check`, `tally` and `--help`.

Each is timed as a whole process against a bare `python -c "import yaml, pydantic"` (the
least any check of YAML with pydantic models can cost), interleaved in one run so both see
the same machine. Prints a table and writes benchmarks/results/commands.json.

    python benchmarks/commands.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

import common  # noqa: E402

BARE = [sys.executable, "-c", "import yaml, pydantic"]
WIJKWERK = [sys.executable, "-c", "from voting_app.cli import main; main()"]


def _pb_file(folder: Path) -> Path:
    """A small round in pabulib format, to recount."""
    from voting_app.counting import pabulib
    from voting_app.counting.election import Ballot, Election, Project

    projects = tuple(Project(str(i), 1000 * (i + 1)) for i in range(12))
    ballots = tuple(Ballot.approval([str(j) for j in range(i % 12)]) for i in range(200))
    path = folder / "ronde.pb"
    path.write_text(pabulib.write(Election(projects, ballots, 20_000)))
    return path


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each command [15]")
    common.results_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pb = _pb_file(Path(tmp))
        commands = {
            "bare: import yaml, pydantic": BARE,
            "wijkwerk check (example, 7 wijken)": [*WIJKWERK, "check", "--root", str(ROOT)],
            "wijkwerk tally --rule greedy": [*WIJKWERK, "tally", str(pb), "--rule", "greedy"],
            "wijkwerk tally --rule mes": [*WIJKWERK, "tally", str(pb), "--rule", "mes"],
            "wijkwerk --help": [*WIJKWERK, "--help"],
        }
        runs: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            _time(command)  # warm the file cache
        for _ in range(args.repeat):
            for name, command in commands.items():
                runs[name].append(_time(command))
    bare = statistics.median(runs["bare: import yaml, pydantic"])
    rows = [
        [name, round(statistics.median(times), 3), round(statistics.median(times) / bare, 2)]
        for name, times in runs.items()
    ]
    print(common.table(["command", "median s", "x bare import"], rows))
    path = common.write("commands", {"repeat": args.repeat, "runs": runs}, args.results)
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
