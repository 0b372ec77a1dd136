"""The wijkkompas page (``kompas.md``, menu 'Wijkkompas'): how the wijk is doing, year by year.

Per domain (fysiek, veiligheid, sociaal) the facts beside how residents experience them, an
index against the gemeente's base year, and per indicator its course as a chart and a table,
the change since last year in words, the gemeente's value, and what is being done about it.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.formatting import getal
from generator.model import DOMEINEN, Gemeente, Indicator, Wijk
from generator.render import blocks
from generator.render.escape import cell, plain
from generator.render.indicatoren import Reeks, domein_index, reeksen
from generator.render.lijngrafiek import Lijn, grafiek
from generator.render.page import WijkContext

DOMEIN = {
    "fysiek": "Fysiek: wonen en buitenruimte",
    "veiligheid": "Veiligheid",
    "sociaal": "Sociaal",
}
SOORT = {"objectief": "feiten", "subjectief": "beleving"}
CBS_BRON = (
    "De CBS-cijfers komen uit *Kerncijfers wijken en buurten* van het Centraal Bureau voor de "
    "Statistiek (CBS), licentie CC BY 4.0 CBS/Kadaster."
)


def render(ctx: WijkContext) -> str:
    gemeente, wijk = ctx.gemeente, ctx.wijk
    alle = reeksen(gemeente, wijk)
    met_waarden = [r for r in alle if r.wijk]
    out = [
        f"Het wijkkompas laat zien hoe het gaat in {plain(wijk.naam)}, jaar na jaar. Elke "
        "wijk heeft dezelfde vaste set cijfers, zodat u wijken kunt vergelijken. Sommige "
        "wijken hebben er eigen cijfers bij. Feiten (objectief) staan naast hoe bewoners het "
        "ervaren (subjectief, uit de burgerpeiling).",
        "",
    ]
    if not met_waarden:
        out += ["Voor deze wijk zijn nog geen cijfers bekend.", ""]
        return "\n".join(out)
    out += _overview(gemeente, met_waarden)
    for domein in DOMEINEN:
        in_domein = [r for r in met_waarden if r.indicator.domein == domein]
        if not in_domein:
            continue
        out += [f"## {DOMEIN[domein]}", ""]
        for r in in_domein:
            out += _indicator(ctx, r)
    out += _bronnen(wijk)
    if any(r.indicator.cbs for r in met_waarden):
        out += [CBS_BRON, ""]
    out += ["[Alle wijken vergeleken](../kompas.md)", ""]
    return "\n".join(out)


def _bronnen(wijk: Wijk) -> list[str]:
    """Where each year's figures come from, as the wijk wrote it."""
    metingen = [m for m in wijk.kompas.jaren if m.bron] if wijk.kompas else []
    if not metingen:
        return ["---", ""]
    out = ["---", "", "## Over de cijfers", ""]
    out += [f"- {m.jaar}: {plain(m.bron)}" for m in sorted(metingen, key=lambda m: m.jaar)]
    return [*out, ""]


def _overview(gemeente: Gemeente, alle: list[Reeks]) -> list[str]:
    jaar = max(j for r in alle for j in r.wijk)
    index = domein_index(alle, jaar)
    basisjaar = gemeente.info.kompas.basisjaar if gemeente.info.kompas else jaar
    out = [
        f"## In het kort ({jaar})",
        "",
        f"Een index van 100 is het gemiddelde van de gemeente in {basisjaar}. Boven de 100 "
        "gaat het beter dan dat gemiddelde, onder de 100 slechter.",
        "",
        "| Domein | Feiten (objectief) | Beleving (subjectief) |",
        "| --- | ---: | ---: |",
    ]
    for domein in DOMEINEN:
        feiten, beleving = index[(domein, "objectief")], index[(domein, "subjectief")]
        if feiten is None and beleving is None:
            continue
        out.append(f"| {DOMEIN[domein]} | {_index(feiten)} | {_index(beleving)} |")
    out += ["", _summary(alle), ""]
    return out


def _summary(alle: list[Reeks]) -> str:
    counts = {"beter": 0, "slechter": 0, "gelijk": 0}
    for r in alle:
        if (o := r.oordeel()) is not None:
            counts[o] += 1
    return (
        f"Sinds de vorige meting gaat het op {counts['beter']} punten beter, op "
        f"{counts['slechter']} slechter en op {counts['gelijk']} gelijk."
    )


