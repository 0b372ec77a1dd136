"""Blocks about the other doors to the money: spelregels, the stimuleringsregeling, groups.

The wijkbudget page shows them; the verantwoording page and the yearly report reuse the
words for a decision and whether it came within the term. What applicants wrote (``wat``,
``voor_wie``...) is shown literally.
"""

from __future__ import annotations

from generator.formatting import aantal, datum, euro
from generator.model import Boeking, Bron, Stimuleringsregeling, Toekenning
from generator.model.rekening import regeling, spelregels
from generator.render.escape import cell, plain, staff_markdown
from generator.render.page import WijkContext

APPLY_URL = "/aanvragen/{wijk}/"  # the voting app's form for the stimuleringsregeling
BESLUIT = {
    "toegekend": "Toegekend",
    "afgewezen": "Afgewezen",
    "uitbetaald": "Toegekend en uitbetaald",
    "verantwoord": "Uitbetaald en verantwoord",
}


def op_tijd(t: Toekenning, r: Stimuleringsregeling | None) -> bool | None:
    """Was the decision taken within the regeling's term? None when no term is known."""
    if r is None:
        return None
    return (t.besloten - t.ontvangen).days <= r.termijn_weken * 7


def termijn_zin(t: Toekenning, r: Stimuleringsregeling | None) -> str:
    days = aantal((t.besloten - t.ontvangen).days, "dag", "dagen")
    kept = op_tijd(t, r)
    if kept is None:
        return f"na {days}"
    return f"na {days} ({'op tijd' if kept else 'te laat'})"


def spelregels_block(ctx: WijkContext) -> list[str]:
    """Per line: what it is for, who decides, how it is accounted for, and grants allowed."""
    info, posten = ctx.gemeente.info, ctx.gemeente.posten
    rows: list[tuple[Bron, list[str]]] = []
    for bron in ctx.wijk.budget.bronnen:
        regels = spelregels(info, bron)
        if regels is None:
            continue
        lines = [
            f"Waarvoor: {plain(regels.waarvoor)}",
            f"Wie beslist: {plain(regels.wie_beslist)}",
            f"Verantwoording: {plain(regels.verantwoording)}",
        ]
        if regels.subsidie:
            most = regels.max_per_aanvraag
            lines.append(
                "Bewoners en groepen kunnen hieruit geld aanvragen"
                + (f", hoogstens {euro(most)} per aanvraag." if most else ".")
            )
        else:
            lines.append("Bewoners en groepen kunnen hieruit niet zelf geld aanvragen.")
        rows.append((bron, lines))
    if not rows:
        return []
    out = ["## Spelregels per potje", ""]
    for bron, lines in rows:
        out += [f"**{plain(posten[bron.post].naam)}**  ", "  \n".join(lines), ""]
    return out


def stimulering_block(ctx: WijkContext) -> list[str]:
    """How to apply for the stimuleringsregeling, and what was decided so far."""
    r = regeling(ctx.gemeente.info, ctx.wijk.budget)
    if r is None:
        return []
    post = ctx.gemeente.posten[r.post]
    out = [
        f"## {plain(r.naam)}",
        "",
        f"Heeft u een plan voor de wijk? Vraag dan snel een klein bedrag aan: hoogstens "
        f"**{euro(r.max_bedrag)}** per aanvraag, uit het potje {plain(post.naam)}. "
        f"{plain(r.wie_beslist)} beslist binnen {aantal(r.termijn_weken, 'week', 'weken')}. "
        "U kunt altijd "
        "aanvragen, als bewoner of met een groep.",
        "",
        staff_markdown(r.voorwaarden, lead="Voorwaarden:"),
        "",
    ]
    if r.tegenprestatie:
        out += [staff_markdown(r.tegenprestatie, lead="Wat wij van u vragen:"), ""]
    out += [f"[Vraag geld aan]({APPLY_URL.format(wijk=ctx.wijk.id)}){{ .md-button }}", ""]
    besluiten = ctx.wijk.toekenningen
    if besluiten:
        out += [
            "### Besluiten tot nu toe",
            "",
            "| Nummer | Wat | Voor wie | Gevraagd | Besluit |",
            "| --- | --- | --- | ---: | --- |",
        ]
        for t in besluiten:
            besluit = BESLUIT[t.status] + (f": {euro(t.bedrag)}" if t.bedrag else "")
            out.append(
                f"| {t.nummer} | {cell(t.wat)} | {cell(t.voor_wie)} | {euro(t.gevraagd)} "
                f"| {besluit} |"
            )
        out += ["", "[Alle besluiten en hun redenen](verantwoording.md#aanvragen)", ""]
    return out


def groepen_block(ctx: WijkContext) -> list[str]:
    """The activity budgets of residents' groups: conditions, spending, what is left."""
    groepen = ctx.wijk.budget.groepsbudgetten
    if not groepen:
        return []
    posten = ctx.gemeente.posten
    out = ["## Budgetten van bewonersgroepen", ""]
    for g in groepen:
        partner = ctx.partners.get(g.groep)
        naam = plain(partner.naam) if partner else plain(g.groep)
        out += [
            f"### {naam}",
            "",
            f"Activiteitenbudget: **{euro(g.bedrag)}** uit het potje "
            f"{plain(posten[g.post].naam)}. Besteed: {euro(g.besteed)}. "
            f"Nog te besteden: {euro(g.bedrag - g.besteed)}.",
            "",
        ]
        if g.begeleiding:
            out += [f"Begeleiding: {plain(g.begeleiding)}", ""]
        out += [staff_markdown(g.voorwaarden, lead="Voorwaarden:"), ""]
        if g.uitgaven:
            out += ["| Waarvoor | Datum | Bedrag |", "| --- | --- | ---: |"]
            for u in g.uitgaven:
                when = datum(u.datum) if u.datum else ""
                out.append(f"| {cell(u.wat)} | {when} | {euro(u.bedrag)} |")
            out.append("")
    return out


VIA = {
    "uitgave": "Besluit van de gemeente",
    "stemronde": "Stemronde",
    "stimuleringsregeling": "Stimuleringsregeling",
    "groepsbudget": "Budget van een bewonersgroep",
}


def boeking_via(b: Boeking, ctx: WijkContext) -> str:
    """Which door the money went through; a stemronde's result names its round."""
    if b.herkomst == "stemronde" and "#" in b.ref:
        ronde = b.ref.split("#", 1)[0]
        titel = next((r.titel for r in ctx.wijk.budget.stemrondes if r.id == ronde), ronde)
        return f"Stemronde: {cell(titel)}"
    return VIA[b.herkomst]


def boeking_wat(b: Boeking, ctx: WijkContext) -> str:
    """What the money is for, linked to where it is explained."""
    wat = cell(b.wat)
    if b.herkomst == "groepsbudget":
        groep = ctx.partners.get(b.ref)
        return f"{cell(groep.naam if groep else b.ref)}: {wat}"
    if b.herkomst == "uitgave" and b.ref:
        return f"[{wat}](agenda.md#actie-{b.ref})"
    if b.herkomst == "stemronde" and "#" in b.ref:
        return f"[{wat}]({b.ref.replace('#', '.md#', 1)})"
    if b.herkomst == "stimuleringsregeling":
        return f"[{wat}](verantwoording.md#aanvraag-{b.ref.lower()})"
    return wat
