"""MkDocs hook: when the search index is sure to be cut to titles, read no page's text for it.

Material's search plugin reads every page's HTML with Python's ``html.parser`` to put each
section's text in ``search/search_index.json``: about a sixth of the CPU time of a page. Past
``search_index.LIMIT`` bytes ``wijkwerk build`` throws that text away again
(``search_index.shrink``), so for a large site all of that reading is for nothing. This hook
reads each page's titles itself (``search_titles``, no parser) and counts characters that
the whole index would surely hold. Once that count is over the limit, the index will be cut
whatever the other pages hold: it is built from the titles, and Material reads only the
pages that are not plain enough for ``search_titles``. A site whose count stays under the
limit gets its index from Material, which then reads the pages it has not read yet.

On Amsterdam's synthetic sources (889 pages, a whole index of 2.37 MB) the count passes the
limit at page 874 and no page is read by the parser: about 1 ms of CPU time less a page, of
the 6.6 ms a page cost before (alternating runs, load 3 to 4). A site only just over the
limit may not get past it in the count: it is then indexed as before, as small sites are.

An index cut like that is marked (``search_index.OVER_LIMIT``), because the file itself may
now be small: ``shrink`` then cuts it exactly as it would have cut the whole index, so the
published index is the same, byte for byte (``tests/test_search_titles.py`` builds the
example site both ways).

``wijkwerk build`` names this hook in the config it gives MkDocs (``generator/shards.py``);
the live preview does not use it. MkDocs is not imported: the hook reads the plugin that
MkDocs hands it, and replaces two methods of that one index object.
"""

from __future__ import annotations

import json
from typing import Any

from generator import search_index, search_titles

# What this hook uses of Material's index (material/plugins/search/plugin.py, 9.x).
_MATERIAL = ("entries", "add_entry_from_context", "generate_search_index")


def on_pre_build(config: Any) -> None:
    """After every plugin's ``on_config``: Material's index object exists by then."""
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if index is None or not plugin.config.enabled or getattr(plugin, "is_dirty", False):
        return  # no Material search, or a rebuild that indexes only the changed pages
    if not all(hasattr(index, name) for name in _MATERIAL):
        return  # a Material whose index is made otherwise: leave it as it is
    cut = TitlesPastLimit(index, search_index.LIMIT)
    index.add_entry_from_context = cut.add
    index.generate_search_index = cut.generate


class TitlesPastLimit:
    """Material's index, which reads a plain page's text only if the index may stay whole.

    Each page is read for its titles (``search_titles``) and counted: the index file holds
    every location, title and text, quoted, with 36 characters of keys, quotes and braces
    around each entry (in one file as in the shards' merged file, which holds each shard's
    entries). Material reads a page at once only when it is not plain; the other pages wait.
    Once the count is over the limit, the index will be cut whatever the other pages hold,
    and the pages that wait never need Material's parser. If the build ends under the
    limit, Material reads them then, in the order of the pages, and the index is as always.
    """

    def __init__(self, index: Any, limit: int) -> None:
        self._index = index
        self._material_add = index.add_entry_from_context
        self._material_generate = index.generate_search_index
        self._limit = limit
        # Per page in order: Material's entries, or its titles and the page while it waits.
        self._pages: list[tuple[list[dict[str, Any]], Any]] = []
        self.counted = 0
        self.over = False

    def add(self, page: Any) -> None:
        titles = search_titles.entries(page)
        if titles is None:  # not plain: Material reads it now
            entries: list[dict[str, Any]] = self._index.entries
            start = len(entries)
            self._material_add(page)
            read = entries[start:]
            del entries[start:]
            self._count(read, sum(len(e["text"]) for e in read))
            self._pages.append((_cut(read) if self.over else read, None))
            return
        if self.over:
            self._pages.append((titles, None))
            return
        self._pages.append((titles, _AsIndexed(page, page.content)))
        self._count(titles, search_titles.text_at_least(page.content))

    def _count(self, entries: list[dict[str, Any]], text: int) -> None:
        self.counted += text + sum(36 + len(e["location"]) + len(e["title"]) for e in entries)
        if not self.over and self.counted > self._limit:
            self.over = True
            # Titles are all that is needed from now on: let the waiting pages go.
            self._pages = [(_cut(entries), None) for entries, _ in self._pages]

    def generate(self, prev: Any) -> str:
        entries: list[dict[str, Any]] = []
        self._index.entries = entries
        for read, waiting in self._pages:
            if waiting is None:
                entries.extend(read)
            else:
                self._material_add(waiting)  # under the limit so far: the whole text
        self._pages = []
        data: str = self._material_generate(prev)
        if not self.over:
            return data
        index = json.loads(data)
        index[search_index.OVER_LIMIT] = True
        return json.dumps(index, separators=(",", ":"), default=str)


def _cut(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "text": ""} for e in entries]


class _AsIndexed:
    """A page as Material's plugin was given it: its content before the plugin changed it."""

    def __init__(self, page: Any, content: str) -> None:
        self._page = page
        self.content = content

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)
