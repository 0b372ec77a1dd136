"""``kompas.md``: the wijken side by side, per indicator of the gemeente's wijkkompas."""

from __future__ import annotations

from generator.model import DOMEINEN, Gemeente
from generator.render.escape import cell, plain
from generator.render.indicatoren import decimalen, index, oordeel
from generator.render.kompas import CBS_BRON, DOMEIN, SOORT, formatter
from generator.render.page import front_matter

TITLE = "Wijkkompas: de wijken vergeleken"


def page(gemeente: Gemeente) -> str:
    out = [*front_matter(TITLE), f"# {TITLE}", ""]
    kompas = gemeente.info.kompas
    if kompas is None:
        return "\n".join([*out, "Deze gemeente heeft nog geen wijkkompas.", ""])
    out += [
        "Elke wijk wordt gemeten met dezelfde cijfers. Hier ziet u per cijfer hoe de wijken "
        "ervoor staan in het laatste jaar dat bekend is. De gemeente is het gemiddelde van de "
        "wijken, gewogen naar het aantal inwoners.",
        "",
        f"De index vergelijkt met het gemiddelde van de gemeente in {kompas.basisjaar} (100). "
        "Boven de 100 is beter, onder de 100 slechter.",
        "",
    ]
    gemiddelden = gemeente.kompas_gemiddelden
    for domein in DOMEINEN:
        indicatoren = [i for i in kompas.indicatoren if i.domein == domein]
        if not indicatoren:
            continue
        out += [f"## {DOMEIN[domein]}", ""]
        for ind in indicatoren:
            shared = gemiddelden.get(ind.id, {})
            if not shared:
                continue
            jaar = max(shared)
            basis = shared.get(kompas.basisjaar)
            per_wijk = {
                w.id: w.kompas.waarden().get(ind.id, {}) if w.kompas else {}
                for w in gemeente.wijken
            }
            getal = formatter(decimalen(v for values in per_wijk.values() for v in values.values()))
            out += [
                f"### {plain(ind.naam)} ({jaar}) {{ #indicator-{ind.id} }}",
                "",
                f"Eenheid: {plain(ind.eenheid)}. "
                f"{'Hoger' if ind.beter == 'hoger' else 'Lager'} is beter. "
                f"Soort: {SOORT[ind.soort]}. Bron: {plain(ind.bron)}.",
                "",
                f"| Wijk | {jaar} | Sinds de vorige meting | Index |",
                "| --- | ---: | --- | ---: |",
            ]
            for w in gemeente.wijken:
                values = per_wijk[w.id]
                if jaar not in values:
                    out.append(f"| {cell(w.naam)} | – | | |")
                    continue
                earlier = [j for j in values if j < jaar]
                change = oordeel(ind, values[max(earlier)], values[jaar]) if earlier else ""
                idx = index(ind, values[jaar], basis)
                out.append(
                    f"| [{cell(w.naam)}]({w.id}/kompas.md#indicator-{ind.id}) "
                    f"| {getal(values[jaar])} | {change} | {_round(idx)} |"
                )
            idx = index(ind, shared[jaar], basis)
            out += [f"| **Gemeente** | **{getal(shared[jaar])}** | | {_round(idx)} |", ""]
    if any(i.cbs for i in kompas.indicatoren):
        out += ["---", "", CBS_BRON, ""]
    return "\n".join(out)


def _round(value: float | None) -> str:
    return "–" if value is None else str(round(value))
