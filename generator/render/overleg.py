"""The meetings page (``overleg.md``, menu 'Overleg'): coming meetings, a calendar feed, history."""

from __future__ import annotations

from generator.formatting import datum
from generator.render import blocks, facts
from generator.render.escape import plain
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    komend = facts.komende_overleggen(ctx.wijk, ctx.today)
    out = [
        "Hier praten bewoners, partners en de gemeente samen over de wijk. Iedereen is "
        "welkom, tenzij er iets anders staat.",
        "",
        f"[Zet alle data in uw agenda (iCalendar)]({ctx.wijk.id}.ics){{ .md-button }}",
        "",
        "## Komende bijeenkomsten",
        "",
    ]
    for o in komend:
        out += blocks.overleg(o, heading="###")
    if not komend:
        out += ["Er is nog geen nieuwe datum. Kijk later nog eens.", ""]
    eerder = [o for o in ctx.wijk.info.overleggen if o.datum < ctx.today]
    if eerder:
        out += ["## Eerder", ""]
        out += [
            f"- {datum(o.datum)}: {blocks.SOORT_OVERLEG[o.soort]} in {plain(o.plaats)}"
            for o in sorted(eerder, key=lambda o: o.datum, reverse=True)
        ]
        out.append("")
    return "\n".join(out)
