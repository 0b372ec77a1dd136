"""Regenerate the site's pages when a source file changes (for `wijkwerk serve`)."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from pathlib import Path

from generator import sources
from generator.build import Project, generate


def watch(project: Project, stop: threading.Event, today: dt.date | None = None) -> None:
    """Poll wijken/ and regenerate changed pages; `mkdocs serve` then reloads the browser."""
    seen = fingerprint(project.sources)
    while not stop.wait(0.3):
        now = fingerprint(project.sources)
        if now == seen:
            continue
        seen = now
        try:
            changes = generate(project, today)
        except sources.SourcesInvalid as exc:
            print("\n".join(str(e) for e in exc.errors), file=sys.stderr)
            print("Not updated; fix the problems above and save again.", file=sys.stderr)
            continue
        print(f"Updated {len(changes.written)} pages from wijken/.", file=sys.stderr)


def fingerprint(folder: Path) -> frozenset[tuple[str, int, int]]:
    """Names, modification times and sizes of every source file."""
    found = set()
    for path in folder.rglob("*"):
        if path.suffix in (".yaml", ".pb"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            found.add((str(path), stat.st_mtime_ns, stat.st_size))
    return frozenset(found)
