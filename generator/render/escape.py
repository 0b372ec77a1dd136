"""Turn source values into safe Markdown and HTML: what residents and staff wrote, shown safely.

Two kinds of text reach a page. Single-line values (names, titles, what residents asked) are
shown literally: every character that Markdown or HTML would interpret is escaped. Multi-line
fields written by staff (``beschrijving``, ``toelichting``) may use Markdown, but never raw HTML
and never links other than http(s), mailto, tel and relative ones.

Staff Markdown is rendered to HTML here, with Python-Markdown and only the extensions that add
no attributes or files (no ``attr_list``, ``md_in_html`` or snippets), and then cleaned by nh3
against an allowlist of tags, attributes and URL schemes. The page receives that HTML as one raw
block, which MkDocs passes through untouched: whatever extensions the site enables, staff text
never reaches them.
"""

from __future__ import annotations

import functools
import html
import re
import threading

import markdown
import nh3

# What `plain` does, in one pass: HTML's & < > as entities, Markdown's specials backslashed.
_PLAIN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~^=:\"'$"}
)
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_EXTENSIONS = ["tables", "def_list", "admonition", "sane_lists"]
_EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}  # align=, not style=
_TAGS = {"p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "a", "img"}
_TAGS |= {"ul", "ol", "li", "dl", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "div"}
_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "div": {"class"},
    "p": {"class"},
}
# Only admonitions make a div, and only with the class names Material styles.
_ADMONITION = {"admonition", "note", "tip", "info", "warning", "danger", "abstract"}
_ADMONITION |= {"success", "question", "failure", "bug", "example", "quote"}
# C0 and C1 control characters (except tab and newline) and the invisible BOM:
# browsers ignore some of them before a URL scheme, so they could hide `javascript:`.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_LOCAL = threading.local()


def plain(value: object) -> str:
    """Escape a value so Markdown and HTML show it literally, on one line."""
    return " ".join(str(value).split()).translate(_PLAIN)


def cell(value: object) -> str:
    """Like :func:`plain`, for a Markdown table cell."""
    return plain(value).replace("\\|", "&#124;")


def staff_markdown(value: str, lead: str = "") -> str:
    """Staff Markdown as one block of clean HTML; HTML tags they typed are shown as text.

    ``lead`` is our own bold label (``Voorwaarden:``) put before the first paragraph.
    """
    return _staff_html(value, lead)


# Converting staff text was most of the generator's render time, and the same texts come back:
# in every rebuild of the live preview (one file saved, every wijk rendered again) and across
# wijken that share a text. 65,536 texts hold Amsterdam's site (2,241) many times over.
@functools.lru_cache(maxsize=2**16)
def _staff_html(value: str, lead: str) -> str:
    """What :func:`staff_markdown` returns; it depends on the text and the lead alone."""
    text = html.escape(_CONTROL.sub("", value.strip()), quote=False)
    if lead:
        text = f"**{lead}** {text}"
    rendered = _markdown().reset().convert(text)
    return f'<div class="tekst">\n{clean_html(rendered)}\n</div>'


def _markdown() -> markdown.Markdown:
    """One converter per thread: building it costs as much as converting a text."""
    converter: markdown.Markdown | None = getattr(_LOCAL, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html"
        )
        _LOCAL.markdown = converter
    return converter


def clean_html(fragment: str) -> str:
    """Keep only allowlisted tags, attributes and link schemes in an HTML fragment."""
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SAFE_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep_class,
    ).strip()


def _keep_class(tag: str, name: str, value: str) -> str | None:
    """Classes only as the admonition extension writes them; every other value unchanged."""
    if name != "class":
        return value
    allowed = _ADMONITION if tag == "div" else {"admonition-title"}
    return " ".join(c for c in value.split() if c in allowed) or None


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
