"""The postcode rule: every address belongs to at most one wijk.

A PC4 listed whole leaves no part of it for another wijk; a PC6 listed whole leaves none of
its house numbers; two ranges of one PC6 may not share a number. The problem is reported at
the later of the two lines, naming the first, so staff see both places to choose from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.model.postcode import Postcodegebied
from generator.sources.checks import Problem, WijkParts
from generator.sources.messages import say


def check(wijken: Iterable[WijkParts]) -> Iterator[Problem]:
    """Yield a problem for every postcode area that overlaps one listed before it."""
    seen: dict[str, list[tuple[WijkParts, Postcodegebied]]] = {}
    for w in wijken:
        if w.info is None:
            continue
        for i, gebied in enumerate(w.info.postcodes):
            earlier = seen.setdefault(gebied.pc4, [])
            clash = next(((o, g) for o, g in earlier if g.overlaps(gebied)), None)
            if clash is None:
                earlier.append((w, gebied))
                continue
            other, first = clash
            if other.id == w.id:
                message = say("postcode_twice", gebied=str(gebied), other=str(first))
            else:
                naam = other.info.naam if other.info else other.id
                message = say(
                    "postcode_other_wijk",
                    gebied=str(gebied),
                    other=str(first),
                    wijk=naam,
                    file=f"{other.id}/wijk.yaml",
                )
            yield Problem(w.id, "wijk.yaml", ("postcodes", i), message)
