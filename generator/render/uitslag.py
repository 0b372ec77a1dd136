"""The result page of a finished stemronde: votes per proposal, what was chosen, and why.

Titles and descriptions come from residents, so they are always shown as plain text.
"""

from __future__ import annotations

from generator.formatting import datum, euro
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
        f"Er stemden {gestemd} van de {uitslag.stemcodes} bewoners met een stemcode "
        f"({opkomst}%).{_ongeldig(uitslag.ongeldig)} De uitslag is vastgesteld op "
        f"{datum(uitslag.vastgesteld)}.",
        "",
        f"**Gekozen: {len(uitslag.gekozen)} voorstellen voor {euro(uitslag.gekozen_kosten)}.**",
        "",
        f"Zo is geteld: {regel.naam}: {regel.uitleg}; {plain(uitslag.gelijke_stand)}. "
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
            f"{'Gekozen: ' if v.gekozen else ''}{attr(v.titel)}: {v.stemmen} stemmen"
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
        out += [
            "## Zelf natellen",
            "",
            f"[Download alle stembiljetten]({uitslag.ronde}.pb) (pabulib-formaat, zonder namen, "
            "codes of tijden). Tel na met `wijkwerk tally` of met pabutools.",
            "",
        ]
    return "\n".join(out)


def _ongeldig(aantal: int) -> str:
    """The sentence on invalid paper ballots, with a leading space; empty when there were none."""
    if not aantal:
        return ""
    if aantal == 1:
        return (
            " Eén papieren stembiljet was ongeldig: het telt mee voor de opkomst, niet voor "
            "een voorstel."
        )
    return (
        f" {aantal} papieren stembiljetten waren ongeldig: ze tellen mee voor de opkomst, "
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
