"""The wijkagenda page (``agenda.md``): every agreement, what is late, and residents' requests.

'Afspraak is afspraak': an action past its date and an Ooit answer past its promised date are
flagged, so residents see what was not kept.
"""

from __future__ import annotations

import datetime as dt

from generator.formatting import datum
from generator.model import Uitslag, UitslagVoorstel, Verzoek, Wijk
from generator.render import facts
from generator.render.blocks import STATUS
from generator.render.escape import plain, staff_markdown
from generator.render.page import WijkContext


def render(ctx: WijkContext) -> str:
    agenda, today = ctx.wijk.agenda, ctx.today
    out = [
        f"Dit zijn de afspraken voor {agenda.jaar}. De wijkagenda is vastgesteld op "
        f"{datum(agenda.vastgesteld)}. **Afspraak is afspraak:** lukt iets niet op tijd, "
        "dan ziet u dat hier.",
        "",
    ]
    if facts.agenda_verouderd(agenda, today):
        out += [
            '!!! warning "Deze agenda is ouder dan een half jaar"',
            "",
            "    De wijkagenda wordt minstens twee keer per jaar vernieuwd. "
            "Deze is te oud. Vraag de wijkmanager naar de nieuwe agenda.",
            "",
        ]
    out += [
        f"Stand van de afspraken: **{facts.stand(agenda, today).zin()}.**",
        "",
        "## Afspraken",
        "",
    ]
    themas = {t.id: t for t in ctx.wijk.wop.themas}
    for actie in sorted(agenda.acties, key=lambda a: (a.wanneer, a.id)):
        out.append(f"### {plain(actie.wat)} {{ #actie-{actie.id} }}")
        out.append("")
        if facts.te_laat(actie, today):
            out += [
                '!!! danger "Te laat"',
                "",
                f"    Dit zou klaar zijn op {datum(actie.wanneer)}.",
                "",
            ]
        wie = ", ".join(plain(ctx.partners[p].naam) for p in actie.wie)
        thema = themas[actie.thema]
        besluit = actie.besluit
        out += [
            staff_markdown(actie.waarom, lead="Waarom:"),
            "",
            f"- **Wie:** {wie}",
            f"- **Wanneer klaar:** {datum(actie.wanneer)}",
            f"- **Status:** {STATUS[actie.status]}",
            f"- **Thema:** [{plain(thema.naam)}](wop.md#thema-{thema.id})",
            f"- **Besluit:** {plain(besluit.kenmerk)} van {datum(besluit.datum)}",
            "",
        ]
        if actie.toelichting:
            out += [staff_markdown(actie.toelichting), ""]
    if not agenda.acties:
        out += ["Er staan nog geen afspraken op de agenda.", ""]
    out += _afspraken(ctx)
    out += _verzoeken(ctx)
    return "\n".join(out)


def _afspraken(ctx: WijkContext) -> list[str]:
    """Prestatieafspraken: what partners promise each other and the wijk."""
    afspraken = ctx.wijk.agenda.afspraken
    if not afspraken:
        return []
    out = [
        "## Afspraken tussen partners",
        "",
        "Dit beloven de partners in de wijk elkaar en u. Ze laten elk jaar zien of het gelukt is.",
        "",
    ]
    for a in afspraken:
        wie = ", ".join(plain(ctx.partners[p].naam) for p in a.wie)
        out += [
            f"### {plain(a.wat)}",
            "",
            staff_markdown(a.waarom, lead="Waarom:"),
            "",
            staff_markdown(a.hoe, lead="Hoe:"),
            "",
            f"- **Wanneer:** {plain(a.wanneer)}",
            f"- **Door wie:** {wie}",
            "",
        ]
    return out


