"""The WOP page (``wop.md``, menu 'Wijkontwikkelplan'): four-year themes and their goals.

Each theme links to this year's agreements on the wijkagenda, so plan and practice meet.
"""

from __future__ import annotations

from generator.formatting import datum
from generator.render.blocks import STATUS
from generator.render.escape import plain, staff_markdown
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    wop = ctx.wijk.wop
    out = [
        f"Het wijkontwikkelplan (WOP) zegt wat we in {wop.van} tot en met {wop.tot} in de "
        "wijk willen bereiken. De [wijkagenda](agenda.md) zegt wat we dit jaar doen.",
        "",
    ]
    if wop.vastgesteld:
        out += [f"Vastgesteld op {datum(wop.vastgesteld)}.", ""]
    if wop.samenvatting:
        out += [staff_markdown(wop.samenvatting), ""]
    for thema in wop.themas:
        out += [f"## {plain(thema.naam)} {{ #thema-{thema.id} }}", "", "### Doelen", ""]
        out += [f"- {plain(doel)}" for doel in thema.doelen] + [""]
        if thema.toelichting:
            out += [staff_markdown(thema.toelichting), ""]
        acties = [a for a in ctx.wijk.agenda.acties if a.thema == thema.id]
        if acties:
            out += ["### Afspraken op de wijkagenda", ""]
            for a in acties:
                out.append(
                    f"- [{plain(a.wat)}](agenda.md#actie-{a.id}): {STATUS[a.status].lower()}"
                )
            out.append("")
        else:
            out += ["Voor dit thema staan dit jaar geen afspraken op de agenda.", ""]
    return "\n".join(out)
