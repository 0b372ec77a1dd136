"""The 'Waar kan ik terecht?' page (``contact.md``): per topic who helps, then the people."""

from __future__ import annotations

from generator.render import blocks
from generator.render.escape import plain, staff_markdown
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    info = ctx.wijk.info
    out = ["Weet u niet bij wie u moet zijn? Kijk hieronder per onderwerp.", ""]
    for onderwerp in info.loket:
        out += [f"## {plain(onderwerp.onderwerp)}", ""]
        if onderwerp.toelichting:
            out += [staff_markdown(onderwerp.toelichting), ""]
        for pid in onderwerp.partners:
            out += blocks.partner(ctx.partners[pid])
    out += ["## Mensen van de gemeente en de politie", "", *blocks.wethouder(ctx)]
    out += blocks.persoon("Wijkmanager", info.wijkmanager)
    if info.wijkagent:
        out += blocks.persoon("Wijkagent", info.wijkagent)
    groepen = [p for p in info.partners if p.soort == "bewonersgroep"]
    if groepen:
        out += ["## Bewonersgroepen", "", "Doe mee met bewoners uit uw wijk.", ""]
        for p in groepen:
            out += blocks.partner(p)
    return "\n".join(out)
