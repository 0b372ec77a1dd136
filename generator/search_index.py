"""Keep the site's search index small enough for a phone.

Material for MkDocs downloads the whole index (``search/search_index.json``) on the first
search. For a gemeente it is a few hundred KB, but it grows with every wijk: 51 MB for all
3,393 wijken of the country. Past ``LIMIT`` the index gives up detail step by step, and takes
the first step that fits:

1. every page and section with its text (what MkDocs writes);
2. every page and section with its title only (search still finds a wijk, an action, a
   theme or a contact by name; ``site_build`` benchmark: 51 MB became about 3 MB);
3. pages only, with their titles;
4. each wijk's front page and the pages for the whole gemeente, with their titles (the whole
   country: its 27,153 page titles made 3.06 MB in the ``site_build`` benchmark; a wijk has
   8 pages, so this keeps about an eighth of that).

Titles are what residents type ("Noorderpark", "speeltuin"); the text is what we drop first,
and a wijk's own pages last: from the wijk's front page its menu leads to them.

``wijkwerk build`` does not make MkDocs read the text it would drop here: once what the
whole index surely holds is over the limit, the pages get their titles only
(``search_hook``), and the index says so (``OVER_LIMIT``). Such an index is cut from step 2
on, as the whole index would have been.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMIT = 2_000_000  # bytes, uncompressed: what a phone parses, not only what it downloads
INDEX = Path("search") / "search_index.json"
LEVELS = ("volledig", "titels", "paginatitels", "wijken")
# In an index whose text is known to be over the limit (search_hook); never published.
OVER_LIMIT = "wijkwerk_over_limit"


@dataclass(frozen=True)
class Shrunk:
    """What happened to the index: its level and sizes in bytes, before and after."""

    level: str
    before: int
    after: int


def _encode(index: dict[str, Any]) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode()


def _titles(level: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept = []
    for doc in docs:
        location = doc.get("location", "")
        if level != "titels" and "#" in location:
            continue
        if level == "wijken" and location.startswith("wijken/") and location.count("/") > 2:
            continue  # wijken/<wijk>/<page>/: one of a wijk's own pages
        kept.append({**doc, "text": ""})
    return kept


def shrink(site: Path, limit: int = LIMIT) -> Shrunk | None:
    """Rewrite ``site``'s search index at the first level under ``limit``; None without one.

    The last level is written even when it is still over the limit: an index of the wijken
    is the least that keeps search useful, and the benchmark reports its size. ``before`` is
    the size of the index as MkDocs wrote it.
    """
    path = site / INDEX
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if len(raw) <= limit and OVER_LIMIT.encode() not in raw:
        return Shrunk(LEVELS[0], len(raw), len(raw))
    index = json.loads(raw)
    over = bool(index.pop(OVER_LIMIT, False))
    if len(raw) <= limit and not over:
        return Shrunk(LEVELS[0], len(raw), len(raw))  # the word was in a page's text
    docs = index.get("docs", [])
    for level in LEVELS[1:]:
        data = _encode({**index, "docs": _titles(level, docs)})
        if len(data) <= limit:
            break
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return Shrunk(level, len(raw), len(data))
