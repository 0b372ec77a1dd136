"""The result page of a finished stemronde: votes per proposal, what was chosen, and why.

Titles and descriptions come from residents, so they are always shown as plain text.
"""

from __future__ import annotations

from generator.formatting import aantal, datum, euro
from generator.model import TELMETHODES, Uitslag, UitslagVoorstel, Wijk
from generator.render import charts
from generator.render.escape import attr, plain
from generator.render.page import front_matter


def page(wijk: Wijk, uitslag: Uitslag) -> str:
    """Markdown for ``wijken/<wijk>/<ronde>.md``."""
    op_biljet = [v for v in uitslag.voorstellen if v.stemmen is not None]
    most = max((v.stemmen or 0 for v in op_biljet), default=0)
    gestemd = uitslag.stemmen + uitslag.ongeldig
    opkomst = round(100 * gestemd / uitslag.stemcodes) if uitslag.stemcodes else 0
    regel = TELMETHODES[uitslag.telmethode]
    out = [
        *front_matter("Uitslag " + uitslag.titel),
        "[Wijkbudget](budget.md){ .terug }",
        "",
        f"# Uitslag: {plain(uitslag.titel)}",
        "",
        f"Bewoners van {plain(wijk.naam)} beslisten over {euro(uitslag.bedrag)}. "
        f"{aantal(gestemd, 'bewoner', 'bewoners')} van de {aantal(uitslag.stemcodes)} met een "
        f"stemcode {'heeft' if gestemd == 1 else 'hebben'} gestemd "
        f"({opkomst}%).{_ongeldig(uitslag.ongeldig)} De uitslag is vastgesteld op "
        f"{datum(uitslag.vastgesteld)}.",
        "",
        f"Gekozen: **{aantal(len(uitslag.gekozen), 'voorstel', 'voorstellen')} voor "
        f"{euro(uitslag.gekozen_kosten)}.**",
        "",
        f"Zo is geteld: **{regel.naam}**. {_zin(regel.uitleg)}. "
        f"{_zin(plain(uitslag.gelijke_stand))}. "
        "[Meer uitleg](../../hoe-werkt-het.md#stemmen-over-het-wijkbudget)",
        "",
    ]
    if uitslag.vingerafdruk:
        out += [
            f"Vingerafdruk van het stembiljet: `{uitslag.vingerafdruk}`. Die stond tijdens het "
            "stemmen bij de stemronde; is hij gelijk, dan is het stembiljet (de voorstellen, "
            "de regels en de loting) na de start van het stemmen niet veranderd.",
            "",
        ]
    if op_biljet:
        rows = [(v.titel, v.stemmen or 0) for v in op_biljet]
        texts = [
            f"{'Gekozen: ' if v.gekozen else ''}{attr(v.titel)}: "
            + aantal(v.stemmen or 0, "stem", "stemmen")
            for v in op_biljet
        ]
        colours = ["#2e6b30" if v.gekozen else "#5b5b5b" for v in op_biljet]
        out += [charts.bars("Stemmen per voorstel", rows, most, texts, colours), ""]
    out += ["## Per voorstel", ""]
    for v in sorted(op_biljet, key=lambda v: (not v.gekozen, -(v.stemmen or 0))):
        kop = f"{'Gekozen: ' if v.gekozen else ''}{plain(v.titel)}"
        out += [f"### {kop} {{ #voorstel-{v.id} }}", ""]
        out += [f"- **Kosten:** {euro(v.kosten or 0)}", f"- **Stemmen:** {v.stemmen}"]
        if v.uitleg:
            out.append(f"- **Uitleg:** {plain(v.uitleg)}")
        out += ["", plain(v.omschrijving), ""]
    out += _niet_op_biljet([v for v in uitslag.voorstellen if v.stemmen is None])
    if uitslag.ronde in wijk.stembiljetten:
        out += _natellen(uitslag)
    return "\n".join(out)


def _zin(text: str) -> str:
    """Start a sentence: the rule's words and the tie-break are written to follow a colon."""
    return text[:1].upper() + text[1:]


def _natellen(uitslag: Uitslag) -> list[str]:
    """The download of the ballots; the file format and the tools, for experts, folded away."""
    regel = TELMETHODES[uitslag.telmethode]
    return [
        "## Zelf natellen",
        "",
        "Iedereen kan de uitslag zelf natellen. "
        f"[Download alle stembiljetten]({uitslag.ronde}.pb). Er staan geen namen, stemcodes "
        "of tijden in.",
        "",
        '<details class="voor-experts" markdown>',
        "<summary>Zo telt u zelf na</summary>",
        "",
        "Het bestand volgt het pabulib-formaat, dat onderzoekers van stemmen over budgetten "
        f"gebruiken. De telmethode {regel.naam} heet daar {regel.technisch}. Tel na met het "
        "programma `wijkwerk tally` van Wijkwerk, of met pabutools.",
        "",
        "</details>",
        "",
    ]


def _ongeldig(n: int) -> str:
    """The sentence on invalid paper ballots, with a leading space; empty when there were none."""
    if not n:
        return ""
    if n == 1:
        return (
            " Eén papieren stembiljet was ongeldig: het telt mee voor de opkomst, niet voor "
            "een voorstel."
        )
    return (
        f" {aantal(n)} papieren stembiljetten waren ongeldig: ze tellen mee voor de opkomst, "
        "niet voor een voorstel."
    )


def _niet_op_biljet(anders: list[UitslagVoorstel]) -> list[str]:
    """Proposals the gemeente answered Ooit or Nooit, with the promise or the reason."""
    if not anders:
        return []
    out = ["## Niet op het stembiljet", ""]
    for v in anders:
        if v.antwoord == "ooit" and v.uitsluitsel:
            reden = (
                f"Ooit: {plain(v.voorwaarden or '')} Definitief antwoord uiterlijk "
                f"{datum(v.uitsluitsel)}."
            )
        else:
            reden = f"Nooit: {plain(v.reden or '')}"
        out.append(f"- **{plain(v.titel)}**: {reden}")
    return [*out, ""]
