"""A Markdown extension that lets a table become stacked rows on a phone, without JavaScript.

On a narrow screen the site's CSS shows each row as a block and each cell on its own line,
with its column's header as a label (``td::before { content: attr(data-label) }``). The
label must be in the HTML for that, so this extension copies each column's header text into
a ``data-label`` attribute on every cell when the page is built.

A table shown as blocks loses its table semantics in some browsers, so the extension also
gives every part its ARIA role (``table``, ``rowgroup``, ``row``, ``columnheader``, ``cell``):
a screen reader still announces rows, columns and headers. A table without a caption is named
after the heading above it (``aria-labelledby``), in MkDocs and Zensical alike.

MkDocs loads it by name from ``mkdocs.yml`` (``markdown_extensions: - generator.table_labels``);
it needs Python-Markdown only, never MkDocs.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from typing import Any

from markdown import Extension, Markdown, util
from markdown.treeprocessors import Treeprocessor

# Raw HTML in a header cell is kept aside (the "stash") as a placeholder until the very end.
# So are entities and backslash escapes (&lt; &amp; &#124; \<): those are text, and a label
# keeps them as the characters they stand for; real HTML tags are left out of it.
_STASHED = re.compile(re.escape(util.HTML_PLACEHOLDER % "@").replace("@", "([0-9]+)"))
_OTHER_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup"}
_ROLES |= {"tr": "row", "td": "cell"}


def _text(cell: etree.Element, stash: Sequence[object]) -> str:
    """A header cell's visible text on one line."""

    def stashed(found: re.Match[str]) -> str:
        i = int(found.group(1))
        raw = stash[i] if i < len(stash) else None
        return html.unescape(raw) if isinstance(raw, str) and _ENTITY.fullmatch(raw) else ""

    text = _STASHED.sub(stashed, "".join(cell.itertext()).replace(util.AMP_SUBSTITUTE, "&"))
    return " ".join(_OTHER_PLACEHOLDER.sub("", text).split())


def label(table: etree.Element, stash: Sequence[object] = ()) -> None:
    """Give every cell of ``table`` its column header as ``data-label``, and every part its role.

    ``stash`` is the page's kept-aside HTML (``md.htmlStash.rawHtmlBlocks``), for the entities.
    """
    headers: list[str] = []
    for part in table.iter():
        if part.tag in _ROLES and "role" not in part.attrib:
            part.set("role", _ROLES[part.tag])
    for head in table.iter("thead"):
        for row in head.iter("tr"):
            headers = [_text(cell, stash) for cell in row if cell.tag in ("th", "td")]
            for cell in row.iter("th"):
                cell.attrib.setdefault("role", "columnheader")
    for body in table.iter("tbody"):
        for row in body.iter("tr"):
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            for name, cell in zip(headers, cells, strict=False):
                if cell.tag == "th":
                    cell.attrib.setdefault("role", "rowheader")
                if name:
                    cell.attrib.setdefault("data-label", name)


class TableLabelsTreeprocessor(Treeprocessor):
    """Labels every table of a page once its inline text and escapes are final."""

    def run(self, root: etree.Element) -> None:
        heading = None
        for element in root.iter():
            if element.tag in _HEADINGS and element.get("id"):
                heading = element.get("id")
            elif element.tag == "table":
                label(element, self.md.htmlStash.rawHtmlBlocks)
                _name(element, heading)


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _name(table: etree.Element, heading: str | None) -> None:
    """Name a table after the heading above it (``aria-labelledby``) unless it has a name: a
    screen reader's list of tables then says what each one is about."""
    named = table.find("caption") is not None or table.get("aria-label")
    if not named and heading and not table.get("aria-labelledby"):
        table.set("aria-labelledby", heading)


class TableLabelsExtension(Extension):
    """``generator.table_labels``: data-label attributes and table roles for stacked rows."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After "unescape" (priority 0): by then a header reads as it will on the page.
        md.treeprocessors.register(TableLabelsTreeprocessor(md), "table_labels", -10)


def makeExtension(**kwargs: Any) -> TableLabelsExtension:
    """The hook Python-Markdown calls when an extension is named by its module."""
    return TableLabelsExtension(**kwargs)
