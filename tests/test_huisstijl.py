"""The gemeente's own look: colours, tokens and logo from gemeente.yaml, checked for contrast."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator import sources
from generator.model import contrast
from generator.render.huisstijl import css
from tests.helpers import edit


def _problems(wijken: Path) -> list[str]:
    return [str(e) for e in sources.check(wijken)]


def test_contrast_follows_wcag_21() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    assert contrast("#ffffff", "#1b4f72") == contrast("#1b4f72", "#ffffff")


def test_the_example_keeps_todays_colours() -> None:
    from tests.helpers import ROOT

    gemeente = sources.load(ROOT / "wijken")
    assert gemeente.palet.primair == "#1b4f72"
    assert "--md-primary-fg-color: #1b4f72;" in css(gemeente)
    assert "--md-typeset-a-color: #1b4f72;" in css(gemeente)


def test_too_little_contrast_is_refused_with_both_colours(wijken_dir: Path) -> None:
    edit(wijken_dir / "gemeente.yaml", 'link: "#1b4f72"', 'link: "#777777"')
    [problem] = _problems(wijken_dir)
    line = next(
        i
        for i, text in enumerate((wijken_dir / "gemeente.yaml").read_text().splitlines(), 1)
        if "#777777" in text
    )
    assert f"gemeente.yaml:{line}: huisstijl.kleuren.link: " in problem
    assert (
        "De linkkleur #777777 op de achtergrond #ffffff heeft een contrast van 4,48:1; "
        "nodig is minstens 4,5:1." in problem
    )


def test_a_dark_background_needs_light_text(wijken_dir: Path) -> None:
    edit(wijken_dir / "gemeente.yaml", 'achtergrond: "#ffffff"', 'achtergrond: "#222222"')
    found = "\n".join(_problems(wijken_dir))
    assert "De tekstkleur #1a1a1a op de achtergrond #222222" in found
    assert "huisstijl.kleuren.tekst: " in found  # at the front colour, which staff wrote


def test_colours_come_from_nl_design_system_tokens(wijken_dir: Path) -> None:
    tokens = {
        "utrecht": {
            "color": {"rood": {"value": "#a4161a"}},
            "page-header": {"background-color": {"value": "{utrecht.color.rood}"}},
            "link": {"color": {"$value": "#5c0c0e"}},
        }
    }
    (wijken_dir / "huisstijl/tokens.json").write_text(json.dumps(tokens, indent=2))
    text = (wijken_dir / "gemeente.yaml").read_text()
    text = re.sub(r"  kleuren:\n(    .*\n)+", "  tokens: huisstijl/tokens.json\n", text)
    (wijken_dir / "gemeente.yaml").write_text(text)
    gemeente = sources.load(wijken_dir)
    assert gemeente.palet.primair == "#a4161a"  # followed the reference
    assert gemeente.palet.link == "#5c0c0e"
    assert gemeente.palet.tekst == "#1a1a1a"  # not in the file: the default
    assert "--md-primary-fg-color: #a4161a;" in css(gemeente)
    tokens["utrecht"]["link"]["color"]["$value"] = "#aaaaaa"
    (wijken_dir / "huisstijl/tokens.json").write_text(json.dumps(tokens, indent=2))
    [problem] = _problems(wijken_dir)
    assert problem.startswith(f"{wijken_dir / 'huisstijl/tokens.json'}:")
    assert "utrecht.link.color: De linkkleur #aaaaaa" in problem


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<image x:href="https://tracker.example/x.png"/></svg>',
    ],
)
def test_a_logo_that_can_run_something_is_refused(wijken_dir: Path, svg: str) -> None:
    (wijken_dir / "huisstijl/logo.svg").write_text(svg)
    [problem] = _problems(wijken_dir)
    assert "huisstijl/logo.svg: Het logo bevat" in problem


def test_a_logo_needs_its_text(wijken_dir: Path) -> None:
    edit(wijken_dir / "gemeente.yaml", "  logo_alt: Logo van de gemeente Dijkstede\n", "")
    [problem] = _problems(wijken_dir)
    assert "huisstijl.logo_alt: Schrijf bij logo_alt wat er op het logo staat" in problem


def test_the_app_uses_the_same_colours_and_unique_ids(client, staff, project: Path) -> None:
    """The app's pages carry the huisstijl; the stemronde's page for staff, with several
    forms, keeps every id unique (WCAG 4.1.1: the CSRF field of each form has none)."""
    edit(project / "wijken/gemeente.yaml", 'primair: "#1b4f72"', 'primair: "#004d40"')
    page = client.get("/stemmen/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/stemmen/huisstijl.css">' in page
    assert "Gemeente Dijkstede" in page  # the huisstijl's name in the footer
    sheet = client.get("/stemmen/huisstijl.css")
    assert sheet.mimetype == "text/css"
    assert "--wijkwerk-primair: #004d40;" in sheet.get_data(as_text=True)
    staff.create("anouk", "wijkmanager", ("beekvliet",))
    staff.login("anouk")
    page = client.get("/beheer/beekvliet/bewonersbudget-2026/").get_data(as_text=True)
    assert page.count("<form") >= 3
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
