"""A cheap fingerprint of the sources, to notice that a file changed without reading it."""

from __future__ import annotations

from pathlib import Path


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
