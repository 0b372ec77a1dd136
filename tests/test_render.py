"""Rendered pages: golden files for every page type, escaping, and derived facts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import sources
from generator.render import facts, render
from generator.render.escape import plain, staff_markdown
from tests.helpers import ROOT, TODAY, edit

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("WIJKWERK_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render(sources.load(ROOT / "wijken"), TODAY)


def test_golden_files(rendered: dict[str, str]) -> None:
    """Every generated file equals its reviewed golden copy (refresh: WIJKWERK_UPDATE_GOLDEN=1)."""
    if UPDATE:
        for rel, text in rendered.items():
            path = GOLDEN / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode())
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert golden == set(rendered), "golden files differ in number; refresh and review"
    for rel, text in rendered.items():
        assert (GOLDEN / rel).read_bytes().decode() == text, f"{rel} differs from its golden file"


def test_every_page_type_is_covered(rendered: dict[str, str]) -> None:
    kinds = {rel.split("/")[-1] for rel in rendered}
    assert {
        "index.md",
        "agenda.md",
        "wop.md",
        "contact.md",
        "budget.md",
        "overleg.md",
        "budgetten.md",
        "_kies.md",
        "centrum.ics",
    } <= kinds


def test_overview_shows_progress_and_call_to_action(rendered: dict[str, str]) -> None:
    assert "4 van 7 afspraken nagekomen, 2 te laat" in rendered["centrum/index.md"]
    beekvliet = rendered["beekvliet/index.md"]
    assert "Stem mee" in beekvliet
    assert "/stemmen/beekvliet/bewonersbudget-2026/" in beekvliet


def test_overdue_and_late_answers_are_flagged(rendered: dict[str, str]) -> None:
    agenda = rendered["centrum/agenda.md"]
    assert agenda.count('!!! danger "Te laat"') == 2
    assert "Antwoord te laat" in agenda  # Ooit with uitsluitsel 1 oktober 2026
    assert "uiterlijk op 1 maart 2027 een definitief antwoord" in agenda
    assert "Deze agenda is ouder dan een half jaar" in rendered["zuiderveld/agenda.md"]


def test_wijk_pages_carry_their_own_menu_only(rendered: dict[str, str]) -> None:
    page = rendered["centrum/budget.md"]
    assert '[Wijkbudget](budget.md){ aria-current="page" }' in page
    for other in ("beekvliet", "noorderpark", "molenwijk"):
        assert other not in page


def test_ontschot_budget_is_explained(rendered: dict[str, str]) -> None:
    assert "Ontschot budget" in rendered["noorderpark/budget.md"]
    assert "Wijkbudget (ontschot)" in rendered["noorderpark/budget.md"]


def test_ical(rendered: dict[str, str]) -> None:
    ics = rendered["centrum/centrum.ics"]
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == 12
    assert "DTSTART;TZID=Europe/Amsterdam:20261208T193000" in ics
    assert "LOCATION:Buurthuis De Poort\\, Poortstraat 4" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "&lt;script&gt;",
    "**vet** _schuin_ `code` # kop",
    "\u202egnp.exe",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_plain_text_cannot_become_markup(payload: str) -> None:
    import markdown

    html = markdown.markdown(plain(payload), extensions=["pymdownx.escapeall", "attr_list"])
    assert "<script" not in html
    assert "<img" not in html
    assert "<a " not in html
    assert "<strong>" not in html
    assert "<code>" not in html


def test_staff_markdown_keeps_formatting_but_not_html_or_scripts() -> None:
    import markdown

    text = "**Let op** [site](https://x.example) <b>x</b> [kwaad](javascript:alert(1))"
    html = markdown.markdown(staff_markdown(text))
    assert "<strong>Let op</strong>" in html
    assert 'href="https://x.example"' in html
    assert "<b>" not in html
    assert "javascript:" not in html


def test_stand_counts() -> None:
    g = sources.load(ROOT / "wijken")
    centrum = next(w for w in g.wijken if w.id == "centrum")
    stand = facts.stand(centrum.agenda, TODAY)
    assert (stand.totaal, stand.klaar, stand.te_laat, stand.vervallen) == (7, 4, 2, 0)


def test_names_are_escaped_in_pages(wijken_dir: Path) -> None:
    edit(wijken_dir / "centrum/wijk.yaml", "naam: Centrum", 'naam: "<script>x</script> *C*"')
    files = render(sources.load(wijken_dir), TODAY)
    page = files["centrum/agenda.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


@given(st.text())
def test_plain_escapes_like_the_two_step_reference(value: str) -> None:
    """`plain` is one str.translate; it must equal HTML-escaping, then backslashing every
    Markdown special character (the readable two-step version it replaced)."""
    import html
    import re

    reference = re.sub(
        r"([\\`*_{}\[\]()#+\-.!|~^=:\"'$])",
        r"\\\1",
        html.escape(" ".join(value.split()), quote=False),
    )
    assert plain(value) == reference


# Lone surrogates cannot reach a feed: the sources are read as UTF-8, which has none.
@given(
    st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=["Cs"]), max_size=300)
)
def test_ical_lines_fold_at_75_octets(value: str) -> None:
    from generator.render.ical import _fold

    folded = _fold(value)
    assert folded.replace("\r\n ", "") == value
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
