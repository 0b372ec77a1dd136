"""The search index a phone downloads stays under its limit, and keeps what residents search for."""

from __future__ import annotations

import json
from pathlib import Path

from generator.search_index import INDEX, OVER_LIMIT, shrink


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


def test_an_index_marked_over_the_limit_is_cut_as_the_whole_one_would_be(tmp_path: Path) -> None:
    """search_hook leaves the text out once it is over the limit, and marks the index."""
    site = _site(tmp_path, wijken=3, text="")
    index = json.loads((site / INDEX).read_text())
    (site / INDEX).write_text(json.dumps({**index, OVER_LIMIT: True}))
    done = shrink(site)
    assert done is not None
    assert done.level == "titels"
    assert json.loads((site / INDEX).read_text()) == {**index, "docs": _docs_without_text(index)}


def _docs_without_text(index: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    return [{**d, "text": ""} for d in index["docs"]]


def test_the_marker_in_a_page_text_changes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path, wijken=3, text=f"over {OVER_LIMIT} gesproken")
    before = (site / INDEX).read_bytes()
    done = shrink(site)
    assert done is not None
    assert done.level == "volledig"
    assert (site / INDEX).read_bytes() == before


def test_one_shard_over_the_limit_marks_the_merged_index(tmp_path: Path) -> None:
    from generator import shards

    names = [f"wijk-{i}" for i in range(20)]
    wijken = [next(w for w in names if shards.owner(w, 2) == n) for n in (0, 1)]
    folders = []
    for number, wijk in enumerate(wijken):
        folder = tmp_path / f"shard{number}"
        (folder / "wijken" / wijk).mkdir(parents=True)
        doc = {"location": f"wijken/{wijk}/", "title": wijk, "text": ""}
        index: dict[str, object] = {"config": {"lang": ["nl"]}, "docs": [doc]}
        if number == 1:
            index[OVER_LIMIT] = True  # only the second shard's text went over the limit
        (folder / INDEX).parent.mkdir()
        (folder / INDEX).write_text(json.dumps(index))
        folders.append(folder)
    site = tmp_path / "site"
    site.mkdir()
    shards._merge(folders, site, set(wijken), 2)
    assert json.loads((site / INDEX).read_text())[OVER_LIMIT] is True
    done = shrink(site)
    assert done is not None
    assert done.level == "titels"
    assert OVER_LIMIT not in json.loads((site / INDEX).read_text())
