"""The 'Waar kan ik terecht?' page (``contact.md``): per topic who helps, where to report and
how soon it is handled, then the people."""

from __future__ import annotations

from generator.model import Melden
from generator.render import blocks
from generator.render.escape import email_link, phone_link, plain, staff_markdown
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    info = ctx.wijk.info
    out = [
        "Weet u niet bij wie u moet zijn? Kijk hieronder per onderwerp. U ziet ook waar u "
        "een melding of klacht doorgeeft, en hoe snel die is afgehandeld.",
        "",
    ]
    for onderwerp in info.loket:
        out += [f"## {plain(onderwerp.onderwerp)}", ""]
        if onderwerp.toelichting:
            out += [staff_markdown(onderwerp.toelichting), ""]
        out += _melden(onderwerp.melden, onderwerp.afhandeling)
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


def _melden(melden: Melden, afhandeling: str) -> list[str]:
    """Where to report a problem on this topic (internet, phone, mail, letter) and how soon."""
    kanalen = [
        f"[meld het op internet]({melden.website})" if melden.website else "",
        f"bel {phone_link(melden.telefoon)}" if melden.telefoon else "",
        f"mail naar {email_link(melden.email)}" if melden.email else "",
        f"stuur een brief naar {plain(melden.post)}" if melden.post else "",
    ]
    return [
        f"- **Melding of klacht:** {' · '.join(k for k in kanalen if k)}",
        f"- **Afgehandeld binnen:** {plain(afhandeling)}",
        "",
    ]
