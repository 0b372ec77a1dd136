"""Checks that span fields or files: references, duplicate ids, the Nu/Ooit/Nooit promise, money.

They run on whatever parts of a wijk did load, so one run reports a broken reference even
when another file of the same wijk has a typo.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.model import (
    Agenda,
    Budget,
    GemeenteBestand,
    Toekenning,
    Uitslag,
    WijkBestand,
    Wop,
)
from generator.sources.yamlfile import Loc


@dataclass(frozen=True)
class Problem:
    """A rule broken at ``loc`` of ``file`` (in folder ``wijk``, or wijken/ itself when None)."""

    wijk: str | None
    file: str
    loc: Loc
    message: str


@dataclass(frozen=True)
class WijkParts:
    """The files of one wijk that loaded; a part is None when its file had errors."""

    id: str
    info: WijkBestand | None
    wop: Wop | None
    agenda: Agenda | None
    budget: Budget | None
    uitslagen: tuple[Uitslag, ...] = ()
    toekenningen: tuple[Toekenning, ...] = ()


def check(gemeente: GemeenteBestand | None, wijken: Iterable[WijkParts]) -> Iterator[Problem]:
    """Yield every consistency problem that needs more than one field to see."""
    from generator.sources import money  # it builds on Problem and WijkParts above

    shared = {p.id for p in gemeente.partners} if gemeente else set()
    for w in wijken:
        if w.info is not None:
            for i, p in enumerate(w.info.partners):
                if p.id in shared:
                    yield Problem(
                        w.id,
                        "wijk.yaml",
                        ("partners", i, "id"),
                        f"{p.id!r} is already a partner in gemeente.yaml; use another id",
                    )
            for i, overleg in enumerate(w.info.overleggen):
                if overleg.tot is not None and overleg.tot <= overleg.van:
                    yield Problem(
                        w.id, "wijk.yaml", ("overleggen", i, "tot"), "ends before it starts"
                    )
        if w.budget is not None:
            for loc, message in _budget(w.budget):
                yield Problem(w.id, "budget.yaml", loc, message)
            yield from money.check(gemeente, w)
            rondes = {r.id for r in w.budget.stemrondes}
            for uitslag in w.uitslagen:
                if uitslag.ronde not in rondes:
                    yield Problem(
                        w.id,
                        f"stemrondes/{uitslag.ronde}.yaml",
                        ("ronde",),
                        f"no stemronde {uitslag.ronde!r} in budget.yaml",
                    )


def _budget(budget: Budget) -> Iterator[tuple[Loc, str]]:
    per_post: dict[str, int] = {}
    for i, bron in enumerate(budget.bronnen):
        if bron.post in per_post:
            yield ("bronnen", i, "post"), f"{bron.post!r} is listed twice; add the amounts up"
        per_post[bron.post] = per_post.get(bron.post, 0) + bron.bedrag
    spent: Counter[str] = Counter()
    for i, uitgave in enumerate(budget.uitgaven):
        if uitgave.post is None:
            if not budget.ontschot:
                yield (
                    ("uitgaven", i, "post"),
                    (
                        "say from which budget line (post) this is paid; "
                        "only an ontschot budget may leave it out"
                    ),
                )
        elif uitgave.post not in per_post:
            yield ("uitgaven", i, "post"), f"no budget line {uitgave.post!r} in bronnen"
        else:
            spent[uitgave.post] += uitgave.bedrag
    committed = budget.uitgegeven + budget.bewonersdeel
    if committed > budget.totaal:
        yield (
            ("uitgaven",),
            (
                f"spending plus stemrondes (EUR {committed:,}) is more than the "
                f"wijkbudget (EUR {budget.totaal:,})"
            ),
        )
    for i, ronde in enumerate(budget.stemrondes):
        at = ("stemrondes", i)
        phases = [
            ("indienen", ronde.indienen),
            ("beoordelen", ronde.beoordelen),
            ("stemmen", ronde.stemmen),
        ]
        for (_, before), (name, after) in itertools.pairwise(phases):
            if after.van <= before.tot:
                yield (*at, name, "van"), "starts before the previous phase ends"
        if ronde.uitslag < ronde.stemmen.tot:
            yield (*at, "uitslag"), "is before voting ends"
        regels = ronde.regels
        if regels.max_keuzes is not None and regels.max_keuzes < regels.min_keuzes:
            yield (*at, "regels", "max_keuzes"), "is smaller than min_keuzes"
        if regels.max_bedrag is not None and regels.max_bedrag > ronde.bedrag:
            yield (*at, "regels", "max_bedrag"), "is more than the amount of the round"
