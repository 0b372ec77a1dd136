"""The wijkkompas: the page per wijk, the gemeente's comparison, the rules, the CBS import."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner

from generator import sources
from generator.formatting import getal
from generator.model import Indicator
from generator.render import render
from generator.render.indicatoren import index, oordeel
from tests.helpers import ROOT, TODAY, edit, shared_path
from voting_app.cli import main

CSV = ("cbs", "wijken_2024.csv")


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render(sources.load(ROOT / "wijken"), TODAY)


def _indicator(beter: Literal["hoger", "lager"]) -> Indicator:
    return Indicator(
        id="x", naam="X", eenheid="%", bron="b", soort="objectief", beter=beter, domein="sociaal"
    )


def test_every_wijk_has_a_kompas_page_in_its_menu(rendered: dict[str, str]) -> None:
    gemeente = sources.load(ROOT / "wijken")
    for wijk in gemeente.wijken:
        page = rendered[f"{wijk.id}/kompas.md"]
        assert '[Wijkkompas](kompas.md){ aria-current="page" }' in page
        assert "[Wijkkompas](kompas.md)" in rendered[f"{wijk.id}/index.md"]
        assert page.count('role="img"') >= 8, wijk.id  # one chart per indicator


def test_kompas_page_shows_course_change_gemeente_and_what_is_done(
    rendered: dict[str, str],
) -> None:
    page = rendered["centrum/kompas.md"]
    assert "<script" not in page
    # An accessible chart with a title, a description and text labels, and its table.
    assert '<title id="kompas-veilig-titel">Voelt zich veilig in de buurt in Centrum' in page
    assert '<desc id="kompas-veilig-tekst">' in page
    assert ">2021</text>" in page
    assert "| Jaar | Centrum | Gemeente | Index |" in page
    # The change in words, and the gemeente beside it.
    assert "Beter dan in 2024" in page
    assert "Gemiddeld in de gemeente:" in page
    # Domains: facts beside experience, as an index.
    assert "| Domein | Feiten (objectief) | Beleving (subjectief) |" in page
    assert "| Veiligheid |" in page
    # What is being done about it: the WOP theme and the action on the agenda.
    assert "[Schoon en veilig](wop.md#thema-schoon-en-veilig)" in page
    assert "(agenda.md#actie-verlichting-stationsbuurt) (bezig)" in page
    # An indicator nothing is done about, while it is below the gemeente's base: say so.
    assert "Er staat nog niets voor op het wijkontwikkelplan" in page
    # The wijk's own indicator, and the CBS credit for the CBS figure (woningen).
    assert "Meldingen van afval naast containers" in page
    assert "CC BY 4.0 CBS/Kadaster" in page


def test_change_is_judged_by_the_indicators_direction() -> None:
    assert oordeel(_indicator("hoger"), 70, 75) == "beter"
    assert oordeel(_indicator("lager"), 70, 75) == "slechter"
    assert oordeel(_indicator("lager"), 70, 65) == "beter"
    assert oordeel(_indicator("hoger"), 70, 70.5) == "gelijk"  # within 1 percent


def test_index_is_100_at_the_base_and_higher_is_better() -> None:
    assert index(_indicator("hoger"), 50, 50) == 100
    assert index(_indicator("hoger"), 55, 50) == pytest.approx(110)
    assert index(_indicator("lager"), 45, 50) == pytest.approx(110)


def test_gemeente_value_is_the_mean_weighted_by_inhabitants(rendered: dict[str, str]) -> None:
    gemeente = sources.load(ROOT / "wijken")
    pairs = [
        (w.info.inwoners, w.kompas.waarden()["veilig"][2025])
        for w in gemeente.wijken
        if w.kompas is not None
    ]
    weighted = sum(n * v for n, v in pairs) / sum(n for n, _ in pairs)
    plain_mean = sum(v for _, v in pairs) / len(pairs)
    assert round(weighted) != round(plain_mean) or abs(weighted - plain_mean) > 0.01
    assert f"Gemiddeld in de gemeente: {getal(round(weighted))}." in rendered["centrum/kompas.md"]


def test_gemeente_page_compares_the_wijken(rendered: dict[str, str]) -> None:
    page = rendered["kompas.md"]
    assert "# Wijkkompas: de wijken vergeleken" in page
    assert "### Voelt zich veilig in de buurt (2025)" in page
    assert "| [Centrum](centrum/kompas.md#indicator-veilig) |" in page
    assert page.count("| **Gemeente** |") >= 9
    assert "CC BY 4.0 CBS/Kadaster" in page
    assert "[Wijkkompas: alle wijken vergeleken](kompas.md)" in rendered["index.md"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      veilig: 78\n", "      veilg: 78\n", "Onbekende indicator 'veilg'"),
        ("  - jaar: 2022\n", "  - jaar: 2021\n", "Het jaar 2021 staat twee keer onder jaren"),
        ("      rapportcijfer: 7.1\n", '      rapportcijfer: "7,1"\n', "'7,1' is geen getal"),
    ],
)
def test_kompas_rules_name_file_and_line_in_dutch(
    wijken_dir: Path, old: str, new: str, message: str
) -> None:
    line = edit(wijken_dir / "centrum" / "kompas.yaml", old, new)
    errors = [str(e) for e in sources.check(wijken_dir)]
    assert any(f"centrum/kompas.yaml:{line}:" in e and message in e for e in errors), errors


def test_a_link_to_an_unknown_indicator_is_an_error(wijken_dir: Path) -> None:
    line = edit(wijken_dir / "centrum" / "wop.yaml", "[contact-buren]", "[contactburen]")
    errors = [str(e) for e in sources.check(wijken_dir)]
    expected = f"centrum/wop.yaml:{line}: themas[2].kompas[1]: Onbekende indicator"
    assert any(expected in e and "Bedoelt u 'contact-buren'?" in e for e in errors), errors


def test_kompas_file_is_optional(wijken_dir: Path) -> None:
    (wijken_dir / "molenwijk" / "kompas.yaml").unlink()
    files = render(sources.load(wijken_dir), TODAY)
    assert "Voor deze wijk zijn nog geen cijfers bekend." in files["molenwijk/kompas.md"]
    assert "| Molenwijk | – | | |" in files["kompas.md"]


def test_import_writes_cbs_figures_and_keeps_what_people_wrote(
    wijken_dir: Path, runner: CliRunner
) -> None:
    csv = shared_path(*CSV)
    # Map two example wijken on real Almelo codes: Binnenstad and De Riet.
    for wijk, code in (("beekvliet", "WK014110"), ("molenwijk", "WK014111")):
        edit(
            wijken_dir / wijk / "wijk.yaml",
            "\ninwoners:",
            f"\ncbs: {{code: {code}, jaar: 2024}}\ninwoners:",
        )
    kompas = wijken_dir / "beekvliet" / "kompas.yaml"
    edit(kompas, "  - jaar: 2024\n", "  # cijfers van de burgerpeiling\n  - jaar: 2024\n")
    _drop(kompas, 2024, "woningen")  # from now on the CBS figure
    before = kompas.read_text()
    (wijken_dir / "molenwijk" / "kompas.yaml").unlink()  # the import creates the file

    result = runner.invoke(main, ["kompas-import", str(csv), "--sources", str(wijken_dir)])
    assert result.exit_code == 0, result.output
    assert "2 kompas files updated for 2024." in result.output
    after = kompas.read_text()
    assert after.startswith(before), "the part people wrote, comments too, stays as it was"
    assert "  # cijfers van de burgerpeiling\n" in after
    gemeente = sources.load(wijken_dir)
    wijken = {w.id: w for w in gemeente.wijken}
    assert wijken["beekvliet"].kompas is not None
    assert wijken["beekvliet"].kompas.waarden()["woningen"][2024] == 3531  # woningvoorraad
    assert wijken["molenwijk"].kompas is not None
    assert wijken["molenwijk"].kompas.waarden()["woningen"] == {2024: 3619}

    again = runner.invoke(main, ["kompas-import", str(csv), "--sources", str(wijken_dir)])
    assert again.exit_code == 0, again.output
    assert kompas.read_text() == after, "importing twice changes nothing"
    page = render(gemeente, TODAY)["beekvliet/kompas.md"]
    assert "| 2024 | 3.531 |" in page
    assert "CC BY 4.0 CBS/Kadaster" in page


def test_import_leaves_a_hand_written_value_alone(wijken_dir: Path, runner: CliRunner) -> None:
    csv = shared_path(*CSV)
    edit(
        wijken_dir / "centrum" / "wijk.yaml",
        "\ninwoners:",
        "\ncbs: {code: WK014110, jaar: 2024}\ninwoners:",
    )
    before = (wijken_dir / "centrum" / "kompas.yaml").read_text()
    result = runner.invoke(main, ["kompas-import", str(csv), "--sources", str(wijken_dir)])
    assert result.exit_code == 0, result.output
    assert (
        "centrum: woningen van 2024 staat al onder jaren; die waarde blijft staan" in result.output
    )
    assert (wijken_dir / "centrum" / "kompas.yaml").read_text() == before


def _drop(path: Path, jaar: int, key: str) -> None:
    """Remove the line of ``key`` in the block of ``jaar``."""
    lines = path.read_text().splitlines(keepends=True)
    start = lines.index(f"  - jaar: {jaar}\n")
    at = next(i for i in range(start, len(lines)) if lines[i].strip().startswith(f"{key}:"))
    del lines[at]
    path.write_text("".join(lines))
