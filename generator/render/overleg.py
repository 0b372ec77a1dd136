"""The meetings page (``overleg.md``, menu 'Overleg'): coming meetings, a calendar feed (to
download or subscribe to), the gemeente's meeting cycle with each kind's next date, history."""

from __future__ import annotations

from generator.formatting import datum
from generator.render import blocks, facts
from generator.render.escape import cell, plain
from generator.render.page import WijkContext


def webcal(ctx: WijkContext) -> str | None:
    """The address to subscribe to the wijk's calendar, when the site's address is known."""
    site = ctx.gemeente.info.wijksite
    if site is None:
        return None
    return f"webcal://{site.split('://', 1)[1].rstrip('/')}/wijken/{ctx.wijk.id}/{ctx.wijk.id}.ics"


def render(ctx: WijkContext) -> str:
    komend = facts.komende_overleggen(ctx.wijk, ctx.today)
    out = [
        "Hier praten bewoners, partners en de gemeente samen over de wijk. Iedereen is "
        "welkom, tenzij er iets anders staat.",
        "",
        f"[Zet alle data in uw agenda (iCalendar)]({ctx.wijk.id}.ics){{ .md-button }}",
        "",
    ]
    subscribe = webcal(ctx)
    if subscribe:
        out += [
            f"[Abonneer op deze agenda]({subscribe}){{ .md-button }} Uw agenda houdt de data "
            "dan zelf bij, ook als er iets verandert of een bijeenkomst niet doorgaat.",
            "",
        ]
    out += ["## Komende bijeenkomsten", ""]
    for o in komend:
        out += blocks.overleg(o, heading="###")
    if not komend:
        out += ["Er is nog geen nieuwe datum. Kijk later nog eens.", ""]
    out += _cyclus(ctx)
    eerder = [o for o in ctx.wijk.info.overleggen if o.datum < ctx.today]
    if eerder:
        out += ["## Eerder", ""]
        out += [
            f"- {datum(o.datum)}: {blocks.SOORT_OVERLEG[o.soort]} in {plain(o.plaats)}"
            for o in sorted(eerder, key=lambda o: o.datum, reverse=True)
        ]
        out.append("")
    return "\n".join(out)


def _cyclus(ctx: WijkContext) -> list[str]:
    """The gemeente's cycle as a table: who meets the wijk, how often, and when next."""
    cyclus = ctx.gemeente.info.overlegcyclus
    if cyclus is None:
        return []
    out = [
        "## Hoe vaak is er overleg?",
        "",
        "Zo vaak praat de gemeente met de wijk. Dat is afgesproken voor alle wijken.",
        "",
        "| Overleg | Met wie | Hoe vaak | Volgende keer |",
        "| --- | --- | --- | --- |",
    ]
    for item in cyclus.overleggen:
        komend = [
            o
            for o in ctx.wijk.info.overleggen
            if o.soort == item.soort and o.datum >= ctx.today and not o.geannuleerd
        ]
        volgende = datum(min(o.datum for o in komend)) if komend else "Nog niet gepland"
        hoe_vaak = f"{item.hoe_vaak}" + (f". {cell(item.toelichting)}" if item.toelichting else "")
        out.append(f"| {cell(item.naam)} | {cell(item.wie)} | {hoe_vaak} | {volgende} |")
    return [*out, ""]