def _indicator(ctx: WijkContext, r: Reeks) -> list[str]:
    ind, wijk = r.indicator, ctx.wijk
    last = r.laatste()
    if last is None:
        return []
    jaar = last[0]
    out = [f"### {plain(ind.naam)} {{ #indicator-{ind.id} }}", ""]
    out += [_zin(r, wijk), ""]
    lijnen = [Lijn(wijk.naam, r.wijk)]
    if r.gemeente:
        lijnen.append(Lijn("Gemeente", r.gemeente, "#5b5b5b", gestippeld=True, labels=False))
    titel = f"{ind.naam} in {wijk.naam} per jaar ({ind.eenheid})"
    fmt = formatter(r.decimalen)
    out += [grafiek(f"kompas-{ind.id}", titel, _beschrijving(r, wijk), lijnen, fmt), ""]
    out += [
        f"| Jaar | {cell(wijk.naam)} | Gemeente | Index |",
        "| --- | ---: | ---: | ---: |",
    ]
    for j in r.jaren:
        eigen = fmt(r.wijk[j]) if j in r.wijk else "–"
        gem = fmt(r.gemeente[j]) if j in r.gemeente else "–"
        out.append(f"| {j} | {eigen} | {gem} | {_index(r.index(j))} |")
    richting = "hoger is beter" if ind.beter == "hoger" else "lager is beter"
    out += [
        "",
        f"Eenheid: {plain(ind.eenheid)}. {plain(richting.capitalize())}. "
        f"Soort: {SOORT[ind.soort]} ({ind.soort}). Bron: {plain(ind.bron)}.",
        "",
    ]
    out += _wat_doen_we(ctx, ind, poor=r.oordeel() == "slechter" or (r.index(jaar) or 100) < 100)
    return out


def _zin(r: Reeks, wijk: Wijk) -> str:
    """The last value, the change since the year before, and the gemeente's value, in words."""
    last = r.laatste()
    assert last is not None
    jaar, waarde = last
    ind = r.indicator
    fmt = formatter(r.decimalen)
    parts = [f"**{jaar}: {fmt(waarde)} ({plain(ind.eenheid)}).**"]
    before, oordeel = r.vorige(), r.oordeel()
    if before is not None and oordeel is not None:
        words = {"beter": "Beter dan", "slechter": "Slechter dan", "gelijk": "Ongeveer gelijk aan"}
        parts.append(f"{words[oordeel]} in {before[0]} ({fmt(before[1])}).")
    if jaar in r.gemeente:
        parts.append(f"Gemiddeld in de gemeente: {fmt(r.gemeente[jaar])}.")
    return " ".join(parts)


def _beschrijving(r: Reeks, wijk: Wijk) -> str:
    first, last, fmt = min(r.wijk), max(r.wijk), formatter(r.decimalen)
    text = f"{wijk.naam}: {fmt(r.wijk[first])} in {first}, {fmt(r.wijk[last])} in {last}."
    if last in r.gemeente:
        text += f" Gemeente in {last}: {fmt(r.gemeente[last])}."
    return text


def _wat_doen_we(ctx: WijkContext, ind: Indicator, poor: bool) -> list[str]:
    themas = [t for t in ctx.wijk.wop.themas if ind.id in t.kompas]
    acties = [a for a in ctx.wijk.agenda.acties if ind.id in a.kompas]
    if not themas and not acties:
        if not poor:
            return []
        return [
            "**Wat doen we eraan?** Er staat nog niets voor op het wijkontwikkelplan of de "
            "wijkagenda. Wilt u meedenken? Kom naar het [wijkoverleg](overleg.md).",
            "",
        ]
    out = ["#### Wat doen we eraan?", ""]
    out += [
        f"- Thema in het wijkontwikkelplan: [{plain(t.naam)}](wop.md#thema-{t.id})" for t in themas
    ]
    out += [
        f"- Afspraak op de wijkagenda: [{plain(a.wat)}](agenda.md#actie-{a.id}) "
        f"({blocks.STATUS[a.status].lower()})"
        for a in acties
    ]
    return [*out, ""]


def formatter(decimals: int) -> Callable[[float], str]:
    """Write values as precisely as the sources do: a mean gets no false precision."""
    return lambda value: getal(round(value, decimals)) if decimals else getal(round(value))


def _index(value: float | None) -> str:
    return "–" if value is None else str(round(value))