def _verzoeken(ctx: WijkContext) -> list[str]:
    verzoeken = ctx.wijk.agenda.verzoeken
    out = [
        "## Vragen van bewoners",
        "",
        "Op elke vraag geven we een duidelijk antwoord: **Nu** (we gaan het doen), "
        "**Ooit** (het kan later, onder voorwaarden; u hoort op een vaste datum of het "
        "doorgaat) of **Nooit** (het kan niet, en we leggen uit waarom).",
        "",
    ]
    voorstellen = _ooit_voorstellen(ctx.wijk)
    if not verzoeken and not voorstellen:
        return [*out, "Er zijn nog geen vragen beantwoord.", ""]
    for antwoord, kop in (("nu", "Nu"), ("ooit", "Ooit"), ("nooit", "Nooit")):
        groep = [v for v in verzoeken if v.antwoord == antwoord]
        extra = voorstellen if antwoord == "ooit" else []
        if groep or extra:
            out += [f"### {kop}", ""]
            for v in groep:
                out += _verzoek(ctx, v)
            for uitslag, voorstel in extra:
                out += _voorstel(ctx, uitslag, voorstel)
    return out


def _ooit_voorstellen(wijk: Wijk) -> list[tuple[Uitslag, UitslagVoorstel]]:
    """Proposals a stemronde's review answered Ooit: a promise like any other request."""
    return [
        (u, v)
        for u in sorted(wijk.uitslagen, key=lambda u: (u.vastgesteld, u.ronde))
        for v in u.voorstellen
        if v.antwoord == "ooit"
    ]


def _voorstel(ctx: WijkContext, uitslag: Uitslag, v: UitslagVoorstel) -> list[str]:
    out = [
        f"#### {plain(v.titel)} {{ #voorstel-{uitslag.ronde}-{v.id} }}",
        "",
        f"Een voorstel van bewoners voor de stemronde [{plain(uitslag.titel)}]"
        f"({uitslag.ronde}.md).",
        "",
        "**Antwoord:** Ooit.",
        "",
    ]
    if v.voorwaarden:
        out += [f"Voorwaarden: {plain(v.voorwaarden)}", ""]
    return out + _uitsluitsel(v, ctx.today)


def _uitsluitsel(v: Verzoek | UitslagVoorstel, today: dt.date) -> list[str]:
    """When a definite answer comes on an Ooit answer, flagged once that day has passed."""
    if v.uitsluitsel is None:
        return []
    if facts.uitsluitsel_te_laat(v, today):
        return [
            '!!! danger "Antwoord te laat"',
            "",
            f"    U zou op {datum(v.uitsluitsel)} een definitief antwoord krijgen. "
            "Dat is te laat. Vraag de wijkmanager hoe het staat.",
            "",
        ]
    return [f"U krijgt uiterlijk op {datum(v.uitsluitsel)} een definitief antwoord.", ""]


def _verzoek(ctx: WijkContext, v: Verzoek) -> list[str]:
    out = [f"#### {plain(v.vraag)} {{ #vraag-{v.id} }}", ""]
    door = f" door {plain(v.van)}" if v.van else ""
    op = f" op {datum(v.ingediend)}" if v.ingediend else ""
    if door or op:
        out += [f"Deze vraag is gesteld{door}{op}.", ""]
    out.append(f"**Antwoord:** {v.antwoord.capitalize()}.")
    out.append("")
    if v.antwoord == "ooit" and v.voorwaarden and v.uitsluitsel:
        out += [staff_markdown(v.voorwaarden, lead="Voorwaarden:"), ""]
        out += _uitsluitsel(v, ctx.today)
    if v.antwoord == "nooit" and v.reden:
        out += [staff_markdown(v.reden, lead="Waarom niet:"), ""]
    if v.toelichting:
        out += [staff_markdown(v.toelichting), ""]
    if v.actie:
        wat = next(a.wat for a in ctx.wijk.agenda.acties if a.id == v.actie)
        out += [f"Zie de afspraak: [{plain(wat)}](#actie-{v.actie}).", ""]
    return out
