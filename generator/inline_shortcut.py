"""A Markdown extension that skips the inline patterns for text none of them can match.

Python-Markdown tries every inline pattern (links, emphasis, code, HTML, entities, ...) on
every piece of text in a page, one regular expression after another. Most of our text is
plain: a list item "Wie: Gemeente", a table cell, a sentence. Each of these patterns needs a
character of its own to match (``[`` for a link, ``*`` or ``_`` for emphasis, ``<`` for HTML,
``&`` for an entity, a backslash, a backtick, two spaces before a line break), so text without
any of them comes out of all patterns unchanged. This extension checks for those characters
once and skips the patterns when there are none: the HTML is the same, byte for byte
(``tests/test_inline_shortcut.py`` compares both on every page of the example site). On the
synthetic wijk pages of the ``site_build`` benchmark a page costs 9% fewer instructions.

Only patterns whose regular expression is known here are trusted: when an extension adds
another pattern, or a Python-Markdown release changes one, every text gets every pattern
again, as without this extension. MkDocs loads it by name from ``mkdocs.yml``
(``markdown_extensions: - generator.inline_shortcut``); it needs Python-Markdown only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from markdown import Extension, Markdown, inlinepatterns
from markdown.treeprocessors import InlineProcessor

# Python-Markdown's patterns (and pymdownx.escapeall's), each with what any match contains.
_NEEDS = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": "`",  # backtick: code
    r"\\(.)": "\\",  # escape (also pymdownx.escapeall)
    r"\\([^\n])": "\\",  # pymdownx.escapeall without hard breaks
    r"\\\n": "\\",  # pymdownx.escapeall's hard break
    r"(?<!\!)\[": "[",  # link, reference, short_reference
    r"\!\[": "[",  # image_link, image_reference, short_image_ref
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": "<",  # autolink
    r"<([^<> !]+@[^@<> ]+)>": "<",  # automail
    r"  \n": "  \n",  # linebreak
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": "&",  # entity
    # html: a tag, comment, processing instruction or CDATA, each "<" to ">"
    r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
    r"!--(?:(?!<!--|-->).)*--|"
    r"[?](?:(?!<[?]|[?]>).)*[?]|"
    r"!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\]"
    ")>)": "<",
}

# The method each text goes through; its name is mangled (InlineProcessor.__handleInline).
_handle_inline: Callable[..., str] | None = getattr(
    InlineProcessor, "_InlineProcessor__handleInline", None
)


def _needed(pattern: object) -> list[str] | None:
    """What any match of ``pattern`` contains, or None when that is not known here."""
    delimiters = getattr(inlinepatterns, "DelimiterProcessor", None)
    if delimiters is not None and type(pattern) is delimiters:
        # Emphasis since Python-Markdown 3.11: one pattern for every delimiter token (* and _).
        tokens = getattr(pattern, "tokens", None)
        return list(tokens) if tokens and all(tokens) else None
    source = getattr(pattern, "pattern", None)
    if not isinstance(pattern, inlinepatterns.InlineProcessor) or source not in _NEEDS:
        return None  # unknown, or an old-style Pattern (it wraps its expression)
    return [_NEEDS[source]]


def _plain_check(patterns: Iterable[object]) -> re.Pattern[str] | None:
    """A search for anything some pattern needs; None when one of the patterns is unknown."""
    needed: set[str] = set()
    for pattern in patterns:
        found = _needed(pattern)
        if found is None:
            return None
        needed.update(found)
    return re.compile("|".join(re.escape(n) for n in sorted(needed))) if needed else None


class ShortcutInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, which leaves plain text alone at once."""

    _plain_check: re.Pattern[str] | None = None

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._plain_check = _plain_check(self.inlinePatterns)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        check = self._plain_check
        if check is not None and check.search(data) is None:
            return data  # no pattern can match: each would return the text unchanged
        assert _handle_inline is not None  # registered only when it exists
        return _handle_inline(self, data, patternIndex)


class InlineShortcutExtension(Extension):
    """``generator.inline_shortcut``: the same HTML, without trying patterns on plain text."""

    def extendMarkdown(self, md: Markdown) -> None:
        if _handle_inline is None:
            return  # a Python-Markdown without that method: keep its own processor
        # The same name and priority as Python-Markdown's own "inline" processor.
        md.treeprocessors.register(ShortcutInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> InlineShortcutExtension:
    """The hook Python-Markdown calls when an extension is named by its module."""
    return InlineShortcutExtension(**kwargs)
