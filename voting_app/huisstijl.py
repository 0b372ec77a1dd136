"""The gemeente's colours and name in the app, from the same huisstijl as the site.

``/stemmen/huisstijl.css`` sets the colours of ``huisstijl`` in ``wijken/gemeente.yaml`` as
the custom properties that ``static/app.css`` uses (with today's colours as defaults), after
the loader checked their contrast. A stylesheet, not inline styles: the app's CSP allows
styles from its own address only.
"""

from __future__ import annotations

from flask import Blueprint, Response

from generator import sources
from generator.model import GemeenteBestand, Palet
from voting_app.rounds import gemeente

bp = Blueprint("huisstijl", __name__, url_prefix="/stemmen")


@bp.get("/huisstijl.css")
def css() -> Response:
    """The palette as CSS; it changes when gemeente.yaml does, so browsers ask again soon."""
    palet = _palet()
    lines = "".join(f"  {name}: {value};\n" for name, value in palet.eigenschappen().items())
    response = Response(f":root {{\n{lines}}}\n", mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.app_context_processor
def naam() -> dict[str, str]:
    """``huisstijl_naam`` for the footer: the huisstijl's name, else the gemeente's; and
    ``gemeente_telefoon``, the number residents can call for help (empty: none given)."""
    info = _info()
    if info is None:
        return {"huisstijl_naam": "", "gemeente_telefoon": ""}
    chosen = info.huisstijl.naam if info.huisstijl and info.huisstijl.naam else info.naam
    return {"huisstijl_naam": chosen, "gemeente_telefoon": str(info.telefoon or "")}


def _info() -> GemeenteBestand | None:
    # Without any valid sources the app shows its 'unavailable' page, which renders this too.
    try:
        return gemeente().info
    except sources.SourcesInvalid:
        return None


def _palet() -> Palet:
    try:
        return gemeente().palet
    except sources.SourcesInvalid:
        return Palet()
