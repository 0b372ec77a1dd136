"""A cheap fingerprint of the sources, to notice that a file changed without reading it."""

from __future__ import annotations

import os
from pathlib import Path


def fingerprint(folder: Path) -> frozenset[tuple[str, int, int]]:
    """Names, modification times and sizes of every source file.

    The voting app calls this on every request, so it walks with os.scandir (a tenth of
    Path.rglob's cost) and skips hidden entries such as editors' swap files.
    """
    found = set()
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:  # gone, not a folder, or unreadable: the loader reports it
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.name.endswith((".yaml", ".pb", ".geojson", ".json")):  # .json: tokens
                    # Never follow a link or open anything: a pipe named *.pb must not block.
                    stat = entry.stat(follow_symlinks=False)
                    found.add((entry.path, stat.st_mtime_ns, stat.st_size))
            except OSError:
                continue
    return frozenset(found)
