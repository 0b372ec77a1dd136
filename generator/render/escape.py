"""Turn source values into safe Markdown and HTML: what residents and staff wrote, shown safely.

Two kinds of text reach a page. Single-line values (names, titles, what residents asked) are
shown literally: every character that Markdown or HTML would interpret is escaped. Multi-line
fields written by staff (``beschrijving``, ``toelichting``) may use Markdown, but never raw HTML
and never links other than http(s), mailto and tel.
"""

from __future__ import annotations

import html
import re

# What `plain` does, in one pass: HTML's & < > as entities, Markdown's specials backslashed.
_PLAIN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~^=:\"'$"}
)
_LINK_TARGET = re.compile(r"(\]\(\s*|^\s*\[[^\]]*\]:\s*)([A-Za-z][A-Za-z0-9+.\-]*):", re.M)
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def plain(value: object) -> str:
    """Escape a value so Markdown and HTML show it literally, on one line."""
    return " ".join(str(value).split()).translate(_PLAIN)


def cell(value: object) -> str:
    """Like :func:`plain`, for a Markdown table cell."""
    return plain(value).replace("\\|", "&#124;")


def staff_markdown(value: str) -> str:
    """Allow staff Markdown, but show HTML tags as text and disarm unsafe link schemes."""
    text = html.escape(value.strip(), quote=False)

    def disarm(match: re.Match[str]) -> str:
        scheme = match.group(2)
        if scheme.lower() in _SAFE_SCHEMES:
            return match.group(0)
        return f"{match.group(1)}#{scheme}-"

    return _LINK_TARGET.sub(disarm, text)


def attr(value: object) -> str:
    """Escape a value for an HTML attribute or element text."""
    return html.escape(" ".join(str(value).split()), quote=True)


def phone_link(number: str) -> str:
    """A tel: link that a phone can dial, showing the number as written."""
    digits = re.sub(r"[^\d+]", "", number)
    return f"[{plain(number)}](tel:{digits})" if digits else plain(number)


def email_link(address: str) -> str:
    """A mailto: link; the model's e-mail pattern keeps the address itself safe in a URL."""
    return f"[{plain(address)}](mailto:{address})"
