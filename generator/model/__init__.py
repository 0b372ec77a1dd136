"""The typed, immutable model of a gemeente's wijk sources, one module per source file.

Field names are the Dutch words staff write in the YAML files (``wat``, ``wie``, ``wanneer``);
``wijken/README.md`` documents each of them. One model serves the site generator and the
voting app. Checks that span files (references, duplicate ids) live in ``generator.sources``.
Import from here (``from generator.model import Stemronde``); the modules are the layout.
"""

from __future__ import annotations

from generator.model.agenda import Actie, Agenda, Status, Verzoek
from generator.model.base import (
    SLUG,
    Aantal,
    ActieRef,
    Antwoord,
    Bedrag,
    CollegeRef,
    Datum,
    Email,
    Jaar,
    Partner,
    PartnerRef,
    PartnerSoort,
    PostRef,
    Regel,
    Slug,
    SourceModel,
    Tekst,
    ThemaRef,
    Tijd,
    Url,
)
from generator.model.budget import Bron, Budget, Periode, Stemregels, Stemronde, Uitgave
from generator.model.gemeente import Begrotingspost, Collegelid, Gemeente, GemeenteBestand
from generator.model.telmethode import TELMETHODES, Telmethode, TelmethodeId
from generator.model.uitslag import Uitslag, UitslagVoorstel
from generator.model.wijk import (
    WIJK_FILES,
    CbsCode,
    Loketonderwerp,
    Overleg,
    OverlegSoort,
    Persoon,
    Wijk,
    WijkBestand,
)
from generator.model.wop import Thema, Wop

__all__ = [
    "SLUG",
    "TELMETHODES",
    "WIJK_FILES",
    "Aantal",
    "Actie",
    "ActieRef",
    "Agenda",
    "Antwoord",
    "Bedrag",
    "Begrotingspost",
    "Bron",
    "Budget",
    "CbsCode",
    "CollegeRef",
    "Collegelid",
    "Datum",
    "Email",
    "Gemeente",
    "GemeenteBestand",
    "Jaar",
    "Loketonderwerp",
    "Overleg",
    "OverlegSoort",
    "Partner",
    "PartnerRef",
    "PartnerSoort",
    "Periode",
    "Persoon",
    "PostRef",
    "Regel",
    "Slug",
    "SourceModel",
    "Status",
    "Stemregels",
    "Stemronde",
    "Tekst",
    "Telmethode",
    "TelmethodeId",
    "Thema",
    "ThemaRef",
    "Tijd",
    "Uitgave",
    "Uitslag",
    "UitslagVoorstel",
    "Url",
    "Verzoek",
    "Wijk",
    "WijkBestand",
    "Wop",
]
