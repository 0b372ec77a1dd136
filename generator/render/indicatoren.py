"""The figures of the wijkkompas: a wijk's values per year, the gemeente's, an index, a trend.

The gemeente's value of a year is the mean of the wijken that have one, weighted by their
inhabitants (``Gemeente.kompas_gemiddelden``). The index follows Rotterdam's Wijkprofiel:
100 is the gemeente's value in the base year, and higher is always better (for a 'lower is
better' indicator it is mirrored).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.model import DOMEINEN, Domein, Gemeente, Indicator, Wijk

Oordeel = Literal["beter", "slechter", "gelijk"]
# Less than this share of the earlier value counts as no change.
GELIJK_MARGE = 0.01


@dataclass(frozen=True)
class Reeks:
    """One indicator in one wijk: its values and the gemeente's, per year."""

    indicator: Indicator
    wijk: dict[int, float]
    gemeente: dict[int, float]
    basis: float | None  # the gemeente's value in the base year

    @property
    def decimalen(self) -> int:
        """How precisely the values are written: the most decimals any of them has."""
        return decimalen(self.wijk.values())

    @property
    def jaren(self) -> list[int]:
        return sorted(set(self.wijk) | set(self.gemeente))

    def index(self, jaar: int) -> float | None:
        value = self.wijk.get(jaar)
        return index(self.indicator, value, self.basis)

    def laatste(self) -> tuple[int, float] | None:
        if not self.wijk:
            return None
        jaar = max(self.wijk)
        return jaar, self.wijk[jaar]

    def vorige(self) -> tuple[int, float] | None:
        """The year before the last one with a value, and that value."""
        earlier = sorted(self.wijk)[:-1]
        return (earlier[-1], self.wijk[earlier[-1]]) if earlier else None

    def oordeel(self) -> Oordeel | None:
        last, before = self.laatste(), self.vorige()
        if last is None or before is None:
            return None
        return oordeel(self.indicator, before[1], last[1])


def decimalen(values: Iterable[float]) -> int:
    """The most decimals (at most 2) that any of ``values`` is written with."""
    return max((_decimals(v) for v in values), default=0)


def _decimals(value: float) -> int:
    if isinstance(value, int) or float(value).is_integer():
        return 0
    return min(len(repr(value).split(".")[-1]), 2)


def oordeel(indicator: Indicator, before: float, after: float) -> Oordeel:
    """Better, worse or the same, as the indicator's direction says."""
    if abs(after - before) <= GELIJK_MARGE * abs(before):
        return "gelijk"
    up = after > before
    return "beter" if up == (indicator.beter == "hoger") else "slechter"


def index(indicator: Indicator, value: float | None, basis: float | None) -> float | None:
    if value is None or not basis:
        return None
    change = 100 * (value - basis) / abs(basis)
    return 100 + change if indicator.beter == "hoger" else 100 - change


def reeksen(gemeente: Gemeente, wijk: Wijk) -> list[Reeks]:
    """Every indicator of the wijk (the base set first, then its own), with its figures."""
    values = wijk.kompas.waarden() if wijk.kompas else {}
    basisjaar = gemeente.info.kompas.basisjaar if gemeente.info.kompas else None
    basis_ids = set(gemeente.indicatoren())
    out = []
    for ind in gemeente.indicatoren(wijk).values():
        shared = gemeente.kompas_gemiddelden.get(ind.id, {}) if ind.id in basis_ids else {}
        basis = shared.get(basisjaar) if basisjaar is not None else None
        if ind.id not in basis_ids and basisjaar is not None:
            basis = values.get(ind.id, {}).get(basisjaar)  # an own indicator: the wijk itself
        out.append(Reeks(ind, values.get(ind.id, {}), shared, basis))
    return out


def domein_index(reeksen: list[Reeks], jaar: int) -> dict[tuple[Domein, str], float | None]:
    """The mean index per domain and kind (objectief, subjectief) in ``jaar``."""
    out: dict[tuple[Domein, str], float | None] = {}
    for domein in DOMEINEN:
        for soort in ("objectief", "subjectief"):
            found = [
                i
                for r in reeksen
                if r.indicator.domein == domein and r.indicator.soort == soort
                if (i := r.index(jaar)) is not None
            ]
            out[(domein, soort)] = sum(found) / len(found) if found else None
    return out
