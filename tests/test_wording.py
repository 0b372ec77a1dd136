"""Public pages read as plain Dutch: counts agree with their noun, no expert words.

``problems`` scans a page's text; ``test_site.py`` runs it over every page of the example
built with two published results (``publish_results``), written as the voting app writes them.
The tests here show that the scan catches the slips it is meant to catch.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

# Nouns whose plural differs from the singular ("jaar", "keer" and "uur" do not change).
_NOUNS = {
    "stem": "stemmen",
    "stemmer": "stemmers",
    "voorstel": "voorstellen",
    "idee": "ideeën",
    "stembiljet": "stembiljetten",
    "stemcode": "stemcodes",
    "code": "codes",
    "stemronde": "stemrondes",
    "uitslag": "uitslagen",
    "bewoner": "bewoners",
    "inwoner": "inwoners",
    "wijk": "wijken",
    "buurt": "buurten",
    "afspraak": "afspraken",
    "aanvraag": "aanvragen",
    "besluit": "besluiten",
    "keuze": "keuzes",
    "potje": "potjes",
    "dag": "dagen",
    "week": "weken",
    "maand": "maanden",
}
# A count is digits not part of a larger number (1.500, 6,4); then a space and the noun.
_ONE_PLURAL = re.compile(rf"(?<![\d.,])1\s+(?:{'|'.join(_NOUNS.values())})\b")
_MANY_SINGULAR = re.compile(rf"(?<![\d.,])(?!1\s)\d+\s+(?:{'|'.join(_NOUNS)})\b(?!-)")
_EITHER = re.compile(r"\w\((?:len|en|n|s)\)")
# A singular subject followed by a plural pronoun or verb.
_AGREEMENT = re.compile(
    r"\b(?:stemmer|bewoner) die (?:[^.]|\.(?=\d))*\.\s+Zij\b"  # a sentence end is no 1.000
    r"|\b1 stem\.\s+De stemmers\b|Er stemden 1\b"
)
JARGON = ("Method of Equal Shares", "Equal Shares", "greedy", "pabulib", "pabutools", "tally")
_JARGON = re.compile("|".join(map(re.escape, JARGON)) + r"|\bMES\b", re.IGNORECASE)


class _Text(HTMLParser):
    """A page's readable text, without what is folded away for experts or is no text."""

    _SKIP = frozenset({"details", "script", "style", "svg", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping.append(tag)
        elif tag in ("p", "li", "td", "th", "h1", "h2", "h3", "br", "div", "dd", "dt"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"[ \t\xa0]+", " ", "".join(parser.parts))


def problems(html: str) -> list[str]:
    """Every slip in the page's readable text, each quoted with a little context."""
    text = text_of(html)
    found = []
    for pattern in (_ONE_PLURAL, _MANY_SINGULAR, _EITHER, _AGREEMENT, _JARGON):
        for m in pattern.finditer(text):
            found.append(text[max(m.start() - 30, 0) : m.end() + 30].replace("\n", " "))
    return found


def publish_results(wijken: Path, today: dt.date) -> None:
    """Give two wijken a finished stemronde and its result, as the voting app publishes them:
    Westerdijk counted with eerlijke verdeling, Molenwijk with the most votes (one winner)."""
    _publish(
        wijken / "westerdijk",
        "buurtbudget-2026",
        "Buurtbudget Westerdijk 2026",
        "mes",
        today,
        {"101": ("Speeltoestel in het Dijkpark", 12000), "102": ("Bankjes aan de haven", 4000)}
        | {"103": ("Bloembakken Polderbuurt", 3000), "104": ("Moestuin bij de school", 9000)},
        [["101", "102"]] * 4 + [["103"], ["102", "104"]],
    )
    _publish(
        wijken / "molenwijk",
        "buurtbudget-2026",
        "Buurtbudget Molenwijk 2026",
        "greedy",
        today,
        {"201": ("Buurtfeest op het Molenplein", 8000), "202": ("Zitbank bij de molen", 5000)}
        | {"203": ("Fietsenrek bij het station", 3000)},
        [["201"], ["201"], ["202"]],
    )


def _publish(
    folder: Path,
    ronde: str,
    titel: str,
    telmethode: str,
    today: dt.date,
    ideas: dict[str, tuple[str, int]],
    chosen: list[list[str]],
) -> None:
    from generator.model import Uitslag
    from voting_app.counting import explain, pb_write, rules
    from voting_app.counting.election import Ballot, Election, Project, TieBreak

    bedrag = 20000 if telmethode == "mes" else 10000
    election = Election(
        tuple(Project(pid, cost, name) for pid, (name, cost) in ideas.items()),
        tuple(Ballot.approval(c) for c in chosen),
        bedrag,
    )
    tie_break = TieBreak("cost")
    outcome = rules.count(election, telmethode, tie_break)
    texts = explain.explanations(election, outcome)

    def day(days_ago: int) -> str:
        return (today - dt.timedelta(days=days_ago)).isoformat()

    with (folder / "budget.yaml").open("a") as budget:
        budget.write(
            f"stemrondes:\n  - id: {ronde}\n    titel: {titel}\n    bedrag: {bedrag}\n"
            f"    post: leefbaarheid\n    indienen: {{van: {day(80)}, tot: {day(60)}}}\n"
            f"    beoordelen: {{van: {day(59)}, tot: {day(40)}}}\n"
            f"    stemmen: {{van: {day(39)}, tot: {day(12)}}}\n    uitslag: {day(9)}\n"
            f"    telmethode: {telmethode}\n"
        )
    voorstellen: list[dict[str, object]] = [
        {
            "id": pid,
            "titel": name,
            "omschrijving": f"{name}, voor de hele buurt.",
            "antwoord": "nu",
            "kosten": cost,
            "stemmen": outcome.votes[pid],
            "gekozen": pid in outcome.funded,
            "uitleg": texts[pid],
        }
        for pid, (name, cost) in ideas.items()
    ]
    nooit = {"id": "999", "titel": "Nieuw plein", "omschrijving": "Een plein.", "antwoord": "nooit"}
    voorstellen.append({**nooit, "reden": "Dit past niet in het budget."})
    uitslag = Uitslag.model_validate(
        {
            "ronde": ronde,
            "titel": titel,
            "vastgesteld": today - dt.timedelta(days=11),
            "telmethode": telmethode,
            "gelijke_stand": tie_break.describe(),
            "bedrag": bedrag,
            "stemcodes": 40,
            "stemmen": len(chosen),
            "ongeldig": 1,
            "gekozen_kosten": int(outcome.cost),
            "voorstellen": voorstellen,
        }
    )
    (folder / "stemrondes").mkdir()
    data = uitslag.model_dump(mode="python", exclude_unset=True)
    (folder / "stemrondes" / f"{ronde}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    meta = pb_write.recount_meta(telmethode, outcome, tie_break)
    pb = pb_write.write(election, outcome.funded, meta=meta, tie_break=tie_break)
    (folder / "stemrondes" / f"{ronde}.pb").write_text(pb)


@pytest.mark.parametrize(
    "slip",
    [
        "Gekozen: 1 voorstellen voor € 8.000.",
        "Buurtfeest: 1 stemmen",
        "U kiest 3 voorstel(len) die samen € 9.000 kosten.",
        "De stemmer die dit steunde had nog € 1.000 van hun deel over. Zij hadden hun deel al",
        "Gekozen met 1 stem. De stemmers betaalden elk ten hoogste € 3.000 van hun deel.",
        "Er stemden 1 van de 40 bewoners met een stemcode.",
        "De gemeente beslist binnen 1 weken.",
        "Er zijn 3 stemronde.",
        "Zo is geteld: eerlijke verdeling (Method of Equal Shares).",
        "Telmethode: greedy.",
        "Download (pabulib-formaat). Tel na met wijkwerk tally.",
    ],
)
def test_the_scan_catches_each_slip(slip: str) -> None:
    assert problems(f"<main><p>{slip}</p></main>")


def test_the_scan_lets_plain_dutch_and_folded_expert_text_pass() -> None:
    page = (
        "<main><h1>Uitslag</h1><p>1 bewoner van de 40 met een stemcode heeft gestemd. "
        "Gekozen: 1 voorstel voor € 8.000. 3 stemmen, 0 stemmen, 1.500 stemmen, 2 keer, "
        "3 jaar, op 1 december 2026.</p><details><summary>Zo telt u zelf na</summary>"
        "<p>pabulib, greedy, Method of Equal Shares (MES), wijkwerk tally</p></details></main>"
    )
    assert problems(page) == []


def test_residents_find_what_is_open_and_what_came_out(wijken_dir: Path) -> None:
    """The home page and each wijk's front page: open rounds and regelingen, new results."""
    from generator import sources
    from generator.render import gemeente as gemeente_pages
    from generator.render import overzicht, wijkbudget
    from generator.render.page import WijkContext
    from tests.helpers import TODAY

    publish_results(wijken_dir, TODAY)
    gemeente = sources.load(wijken_dir)
    wijk = {w.id: w for w in gemeente.wijken}

    def front(wijk_id: str, day: dt.date) -> str:
        return overzicht.render(WijkContext.of(gemeente, wijk[wijk_id], day))

    home = gemeente_pages.nu(gemeente, TODAY)
    assert "[Stem mee](/stemmen/beekvliet/bewonersbudget-2026/)" in home
    assert "[Vraag geld aan](/aanvragen/)" in home
    assert "(wijken/molenwijk/buurtbudget-2026.md): Molenwijk, 1 voorstel gekozen" in home
    westerdijk = front("westerdijk", TODAY)
    assert '!!! success "De uitslag is bekend: Buurtbudget Westerdijk 2026"' in westerdijk
    assert "([Vraag geld aan](/aanvragen/westerdijk/))" in westerdijk
    assert "[bekijk de uitslag](buurtbudget-2026.md)" in westerdijk
    budget = wijkbudget.render(WijkContext.of(gemeente, wijk["molenwijk"], TODAY))
    assert "Gekozen: 1 voorstel voor € 8.000" in budget

    # Two months on the result is no longer news, but the wijk still links it.
    later = TODAY + dt.timedelta(days=60)
    assert "buurtbudget-2026" not in gemeente_pages.nu(gemeente, later)
    assert "success" not in front("westerdijk", later)
    assert "[bekijk de uitslag](buurtbudget-2026.md)" in front("westerdijk", later)
    # Between voting and the result: when it comes.
    counting = dt.date(2026, 12, 14)
    komt = "de stemmen worden geteld. De uitslag komt op 18 december 2026."
    assert komt in front("beekvliet", counting)
    home = gemeente_pages.nu(gemeente, counting)
    assert f"Bewonersbudget Beekvliet 2026 (Beekvliet): {komt}" in home
    assert "Stem mee" not in home
