"""Choosing the engine that makes the HTML: Zensical refuses broken links as MkDocs does,
a missing or unknown engine is explained, and both read the public address from one place.

The full comparison of the two engines' pages is in test_site.py, on its shared builds.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import linkcheck
from tests.helpers import ROOT, edit
from voting_app.cli import main


def _build(root: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), *options])
    return result.exit_code, result.output


def _old_site(root: Path) -> Path:
    """A previously published site, to see that a failed build leaves it alone."""
    page = root / "site" / "index.html"
    page.parent.mkdir()
    page.write_text("de vorige site")
    return page


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """One wijk and one hand-written page, with Zensical named in mkdocs.yml: it builds in
    about half the time of the example."""
    root = tmp_path / "klein"
    (root / "site_src/docs").mkdir(parents=True)
    (root / "wijken").mkdir()
    shutil.copy(ROOT / "wijken/gemeente.yaml", root / "wijken")
    shutil.copytree(ROOT / "wijken/huisstijl", root / "wijken/huisstijl")  # its logo
    shutil.copytree(ROOT / "wijken/molenwijk", root / "wijken/molenwijk")
    (root / "mkdocs.yml").write_text(
        "site_name: Klein\ndocs_dir: site_src/docs\nstrict: true\ntheme:\n  name: material\n"
        "exclude_docs: |\n  wijken/_*.md\nextra:\n  wijkwerk:\n    engine: zensical\n"
    )
    (root / "site_src/docs/index.md").write_text(
        "# Wijken\n\nDe wijken staan [hier](wijken/index.md).\n"
    )
    return root


@pytest.mark.slow
def test_a_broken_link_stops_a_zensical_build(small: Path) -> None:
    old = _old_site(small)
    page = small / "site_src/docs/index.md"
    links = "Lees [de regels](bestaat-niet.md) en [de agenda](wijken/index.md#nergens)."
    page.write_text(page.read_text() + f"\n{links}\n")
    code, output = _build(small)
    assert code == 1, output
    where = "site_src/docs/index.md:5"
    assert f"{where}: de link gaat naar een pagina die niet bestaat: bestaat-niet.md" in output
    assert f"{where}: de link gaat naar een plek die niet op de pagina staat: #nergens" in output
    assert "De site is niet gebouwd: 2 kapotte links; er is niets gepubliceerd." in output
    assert old.read_text() == "de vorige site"
    assert sorted(p.name for p in small.iterdir() if p.name.startswith(".site")) == []


def test_links_zensical_leaves_unchecked_are_found(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "wijken/centrum").mkdir(parents=True)
    (site / "wijken/centrum/index.html").write_text("centrum")
    (site / "logo.svg").write_text("<svg/>")
    (site / "index.html").write_text(
        '<a href="wijken/centrum/">ok</a> <a href="wijken/centrum/#agenda">ok</a>'
        ' <a href="mailto:wijk@dijkstede.example">ok</a> <a href="/stemmen/">app</a>'
        ' <a href="#top">ok</a> <img alt="" src="logo.svg"> <a class="x" href="wijken/nergens/">'
        'kapot</a> <img alt="" src="foto.jpg"> <a href="../buiten.html">buiten de site</a>'
    )
    broken = linkcheck.broken(site)
    assert broken == [("/", "wijken/nergens/"), ("/", "foto.jpg"), ("/", "../buiten.html")]


def test_a_missing_engine_is_explained_before_any_work(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "zensical", None)  # as if it were not installed
    code, output = _build(project, "--engine", "zensical")
    assert code == 1
    assert "Zensical is niet geïnstalleerd. Installeer het met: pip install -e '.[zensical]'" in (
        output
    )
    assert not (project / "site_src/docs/wijken").exists()  # nothing generated first


def test_an_unknown_engine_in_mkdocs_yml_is_explained(project: Path) -> None:
    edit(project / "mkdocs.yml", "    engine: mkdocs", "    engine: hugo")
    code, output = _build(project)
    assert code == 1
    assert "mkdocs.yml: extra.wijkwerk.engine: onbekende engine 'hugo'" in output
    assert "Kies mkdocs of zensical." in output


def test_both_engines_take_the_public_address_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WIJKWERK_PUBLIC_URL, which the letters use, is the site's site_url too."""
    from mkdocs.config import load_config
    from zensical.config import parse_mkdocs_config

    monkeypatch.setenv("WIJKWERK_PUBLIC_URL", "https://wijken.gemeente.example/")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://wijken.gemeente.example/"
    zensical = parse_mkdocs_config(str(ROOT / "mkdocs.yml"))
    assert zensical["site_url"] == "https://wijken.gemeente.example/"
    monkeypatch.delenv("WIJKWERK_PUBLIC_URL")
    assert load_config(str(ROOT / "mkdocs.yml")).site_url == "https://wijken.dijkstede.example/"
