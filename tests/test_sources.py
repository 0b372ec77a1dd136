"""Loading and checking the sources: every problem found in one run, with file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import sources
from tests.helpers import ROOT, edit
from voting_app.cli import main


def test_example_sources_are_valid() -> None:
    gemeente = sources.load(ROOT / "wijken")
    assert gemeente.info.voorbeeld is True
    assert 6 <= len(gemeente.wijken) <= 10
    assert [w.naam for w in gemeente.wijken] == sorted(w.naam for w in gemeente.wijken)


def test_example_data_shows_every_feature() -> None:
    """The example gemeente exercises what the site can show (issue: example data)."""
    g = sources.load(ROOT / "wijken")
    answers = {v.antwoord for w in g.wijken for v in w.agenda.verzoeken}
    assert answers == {"nu", "ooit", "nooit"}
    assert any(len(w.budget.bronnen) >= 3 for w in g.wijken)
    assert any(w.budget.ontschot for w in g.wijken)
    assert any(w.budget.stemrondes for w in g.wijken)
    today = dt.date(2026, 11, 21)
    assert any(a.wanneer < today and a.status != "klaar" for w in g.wijken for a in w.agenda.acties)
    soorten = {p.soort for p in g.info.partners} | {
        p.soort for w in g.wijken for p in w.info.partners
    }
    assert {"woningcorporatie", "welzijn", "politie", "bewonersgroep"} <= soorten


def test_ten_seeded_mistakes_are_all_reported(
    wijken_dir: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """`wijkwerk check` lists every seeded mistake with its file and line, and exits 1."""
    expected = {
        (
            "centrum/agenda.yaml",
            edit(wijken_dir / "centrum/agenda.yaml", "wanneer: 2026-04-30", "wanneer: 2026-13-45"),
            "acties[1].wanneer",
        ),
        (
            "centrum/agenda.yaml",
            edit(wijken_dir / "centrum/agenda.yaml", "status: bezig", "status: druk"),
            "acties[2].status",
        ),
        (
            "centrum/agenda.yaml",
            edit(wijken_dir / "centrum/agenda.yaml", "thema: groen\n", "thema: groenn\n"),
            "acties[4].thema",
        ),
        (
            "centrum/budget.yaml",
            edit(wijken_dir / "centrum/budget.yaml", "bedrag: 30000", "bedrag: -30000"),
            "bronnen[2].bedrag",
        ),
        (
            "noorderpark/wijk.yaml",
            edit(
                wijken_dir / "noorderpark/wijk.yaml", "partners: [wijkteam]", "partners: [wijkteem]"
            ),
            "loket[2].partners[1]",
        ),
        (
            "beekvliet/agenda.yaml",
            edit(
                wijken_dir / "beekvliet/agenda.yaml",
                "    wanneer: 2026-08-15",
                "    wanner: 2026-08-15",
            ),
            "acties[2].wanner",
        ),
        (
            "molenwijk/agenda.yaml",
            edit(wijken_dir / "molenwijk/agenda.yaml", "  - id: afvalpakkers", "  - id: burendag"),
            "acties[3].id",
        ),
        (
            "zuiderveld/wijk.yaml",
            edit(wijken_dir / "zuiderveld/wijk.yaml", "buurten: [", "buurten: [["),
            "",
        ),
        (
            "westerdijk/budget.yaml",
            edit(wijken_dir / "westerdijk/budget.yaml", "post: welzijn\n", "post: welzjn\n"),
            "bronnen[2].post",
        ),
        (
            "de-vlinderhof/wop.yaml",
            edit(wijken_dir / "de-vlinderhof/wop.yaml", "van: 2024", "van: twintig"),
            "van",
        ),
    }
    result = runner.invoke(main, ["check", "--sources", str(wijken_dir)])
    assert result.exit_code == 1
    reported = {_parse(line, wijken_dir) for line in result.output.splitlines() if ".yaml:" in line}
    assert expected <= reported
    for said in (
        "acties[1].wanneer: '2026-13-45' is geen datum. Schrijf een datum als 2026-12-31.",
        "acties[2].status: 'druk' kan hier niet. Kies uit: 'gepland', 'bezig', 'klaar' of",
        "acties[4].thema: Er is geen thema met de id 'groenn'. Kijk bij themas in wop.yaml.",
        "bronnen[2].bedrag: Dit moet 0 of meer zijn, niet -30000.",
        "acties[2].wanner: Het veld 'wanner' bestaat hier niet. Bedoelt u 'wanneer'?",
        "acties[2].wanneer: Het veld 'wanneer' ontbreekt. Voeg het toe.",
        "acties[3].id: Deze id staat al eerder in de lijst.",
        "Hier begint een lijst met [ die niet goed gesloten wordt.",
        "van: 'twintig' is geen heel getal. Schrijf alleen cijfers, zoals 2026.",
    ):
        assert said in result.output
    assert "er is niets gepubliceerd" in result.output


def _parse(line: str, root: Path) -> tuple[str, int, str]:
    where, rest = line.split(": ", 1)
    path, lineno = where.rsplit(":", 1)
    head, _, message = rest.partition(": ")
    field = head if message and " " not in head else ""  # a field path has no spaces
    return Path(path).resolve().relative_to(root).as_posix(), int(lineno), field


def test_check_passes_on_example(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert "7 wijken" in result.output


@pytest.mark.parametrize(
    ("answer", "missing", "field"),
    [
        ("ooit", "voorwaarden", "voorwaarden"),
        ("ooit", "uitsluitsel", "uitsluitsel"),
        ("nooit", "reden", "reden"),
    ],
)
def test_answers_keep_their_promise(
    wijken_dir: Path, answer: str, missing: str, field: str
) -> None:
    path = wijken_dir / "centrum/agenda.yaml"
    text = path.read_text()
    text += f"  - id: test-{answer}\n    vraag: Iets\n    antwoord: {answer}\n"
    if answer == "ooit":
        extra = {
            "voorwaarden": "    voorwaarden: Als het kan\n",
            "uitsluitsel": "    uitsluitsel: 2027-01-01\n",
        }
        text += "".join(v for k, v in extra.items() if k != missing)
    path.write_text(text)
    errors = sources.check(wijken_dir)
    assert any(e.field.endswith(f"].{field}") and answer.capitalize() in e.message for e in errors)


def test_times_stay_as_written(wijken_dir: Path) -> None:
    """YAML 1.1 reads 19:30 as the number 1170; we keep the time."""
    gemeente = sources.load(wijken_dir)
    centrum = next(w for w in gemeente.wijken if w.id == "centrum")
    assert centrum.info.overleggen[0].van == "19:30"


def test_missing_file_and_unknown_file(wijken_dir: Path) -> None:
    (wijken_dir / "molenwijk/wop.yaml").unlink()
    (wijken_dir / "molenwijk/agneda.yaml").write_text("jaar: 2026\n")
    errors = [str(e) for e in sources.check(wijken_dir)]
    assert any("molenwijk/wop.yaml: Het bestand ontbreekt." in e for e in errors)
    assert any("molenwijk/agneda.yaml: Dit bestand hoort niet in een wijkmap" in e for e in errors)


def test_bad_folder_names_are_refused(wijken_dir: Path) -> None:
    (wijken_dir / "Oude Haven").mkdir()
    errors = [str(e) for e in sources.check(wijken_dir)]
    assert any("Oude Haven: Deze mapnaam kan niet" in e for e in errors)


def test_budget_consistency(wijken_dir: Path) -> None:
    edit(wijken_dir / "de-vlinderhof/budget.yaml", "bedrag: 1900", "bedrag: 190000")
    errors = [str(e) for e in sources.check(wijken_dir)]
    assert any("de-vlinderhof/budget.yaml" in e and "is meer uitgegeven" in e for e in errors)
    assert any("zijn meer dan het wijkbudget (€ " in e for e in errors)


def test_unknown_field_suggests_the_right_one(wijken_dir: Path) -> None:
    edit(wijken_dir / "centrum/wijk.yaml", "inwoners:", "inwonres:")
    errors = [str(e) for e in sources.check(wijken_dir)]
    said = "inwonres: Het veld 'inwonres' bestaat hier niet. Bedoelt u 'inwoners'?"
    assert any(said in e for e in errors)


@pytest.mark.parametrize(
    ("code", "valid"),
    [("WK077701", True), ("WK0363AA", True), ("WK07770", False), ("wk077701", False)],
)
def test_cbs_codes_as_cbs_writes_them(wijken_dir: Path, code: str, valid: bool) -> None:
    """Amsterdam's wijk codes end in letters (WK0363AA); they are as real as WK077701."""
    edit(
        wijken_dir / "molenwijk/wijk.yaml",
        "inwoners: 9150",
        f"cbs: {{code: {code}, jaar: 2024}}\ninwoners: 9150",
    )
    if valid:
        sources.load(wijken_dir)
    else:
        with pytest.raises(sources.SourcesInvalid, match=r"cbs\.code"):
            sources.load(wijken_dir)
