"""generator.inline_shortcut: the same HTML as Python-Markdown's own inline processor."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator import sources
from generator.inline_shortcut import ShortcutInlineProcessor
from generator.render import render
from tests.helpers import ROOT, TODAY

SHORTCUT = "generator.inline_shortcut"

# Text that each inline pattern needs, and text that looks close to it but is plain.
TRICKY = [
    "Gewoon een zin zonder opmaak.",
    "Twee spaties aan het eind  \nen een nieuwe regel.",
    "Twee spaties  midden in de zin, niet aan het eind.",
    "Code: `wijkwerk build` en ``dubbel ` vinkje``.",
    "Een \\*ster\\* en een \\\\ backslash, \\[haak\\].",
    "*nadruk*, _ook_, **sterk**, __ook sterk__, ***beide***, snake_case_naam.",
    "Een [link](agenda.md), [een verwijzing][ref], [kort] en ![plaatje](logo.png).\n\n"
    "[ref]: https://example.org\n[kort]: wop.md",
    "<https://example.org/pad> en <wijk@example.org> en <b>vet</b> <!-- opmerking -->.",
    "Entiteiten: &amp; &#124; &#x41; &eacute; en een los & teken.",
    "| Potje | Bedrag |\n| --- | ---: |\n| Leefbaarheid | € 45.000 |\n| **Totaal** | &#124; |",
    '<div class="tekst" markdown>\nIn een *blok* met [link](x.md).\n</div>',
    '!!! warning "Let op"\n\n    Een waarschuwing met `code` en gewone tekst.',
    "Term\n:   Uitleg zonder opmaak\n\nAndere term\n:   Uitleg *met* opmaak",
    "- een\n- twee **drie**\n    - genest\n\n1. eerst\n2. dan",
    "## Kop { #anker .klasse }\n\nTekst onder de kop.",
    "Ster * los, onderstreep _ los, haak [ los, kleiner < los.",
]


def _extensions() -> tuple[list[str], dict[str, Any]]:
    """mkdocs.yml's Markdown extensions and their settings, without snippets (reads files)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = text.split("\nmarkdown_extensions:\n", 1)[1].split("\n\n", 1)[0]
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in yaml.safe_load(section):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name == "pymdownx.snippets":
            continue
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def _convert(text: str, names: list[str], configs: dict[str, Any]) -> str:
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(text)


def _without(names: list[str]) -> list[str]:
    return [n for n in names if n != SHORTCUT]


def test_mkdocs_yml_loads_the_shortcut() -> None:
    names, _ = _extensions()
    assert SHORTCUT in names


@pytest.mark.parametrize("text", TRICKY)
def test_the_same_html_with_and_without(text: str) -> None:
    names, configs = _extensions()
    assert _convert(text, names, configs) == _convert(text, _without(names), configs)


# Plain text (block syntax included), with at most one piece that an inline pattern needs.
PLAIN = st.lists(st.sampled_from(["a", "woord", " ", "\n", "é", "    ", "1. ", *"\t:|-=#!();"]))
SPECIAL = st.sampled_from(["", *"*_[]<>&`\\", "  \n", "&amp;", "[a](b)", "*x*", "<b>", "`c`"])


@given(st.tuples(PLAIN, SPECIAL, PLAIN).map(lambda t: "".join(t[0]) + t[1] + "".join(t[2])))
def test_any_text_is_the_same(text: str) -> None:
    names, configs = _extensions()
    assert _convert(text, names, configs) == _convert(text, _without(names), configs)


def test_every_example_page_is_the_same() -> None:
    """Every page generated from the example sources, and the hand-written ones."""
    names, configs = _extensions()
    pages = dict(render(sources.load(ROOT / "wijken"), TODAY))
    pages |= {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
        for p in (ROOT / "site_src" / "docs").glob("*.md")
    }
    pages = {rel: t for rel, t in pages.items() if rel.endswith(".md")}
    assert len(pages) > 40
    for rel, text in pages.items():
        assert _convert(text, names, configs) == _convert(text, _without(names), configs), rel


def test_every_pattern_of_mkdocs_yml_is_known() -> None:
    """Otherwise the shortcut silently does nothing: a Python-Markdown release changed one."""
    names, configs = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    md.convert("tekst")
    inline = md.treeprocessors["inline"]
    assert isinstance(inline, ShortcutInlineProcessor)
    assert inline._plain_check is not None


def test_an_unknown_pattern_gets_every_text() -> None:
    """abbr matches plain words: with its pattern present, no text may be skipped."""
    text = "De WOP staat online.\n\n*[WOP]: Wijkontwikkelplan"
    with_shortcut = _convert(text, ["abbr", SHORTCUT], {})
    assert '<abbr title="Wijkontwikkelplan">WOP</abbr>' in with_shortcut
    assert with_shortcut == _convert(text, ["abbr"], {})


@pytest.mark.parametrize("text", TRICKY)
def test_beside_an_unknown_pattern_the_known_ones_are_still_passed_over(text: str) -> None:
    """With abbr's pattern present, only the patterns known here may skip a text."""
    text += "\n\n*[WOP]: Wijkontwikkelplan\n\nDe WOP, *de* [WOP](wop.md) en `WOP`."
    names, configs = _extensions()
    assert _convert(text, ["abbr", *names], configs) == _convert(
        text, ["abbr", *_without(names)], configs
    )
