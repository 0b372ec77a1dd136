"""One account per wijk: every euro once, lines never overdrawn, spelregels enforced, reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from generator import sources
from generator.model.rekening import boekingen, regeling, rekening
from generator.render import render
from tests.helpers import ROOT, TODAY, edit
from voting_app.cli import main


def _line_of(path: Path, text: str) -> int:
    content = path.read_text()
    return content.count("\n", 0, content.index(text)) + 1


def _errors(wijken: Path) -> list[str]:
    return [str(e) for e in sources.check(wijken)]


def test_every_euro_of_every_line_is_accounted_for_exactly_once() -> None:
    g = sources.load(ROOT / "wijken")
    for w in g.wijken:
        b = w.budget
        lines = rekening(b, w.uitslagen, w.toekenningen)
        assert sum(li.begroot for li in lines) == b.totaal, w.id
        for li in lines:
            assert li.toegekend + li.besteed + li.vrij == li.begroot
            assert li.vrij >= 0, (w.id, li.post)
        booked = [x for li in lines for x in li.boekingen]
        assert sorted(booked, key=repr) == sorted(
            boekingen(b, w.uitslagen, w.toekenningen), key=repr
        )
        # Every source of spending, counted on its own, adds up to what the account booked.
        results = {u.ronde: u for u in w.uitslagen}
        expected = sum(u.bedrag for u in b.uitgaven)
        expected += sum(
            results[r.id].gekozen_kosten if r.id in results else r.bedrag for r in b.stemrondes
        )
        expected += sum(t.bedrag or 0 for t in w.toekenningen if t.status != "afgewezen")
        expected += sum(gb.bedrag for gb in b.groepsbudgetten)
        assert sum(x.bedrag for x in booked) == expected, w.id
        # ... and each of them appears once: no uitgave, grant or group spending twice.
        for u in b.uitgaven:
            assert sum(x.herkomst == "uitgave" and x.wat == u.wat for x in booked) == 1
        for t in w.toekenningen:
            assert sum(x.ref == t.nummer for x in booked) == (t.status != "afgewezen")


def test_example_shows_every_door_and_a_line_close_to_its_limit() -> None:
    g = sources.load(ROOT / "wijken")
    statuses = {t.status for w in g.wijken for t in w.toekenningen}
    assert statuses == {"toegekend", "afgewezen", "uitbetaald", "verantwoord"}
    assert any(w.budget.groepsbudgetten for w in g.wijken)
    assert all(regeling(g.info, w.budget) is not None for w in g.wijken)
    lines = [li for w in g.wijken for li in rekening(w.budget, w.uitslagen, w.toekenningen)]
    assert any(0 <= li.vrij * 10 < li.begroot for li in lines)


def test_the_csv_for_finance_adds_up_to_the_budgets() -> None:
    g = sources.load(ROOT / "wijken")
    files = render(g, TODAY)
    rows = list(csv.DictReader(io.StringIO(files["jaarverslag.csv"]), delimiter=";"))
    assert sum(int(r["begroot"]) for r in rows) == sum(w.budget.totaal for w in g.wijken)
    for r in rows:
        assert int(r["toegekend"]) + int(r["besteed"]) + int(r["vrij"]) == int(r["begroot"])
    bookings = list(csv.DictReader(io.StringIO(files["boekingen.csv"]), delimiter=";"))
    spent = sum(int(r["toegekend"]) + int(r["besteed"]) for r in rows)
    assert sum(int(b["bedrag"]) for b in bookings) == spent


def test_check_refuses_a_line_granted_beyond_its_amount(
    wijken_dir: Path, runner: CliRunner
) -> None:
    budget = wijken_dir / "de-vlinderhof/budget.yaml"
    edit(budget, "bedrag: 11800", "bedrag: 12000")  # 150 free; this asks 200 more
    line = _line_of(budget, "bedrag: 15000")
    result = runner.invoke(main, ["check", "--sources", str(wijken_dir)])
    assert result.exit_code == 1
    said = f"de-vlinderhof/budget.yaml:{line}: bronnen[1].bedrag: Uit de post 'leefbaarheid'"
    assert said in result.output
    assert "is meer uitgegeven of toegekend" in result.output
    assert "stimuleringsregeling € 3.050" in result.output


def test_a_grant_in_the_app_file_counts_against_the_line(wijken_dir: Path) -> None:
    grants = wijken_dir / "de-vlinderhof/toekenningen.yaml"
    edit(grants, "gevraagd: 400", "gevraagd: 1400")
    edit(grants, "bedrag: 400", "bedrag: 1400")
    errors = _errors(wijken_dir)
    assert any("de-vlinderhof/budget.yaml" in e and "'leefbaarheid'" in e for e in errors)


def test_grants_only_from_a_line_whose_spelregels_allow_them(wijken_dir: Path) -> None:
    gemeente = wijken_dir / "gemeente.yaml"
    edit(gemeente, "subsidie: true", "subsidie: false")  # the first: leefbaarheid
    errors = _errors(wijken_dir)
    line = _line_of(gemeente, "  post: leefbaarheid")
    assert any(
        f"gemeente.yaml:{line}: stimuleringsregeling.post" in e and "geen subsidie toe" in e
        for e in errors
    )


def test_the_maximum_per_application_follows_the_spelregels(wijken_dir: Path) -> None:
    edit(wijken_dir / "gemeente.yaml", "max_bedrag: 1500", "max_bedrag: 3000")
    errors = _errors(wijken_dir)
    assert any("stimuleringsregeling.max_bedrag" in e and "€ 2.500" in e for e in errors)
    grants = wijken_dir / "de-vlinderhof/toekenningen.yaml"
    edit(wijken_dir / "gemeente.yaml", "max_bedrag: 3000", "max_bedrag: 1000")
    errors = _errors(wijken_dir)
    assert any(f"{grants.name}" in e and "toekenningen[1].bedrag" in e for e in errors)


def test_group_budgets_belong_to_a_residents_group_and_stay_within(wijken_dir: Path) -> None:
    budget = wijken_dir / "centrum/budget.yaml"
    edit(budget, "groep: bewoners-binnenstad", "groep: ondernemers-centrum")
    edit(budget, "bedrag: 850", "bedrag: 8500")
    errors = _errors(wijken_dir)
    assert any("groepsbudgetten[1].groep" in e and "Alleen een bewonersgroep" in e for e in errors)
    said = "meer dan het budget van de groep"
    assert any("groepsbudgetten[1].uitgaven" in e and said in e for e in errors)


def test_a_stemronde_says_which_line_pays(wijken_dir: Path) -> None:
    edit(wijken_dir / "beekvliet/budget.yaml", "    post: bewonersinitiatieven\n", "")
    assert any("stemrondes[1].post" in e for e in _errors(wijken_dir))


def test_pages_show_the_account_the_regeling_and_the_groups() -> None:
    files = render(sources.load(ROOT / "wijken"), TODAY)
    page = files["de-vlinderhof/verantwoording.md"]
    assert "| Leefbaarheidsbudget | € 15.000 | € 12.200 | € 2.650 | € 150 |" in page
    assert '!!! warning "Bijna op"' in page
    assert "na 49 dagen (te laat)" in page
    assert "Reden: Het geld is voor iets dat de hele wijk gebruikt" in page
    budget = files["centrum/budget.md"]
    assert "## Budgetten van bewonersgroepen" in budget
    assert "Besteed: € 1.850. Nog te besteden: € 4.150." in budget
    assert "[Vraag geld aan](/aanvragen/centrum/)" in budget
    assert "Bewoners en groepen kunnen hieruit niet zelf geld aanvragen." in budget
    report = files["jaarverslag.md"]
    assert "| De Vlinderhof | 4 | 3 | 1 | € 3.050 | 3 van 4 |" in report
    assert "| Beekvliet | Bewonersbudget Beekvliet 2026 | € 50.000 | | | nog open |" in report


def test_hostile_grant_text_is_shown_literally(wijken_dir: Path) -> None:
    grants = wijken_dir / "de-vlinderhof/toekenningen.yaml"
    edit(grants, "wat: Vlindertuin bij de basisschool", "wat: '<script>alert(1)</script>'")
    edit(
        grants,
        "voor_wie: Alle bewoners",
        "voor_wie: '[klik](javascript:alert(1)) **vet** | kolom { #x }'",
    )
    edit(grants, "wat: Bankje met plantenbak bij de bushalte", "wat: '=HYPERLINK(\"x\")'")
    files = render(sources.load(wijken_dir), TODAY)
    for name in ("de-vlinderhof/verantwoording.md", "de-vlinderhof/budget.md"):
        page = files[name]
        assert "<script>" not in page
        assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in page
        assert "](javascript:" not in page
        assert "\\*\\*vet\\*\\*" in page
    assert "'=HYPERLINK" in files["boekingen.csv"]
    assert ";=HYPERLINK" not in files["boekingen.csv"]
