"""Agenda promises that stay true: why and which decision, where to report, when to rebuild."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import sources
from generator.render import facts, render
from tests.helpers import ROOT, TODAY, edit
from voting_app.cli import main

RESULT = """\
ronde: bewonersbudget-2026
titel: Bewonersbudget Beekvliet 2026
vastgesteld: 2026-12-18
telmethode: mes
gelijke_stand: De loting beslist
bedrag: 50000
stemcodes: 100
stemmen: 40
gekozen_kosten: 0
voorstellen:
  - id: "7"
    titel: Een pannaveld bij de school
    omschrijving: Een klein voetbalveld met hekken.
    antwoord: ooit
    voorwaarden: Als de school het veld na schooltijd openstelt.
    uitsluitsel: 2027-02-01
"""


def _errors(wijken_dir: Path, runner: CliRunner) -> list[str]:
    result = runner.invoke(main, ["check", "--sources", str(wijken_dir)])
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if ".yaml:" in line]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (
            "    waarom: Auto's rijden te hard langs de school. Bij metingen reed een op de drie "
            "auto's harder dan 30 km per uur.\n",
            "waarom",
        ),
        ("    besluit: {kenmerk: RV-2026-031, datum: 2026-03-17}\n", "besluit"),
    ],
)
def test_an_action_without_need_or_decision_is_refused_with_file_and_line(
    wijken_dir: Path, runner: CliRunner, line: str, field: str
) -> None:
    path = wijken_dir / "beekvliet/agenda.yaml"
    at = edit(path, "  - id: drempels-school\n", "  - id: drempels-school\n")
    edit(path, line, "")
    errors = _errors(wijken_dir, runner)
    assert any(
        e.endswith(
            f"agenda.yaml:{at}: acties[2].{field}: Het veld {field!r} ontbreekt. Voeg het toe."
        )
        for e in errors
    ), errors


def test_a_decision_needs_its_date(wijken_dir: Path, runner: CliRunner) -> None:
    path = wijken_dir / "beekvliet/agenda.yaml"
    at = edit(path, "{kenmerk: RV-2026-031, datum: 2026-03-17}", "{kenmerk: RV-2026-031}")
    errors = _errors(wijken_dir, runner)
    said = f":{at}: acties[2].besluit.datum: Het veld 'datum' ontbreekt."
    assert any(said in e for e in errors)


def test_a_prestatieafspraak_needs_every_part(wijken_dir: Path, runner: CliRunner) -> None:
    path = wijken_dir / "noorderpark/agenda.yaml"
    at = edit(path, "  - wat: Vocht en schimmel", "  - wat: Vocht en schimmel")
    edit(path, "    hoe: De woningcorporatie komt", "    toelichting: De woningcorporatie komt")
    errors = _errors(wijken_dir, runner)
    assert any(
        f"noorderpark/agenda.yaml:{at}: afspraken[1].hoe: Het veld 'hoe' ontbreekt." in e
        for e in errors
    ), errors


def test_agenda_shows_why_decision_and_agreements() -> None:
    pages = render(sources.load(ROOT / "wijken"), TODAY)
    agenda = pages["beekvliet/agenda.md"]
    assert "<strong>Waarom:</strong> Auto's rijden te hard langs de school." in agenda
    assert "- **Besluit:** RV\\-2026\\-031 van 17 maart 2026" in agenda
    noorderpark = pages["noorderpark/agenda.md"]
    assert "## Afspraken tussen partners" in noorderpark
    assert "- **Door wie:** Woonstichting Thuis aan de Dijk, Sociaal Wijkteam Dijkstede" in (
        noorderpark
    )
    assert "<strong>Hoe:</strong> De woningcorporatie komt binnen 4 weken kijken" in noorderpark


def test_contact_page_says_where_to_report_and_how_fast() -> None:
    contact = render(sources.load(ROOT / "wijken"), TODAY)["centrum/contact.md"]
    straat = contact.split("## Straat, stoep, groen en afval", 1)[1].split("## ", 1)[0]
    assert "[meld het op internet](https://www.dijkstede.example/melden)" in straat
    assert "bel [14 0999](tel:140999)" in straat
    assert "stuur een brief naar Gemeente Dijkstede, Postbus 100" in straat
    assert "- **Afgehandeld binnen:** 5 werkdagen" in straat


def test_a_topic_without_channel_or_term_is_refused(wijken_dir: Path, runner: CliRunner) -> None:
    path = wijken_dir / "beekvliet/wijk.yaml"
    at = edit(path, "  - onderwerp: Overlast\n", "  - onderwerp: Overlast\n")
    edit(path, "    afhandeling: 5 werkdagen\n", "")
    zorg = (
        '    melden:\n      telefoon: "0999 345 600"\n      email: wijkteam@dijkstede.example\n'
        "      post: Wijkteam Dijkstede, Postbus 100, 9999 AA Dijkstede\n"
    )
    edit(path, zorg, "    melden: {}\n")
    errors = _errors(wijken_dir, runner)
    assert any(f"beekvliet/wijk.yaml:{at}: loket[1].afhandeling:" in e for e in errors), errors
    assert any(
        "loket[2].melden: Vul minstens één van website, telefoon, email of post in." in e
        for e in errors
    ), errors


def test_every_page_says_when_it_was_built() -> None:
    pages = render(sources.load(ROOT / "wijken"), dt.date(2026, 12, 1))
    md = [rel for rel in pages if rel.endswith(".md") and not rel.split("/")[-1].startswith("_")]
    assert md
    for rel in md:
        assert pages[rel].endswith('<p class="bijgewerkt">Bijgewerkt op 1 december 2026</p>\n'), rel


def test_next_rebuild_is_the_day_a_flag_changes(wijken_dir: Path) -> None:
    edit(wijken_dir / "beekvliet/agenda.yaml", "wanneer: 2027-04-30", "wanneer: 2026-11-22")
    gemeente = sources.load(wijken_dir)
    day, why = facts.volgende_wijziging(gemeente, TODAY) or (None, ())
    assert day == dt.date(2026, 11, 23)
    assert "Beekvliet: afspraak 'Bloemenstroken langs de beek (bijenlint)' is te laat" in why
    before = render(gemeente, dt.date(2026, 11, 22))["beekvliet/agenda.md"]
    after = render(gemeente, dt.date(2026, 11, 23))["beekvliet/agenda.md"]
    assert before.count('!!! danger "Te laat"') + 1 == after.count('!!! danger "Te laat"')


def test_next_rebuild_follows_a_stemronde_phase() -> None:
    gemeente = sources.load(ROOT / "wijken")
    day, why = facts.volgende_wijziging(gemeente, dt.date(2026, 12, 13)) or (None, ())
    assert day == dt.date(2026, 12, 14)
    assert any(
        "stemronde 'Bewonersbudget Beekvliet 2026' gaat naar de fase tellen" in w for w in why
    )


def test_build_prints_when_to_build_again(project: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--root", str(project), "--today", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert (
        "Bouw de site opnieuw op 27 november 2026 (dan verandert: Centrum: overleg "
        "'Bewonersavond over de markt' is voorbij)." in result.output
    )
    page = (project / "site_src/docs/wijken/centrum/agenda.md").read_text()
    assert "Bijgewerkt op 21 november 2026" in page


def test_a_request_without_asker_is_a_whole_sentence(wijken_dir: Path) -> None:
    path = wijken_dir / "beekvliet/agenda.yaml"
    edit(path, "  - id: zebrapad\n", "  - id: zebrapad\n    ingediend: 2026-01-20\n")
    agenda = render(sources.load(wijken_dir), TODAY)["beekvliet/agenda.md"]
    assert "Deze vraag is gesteld op 20 januari 2026." in agenda
    assert "\nop 20 januari 2026." not in agenda
    centrum = render(sources.load(ROOT / "wijken"), TODAY)["centrum/agenda.md"]
    assert "Deze vraag is gesteld door Ondernemersvereniging Centrum op 12 juni 2026." in centrum


def test_an_ooit_answer_from_a_stemronde_is_on_the_agenda_and_goes_late(wijken_dir: Path) -> None:
    folder = wijken_dir / "beekvliet/stemrondes"
    folder.mkdir()
    (folder / "bewonersbudget-2026.yaml").write_text(RESULT)
    gemeente = sources.load(wijken_dir)
    on_time = render(gemeente, dt.date(2026, 12, 20))["beekvliet/agenda.md"]
    ooit = on_time.split("### Ooit", 1)[1]
    assert "#### Een pannaveld bij de school { #voorstel-bewonersbudget-2026-7 }" in ooit
    assert "[Bewonersbudget Beekvliet 2026](bewonersbudget-2026.md)" in ooit
    assert "Voorwaarden: Als de school het veld na schooltijd openstelt\\." in ooit
    assert "U krijgt uiterlijk op 1 februari 2027 een definitief antwoord." in ooit
    assert "Antwoord te laat" not in on_time
    late = render(gemeente, dt.date(2027, 2, 2))["beekvliet/agenda.md"]
    assert 'Antwoord te laat"\n\n    U zou op 1 februari 2027 een definitief antwoord' in late
    day, why = facts.volgende_wijziging(gemeente, dt.date(2027, 1, 31)) or (None, ())
    assert day == dt.date(2027, 2, 2)
    assert "Beekvliet: antwoord op 'Een pannaveld bij de school' is te laat" in why
