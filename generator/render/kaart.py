"""The map of the wijken on the home page: inline SVG, drawn at build time, no JavaScript.

Each wijk is a link around its shape, named for screen readers (``aria-label``) and for the
mouse (``<title>``); the names drawn on the map are decoration (``aria-hidden``), and the
list of wijken right under the map says the same in text. Only wijken with a
``grens.geojson`` are drawn; without any, there is no map.

The projection is equirectangular with longitude scaled by the cosine of the middle
latitude: for an area the size of a gemeente that is as good as any, and simple. Points are
rounded to whole units of the drawing and thinned so the SVG stays small.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Sequence

from generator.model import Gemeente, Wijk
from generator.render.escape import attr

CREDIT = "Kaart: Kadaster / CBS, 2024 (CC BY 4.0)"
_W, _MAX_H, _PAD = 320, 400, 4  # drawing units; the CSS scales it to the screen
_FONTS = (15, 11)  # the names on the map; the smaller one for a small wijk
_SIMPLIFY = 0.75  # drawing units a thinned line may stray from the real one
# Light fills; the dark border has more than 3:1 contrast with each (WCAG 1.4.11).
_FILLS = ("#d6e6f5", "#dcefd6", "#f7e3c9", "#e8dcf2", "#f6dadc")
_BORDER = "#3d3d3d"

XY = tuple[int, int]
Shape = list[list[list[XY]]]  # a wijk in drawing units: polygons, each its outline then holes


def kaart(gemeente: Gemeente, wijken: str) -> list[str]:
    """The map as lines of HTML for a Markdown page; ``wijken`` leads to the wijk folders."""
    drawn = [w for w in gemeente.wijken if w.grens is not None]
    if not drawn:
        return []
    shapes, height = _project(drawn)
    kleuren = _colours(shapes)
    naam = "Kaart van de wijken"
    out = [
        '<figure class="wijkkaart">',
        f'<svg viewBox="0 0 {_W} {height}" role="group" aria-label="{attr(naam)}">',
        f"<title>{attr(naam)}</title>",
    ]
    for w, kleur in zip(drawn, kleuren, strict=True):
        d = "".join(_path(ring) for polygon in shapes[w.id] for ring in polygon)
        if not d:
            continue  # too small to see at this scale; the list under the map has it
        out.append(
            f'<a href="{wijken}{w.id}/" aria-label="{attr("Wijk " + w.naam)}">'
            f"<title>{attr(w.naam)}</title>"
            f'<path d="{d}" fill="{kleur}" fill-rule="evenodd" stroke="{_BORDER}"/></a>'
        )
    labels = [label for w in drawn if (label := _label(w, shapes[w.id]))]
    if labels:
        out += ['<g class="wijkkaart__namen" aria-hidden="true">', *labels, "</g>"]
    out += ["</svg>", f"<figcaption>{attr(CREDIT)}</figcaption>", "</figure>", ""]
    return out


def _project(wijken: Sequence[Wijk]) -> tuple[dict[str, Shape], int]:
    """Every wijk's rings in drawing units, and the drawing's height."""
    points = [p for w in wijken if w.grens for p in w.grens.punten()]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    width = (max(lons) - min(lons)) * kx or 1e-9
    tall = max(lats) - min(lats) or 1e-9
    scale = min((_W - 2 * _PAD) / width, (_MAX_H - 2 * _PAD) / tall)
    left, west, north = (_W - width * scale) / 2, min(lons), max(lats)

    def xy(lon: float, lat: float) -> XY:
        return round(left + (lon - west) * kx * scale), round(_PAD + (north - lat) * scale)

    shapes: dict[str, Shape] = {}
    for w in wijken:
        polygons = []
        for vlak in w.grens.vlakken if w.grens else ():
            rings = [_thin([xy(lon, lat) for lon, lat in ring]) for ring in vlak]
            if len(rings[0]) >= 4:  # an outline that still has an inside
                polygons.append([r for r in rings if len(r) >= 4])
        shapes[w.id] = polygons
    return shapes, math.ceil(tall * scale + 2 * _PAD)


def _thin(ring: list[XY]) -> list[XY]:
    """The ring without repeated points and without points the eye would not miss.

    The least visible point goes first (the one nearest the line between its neighbours),
    again and again while that is under ``_SIMPLIFY``. A heap keeps this at n log n for any
    ring; Douglas-Peucker takes n squared on a zigzag, minutes for a file of a few hundred kB.
    """
    unique = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    n = len(unique)
    if n < 5:
        return unique
    # A linked list over the points; the first and last (one and the same point) stay.
    before, after = list(range(-1, n - 1)), list(range(1, n + 1))
    gone = [False] * n
    offsets = [0.0] + [_offset(unique[i], unique[i - 1], unique[i + 1]) for i in range(1, n - 1)]
    heap = [(offsets[i], i) for i in range(1, n - 1)]
    heapq.heapify(heap)
    while heap:
        off, i = heapq.heappop(heap)
        if gone[i] or off != offsets[i]:
            continue  # an entry from before a neighbour went
        if off >= _SIMPLIFY:
            break
        gone[i] = True
        a, b = before[i], after[i]
        after[a], before[b] = b, a
        for j in (a, b):
            if 0 < j < n - 1:
                offsets[j] = _offset(unique[j], unique[before[j]], unique[after[j]])
                heapq.heappush(heap, (offsets[j], j))
    return [p for p, g in zip(unique, gone, strict=True) if not g]


def _dist2(p: XY, q: XY) -> int:
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2


def _offset(p: XY, a: XY, b: XY) -> float:
    """How far ``p`` lies from the line through ``a`` and ``b``."""
    length = math.sqrt(_dist2(a, b))
    if length == 0:
        return math.sqrt(_dist2(p, a))
    return abs((b[0] - a[0]) * (a[1] - p[1]) - (a[0] - p[0]) * (b[1] - a[1])) / length


def _path(ring: list[XY]) -> str:
    first, *rest = ring[:-1]  # the last point is the first: 'Z' closes the ring
    return f"M{first[0]} {first[1]}" + "".join(f"L{x} {y}" for x, y in rest) + "Z"


def _colours(shapes: dict[str, Shape]) -> list[str]:
    """A fill per wijk, in order, that differs from the neighbours' where the palette allows.

    Neighbours are wijken that share a corner point: CBS borders are drawn from one line.
    """
    ids = list(shapes)
    corners = {i: {p for polygon in shapes[i] for ring in polygon for p in ring} for i in ids}
    chosen: dict[str, int] = {}
    for i in ids:
        taken = {chosen[o] for o in chosen if corners[i] & corners[o]}
        chosen[i] = next((c for c in range(len(_FILLS)) if c not in taken), len(chosen))
    return [_FILLS[chosen[i] % len(_FILLS)] for i in ids]


def _label(wijk: Wijk, shape: Shape) -> str | None:
    """The wijk's name where it fits, as near the middle of the wijk as it can; else None.

    A small wijk gets a smaller name; one too small for that gets none (the link's title
    and the list under the map still name it). Holes are not looked at: a name may cross one.
    """
    rings = [polygon[0] for polygon in shape]
    ys = [p[1] for ring in rings for p in ring[:-1]]
    if not ys:
        return None
    middle = sum(ys) / len(ys)
    # The lines tried do not depend on the font size: cut each ring by them only once.
    edges = [_edges(ring) for ring in rings]
    lines = [
        [(base, _inside(found, base)) for base in _bases(ring)]
        for ring, found in zip(rings, edges, strict=True)
    ]
    for size in _FONTS:
        half = len(wijk.naam) * size * 0.3 + 2  # half the name's width, plus a margin
        spots = []
        for found, cuts in zip(edges, lines, strict=True):
            for base, stretches in cuts:
                wide = [(a, b) for a, b in stretches if b - a >= 2 * half]
                if not wide:
                    continue
                # The name's top and bottom must be inside too: cut at both heights once.
                around = [_inside(found, y) for y in (base - size, base + 2)]
                for a, b in wide:
                    x = (a + b) / 2
                    if all(_covers(cut, x - half, x + half) for cut in around):
                        spots.append((abs(base - middle), x, base))
        if spots:
            _, x, y = min(spots)
            return (
                f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="middle" '
                f'font-size="{size}">{attr(wijk.naam)}</text>'
            )
    return None


Edge = tuple[int, int, int, int, int]  # x and y of one end, y of the other, dx and dy


def _edges(ring: list[XY]) -> list[Edge]:
    """The ring's sides that a horizontal line can cross (flat ones never do)."""
    return [
        (a[0], a[1], b[1], b[0] - a[0], b[1] - a[1])
        for a, b in itertools.pairwise(ring)
        if a[1] != b[1]
    ]


def _bases(ring: list[XY]) -> list[float]:
    """The heights where a name is tried: 15 lines spread over the ring, top to bottom.

    None in a ring lower than the smallest name: its top and bottom would stick out.
    """
    top, bottom = min(p[1] for p in ring), max(p[1] for p in ring)
    if bottom - top < min(_FONTS) + 2:
        return []
    return [top + (bottom - top) * step / 16 + 0.5 for step in range(1, 16)]


def _covers(stretches: list[tuple[float, float]], left: float, right: float) -> bool:
    """Whether one of the stretches (in order, apart) holds all from ``left`` to ``right``."""
    # Only the last stretch that starts at or before ``left`` can: a bisection, not a scan.
    i = bisect.bisect_right(stretches, (left, math.inf)) - 1
    return i >= 0 and right <= stretches[i][1]


def _inside(edges: list[Edge], y: float) -> list[tuple[float, float]]:
    """The stretches of the horizontal line at ``y`` that lie inside the ring of ``edges``."""
    xs = sorted(ax + (y - ay) * dx / dy for ax, ay, by, dx, dy in edges if (ay <= y) != (by <= y))
    return list(zip(xs[::2], xs[1::2], strict=False))
