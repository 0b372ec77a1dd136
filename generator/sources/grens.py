"""Read a wijk's ``grens.geojson`` into a :class:`~generator.model.Grens`.

GeoJSON is checked by hand rather than by a pydantic model: a union of four shapes would
report its errors under the names of the shapes tried, while staff need the one place in
their file (``features[2].geometry.coordinates[1]``) and a sentence about what is wrong.
Only polygons count; properties, ids and other members map tools write are ignored.

A boundary is drawn on a map 320 units wide, so it needs few points: no CBS wijk has more
than 78 in the simplified boundaries for the whole country (mapshaper, 10% of the generalised
ones, so those have about 800). The limits below are far above that, and keep a file full of
points from slowing down every build.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from generator.model.grens import Grens, Punt, Ring, Vlak
from generator.sources.messages import number, say
from generator.sources.yamlfile import Loc

_SHAPES = ("FeatureCollection", "Feature", "Polygon", "MultiPolygon")
MAX_RING = 5_000  # points on one ring (an outline or a hole)
MAX_POINTS = 10_000  # points in the whole file


class _Problems(Exception):
    def __init__(self, found: list[tuple[Loc, str]]) -> None:
        super().__init__(found)
        self.found = found


def read(data: dict[str, Any]) -> tuple[Grens | None, list[tuple[Loc, str]]]:
    """The boundary in ``data`` (a parsed GeoJSON object), or None and every problem in it."""
    problems: list[tuple[Loc, str]] = []
    vlakken = list(_object(data, (), problems))
    if not problems and not vlakken:
        problems.append(((), say("grens_empty")))
    total = sum(len(ring) for vlak in vlakken for ring in vlak)
    if not problems and total > MAX_POINTS:
        problems.append(((), say("grens_too_many", count=number(total), limit=number(MAX_POINTS))))
    if problems:
        return None, problems
    return Grens(vlakken=tuple(vlakken)), []


def too_many_points(text: str) -> str | None:
    """The problem of a file with more points than ``MAX_POINTS``, found before it is parsed
    as YAML; None when it has fewer, or is not JSON (the YAML parser then says what is wrong).

    A GeoJSON file is JSON, which ``json`` reads in milliseconds; composing it as YAML to keep
    line numbers takes seconds for a megabyte of points, which the limit would then refuse.
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    total = _positions(data)
    if total <= MAX_POINTS:
        return None
    return say("grens_too_many", count=number(total), limit=number(MAX_POINTS))


def _positions(value: object) -> int:
    """Lists of numbers in ``value``: the positions of a GeoJSON object, wherever they are."""
    if isinstance(value, dict):
        return sum(_positions(v) for v in value.values())
    if isinstance(value, list):
        if value and all(isinstance(v, int | float) for v in value):
            return 1
        return sum(_positions(v) for v in value)
    return 0


def _object(data: object, loc: Loc, problems: list[tuple[Loc, str]]) -> Iterator[Vlak]:
    kind = data.get("type") if isinstance(data, dict) else None
    if not isinstance(data, dict) or kind not in _SHAPES:
        problems.append(((*loc, "type"), say("grens_type", expected=", ".join(_SHAPES))))
        return
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            problems.append(((*loc, "features"), say("grens_list")))
            return
        for i, feature in enumerate(features):
            yield from _object(feature, (*loc, "features", i), problems)
    elif kind == "Feature":
        yield from _object(data.get("geometry"), (*loc, "geometry"), problems)
    elif kind == "Polygon":
        vlak = _vlak(data.get("coordinates"), (*loc, "coordinates"), problems)
        if vlak is not None:
            yield vlak
    else:
        polygons = data.get("coordinates")
        if not isinstance(polygons, list) or not polygons:
            problems.append(((*loc, "coordinates"), say("grens_list")))
            return
        for i, polygon in enumerate(polygons):
            vlak = _vlak(polygon, (*loc, "coordinates", i), problems)
            if vlak is not None:
                yield vlak


def _vlak(rings: object, loc: Loc, problems: list[tuple[Loc, str]]) -> Vlak | None:
    if not isinstance(rings, list) or not rings:
        problems.append((loc, say("grens_list")))
        return None
    try:
        return tuple(_ring(ring, (*loc, i)) for i, ring in enumerate(rings))
    except _Problems as exc:
        problems.extend(exc.found)
        return None


def _ring(points: object, loc: Loc) -> Ring:
    if not isinstance(points, list) or len(points) < 4:
        raise _Problems([(loc, say("grens_ring_short"))])
    if len(points) > MAX_RING:  # counted before reading them: no time spent on the rest
        found = say("grens_ring_too_many", count=number(len(points)), limit=number(MAX_RING))
        raise _Problems([(loc, found)])
    out = tuple(_punt(p, (*loc, i)) for i, p in enumerate(points))
    return out if out[0] == out[-1] else (*out, out[0])


def _punt(value: object, loc: Loc) -> Punt:
    # A position is [lon, lat] or [lon, lat, height]; the height is not needed for a map.
    if (
        not isinstance(value, list)
        or len(value) not in (2, 3)
        or not all(_number(v) for v in value)
    ):
        raise _Problems([(loc, say("grens_not_point"))])
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -85 <= lat <= 85):
        raise _Problems([(loc, say("grens_off_earth", value=f"[{value[0]}, {value[1]}]"))])
    return lon, lat


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
