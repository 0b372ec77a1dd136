"""A Markdown extension that tries an inline pattern only on text it can match.

Python-Markdown tries every inline pattern (links, emphasis, code, HTML, entities, ...) on
every piece of text in a page, one regular expression after another. Most of our text is
plain: a list item "Wie: Gemeente", a table cell, a sentence. Each of these patterns needs a
character of its own to match (``[`` for a link, ``*`` or ``_`` for emphasis, ``<`` for HTML,
``&`` for an entity, a backslash, a backtick, two spaces before a line break), so text without
any of them comes out of all patterns unchanged. This extension checks for those characters
once and skips the patterns when there are none. Text that does hold one, such as
"**Wie:** Gemeente" or "WB\\-2026\\-009", gets only the patterns whose character it holds: the
other patterns would search it and find nothing. The HTML is the same, byte for byte
(``tests/test_inline_shortcut.py`` compares both on every page of the example site). On the
synthetic wijk pages of the ``site_build`` benchmark, skipping plain text made a page cost 9%
fewer instructions; passing over the patterns one by one on the other text took about 8% off
the CPU time of Amsterdam's build (889 pages, alternating runs at load 3 to 4).

Only patterns whose regular expression is known here are skipped: a pattern that another
extension adds, or that a Python-Markdown release changes, gets every text, as without this
extension. MkDocs loads it by name from ``mkdocs.yml``
(``markdown_extensions: - generator.inline_shortcut``); it needs Python-Markdown only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown import Extension, Markdown, inlinepatterns, util
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

# The two methods the loop over the patterns is made of; their names are mangled.
_LOOP = ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")
_has_loop = all(callable(getattr(InlineProcessor, name, None)) for name in _LOOP)


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


def _plain_check(needs: Sequence[tuple[str, ...] | None]) -> re.Pattern[str] | None:
    """A search for anything some pattern needs; None when one of the patterns is unknown."""
    if not needs or any(need is None for need in needs):
        return None
    needed = {n for need in needs if need for n in need}
    return re.compile("|".join(re.escape(n) for n in sorted(needed)))


class ShortcutInlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, which tries a pattern only where it can match."""

    _plain_check: re.Pattern[str] | None = None
    _patterns: list[Any]
    _needs: list[tuple[str, ...] | None]

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # Once a page: the patterns do not change while it is converted.
        self._patterns = list(self.inlinePatterns)
        needs = [_needed(pattern) for pattern in self._patterns]
        self._needs = [tuple(need) if need is not None else None for need in needs]
        self._plain_check = _plain_check(self._needs)
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """Python-Markdown's loop over the patterns, passing those that cannot match ``data``.

        A pattern that finds no match returns the text unchanged and the loop goes on with
        the next pattern from the start of the text: passing it over does the same, sooner.
        """
        if isinstance(data, util.AtomicString):
            return data
        check = self._plain_check
        if check is not None and check.search(data) is None:
            return data  # no pattern can match: each would return the text unchanged
        patterns, needs = self._patterns, self._needs
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(patterns)
        while patternIndex < count:
            need = needs[patternIndex]
            if need is not None:
                for n in need:
                    if n in data:
                        break
                else:  # none of what the pattern needs is in the text
                    patternIndex += 1
                    start = 0
                    continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class InlineShortcutExtension(Extension):
    """``generator.inline_shortcut``: the same HTML, without trying patterns that cannot match."""

    def extendMarkdown(self, md: Markdown) -> None:
        if not _has_loop:
            return  # a Python-Markdown without those methods: keep its own processor
        # The same name and priority as Python-Markdown's own "inline" processor.
        md.treeprocessors.register(ShortcutInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> InlineShortcutExtension:
    """The hook Python-Markdown calls when an extension is named by its module."""
    return InlineShortcutExtension(**kwargs)
