"""The wijk's front page (``index.md``, menu 'Overzicht'): a call to act, key facts, who to ask."""

from __future__ import annotations

from generator.formatting import aantal, datum, euro
from generator.model import Stemronde
from generator.render import blocks, facts, meedoen
from generator.render.escape import attr, plain, staff_markdown
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    w, info = ctx.wijk, ctx.wijk.info
    out: list[str] = []
    ronde = facts.open_ronde(w, ctx.today)
    if ronde is not None:
        out += _oproep(ctx, ronde)
    out += meedoen.wijk_melding(ctx)
    if info.beschrijving:
        out += [staff_markdown(info.beschrijving), ""]
    out += [
        "## In het kort",
        "",
        f"- **Buurten:** {', '.join(plain(b) for b in info.buurten)}",
        f"- **Inwoners:** {aantal(info.inwoners)}",
        f"- **Wijkbudget {w.budget.jaar}:** {euro(w.budget.totaal)} "
        "([zo is het verdeeld](budget.md))",
        f"- **Wijkagenda {w.agenda.jaar}:** {facts.stand(w.agenda, ctx.today).zin()} "
        "([bekijk de agenda](agenda.md))",
        *meedoen.wijk_regels(ctx),
        "",
        "## Wie zijn er voor de wijk?",
        "",
        *blocks.wethouder(ctx),
        *blocks.persoon("Wijkmanager", info.wijkmanager),
    ]
    if info.wijkagent:
        out += blocks.persoon("Wijkagent", info.wijkagent)
    out += ["Meer adressen: [waar kan ik terecht?](contact.md)", "", "## Volgende overleg", ""]
    komend = facts.komende_overleggen(w, ctx.today)
    if komend:
        out += [*blocks.overleg(komend[0]), "[Alle data en plaatsen](overleg.md)", ""]
    else:
        out += ["Er is nog geen nieuwe datum. Kijk later nog eens.", ""]
    return "\n".join(out)


def _oproep(ctx: WijkContext, ronde: Stemronde) -> list[str]:
    """A button to the voting app while residents can send in ideas or vote."""
    url = meedoen.stem_url(ctx.wijk, ronde)
    if ronde.phase(ctx.today) == "stemmen":
        kop = "Stem mee"
        tekst = (
            f"Bewoners beslissen over {euro(ronde.bedrag)}. "
            f"U kunt stemmen tot en met {datum(ronde.stemmen.tot)}."
        )
    else:
        kop = "Heeft u een idee voor de wijk?"
        tekst = (
            f"Bewoners beslissen over {euro(ronde.bedrag)}. "
            f"U kunt een idee insturen tot en met {datum(ronde.indienen.tot)}."
        )
    return [
        f'!!! tip "{attr(kop)}: {attr(ronde.titel)}"',
        "",
        f"    {tekst}",
        "",
        f"    [{kop}]({url}){{ .md-button .md-button--primary }}",
        "",
    ]
