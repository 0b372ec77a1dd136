"""The search index a phone downloads stays under its limit, and keeps what residents search for."""

from __future__ import annotations

import json
from pathlib import Path

from generator.search_index import INDEX, shrink


def _site(tmp_path: Path, wijken: int, text: str = "tekst " * 200) -> Path:
    docs = []
    for i in range(wijken):
        page = f"wijken/wijk-{i}/wijkagenda/"
        docs.append({"location": page, "title": f"Wijkagenda Wijk {i}", "text": text})
        for j in range(5):
            docs.append({"location": f"{page}#actie-{j}", "title": f"Actie {j}", "text": text})
    index = {"config": {"lang": ["nl"], "separator": r"[\s\-]+"}, "docs": docs}
    path = tmp_path / "site" / INDEX
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(index))
    return tmp_path / "site"


def _docs(site: Path) -> list[dict[str, str]]:
    return json.loads((site / INDEX).read_text())["docs"]


def test_a_small_index_is_left_as_it_is(tmp_path: Path) -> None:
    site = _site(tmp_path, wijken=10)
    before = (site / INDEX).read_bytes()
    done = shrink(site)
    assert done is not None
    assert done.level == "volledig"
    assert (site / INDEX).read_bytes() == before


def test_a_large_index_keeps_every_title_and_drops_the_text(tmp_path: Path) -> None:
    site = _site(tmp_path, wijken=400)
    done = shrink(site, limit=1_000_000)
    assert done is not None
    assert (done.level, done.before > 1_000_000, done.after <= 1_000_000) == ("titels", True, True)
    docs = _docs(site)
    assert len(docs) == 400 * 6
    assert {d["text"] for d in docs} == {""}
    assert docs[6]["title"] == "Wijkagenda Wijk 1"
    assert json.loads((site / INDEX).read_text())["config"]["lang"] == ["nl"]


def test_a_huge_index_keeps_the_page_titles(tmp_path: Path) -> None:
    site = _site(tmp_path, wijken=3000, text="x")
    done = shrink(site, limit=400_000)
    assert done is not None
    assert done.level == "paginatitels"
    docs = _docs(site)
    assert [d["location"] for d in docs[:2]] == [
        "wijken/wijk-0/wijkagenda/",
        "wijken/wijk-1/wijkagenda/",
    ]
    assert all("#" not in d["location"] for d in docs)


def test_the_whole_country_keeps_each_wijk_and_the_overviews(tmp_path: Path) -> None:
    site = _site(tmp_path, wijken=3393, text="x")
    docs = _docs(site)
    fronts = [
        {"location": f"wijken/wijk-{i}/", "title": f"Wijk {i}", "text": "x"} for i in range(3393)
    ]
    overview = {"location": "wijken/", "title": "Alle wijken", "text": "x"}
    index = {"config": {"lang": ["nl"]}, "docs": [overview, *fronts, *docs]}
    (site / INDEX).write_text(json.dumps(index))
    done = shrink(site, limit=300_000)  # the page titles alone are over it
    assert done is not None
    assert (done.level, done.after <= 300_000) == ("wijken", True)
    assert [d["location"] for d in _docs(site)] == ["wijken/"] + [d["location"] for d in fronts]


def test_a_site_without_search_is_not_touched(tmp_path: Path) -> None:
    assert shrink(tmp_path) is None
