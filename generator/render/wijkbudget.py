"""The wijkbudget page (``budget.md``): one budget, which potjes it comes from, where it goes.

Where it goes counts every door once (see ``generator.model.rekening``). Then the
stimuleringsregeling, the budgets of residents' groups, the spelregels of each potje, and each
stemronde: its dates and counting rule while it runs, what was chosen once the voting app has
published the result.
"""

from __future__ import annotations

from generator.formatting import aantal, datum, euro
from generator.model import TELMETHODES, Stemronde
from generator.model.rekening import boekingen
from generator.render import charts, regelingen
from generator.render.escape import cell, plain, staff_markdown
from generator.render.page import WijkContext

_FASE = {
    "binnenkort": "de stemronde begint binnenkort.",
    "indienen": "u kunt ideeën insturen.",
    "beoordelen": "de gemeente bekijkt de ideeën.",
    "stemmen": "u kunt stemmen.",
    "tellen": "de stemmen worden geteld.",
    "uitslag": "de uitslag is bekend.",
}


def render(ctx: WijkContext) -> str:
    budget, posten = ctx.wijk.budget, ctx.gemeente.posten
    out = [
        f"In {budget.jaar} heeft de wijk één wijkbudget van **{euro(budget.totaal)}**. "
        "Het komt uit verschillende potjes van de gemeente. U doet één aanvraag, krijgt "
        "één besluit en de gemeente houdt één rekening bij.",
        "",
    ]
    if budget.toelichting:
        out += [staff_markdown(budget.toelichting), ""]
    if budget.ontschot:
        out += [
            '!!! info "Ontschot budget"',
            "",
            "    De potjes zijn samengevoegd. Het geld mag voor alle doelen van het "
            "wijkontwikkelplan worden gebruikt.",
            "",
        ]
    out += ["## Waar komt het geld vandaan?", ""]
    out += [charts.bronnen(budget, posten), ""]
    out += [
        "| Potje | Van afdeling | Bedrag | Soort | Voorwaarden |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for bron in budget.bronnen:
        post = posten[bron.post]
        voorwaarden = plain(bron.voorwaarden) if bron.voorwaarden else "Geen"
        out.append(
            f"| {plain(post.naam)} | {plain(post.afdeling)} | {euro(bron.bedrag)} "
            f"| {bron.soort.capitalize()} | {voorwaarden} |"
        )
    out += [f"| **Totaal** | | **{euro(budget.totaal)}** | | |", ""]
    out += _besteding(ctx)
    out += regelingen.stimulering_block(ctx)
    out += regelingen.groepen_block(ctx)
    out += regelingen.spelregels_block(ctx)
    for ronde in budget.stemrondes:
        out += _ronde(ctx, ronde)
    return "\n".join(out)


def _besteding(ctx: WijkContext) -> list[str]:
    """Where the money goes: every amount granted or spent, whichever door it went through."""
    w, posten = ctx.wijk, ctx.gemeente.posten
    booked = list(boekingen(w.budget, w.uitslagen, w.toekenningen))
    open_rondes = sum(b.bedrag for b in booked if b.herkomst == "stemronde" and "#" not in b.ref)
    besteed = sum(b.bedrag for b in booked if b.status == "besteed")
    toegekend = sum(b.bedrag for b in booked if b.status == "toegekend") - open_rondes
    rows = [
        ("Besteed", besteed),
        ("Toegekend, nog niet betaald", toegekend),
        ("Bewoners beslissen (stemronde)", open_rondes),
        ("Nog vrij", max(w.budget.totaal - besteed - toegekend - open_rondes, 0)),
    ]
    chart = charts.bars("Waar gaat het wijkbudget naartoe?", rows, w.budget.totaal)
    out = ["## Waar gaat het geld naartoe?", "", chart, ""]
    if booked:
        out += [
            "| Waarvoor | Bedrag | Status | Uit potje | Via |",
            "| --- | ---: | --- | --- | --- |",
        ]
        for b in booked:
            potje = cell(posten[b.post].naam) if b.post in posten else "Wijkbudget (ontschot)"
            wat, via = regelingen.boeking_wat(b, ctx), regelingen.boeking_via(b, ctx)
            out.append(f"| {wat} | {euro(b.bedrag)} | {b.status.capitalize()} | {potje} | {via} |")
        out.append("")
    out += ["[Bekijk de rekening per potje](verantwoording.md)", ""]
    return out


def _ronde(ctx: WijkContext, ronde: Stemronde) -> list[str]:
    out = [
        f"## {plain(ronde.titel)}",
        "",
        f"Bewoners beslissen samen over {euro(ronde.bedrag)}.",
        "",
    ]
    uitslag = ctx.wijk.uitslag(ronde.id)
    if uitslag is not None:
        out += [
            f"**De uitslag is bekend.** Gekozen: "
            f"{aantal(len(uitslag.gekozen), 'voorstel', 'voorstellen')} "
            f"voor {euro(uitslag.gekozen_kosten)}:",
            "",
        ]
        out += [f"- {plain(v.titel)}: {euro(v.kosten or 0)}" for v in uitslag.gekozen]
        out += ["", f"[Bekijk de hele uitslag]({ronde.id}.md)", ""]
        return out
    return [
        *out,
        f"- Ideeën insturen: {datum(ronde.indienen.van)} tot en met {datum(ronde.indienen.tot)}",
        f"- De gemeente bekijkt de ideeën: tot en met {datum(ronde.beoordelen.tot)}",
        f"- Stemmen: {datum(ronde.stemmen.van)} tot en met {datum(ronde.stemmen.tot)}",
        f"- Uitslag: {datum(ronde.uitslag)}",
        f"- Zo wordt geteld: {_regel(ronde)} "
        "([uitleg](../../hoe-werkt-het.md#stemmen-over-het-wijkbudget))",
        "",
        f"**Nu:** {_FASE[ronde.phase(ctx.today)]}",
        "",
    ]


def _regel(ronde: Stemronde) -> str:
    """The counting rule by its Dutch name, then what it does."""
    regel = TELMETHODES[ronde.telmethode]
    return f"**{regel.naam}**. {regel.kort[:1].upper()}{regel.kort[1:]}"
