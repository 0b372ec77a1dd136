"""The wijkbudget page (``budget.md``): one budget, which potjes it comes from, where it goes.

Then each stemronde: its dates and counting rule while it runs, what was chosen once the
voting app has published the result.
"""

from __future__ import annotations

from generator.formatting import datum, euro
from generator.model import TELMETHODES, Stemronde
from generator.render import charts
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
    for ronde in budget.stemrondes:
        out += _ronde(ctx, ronde)
    return "\n".join(out)


def _besteding(ctx: WijkContext) -> list[str]:
    """Where the money goes: spending from the sources, and what stemrondes chose."""
    budget, posten, uitslagen = ctx.wijk.budget, ctx.gemeente.posten, ctx.wijk.uitslagen
    out = ["## Waar gaat het geld naartoe?", "", charts.besteding(budget, uitslagen), ""]
    gekozen = [(u, v) for u in uitslagen for v in u.gekozen]
    if not (budget.uitgaven or gekozen):
        return out
    out += ["| Waarvoor | Bedrag | Status | Uit potje |", "| --- | ---: | --- | --- |"]
    for u in budget.uitgaven:
        potje = plain(posten[u.post].naam) if u.post else "Wijkbudget (ontschot)"
        wat = plain(u.wat)
        if u.actie:
            wat = f"[{wat}](agenda.md#actie-{u.actie})"
        out.append(f"| {wat} | {euro(u.bedrag)} | {u.status.capitalize()} | {potje} |")
    for uitslag, v in gekozen:
        wat = f"[{cell(v.titel)}]({uitslag.ronde}.md#voorstel-{v.id})"
        out.append(
            f"| {wat} | {euro(v.kosten or 0)} | Toegekend | Stemronde: {cell(uitslag.titel)} |"
        )
    out.append("")
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
            f"**De uitslag is bekend.** Gekozen zijn {len(uitslag.gekozen)} voorstellen "
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
        f"- Telmethode: {TELMETHODES[ronde.telmethode].kort} "
        "([uitleg](../../hoe-werkt-het.md#stemmen-over-het-wijkbudget))",
        "",
        f"**Nu:** {_FASE[ronde.phase(ctx.today)]}",
        "",
    ]
