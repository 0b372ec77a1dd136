"""Keep the site's search index small enough for a phone.

Material for MkDocs downloads the whole index (``search/search_index.json``) on the first
search. For a gemeente it is a few hundred KB, but it grows with every wijk: 51 MB for all
3,393 wijken of the country. Past ``LIMIT`` the index gives up detail step by step, and takes
the first step that fits:

1. every page and section with its text (what MkDocs writes);
2. every page and section with its title only (search still finds a wijk, an action, a
   theme or a contact by name; ``site_build`` benchmark: 51 MB became about 3 MB);
3. pages only, with their titles.

Titles are what residents type ("Noorderpark", "speeltuin"); the text is what we drop first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMIT = 2_000_000  # bytes, uncompressed: what a phone parses, not only what it downloads
INDEX = Path("search") / "search_index.json"
LEVELS = ("volledig", "titels", "paginatitels")


@dataclass(frozen=True)
class Shrunk:
    """What happened to the index: its level and sizes in bytes, before and after."""

    level: str
    before: int
    after: int


def _encode(index: dict[str, Any]) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode()


def _titles(docs: list[dict[str, Any]], *, sections: bool) -> list[dict[str, Any]]:
    kept = []
    for doc in docs:
        if not sections and "#" in doc.get("location", ""):
            continue
        kept.append({**doc, "text": ""})
    return kept


def shrink(site: Path, limit: int = LIMIT) -> Shrunk | None:
    """Rewrite ``site``'s search index at the first level under ``limit``; None without one.

    The last level is written even when it is still over the limit: an index of page titles
    is the least that keeps search useful, and the benchmark reports its size.
    """
    path = site / INDEX
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if len(raw) <= limit:
        return Shrunk(LEVELS[0], len(raw), len(raw))
    index = json.loads(raw)
    docs = index.get("docs", [])
    for level, sections in ((LEVELS[1], True), (LEVELS[2], False)):  # noqa: B007 (used below)
        data = _encode({**index, "docs": _titles(docs, sections=sections)})
        if len(data) <= limit:
            break
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return Shrunk(level, len(raw), len(data))
