"""The map of the wijken on the home page: boundaries in the sources, an accessible SVG."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import sources
from generator.render import gemeente as pages
from generator.render.kaart import CREDIT, kaart
from generator.sources.grens import MAX_POINTS, MAX_RING
from generator.sources.grens import read as read_grens
from generator.sources.yamlfile import Document
from tests.helpers import ROOT, edit

FIRST_POINT = "[5.703,50.841]"  # the first point of Centrum's boundary


class _Map(HTMLParser):
    """What a browser and a screen reader find in the map: its links, names and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.svg: dict[str, str | None] | None = None
        self.links: list[dict[str, str | None]] = []
        self.titles: list[str] = []
        self.hidden_text: list[str] = []
        self._stack: list[str] = []
        self._hidden = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self.svg = a
        elif tag == "a" and self.svg is not None:
            self.links.append(a)
        elif tag == "g" and a.get("aria-hidden") == "true":
            self._hidden = True
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()
        if tag == "g":
            self._hidden = False

    def handle_data(self, data: str) -> None:
        if self._stack[-2:] == ["a", "title"]:
            self.titles.append(data)
        elif self._hidden and data.strip():
            self.hidden_text.append(data)


def _kies(root: Path) -> str:
    return pages.kies(sources.load(root))


def _after_map(text: str) -> list[str]:
    """The links of the Markdown list that follows the map, in order."""
    return re.findall(r"\]\((wijken/[^)]+)\)", text.split("</figure>", 1)[-1])


def test_home_page_map_has_a_named_link_per_wijk_then_the_list() -> None:
    text = _kies(ROOT / "wijken")
    found = _Map()
    found.feed(text)
    assert found.svg is not None
    assert found.svg["role"] == "group"
    assert found.svg["aria-label"] == "Kaart van de wijken"
    wijken = sources.load(ROOT / "wijken").wijken
    assert [link["href"] for link in found.links] == [f"wijken/{w.id}/" for w in wijken]
    assert [link["aria-label"] for link in found.links] == [f"Wijk {w.naam}" for w in wijken]
    assert found.titles == [w.naam for w in wijken]
    assert set(found.hidden_text) <= {w.naam for w in wijken}  # names drawn: decoration
    # The text alternative: every wijk again, right after the map.
    assert _after_map(text) == [f"wijken/{w.id}/index.md" for w in wijken]
    assert f"<figcaption>{CREDIT}</figcaption>" in text
    assert CREDIT == "Kaart: Kadaster / CBS, 2024 (CC BY 4.0)"
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert len(svg.encode()) < 4_000
    assert "." not in svg.split('d="', 1)[1].split('"', 1)[0]  # rounded to whole units


def test_a_wijk_without_boundary_is_left_off_the_map_and_none_means_no_map(
    wijken_dir: Path,
) -> None:
    (wijken_dir / "centrum/grens.geojson").unlink()
    text = _kies(wijken_dir)
    found = _Map()
    found.feed(text)
    assert len(found.links) == 6
    assert "wijken/centrum/" not in [link["href"] for link in found.links]
    assert "wijken/centrum/index.md" in _after_map(text)  # still in the list
    for path in wijken_dir.glob("*/grens.geojson"):
        path.unlink()
    assert "<svg" not in _kies(wijken_dir)


def test_a_broken_boundary_file_is_explained_in_dutch_with_its_line(wijken_dir: Path) -> None:
    centrum = wijken_dir / "centrum/grens.geojson"
    line = edit(centrum, FIRST_POINT, "[176000,317000]")  # Dutch RD metres, not degrees
    edit(wijken_dir / "molenwijk/grens.geojson", '"type": "Polygon"', '"type": "Point"')
    edit(
        wijken_dir / "beekvliet/grens.geojson",
        '"coordinates": [\n',
        '"coordinates": [\n      [[5.7,50.8],[5.7,50.9]],\n',
    )
    found = {
        (e.path.relative_to(wijken_dir).as_posix(), e.line, e.field): e.message
        for e in sources.check(wijken_dir)
    }
    assert len(found) == 3, found
    off = found["centrum/grens.geojson", line, "geometry.coordinates[1][1]"]
    assert off.startswith("Het punt [176000, 317000] ligt niet op de aarde.")
    assert "WGS84 (EPSG:4326)" in off
    shape = next(m for (f, _, _), m in found.items() if f == "molenwijk/grens.geojson")
    assert "Polygon of MultiPolygon" in shape
    short = next(m for (f, _, _), m in found.items() if f == "beekvliet/grens.geojson")
    assert short.startswith("Een rand heeft minstens 4 punten")


