"""The verantwoording page (``verantwoording.md``): the wijk's one account, line by line.

For each potje: begroot, toegekend, besteed and vrij, and every amount behind those figures,
whichever door it went through. Then every decision on the stimuleringsregeling with its
reason and whether it came within the term. Each euro appears exactly once.
"""

from __future__ import annotations

from generator.formatting import aantal, datum, euro
from generator.model.rekening import Rekeningpost, regeling, rekening, spelregels
from generator.render import regelingen
from generator.render.escape import cell, plain
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    w = ctx.wijk
    lines = rekening(w.budget, w.uitslagen, w.toekenningen)
    out = [
        f"Hier ziet u wat er met het wijkbudget van {w.budget.jaar} gebeurt. Per potje: wat "
        "erin zit (begroot), wat is toegekend maar nog niet betaald, wat is besteed en wat "
        "nog vrij is. Elke euro staat hier één keer.",
        "",
        "## De rekening",
        "",
        "| Potje | Begroot | Toegekend | Besteed | Vrij |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for line in lines:
        out.append(
            f"| {_naam(ctx, line)} | {euro(line.begroot)} | {euro(line.toegekend)} "
            f"| {euro(line.besteed)} | {euro(line.vrij)} |"
        )
    totals = [sum(getattr(li, f) for li in lines) for f in ("begroot", "toegekend", "besteed")]
    vrij = totals[0] - totals[1] - totals[2]
    out += [
        f"| **Totaal** | **{euro(totals[0])}** | **{euro(totals[1])}** | **{euro(totals[2])}** "
        f"| **{euro(vrij)}** |",
        "",
    ]
    for line in lines:
        out += _line(ctx, line)
    out += _aanvragen(ctx)
    out += [
        "[Het jaarverslag voor de gemeenteraad, alle wijken bij elkaar](../jaarverslag.md)",
        "",
    ]
    return "\n".join(out)


def _naam(ctx: WijkContext, line: Rekeningpost) -> str:
    if line.post is None:
        return "Wijkbudget (ontschot)"
    post = ctx.gemeente.posten.get(line.post)
    return cell(post.naam) if post else cell(line.post)


def _line(ctx: WijkContext, line: Rekeningpost) -> list[str]:
    out = [f"## {_naam(ctx, line)}", ""]
    share = f"{round(line.vrij * 100 / line.begroot)}%" if line.begroot else "niets"
    out += [f"Begroot {euro(line.begroot)}, nog vrij {euro(line.vrij)} ({share}).", ""]
    if line.vrij * 10 < line.begroot:
        out += ['!!! warning "Bijna op"', "", "    Er is minder dan 10% van dit potje over.", ""]
    bron = next((b for b in ctx.wijk.budget.bronnen if b.post == line.post), None)
    regels = spelregels(ctx.gemeente.info, bron) if bron else None
    if regels is not None:
        out += [
            f"Wie beslist: {plain(regels.wie_beslist)}  ",
            f"Hoe het wordt verantwoord: {plain(regels.verantwoording)}",
            "",
        ]
    if not line.boekingen:
        return [*out, "Er is nog niets uit dit potje toegekend of besteed.", ""]
    out += ["| Waarvoor | Via | Status | Bedrag |", "| --- | --- | --- | ---: |"]
    for b in line.boekingen:
        out.append(
            f"| {regelingen.boeking_wat(b, ctx)} | {regelingen.VIA[b.herkomst]} "
            f"| {b.status.capitalize()} | {euro(b.bedrag)} |"
        )
    return [*out, ""]


def _aanvragen(ctx: WijkContext) -> list[str]:
    r = regeling(ctx.gemeente.info, ctx.wijk.budget)
    besluiten = ctx.wijk.toekenningen
    if r is None and not besluiten:
        return []
    out = ["## Aanvragen { #aanvragen }", ""]
    if r is not None:
        out += [
            f"Via de {plain(r.naam)} vragen bewoners en groepen hoogstens {euro(r.max_bedrag)} "
            f"aan. De gemeente beslist binnen {aantal(r.termijn_weken, 'week', 'weken')}.",
            "",
        ]
    if not besluiten:
        return [*out, "Er zijn nog geen besluiten.", ""]
    for t in besluiten:
        out += [
            f"### {t.nummer}: {plain(t.wat)} {{ #aanvraag-{t.nummer.lower()} }}",
            "",
            plain(t.omschrijving),
            "",
            f"Voor wie: {plain(t.voor_wie)}  ",
            f"Wanneer: {plain(t.wanneer)}  ",
        ]
        if t.groep:
            out.append(f"Aangevraagd door: {plain(t.groep)}  ")
        if t.tegenprestatie:
            out.append(f"Wat de aanvragers zelf doen: {plain(t.tegenprestatie)}  ")
        out += [
            f"Gevraagd: {euro(t.gevraagd)}, ontvangen op {datum(t.ontvangen)}  ",
            f"Besluit: **{regelingen.BESLUIT[t.status]}**"
            + (f", {euro(t.bedrag)}" if t.bedrag else "")
            + f", op {datum(t.besloten)}, {regelingen.termijn_zin(t, r)}",
        ]
        if t.reden:
            out[-1] += "  "
            out.append(f"Reden: {plain(t.reden)}")
        out.append("")
    return out
