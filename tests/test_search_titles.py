"""The search index without Material's parser: the same titles, and the same published index."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex  # type: ignore[import-untyped]
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import search_index, search_titles, shards
from generator.build import Project, generate
from tests.helpers import TODAY, copy_project


def _page(content: str, title: str = "De pagina", **meta: Any) -> SimpleNamespace:
    return SimpleNamespace(content=content, url="wijken/noord/", meta=meta, title=title, toc=[])


_MATERIAL_ADD = SearchIndex.add_entry_from_context


def _material(page: Any) -> list[dict[str, Any]]:
    """What Material's own parser indexes for ``page``."""
    index = SearchIndex(lang=["nl"], separator=" ", pipeline=[], fields={})
    _MATERIAL_ADD(index, page)
    entries: list[dict[str, Any]] = index.entries
    return entries


def _same_as_material(page: Any) -> list[dict[str, str]] | None:
    """search_titles' entries for ``page``, checked against Material's (text left out)."""
    theirs = _material(page)
    mine = search_titles.entries(page)
    if mine is not None:
        assert mine == [{**e, "text": ""} for e in theirs]
        text = sum(len(e["text"]) for e in theirs)
        assert search_titles.text_at_least(page.content) <= text
    return mine


PLAIN = [
    '<h1 id="kop">Wijk Noord</h1>\n<p>Tekst.</p>',
    '<p><a class="terug" href="../">Terug</a></p>\n<h1 id="kop">Wijk Noord</h1>',
    '<h2 id="a">Eerst een h2</h2><p>x</p><h3 id="b">Dan</h3>',
    '\n<h1 id="a">Na een nieuwe regel</h1>',
    '<br><hr/></p><h1 id="a">Na lege tags</h1>',
    '<h1 id="a"></h1><h2 id="b"> \n </h2><h2 id="c">\nTwee\nregels </h2>',
    '<h1 id="a">&amp; &lt;b&gt; &quot;x&quot; &#39;y&#39; &gt; &eacute;</h1>',
    '<h1 id="x&amp;y">Anker met entiteit</h1>',
    '<div class="tekst"><h2 id="diep">Genest</h2><p>in een div</p></div><p>erna</p>',
    "<p>Geen kop, alleen tekst &amp; meer.</p>",
    "Tekst zonder tags",
    "",
    '<svg viewBox="0 0 10 10"><title>Grafiek</title><rect width="1"/></svg><h2 id="a">A</h2>',
    '<script type="module">let a = 1 && 2;</script><h2 id="a">Na een script</h2>',
    "<ul>\n<li><strong>Wie:</strong> Gemeente</li>\n<li>Wanneer</li>\n</ul><p> </p><p>&nbsp;</p>",
]
NOT_PLAIN = [
    '<h2 class="x" id="a">Met een klasse</h2>',
    '<H2 id="a">Hoofdletters</H2>',
    '<h2 id="a">Met <code>code</code></h2>',
    "<h2>Zonder anker</h2>",
    '<!-- <h2 id="a">verborgen</h2> -->',
    '<script>if (a < b) {}</script><h2 id="a">A</h2>',
    '<pre><h2 id="a">In pre</h2></pre>',
    '<div data-search-exclude><h2 id="a">Niet zoeken</h2></div>',
    "<p title='enkel'>aanhalingstekens</p>",
    '<a title="a>b">pijl in een waarde</a>',
    "<p>een losse < in de tekst</p>",
    '<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>',
]


@pytest.mark.parametrize("content", PLAIN)
def test_a_plain_page_gets_materials_titles(content: str) -> None:
    assert _same_as_material(_page(content)) is not None


@pytest.mark.parametrize("content", NOT_PLAIN)
def test_a_page_that_is_not_plain_is_left_to_material(content: str) -> None:
    assert _same_as_material(_page(content)) is None


def test_the_page_title_comes_from_its_front_matter_first() -> None:
    page = _page('<p>x</p><h2 id="a">A</h2>', title="Uit de kop")
    page.meta = {"title": " Uit de voorkant "}
    assert _same_as_material(page) == [
        {"location": "wijken/noord/", "title": "Uit de voorkant", "text": ""},
        {"location": "wijken/noord/#a", "title": "A", "text": ""},
    ]


def test_tags_and_a_boost_are_left_to_material() -> None:
    assert search_titles.entries(_page("<p>x</p>", tags=["speeltuin"])) is None
    assert search_titles.entries(_page("<p>x</p>", search={"boost": 2})) is None


FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<div>",
        "</div>",
        "<br>",
        "<code>",
        "</code>",
        '<h1 id="a">',
        '<h2 id="b">',
        "</h1>",
        "</h2>",
        "<title>",
        "</title>",
        "tekst",
        " ",
        "\n",
        "&amp;",
        "&nbsp;",
        "€",
        "<",
    ]
)


@given(st.lists(FRAGMENTS, max_size=25).map("".join))
def test_any_page_gets_materials_titles_or_is_left_to_it(content: str) -> None:
    try:
        _material(_page(content))
    except ValueError:
        reject()  # Material's parser fails on it (an end tag in a section it did not open)
    _same_as_material(_page(content))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the example sources, generated, with a config that names the hook."""
    root = tmp_path_factory.mktemp("example")
    copy_project(root)
    generate(Project.at(root), TODAY)
    shards.with_hooks(root / "mkdocs.yml", root / "hooked.yml", [shards.SEARCH_HOOK])
    return root


def _build(root: Path, config: str, site: Path) -> bytes:
    """MkDocs in this process, from the project folder (snippets are found from there)."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        build(load_config(config_file=str(root / config), site_dir=str(site)))
    return (site / search_index.INDEX).read_bytes()


def test_every_example_page_gets_materials_titles(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def add(index: SearchIndex, page: Any) -> None:
        seen.append(_same_as_material(SimpleNamespace(**_fields(page))) is not None)
        _MATERIAL_ADD(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", add)
    _build(example, "mkdocs.yml", tmp_path / "site")
    assert len(seen) > 40
    assert sum(seen) >= 0.9 * len(seen)  # nearly every page gets its titles without the parser


def _fields(page: Any) -> dict[str, Any]:
    return {name: getattr(page, name) for name in ("content", "url", "meta", "title", "toc")}


@pytest.mark.parametrize("limit", [10_000, search_index.LIMIT])
def test_the_published_index_is_the_same_with_the_hook(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Cut early (the example's text is far over 10 KB) and not cut: the same bytes."""
    monkeypatch.setattr(search_index, "LIMIT", limit)
    material = _build(example, "mkdocs.yml", tmp_path / "material")
    hooked = _build(example, "hooked.yml", tmp_path / "hooked")
    cut = limit < len(material)
    if not cut:
        assert hooked == material  # under the limit: Material's own index, untouched
    else:
        assert search_index.OVER_LIMIT in json.loads(hooked)
        assert len(hooked) < len(material)  # no page's text was read for it
    done = [search_index.shrink(tmp_path / s, limit) for s in ("material", "hooked")]
    levels = [d.level if d else None for d in done]
    assert levels[0] == levels[1]
    assert (levels[0] != "volledig") == cut
    assert (tmp_path / "hooked" / search_index.INDEX).read_bytes() == (
        tmp_path / "material" / search_index.INDEX
    ).read_bytes()
