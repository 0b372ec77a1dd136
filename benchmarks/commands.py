"""How fast the everyday commands start: `wijkwerk check`, `tally` and `--help`.

Each is run as a whole process against a bare `python -c "import yaml, pydantic"` (the
least any check of YAML with pydantic models can cost), interleaved in one run so both see
the same machine: wall time (median) and CPU time, user + system (least of the runs; it
depends less on what else the machine does). Prints a table and writes
benchmarks/results/commands.json.

With --instructions each command runs once under valgrind's callgrind, which counts the
instructions it executes: the same on a quiet and on a loaded machine, so a change of 1 %
shows. Writes benchmarks/results/commands_instructions.json.

Every run reads compiled bytecode from a fresh folder (PYTHONPYCACHEPREFIX), written by a
first run of each command, as an installed copy does; PYTHONDONTWRITEBYTECODE or the
__pycache__ folders of the checkout change nothing.

    python benchmarks/commands.py [--repeat 15] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

import common  # noqa: E402

BARE_NAME = "bare: import yaml, pydantic"
BARE = [sys.executable, "-c", "import yaml, pydantic"]
WIJKWERK = [sys.executable, "-c", "from voting_app.entry import main; main()"]


def _pb_file(folder: Path) -> Path:
    """A small round in pabulib format, to recount."""
    from voting_app.counting import pb_write
    from voting_app.counting.election import Ballot, Election, Project

    projects = tuple(Project(str(i), 1000 * (i + 1)) for i in range(12))
    ballots = tuple(Ballot.approval([str(j) for j in range(i % 12)]) for i in range(200))
    path = folder / "ronde.pb"
    path.write_text(pb_write.write(Election(projects, ballots, 20_000)))
    return path


def _bytecode_env(folder: Path) -> dict[str, str]:
    """The environment for every run: bytecode written once to ``folder``, then read."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


def _time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _instructions(command: list[str], env: dict[str, str], folder: Path) -> int:
    """Instructions one run of ``command`` executes, counted by callgrind."""
    log = Path(tempfile.mkstemp(dir=folder, suffix=".log")[1])
    valgrind = ["valgrind", "--tool=callgrind", f"--log-file={log}"]
    valgrind.append(f"--callgrind-out-file={folder / 'callgrind.out.%p'}")
    subprocess.run([*valgrind, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    counts = re.findall(r"Collected : (\d+)", log.read_text())
    if not counts:
        raise RuntimeError(f"callgrind counted nothing: see {log}")
    return int(counts[-1])


def _timed(commands: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, Any]:
    runs: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            wall, used = _time(command, env)
            runs[name].append(wall)
            cpu[name].append(used)
    bare, bare_cpu = statistics.median(runs[BARE_NAME]), min(cpu[BARE_NAME])
    rows = [
        [
            name,
            round(statistics.median(runs[name]), 3),
            round(statistics.median(runs[name]) / bare, 2),
            round(min(cpu[name]), 3),
            round(min(cpu[name]) / bare_cpu, 2),
        ]
        for name in commands
    ]
    print(common.table(["command", "median s", "x bare", "CPU s", "CPU x bare"], rows))
    return {"repeat": repeat, "runs": runs, "cpu": cpu}


def _counted(commands: dict[str, list[str]], env: dict[str, str], folder: Path) -> dict[str, Any]:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind: apt-get install valgrind")
    with ThreadPoolExecutor(max_workers=2) as pool:  # counts do not depend on the load
        counted = pool.map(lambda command: _instructions(command, env, folder), commands.values())
        counts = dict(zip(commands, counted, strict=True))
    bare = counts[BARE_NAME]
    rows = [[name, round(n / 1e6), round(n / bare, 2)] for name, n in counts.items()]
    print(common.table(["command", "instructions (millions)", "x bare"], rows))
    return {"instructions": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs of each command [15]")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under callgrind instead"
    )
    common.results_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pb = _pb_file(folder)
        commands = {
            BARE_NAME: BARE,
            "wijkwerk check (example, 7 wijken)": [*WIJKWERK, "check", "--root", str(ROOT)],
            "wijkwerk tally --rule greedy": [*WIJKWERK, "tally", str(pb), "--rule", "greedy"],
            "wijkwerk tally --rule mes": [*WIJKWERK, "tally", str(pb), "--rule", "mes"],
            "wijkwerk --help": [*WIJKWERK, "--help"],
        }
        env = _bytecode_env(folder / "bytecode")
        for command in commands.values():
            _time(command, env)  # writes the bytecode and warms the file cache
        if args.instructions:
            name, data = "commands_instructions", _counted(commands, env, folder)
        else:
            name, data = "commands", _timed(commands, env, args.repeat)
    path = common.write(name, data, args.results)
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
