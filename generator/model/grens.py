"""``wijken/<wijk>/grens.geojson``: where a wijk lies, for the map on the home page.

The file is plain GeoJSON in lon/lat (WGS84), as map tools and the CBS export it; the loader
(``generator.sources.grens``) checks it and keeps only the polygons, here.
"""

# No `from __future__ import annotations` here: see the note in generator/model/__init__.py.

from pydantic import BaseModel, ConfigDict

GRENS_FILE = "grens.geojson"

Punt = tuple[float, float]  # longitude, latitude in degrees
Ring = tuple[Punt, ...]  # a closed line: the outside of a polygon, then its holes
Vlak = tuple[Ring, ...]


class Grens(BaseModel):
    """The wijk's area: one or more polygons (a wijk on two sides of a river has two)."""

    model_config = ConfigDict(frozen=True)

    vlakken: tuple[Vlak, ...]

    def punten(self) -> list[Punt]:
        """Every point of every outer ring: what the map is fitted to."""
        return [p for vlak in self.vlakken for p in vlak[0]]
