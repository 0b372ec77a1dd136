"""A page's entries in the search index at the level of titles, without an HTML parser.

When the index is cut to titles (``search_index``), Material's search plugin still reads the
HTML of every page with Python's ``html.parser`` to find its sections and their text: about a
sixth of a page's build, for text that is thrown away. The titles alone can be read from the
headings, if the page is plain enough that there is no doubt where they are.

``entries`` gives what Material's parser would give for a page, with the text left empty,
or None when the page is not plain enough. Plain means: every tag is written as MkDocs and
Python-Markdown write them (a name, attributes with a double-quoted value without ``<`` or
``>``), no comments, no ``<pre>`` or ``<object>``, a ``<script>``, ``<style>`` or other
element whose content ``html.parser`` reads as text holds no ``<``, nothing that Material
leaves out of the index on purpose (``data-search-exclude``, line numbers, permalinks), and
every heading is exactly ``<hN id="...">text</hN>``. Then each heading is a section of its
own, with its text as its title, as in Material's parser (``material/plugins/search``, 9.x):

- content before the first heading makes a first section titled after the page, at the
  page's address (void tags and end tags alone make none), and so does a first heading
  that is not an h1;
- a first heading that is an h1 with nothing before it is that first section, at the page's
  address; any other heading is at ``page.url#id``;
- a title is the heading's text with entities read and ``& < >`` written as entities again,
  a new line read as a space, and spaces at both ends removed; an empty heading gets the
  page's title.

``text_at_least`` counts, for a plain page, characters that Material's text for it surely
holds: the pieces of text between two tags outside the headings, and the tags it keeps
around a paragraph or list item of text (``<p>``, ``</p>``).

``tests/test_search_titles.py`` holds these against Material's own parser, on every page of
the example site and on tricky pages. It needs neither MkDocs nor Material: it reads only
``content``, ``url``, ``meta`` and ``title`` of the page it is given.
"""

from __future__ import annotations

import html
import re
import sys
from typing import Any

# Tags as MkDocs and Python-Markdown write them; the white space html.parser ends a name at.
# A page is plain only if every "<" in it starts one of these (none holds another "<").
_WS = r"[ \t\n\r\f]"
_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = rf'{_WS}+[A-Za-z_:@][A-Za-z0-9_:.@-]*(?:="[^"<>]*")?'
_STRICT_TAG = re.compile(rf"<{_NAME}(?:{_ATTRIBUTE})*{_WS}*/?>|</{_NAME}{_WS}*>")
# What Material leaves out of the index or reads otherwise, searched for in lower case once:
# HTML is not case sensitive.
_LEFT_OUT = ("data-search-exclude", "linenodiv", "headerlink")
# Elements whose content html.parser reads as text (script and style; newer Pythons more):
# plain only when that content holds no "<", so that it is text either way.
_RAW = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript"
_RAW_TEXT = re.compile(rf"<({_RAW})(?:{_ATTRIBUTE})*{_WS}*>[^<]*</\1{_WS}*>")
# Start tags that matter here: never plain, read as text, or a heading.
_SPECIAL = re.compile(rf"<(pre|object|plaintext|hx|{_RAW}|h[1-6])[\s/>]")
_NEVER_PLAIN = {"pre", "object", "plaintext", "hx"}
_HEADING = re.compile(r'<h([1-6]) id="([^"<>]*)">([^<]*)</h\1>')
# Material's list of void tags: they open no element, so they start no first section.
_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
_NO_SECTION = re.compile(rf"</{_NAME}{_WS}*>|<(?:{_VOID})(?:{_ATTRIBUTE})*{_WS}*/?>", re.IGNORECASE)
# For text_at_least: what Material leaves out (script, style), tags, and the tags it keeps.
_SKIPPED = re.compile(rf"<(script|style)(?:{_ATTRIBUTE})*{_WS}*>[^<]*</\1{_WS}*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_KEPT = re.compile(rf"<(p|li|code|sub|sup)(?:{_ATTRIBUTE})*{_WS}*>([^<]*)</\1{_WS}*>")


def entries(page: Any) -> list[dict[str, str]] | None:
    """The page's sections as Material indexes them, each with an empty text; None when the
    page is not plain enough to be sure (then Material's parser must read it)."""
    meta = page.meta or {}
    if "search" in meta or "tags" in meta or "jieba" in sys.modules:
        return None  # Material adds tags, a boost or Chinese word breaks: leave it to Material
    content: str = page.content or ""
    low = content.lower()
    if any(word in low for word in _LEFT_OUT):
        return None
    if content.count("<") != len(_STRICT_TAG.findall(content)):
        return None  # a comment, a "<" in a value or in the text, a quote of another kind
    special = _SPECIAL.findall(low)
    if _NEVER_PLAIN.intersection(special):
        return None
    headings = list(_HEADING.finditer(content))
    if len(headings) != sum(1 for name in special if name[0] == "h" and name[1:].isdigit()):
        return None  # a heading with other attributes, or one that holds tags
    raw = len(special) - len(headings)
    if raw and raw != len(_RAW_TEXT.findall(low)):
        return None  # an element read as text holds a "<"
    url: str = page.url
    page_title = str(meta.get("title", page.title)).strip()
    first = headings[0].start() if headings else len(content)
    found = []
    # The first section: content before the first heading, or a first heading that is no h1.
    if _NO_SECTION.sub("", content[:first]) or (headings and headings[0][1] != "1"):
        found.append((url, page_title))
    for heading in headings:
        _, anchor, text = heading.groups()
        location = f"{url}#{html.unescape(anchor)}" if found else url  # an h1 at the very top
        found.append((location, _title(text, page_title)))
    return [{"location": location, "title": title, "text": ""} for location, title in found]


def _title(text: str, page_title: str) -> str:
    if not text:
        return page_title
    data = html.unescape(text)
    data = " " if data.isspace() else data.replace("\n", " ")
    return html.escape(data, quote=False).strip()


def text_at_least(content: str) -> int:
    """How many characters the texts of a plain page's entries hold at least (``entries``
    must have found the page plain).

    Material keeps each piece of text between two tags whole, with its entities read, and
    turns a piece of white space into at most one space; the white space at the ends of a
    piece is not counted. Removed elements leave a tag, so that the pieces of text on
    either side stay apart, as they are for Material.
    """
    rest = _HEADING.sub("<>", _SKIPPED.sub("<>", content))
    pieces = _TAG.split(rest)
    count = sum(map(len, map(str.strip, pieces)))
    if "&" in rest:  # an entity counts as what it stands for
        count -= sum(len(p.strip()) - len(html.unescape(p).strip()) for p in pieces if "&" in p)
    return count + sum(2 * len(tag) + 5 for tag, text in _KEPT.findall(rest) if _visible(text))


def _visible(text: str) -> bool:
    return bool((html.unescape(text) if "&" in text else text).strip())