def test_a_boundary_may_be_a_bare_multipolygon_or_a_collection(wijken_dir: Path) -> None:
    ring = "[[5.70,50.84],[5.71,50.85],[5.69,50.86],[5.68,50.85]]"  # left open: closed on reading
    (wijken_dir / "centrum/grens.geojson").write_text(
        '{"type": "MultiPolygon", "coordinates": [[' + ring + "], [" + ring + "]]}"
    )
    (wijken_dir / "molenwijk/grens.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
        ' "geometry": {"type": "Polygon", "coordinates": [' + ring + "]}}]}"
    )
    g = sources.load(wijken_dir)
    by_id = {w.id: w for w in g.wijken}
    centrum, molenwijk = by_id["centrum"].grens, by_id["molenwijk"].grens
    assert centrum is not None
    assert molenwijk is not None
    assert len(centrum.vlakken) == 2
    ring_read = molenwijk.vlakken[0][0]
    assert ring_read[0] == ring_read[-1] == (5.70, 50.84)


def _zigzag(points: int, west: float = 5.70) -> list[list[float]]:
    """A closed ring that goes back and forth: each point matters, none can be thinned."""
    ring = [
        [west, 50.84] if i % 2 == 0 else [west + 0.01 + (i % 7) * 1e-4, 50.85]
        for i in range(points - 1)
    ]
    return [*ring, ring[0]]


def test_the_largest_boundary_allowed_is_drawn_quickly() -> None:
    """A map with every point the limits allow is drawn in well under a second when idle."""
    rings = MAX_POINTS // MAX_RING
    data = {
        "type": "MultiPolygon",
        "coordinates": [[_zigzag(MAX_RING, 5.70 + 0.02 * i)] for i in range(rings)],
    }
    grens, problems = read_grens(data)
    assert problems == []
    assert grens is not None
    assert sum(len(ring) for vlak in grens.vlakken for ring in vlak) == MAX_POINTS
    gemeente = sources.load(ROOT / "wijken")
    wijken = [w.model_copy(update={"grens": grens}) for w in gemeente.wijken[:1]]
    started = time.perf_counter()
    html = "".join(kaart(gemeente.model_copy(update={"wijken": wijken}), "wijken/"))
    took = time.perf_counter() - started
    assert f'href="wijken/{wijken[0].id}/"' in html
    assert took < 5, f"{took:.1f} s"  # minutes before the thinning was n log n; lenient under load


def test_a_boundary_with_too_many_points_is_refused_in_dutch(wijken_dir: Path) -> None:
    ring = json.dumps(_zigzag(MAX_RING + 1))
    (wijken_dir / "centrum/grens.geojson").write_text(
        '{"type": "Polygon",\n "coordinates": [\n' + ring + "\n]}\n"
    )
    found = [(e.path.name, e.line, e.message) for e in sources.check(wijken_dir)]
    assert found == [
        (
            "grens.geojson",
            3,
            "Deze rand heeft 5.001 punten; dat zijn er te veel voor de kaart. Vereenvoudig "
            "de grens tot hoogstens 5.000 punten per rand, bijvoorbeeld met mapshaper.",
        )
    ]
    # In total, over all its rings (read in-process: parsing 10,000 points as YAML is slow).
    sizes = [MAX_RING, MAX_POINTS - MAX_RING - 3, 4]  # one over the limit
    rings = [[_zigzag(size, 5.70 + 0.02 * i)] for i, size in enumerate(sizes)]
    grens, problems = read_grens({"type": "MultiPolygon", "coordinates": rings})
    assert grens is None
    assert problems == [
        (
            (),
            "De grens heeft 10.001 punten; dat zijn er te veel voor de kaart. Vereenvoudig "
            "de grens tot hoogstens 10.000 punten, bijvoorbeeld met mapshaper.",
        )
    ]


def test_a_megabyte_of_points_is_refused_before_it_is_parsed(
    wijken_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Composing 1 MB of points as YAML (for line numbers) takes 25 times as long as reading
    it as JSON and counting them; a file over the limit is refused after the count."""
    from generator.sources import loader

    rings = [[_zigzag(4_000, 5.70 + 0.02 * i)] for i in range(6)]  # 24,000 points, about 1 MB
    text = json.dumps({"type": "MultiPolygon", "coordinates": rings}, indent=1)
    assert len(text) > 800_000
    (wijken_dir / "centrum/grens.geojson").write_text(text)
    parsed: list[int] = []
    parse = loader.parse

    def counted(text: str) -> Document:
        parsed.append(len(text))
        return parse(text)

    monkeypatch.setattr(loader, "parse", counted)
    found = [(e.path.name, e.line, e.message) for e in sources.check(wijken_dir)]
    assert len(text) not in parsed
    assert found == [
        (
            "grens.geojson",
            1,
            "De grens heeft 24.000 punten; dat zijn er te veel voor de kaart. Vereenvoudig "
            "de grens tot hoogstens 10.000 punten, bijvoorbeeld met mapshaper.",
        )
    ]
