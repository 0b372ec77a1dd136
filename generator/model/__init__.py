"""The typed, immutable model of a gemeente's wijk sources, one module per source file.

Field names are the Dutch words staff write in the YAML files (``wat``, ``wie``, ``wanneer``);
``wijken/README.md`` documents each of them. One model serves the site generator and the
voting app. Checks that span files (references, duplicate ids) live in ``generator.sources``.
Import from here (``from generator.model import Stemronde``); the modules are the layout.

The modules that define pydantic models leave out ``from __future__ import annotations``:
with it every field's annotation is a string that pydantic compiles and evaluates as the
class is made, 2 % of `wijkwerk check` for some 270 fields. Without it a name must exist
before it is used, so a validator that returns its own model says ``-> Self``.
"""

from __future__ import annotations

from generator.model.agenda import Actie, Agenda, Besluit, Prestatieafspraak, Status, Verzoek
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
from generator.model.budget import (
    Bron,
    Budget,
    Groepsbudget,
    GroepUitgave,
    Periode,
    Spelregels,
    Stemregels,
    Stemronde,
    Stimuleringsregeling,
    Uitgave,
)
from generator.model.gemeente import (
    Begrotingspost,
    Collegelid,
    Cyclusoverleg,
    Gemeente,
    GemeenteBestand,
    Overlegcyclus,
)
from generator.model.grens import GRENS_FILE, Grens
from generator.model.huisstijl import (
    CONTRASTPAREN,
    HUISSTIJL_FOLDER,
    KLEURROLLEN,
    Huisstijl,
    Kleuren,
    Palet,
    contrast,
)
from generator.model.kompas import DOMEINEN, Domein, Indicator, Kompas, KompasBasis, Meting
from generator.model.postcode import POSTCODE_PATTERN, Postcodegebied
from generator.model.rekening import Boeking, Rekeningpost
from generator.model.telmethode import TELMETHODES, Telmethode, TelmethodeId
from generator.model.toekenning import Toekenning, Toekenningen
from generator.model.uitslag import Uitslag, UitslagVoorstel
from generator.model.wijk import (
    WIJK_FILES,
    CbsCode,
    Loketonderwerp,
    Melden,
    Overleg,
    OverlegSoort,
    Persoon,
    Wijk,
    WijkBestand,
)
from generator.model.wop import Thema, Wop

__all__ = [
    "CONTRASTPAREN",
    "DOMEINEN",
    "GRENS_FILE",
    "HUISSTIJL_FOLDER",
    "KLEURROLLEN",
    "POSTCODE_PATTERN",
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
    "Besluit",
    "Boeking",
    "Bron",
    "Budget",
    "CbsCode",
    "CollegeRef",
    "Collegelid",
    "Cyclusoverleg",
    "Datum",
    "Domein",
    "Email",
    "Gemeente",
    "GemeenteBestand",
    "Grens",
    "GroepUitgave",
    "Groepsbudget",
    "Huisstijl",
    "Indicator",
    "Jaar",
    "Kleuren",
    "Kompas",
    "KompasBasis",
    "Loketonderwerp",
    "Melden",
    "Meting",
    "Overleg",
    "OverlegSoort",
    "Overlegcyclus",
    "Palet",
    "Partner",
    "PartnerRef",
    "PartnerSoort",
    "Periode",
    "Persoon",
    "PostRef",
    "Postcodegebied",
    "Prestatieafspraak",
    "Regel",
    "Rekeningpost",
    "Slug",
    "SourceModel",
    "Spelregels",
    "Status",
    "Stemregels",
    "Stemronde",
    "Stimuleringsregeling",
    "Tekst",
    "Telmethode",
    "TelmethodeId",
    "Thema",
    "ThemaRef",
    "Tijd",
    "Toekenning",
    "Toekenningen",
    "Uitgave",
    "Uitslag",
    "UitslagVoorstel",
    "Url",
    "Verzoek",
    "Wijk",
    "WijkBestand",
    "Wop",
    "contrast",
]
