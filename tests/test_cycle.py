"""The meeting cycle (warnings, the table on the overleg page) and the calendar feed."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from generator import sources
from generator.render import render
from tests.helpers import ROOT, TODAY, edit
from voting_app.cli import main

DOMAIN = "@wijken.dijkstede.example"


def _events(wijken: Path, wijk: str) -> dict[str, icalendar.cal.Component]:
    feed = render(sources.load(wijken), TODAY)[f"{wijk}/{wijk}.ics"]
    calendar = icalendar.Calendar.from_ical(feed)
    events = list(calendar.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids), "every meeting has its own UID"
    return {str(e["UID"]): e for e in events}


def test_the_example_plans_the_whole_cycle(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "--sources", str(ROOT / "wijken")])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 7 wijken, geen problemen gevonden.\n"  # and no "let op"


def test_check_warns_about_too_few_meetings_and_still_passes(
    wijken_dir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    wijk = wijken_dir / "zuiderveld" / "wijk.yaml"
    for day in ("2026-03-19", "2026-09-24"):  # both wijkoverleggen of 2026 do not go ahead
        edit(wijk, f"datum: {day}\n", f"datum: {day}\n    geannuleerd: true\n")
    line = wijk.read_text().splitlines().index("overleggen:") + 1  # the meetings list
    monkeypatch.chdir(wijken_dir.parent)  # as staff run it, from the project folder
    result = runner.invoke(main, ["check", "--sources", "wijken"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"let op: wijken/zuiderveld/wijk.yaml:{line}: overleggen: Wijkoverleg (wijkoverleg): "
        "nog niet gepland in 2026. De overlegcyclus in gemeente.yaml vraagt 2 keer per jaar.",
        "OK: 7 wijken, geen problemen gevonden; 1 waarschuwing.",
    ]


def test_a_cancelled_meeting_does_not_count(wijken_dir: Path) -> None:
    wijk = wijken_dir / "centrum" / "wijk.yaml"
    edit(
        wijk,
        "  - soort: wijkoverleg\n    datum: 2026-05-12\n",
        "  - soort: wijkoverleg\n    geannuleerd: true\n    datum: 2026-05-12\n",
    )
    _, warnings = sources.load_with_warnings(wijken_dir)
    assert [str(w).split(": ", 1)[1] for w in warnings if "centrum" in str(w.path)] == [
        "overleggen: Wijkoverleg (wijkoverleg): 1 keer gepland in 2026. De overlegcyclus in "
        "gemeente.yaml vraagt 2 keer per jaar."
    ]


def test_overleg_page_shows_the_cycle_with_next_dates() -> None:
    files = render(sources.load(ROOT / "wijken"), TODAY)
    page = files["centrum/overleg.md"]
    assert "| Overleg | Met wie | Hoe vaak | Volgende keer |" in page
    assert (
        "| Wijkoverleg | De wijkwethouder en bewoners | 2 keer per jaar | 8 december 2026 |" in page
    )
    assert "| Vertel het de raad | De gemeenteraad | 1 keer per 3 jaar | 2 december 2026 |" in page
    # A cancelled meeting is never 'next', and shows it does not go ahead.
    assert "Gaat niet door: Bewonersavond over de markt" in page
    assert (
        "| Het college op bezoek | Burgemeester en wethouders | 1 keer per 3 jaar "
        "| Nog niet gepland |" in page
    )
    assert "(webcal://wijken.dijkstede.example/wijken/centrum/centrum.ics)" in page


def test_uids_are_stable_when_a_meeting_is_added(wijken_dir: Path) -> None:
    before = _events(wijken_dir, "centrum")
    assert all(uid.endswith(DOMAIN) for uid in before)
    edit(
        wijken_dir / "centrum" / "wijk.yaml",
        "overleggen:\n",
        'overleggen:\n  - soort: wijkschouw\n    datum: 2026-01-05\n    van: "10:00"\n'
        "    plaats: Markt\n",
    )
    after = _events(wijken_dir, "centrum")
    assert set(before) < set(after)
    assert len(after) == len(before) + 1


def test_an_id_keeps_the_uid_when_the_date_moves(wijken_dir: Path) -> None:
    uid = f"overleg-centrum-vertel-het-de-raad-2026{DOMAIN}"
    assert uid in _events(wijken_dir, "centrum")
    edit(wijken_dir / "centrum" / "wijk.yaml", "datum: 2026-12-02", "datum: 2026-12-09")
    event = _events(wijken_dir, "centrum")[uid]
    assert event.decoded("DTSTART").day == 9


def test_version_and_cancellation_reach_the_calendar(wijken_dir: Path) -> None:
    events = _events(wijken_dir, "centrum")
    raad = events[f"overleg-centrum-vertel-het-de-raad-2026{DOMAIN}"]
    assert raad.decoded("SEQUENCE") == 1
    assert str(raad["STATUS"]) == "CONFIRMED"
    cancelled = events[f"overleg-centrum-bewonersavond-20261126-1930{DOMAIN}"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") == 0


def test_two_meetings_with_the_same_key_are_an_error(wijken_dir: Path) -> None:
    line = edit(
        wijken_dir / "centrum" / "wijk.yaml",
        "overleggen:\n",
        'overleggen:\n  - soort: wijkoverleg\n    datum: 2026-12-08\n    van: "19:30"\n'
        "    plaats: Elders\n",
    )
    errors = [str(e) for e in sources.check(wijken_dir)]
    assert any("centrum/wijk.yaml:" in e and "Geef een van beide een id." in e for e in errors), (
        errors
    )
    assert line > 0
