"""Build the site for real gemeenten and for the whole country, and time every step.

    python benchmarks/site_build.py                       # Etten-Leur, Amstelveen, Amsterdam, NL
    python benchmarks/site_build.py amsterdam --repeat 5  # one scale
    python benchmarks/site_build.py --quick               # without the whole country

Per scale, in a fresh temporary project with synthetic sources (benchmarks/synthetic.py) for
the real CBS wijken: the generator (`wijkwerk build`'s first step: load, check, render, write)
and `mkdocs build --strict` run as separate processes, as `wijkwerk build` runs them. Reported
are medians over --repeat runs of wall time and of each tool's own time (without interpreter
start-up), peak memory (max RSS) of each process, output size, and page sizes. Then
`wijkwerk serve` runs on the same project and a YAML file is saved --edits times: the time
from saving to the rebuilt page being served is measured by polling the page over HTTP.

Needs ../shared/cbs/. Prints a Markdown table and writes benchmarks/results/site.json.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import common
import synthetic

from voting_app.cli.serve import free_port

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
WIJKWERK = [sys.executable, "-c", "from voting_app.entry import main; main()"]


def make_project(scale: str, rows: list[synthetic.CbsWijk], parent: Path) -> tuple[Path, int]:
    """A project folder with the real mkdocs.yml and site_src/, and synthetic wijken/."""
    root = parent / scale
    root.mkdir()
    shutil.copy(common.ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        common.ROOT / "site_src", root / "site_src", ignore=shutil.ignore_patterns("wijken")
    )
    return root, synthetic.write_sources(root, scale, rows)


def run(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run ``cmd``; return wall seconds, peak memory of the process in MB, and its output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{text[-3000:]}")
    return wall, usage.ru_maxrss // 1024, text


def one_build(root: Path) -> dict[str, float]:
    """Generator then mkdocs, each in its own process, into a fresh site folder."""
    shutil.rmtree(root / "site_src" / "docs" / "wijken", ignore_errors=True)
    shutil.rmtree(root / "site", ignore_errors=True)
    gen_wall, gen_mb, gen_out = run(
        [sys.executable, __file__, "--generate-only", str(root)], common.ROOT
    )
    mk_wall, mk_mb, mk_out = run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        root,
    )
    own = re.search(r"Documentation built in ([\d.]+) seconds", mk_out)
    raw_search = root / "site" / "search" / "search_index.json"
    raw_search_mb = raw_search.stat().st_size / 2**20 if raw_search.exists() else 0.0
    # The product's own command, side by side: generator, MkDocs on every core past
    # generator.shards.MIN_WIJKEN wijken, and the search index cut to its limit.
    build_wall, build_mb, _ = run([*WIJKWERK, "build", "--root", str(root)], common.ROOT)
    return {
        "build_s": build_wall,
        "build_mb": build_mb,
        "search_raw_mb": raw_search_mb,
        "generator_s": gen_wall,
        "generator_own_s": float(gen_out.strip().splitlines()[-1]),
        "generator_mb": gen_mb,
        "mkdocs_s": mk_wall,
        "mkdocs_own_s": float(own.group(1)) if own else mk_wall,
        "mkdocs_mb": mk_mb,
        "total_s": gen_wall + mk_wall,
    }


def sizes(site: Path) -> dict[str, Any]:
    pages = list(site.rglob("*.html"))
    wijk_homes = sorted(p.stat().st_size for p in site.glob("wijken/*/index.html"))
    wijk_pages = sorted(p.stat().st_size for p in site.glob("wijken/*/*/index.html"))
    search = site / "search" / "search_index.json"
    return {
        "html_pages": len(pages),
        "output_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20,
        "wijk_home_kb_median": statistics.median(wijk_homes) / 1024,
        "wijk_page_kb_median": statistics.median(wijk_pages) / 1024,
        "wijk_page_kb_max": max(wijk_pages) / 1024,
        "overview_kb": (site / "wijken" / "index.html").stat().st_size / 1024,
        "search_index_mb": search.stat().st_size / 2**20 if search.exists() else 0.0,
    }


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def serve_latency(root: Path, edits: int) -> dict[str, float]:
    """Save one agenda.yaml ``edits`` times under `wijkwerk serve`; time until the page shows it."""
    port = free_port()
    env = {
        **ENV,
        "WIJKWERK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'serve.db'}",
        "WIJKWERK_SECRET_KEY": "benchmark secret key that is long enough to be accepted",
    }
    wijk = sorted(p.parent.name for p in (root / "wijken").glob("*/agenda.yaml"))[0]
    source = root / "wijken" / wijk / "agenda.yaml"
    url = f"http://127.0.0.1:{port}/wijken/{wijk}/agenda/"
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "wijkwerk"),
            "serve",
            "--root",
            str(root),
            "--port",
            str(port),
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    original = source.read_text(encoding="utf-8")
    try:
        start_s = _wait_for(url, lambda page: True, timeout=1800)
        times = []
        first = re.search(r"wat: (.+)", original)
        assert first, source
        for i in range(edits):
            time.sleep(1.0)  # let the watcher settle between edits
            marker = f"Gewijzigd {i} {time.time_ns()}"
            text = original.replace(first.group(0), f"wat: {marker}", 1)
            saved = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            times.append(_wait_for(url, lambda page, m=marker: m in page, 30, since=saved))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        source.write_text(original, encoding="utf-8")  # the copy as it was, for the next scale
    return {
        "serve_start_s": start_s,
        "edit_to_page_s_median": statistics.median(times),
        "edit_to_page_s_max": max(times),
    }


def _wait_for(url: str, ok: Any, timeout: float, since: float | None = None) -> float:
    started = since if since is not None else time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if ok(_get(url)):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise SystemExit(f"{url} did not show the change within {timeout} s")


def generate_only(root: Path) -> None:
    """The generator step of `wijkwerk build`, timed without interpreter start-up."""
    from generator.build import Project, generate  # imports are not timed, as for mkdocs

    started = time.perf_counter()
    generate(Project.at(root))
    print(f"{time.perf_counter() - started:.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", help=f"some of {', '.join(synthetic.SCALES)}")
    parser.add_argument("--repeat", type=int, default=3, help="builds per scale (median)")
    parser.add_argument("--edits", type=int, default=5, help="saves under wijkwerk serve")
    parser.add_argument("--quick", action="store_true", help="skip the whole country")
    parser.add_argument(
        "--serve-country",
        action="store_true",
        help="also time edits under serve for the whole country (a full build first)",
    )
    parser.add_argument("--generate-only", type=Path, help=argparse.SUPPRESS)
    common.results_option(parser)
    args = parser.parse_args()
    if args.generate_only:
        generate_only(args.generate_only)
        return 0
    if not synthetic.CBS.exists():
        print(f"{synthetic.CBS} is absent: this benchmark needs the shared CBS data.")
        return 2
    unknown = set(args.scales) - set(synthetic.SCALES)
    if unknown:
        parser.error(f"unknown scale {', '.join(sorted(unknown))}")
    scales = args.scales or [s for s in synthetic.SCALES if not (args.quick and s == "nederland")]
    cbs = synthetic.read_cbs()
    rows: list[dict[str, Any]] = []
    columns = [
        "site",
        "wijken",
        "pages",
        "generator s",
        "mkdocs s",
        "total s",
        "gen/mkdocs",
        "s/100 wijken",
        "peak MB",
        "output MB",
        "wijk page KB",
        "search MB",
        "wijkwerk build s",
        "search MB after",
        "edit→page s",
    ]
    print(f"{len(scales)} scales, {args.repeat} builds each; this takes a while", flush=True)
    with tempfile.TemporaryDirectory(prefix="wijkwerk-bench-") as tmp:
        for scale in scales:
            root, count = make_project(scale, cbs, Path(tmp))
            runs = [one_build(root) for _ in range(args.repeat)]
            row: dict[str, Any] = {"scale": scale, "wijken": count, "repeat": args.repeat}
            row |= {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            row["runs"] = runs
            row |= sizes(root / "site")
            if scale != "nederland" or args.serve_country:
                row |= serve_latency(root, args.edits)
            rows.append(row)
            print(f"{scale}: {count} wijken, median total {row['total_s']:.1f} s", flush=True)
            shutil.rmtree(root)
    table = common.table(
        columns,
        [
            [
                r["scale"],
                r["wijken"],
                r["html_pages"],
                r["generator_own_s"],
                r["mkdocs_own_s"],
                r["total_s"],
                f"{r['generator_own_s'] / r['mkdocs_own_s']:.1%}",
                100 * r["total_s"] / r["wijken"],
                max(r["generator_mb"], r["mkdocs_mb"]),
                r["output_mb"],
                f"{r['wijk_page_kb_median']:.1f} (max {r['wijk_page_kb_max']:.1f})",
                r["search_raw_mb"],
                r["build_s"],
                r["search_index_mb"],
                r.get("edit_to_page_s_median", "–"),
            ]
            for r in rows
        ],
    )
    print()
    print(table)
    path = common.write("site", {"rows": rows, "table": table}, args.results)
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
