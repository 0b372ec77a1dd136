"""A line chart over the years as inline SVG: no JavaScript, readable without colour.

The SVG is an image with a title and a description (``role="img"``); every point carries
its value as text, the years stand under the axis and each line is named at its end, so
the chart says the same as the table beside it. The gemeente's line is dashed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.render.escape import attr

_W, _H = 640, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 60, 110, 24, 40
_TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Lijn:
    """One line: its name, its values per year, colour, and whether the points are labelled."""

    naam: str
    waarden: dict[int, float]
    kleur: str = "#1b5e8c"
    gestippeld: bool = False
    labels: bool = True


def grafiek(
    id_: str, titel: str, beschrijving: str, lijnen: list[Lijn], fmt: Callable[[float], str]
) -> str:
    """An accessible SVG line chart in a figure; ``fmt`` writes a value as text."""
    jaren = sorted({j for lijn in lijnen for j in lijn.waarden})
    values = [v for lijn in lijnen for v in lijn.waarden.values()]
    if not jaren:
        return ""
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1
    lo, hi = lo - pad, hi + pad
    if min(values) >= 0:
        lo = max(lo, 0)
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def x(jaar: int) -> float:
        if len(jaren) == 1:
            return _LEFT + plot_w / 2
        return _LEFT + plot_w * jaren.index(jaar) / (len(jaren) - 1)

    def y(value: float) -> float:
        return _TOP + plot_h * (hi - value) / (hi - lo)

    parts = [
        f'<svg class="lijngrafiek" viewBox="0 0 {_W} {_H}" role="img" '
        f'aria-labelledby="{id_}-titel {id_}-tekst" font-size="13" font-family="sans-serif">',
        f'<title id="{id_}-titel">{attr(titel)}</title>',
        f'<desc id="{id_}-tekst">{attr(beschrijving)}</desc>',
    ]
    for value in (lo, (lo + hi) / 2, hi):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#cccccc"/>'
            f'<text x="{_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'fill="{_TEXT}">{attr(fmt(value))}</text>'
        )
    for jaar in jaren:
        parts.append(
            f'<text x="{x(jaar):.1f}" y="{_H - 14}" text-anchor="middle" '
            f'fill="{_TEXT}">{jaar}</text>'
        )
    ends: list[tuple[float, float, str]] = []
    for lijn in lijnen:
        points = [(x(j), y(v)) for j, v in sorted(lijn.waarden.items())]
        if not points:
            continue
        dash = ' stroke-dasharray="6 4"' if lijn.gestippeld else ""
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{lijn.kleur}" '
            f'stroke-width="2.5"{dash}/>'
        )
        for (px, py), value in zip(
            points, [v for _, v in sorted(lijn.waarden.items())], strict=True
        ):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{lijn.kleur}"/>')
            if lijn.labels:
                parts.append(
                    f'<text x="{px:.1f}" y="{py - 9:.1f}" text-anchor="middle" '
                    f'fill="{_TEXT}">{attr(fmt(value))}</text>'
                )
        ends.append((points[-1][1], points[-1][0], lijn.naam))
    last_y = -100.0
    for end_y, end_x, naam in sorted(ends):  # names at the line ends, never on top of each other
        label_y = max(end_y + 4, last_y + 15)
        last_y = label_y
        parts.append(
            f'<text x="{end_x + 10:.1f}" y="{label_y:.1f}" fill="{_TEXT}" '
            f'font-weight="bold">{attr(naam)}</text>'
        )
    parts.append("</svg>")
    return f'<figure class="kompasgrafiek">{"".join(parts)}</figure>'
