"""What stands in the way of a fair vote: shown to staff before and while a round runs.

A ballot nobody can fill in (too few proposals, or the cheapest allowed choice costs more
than a vote may), a proposal that costs more than the round or a vote may, no lottery yet,
and rules in ``budget.yaml`` that changed after the ballot froze. Each is a plain Dutch
sentence; none of them stops the app, they tell staff what to fix.
"""

from __future__ import annotations

from generator.formatting import aantal, euro
from generator.model import Stemronde
from voting_app.ballots import on_ballot
from voting_app.lifecycle import State
from voting_app.phases import Phase


def _goedkoopste(n: int) -> str:
    """The start of the sentence on the cheapest ballot, in the number that agrees."""
    if n == 1:
        return "Het goedkoopste voorstel kost"
    return f"De {aantal(n)} goedkoopste voorstellen kosten samen"


def shortfall(current: State) -> str | None:
    """Why no valid ballot can be filled in, if so: too few (or too expensive) proposals."""
    ronde = current.ref.ronde
    rules = ronde.regels
    if current.ballot is not None:
        costs = sorted(p.kosten for p in current.ballot.proposals)
    else:
        costs = sorted(p.cost or 0 for p in on_ballot(current.ref))
    if len(costs) < rules.min_keuzes:
        return (
            f"Er {'staat' if len(costs) == 1 else 'staan'} "
            f"{aantal(len(costs), 'voorstel', 'voorstellen')} op het stembiljet, maar een stem "
            f"kiest er minstens {rules.min_keuzes}. Geef eerst meer ideeën het antwoord Nu."
        )
    cheapest = sum(costs[: rules.min_keuzes])
    if rules.max_bedrag is not None and cheapest > rules.max_bedrag:
        return (
            f"{_goedkoopste(rules.min_keuzes)} {euro(cheapest)}: "
            f"meer dan een stem mag kosten ({euro(rules.max_bedrag)}). Niemand kan dan stemmen."
        )
    return None


def _over(ronde: Stemronde, cost: int) -> str | None:
    """What a proposal of ``cost`` costs more than, if it cannot be on the ballot."""
    if cost > ronde.bedrag:
        return f"het hele bedrag van de stemronde ({euro(ronde.bedrag)})"
    limit = ronde.regels.max_bedrag
    if limit is not None and cost > limit:
        return f"een stem mag kosten ({euro(limit)}), dus niemand kan het kiezen"
    return None


def too_expensive(ronde: Stemronde, cost: int) -> str | None:
    """Why a proposal of ``cost`` cannot be answered Nu, for the review form; None if it can."""
    over = _over(ronde, cost)
    if over is None:
        return None
    return f"Dit voorstel kost meer dan {over}. Antwoord Ooit of Nooit, of pas de kosten aan."


def problems(current: State) -> list[str]:
    """What stands in the way of a fair vote, in plain Dutch, for the staff round page."""
    found = [m for m in [shortfall(current)] if m]
    ronde = current.ref.ronde
    if current.ballot is None:
        costly = [(p.title, p.cost or 0) for p in on_ballot(current.ref)]
    else:
        costly = [(p.titel, p.kosten) for p in current.ballot.proposals]
    for title, cost in costly:
        over = _over(ronde, cost)
        if over:
            found.append(f"{title} kost {euro(cost)}: meer dan {over}.")
    if current.phase in (Phase.INDIENEN, Phase.BEOORDELEN) and not current.lottery:
        found.append(
            f"Er is nog geen loting. Trek hem voor het stemmen begint op "
            f"{current.dates()['stemmen_van']}; anders trekt de app hem bij de start."
        )
    if current.ballot is not None and current.phase is not Phase.GEPUBLICEERD:
        now = {
            "bedrag": current.sources.bedrag,
            "telmethode": current.sources.telmethode,
            "regels": current.sources.regels.model_dump(mode="json"),
        }
        if now != current.ballot.rules:
            found.append(
                "De stemregels in budget.yaml zijn veranderd sinds het stemmen begon. De app "
                "blijft werken met de regels van het stembiljet: bedrag "
                f"{euro(current.ballot.rules['bedrag'])}, telmethode "
                f"{current.ballot.rules['telmethode']}."
            )
    return found
