"""Markdown blocks that more than one wijk page shows: people, partners, meetings, labels."""

from __future__ import annotations

from generator.formatting import datum, tijd
from generator.model import Overleg, Partner, Persoon
from generator.render.escape import email_link, phone_link, plain, staff_markdown
from generator.render.page import WijkContext

STATUS = {"gepland": "Gepland", "bezig": "Bezig", "klaar": "Klaar", "vervallen": "Vervallen"}
SOORT_OVERLEG = {
    "wijkoverleg": "Wijkoverleg",
    "wijkcontactmoment": "Wijkcontactmoment",
    "bewonersavond": "Bewonersavond",
    "wijkschouw": "Wijkschouw",
    "raad": "Vertel het de raad",
    "college": "Bezoek van het college",
    "voorlichting": "Voorlichtingsbijeenkomst",
    "overig": "Bijeenkomst",
}


def wethouder(ctx: WijkContext) -> list[str]:
    """The wijkwethouder with portfolio and contact details, on one line."""
    lid = ctx.gemeente.college[ctx.wijk.info.wijkwethouder]
    lines = [f"**Wijkwethouder:** {plain(lid.naam)}"]
    if lid.portefeuille:
        lines.append(f"({plain(lid.portefeuille)})")
    contact = [email_link(lid.email)] if lid.email else []
    if lid.telefoon:
        contact.append(phone_link(lid.telefoon))
    return [" ".join(lines) + ("  \n" + " · ".join(contact) if contact else ""), ""]


def persoon(rol: str, p: Persoon) -> list[str]:
    lines = [f"**{rol}:** {plain(p.naam)}"]
    if p.functie:
        lines[0] += f" ({plain(p.functie)})"
    if p.telefoon:
        lines.append(f"Telefoon: {phone_link(p.telefoon)}")
    if p.email:
        lines.append(f"E-mail: {email_link(p.email)}")
    if p.spreekuur:
        lines.append(f"Spreekuur: {plain(p.spreekuur)}")
    return ["  \n".join(lines), ""]


def partner(p: Partner) -> list[str]:
    lines = [f"**{plain(p.naam)}**"]
    if p.toelichting:
        lines.append(plain(p.toelichting))
    parts = [
        f"Telefoon: {phone_link(p.telefoon)}" if p.telefoon else "",
        f"E-mail: {email_link(p.email)}" if p.email else "",
        f"[Website van {plain(p.naam)}]({p.website})" if p.website else "",
        f"Adres: {plain(p.adres)}" if p.adres else "",
    ]
    contact = " · ".join(part for part in parts if part)
    if contact:
        lines.append(contact)
    return ["  \n".join(lines), ""]


def overleg(o: Overleg, heading: str = "") -> list[str]:
    """A meeting: as a section under ``heading`` (e.g. ``###``), or as a bold paragraph."""
    titel = plain(o.titel or SOORT_OVERLEG[o.soort])
    if o.geannuleerd:
        titel = f"Gaat niet door: {titel}"
    first = f"{heading} {titel}" if heading else f"**{titel}**"
    lines = [
        f"{datum(o.datum, weekday=True)}, {tijd(o.van, o.tot)}",
        f"Waar: {plain(o.plaats)}",
    ]
    if o.voor:
        lines.append(f"Voor wie: {plain(o.voor)}")
    body = ["  \n".join(lines), ""]
    if o.toelichting:
        body += [staff_markdown(o.toelichting), ""]
    return [first, "", *body] if heading else [first + "  \n" + body[0], *body[1:]]
