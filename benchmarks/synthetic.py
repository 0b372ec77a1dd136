"""Synthetic wijk sources for real Dutch wijken, for benchmarks at real scale.

Names and inhabitants come from CBS (../shared/cbs/wijken_2024.csv, CC BY 4.0 CBS/Kadaster);
agenda, WOP, budget and contacts are made up, of the size a real wijkagenda has (8 to 14
actions, 3 to 6 answered requests, 3 to 5 budget lines, a full contact list). The content of
a wijk depends only on its CBS code, so the same wijk gets the same pages in every site.

    python benchmarks/synthetic.py amsterdam /tmp/amsterdam   # writes /tmp/amsterdam/wijken/
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CBS = ROOT.parent / "shared" / "cbs" / "wijken_2024.csv"

# The sites the issue names: a small gemeente, a middle one, the capital, and the country.
SCALES = {
    "etten-leur": "Etten-Leur",
    "amstelveen": "Amstelveen",
    "amsterdam": "Amsterdam",
    "nederland": None,
}


@dataclass(frozen=True)
class CbsWijk:
    code: str
    naam: str
    gemeente: str
    inwoners: int


def read_cbs(path: Path = CBS) -> list[CbsWijk]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            CbsWijk(r["wijk_code"], r["wijk_naam"], r["gemeente_naam"], int(r["inwoners"] or 0))
            for r in csv.DictReader(f)
        ]


def select(rows: list[CbsWijk], scale: str) -> list[CbsWijk]:
    gemeente = SCALES[scale]
    return rows if gemeente is None else [r for r in rows if r.gemeente == gemeente]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "wijk"


POSTEN = [
    ("leefbaarheid", "Leefbaarheidsbudget", "Wijkzaken"),
    ("welzijn", "Welzijnsactiviteiten", "Maatschappelijke ontwikkeling"),
    ("wijkplatform", "Organisatiebudget wijkplatform", "Wijkzaken"),
    ("bewonersinitiatieven", "Bewonersinitiatieven", "Wijkzaken"),
    ("spelen", "Speelvoorzieningen", "Openbare ruimte"),
    ("groen", "Groen in de wijk", "Openbare ruimte"),
]
PARTNERS = [
    (
        "gemeente",
        "Gemeente",
        "gemeente",
        "Voor meldingen over straat, groen, afval en vergunningen.",
    ),
    ("corporatie", "Woonstichting Thuis", "woningcorporatie", "Voor reparaties en huur."),
    ("welzijn", "Stichting Welzijn", "welzijn", "Buurthuizen, vrijwilligers en ouderenadvies."),
    ("wijkteam", "Sociaal Wijkteam", "zorg", "Hulp bij zorg, geldzaken en opvoeden. Gratis."),
    ("politie", "Politie basisteam", "politie", "Bel 112 bij spoed. Anders 0900 8844."),
    ("bemiddeling", "Buurtbemiddeling", "welzijn", "Vrijwilligers helpen buren samen."),
]
THEMAS = [
    ("schoon", "Schoon en heel", ["Minder zwerfafval", "Goed onderhouden stoepen"]),
    ("veilig", "Veilig in de wijk", ["Meer mensen voelen zich 's avonds veilig"]),
    ("samen", "Samen in de wijk", ["Meer ontmoeting tussen jong en oud", "Minder eenzaamheid"]),
    ("groen", "Meer groen", ["Tien nieuwe geveltuinen per jaar", "Meer bomen in straten"]),
    ("jeugd", "Jongeren", ["Een eigen plek voor jongeren", "Meer sport op straat"]),
]
ACTIES = [
    "Extra ophaalronde voor de containers",
    "Betere straatverlichting in het steegje",
    "Wekelijkse koffieochtend voor ouderen",
    "Geveltuinen aanleggen met bewoners",
    "Buurtpreventie-app starten",
    "Samen met jongeren een ontmoetingsplek kiezen",
    "Scheve stoepen herstellen",
    "Burendag op het plein",
    "Groep vrijwillige afvalpakkers opzetten",
    "Speeltuin opknappen",
    "Bomen planten langs de hoofdweg",
    "Taalcafé in het buurthuis",
    "Snelheid remmen bij de school",
    "Hondenuitlaatplaatsen beter aangeven",
]
VRAGEN = [
    ("Meer bankjes in het park", "nu"),
    ("Een speeltuin bij de school", "ooit"),
    ("De hele wijk autovrij maken", "nooit"),
    ("Een watertappunt op het plein", "ooit"),
    ("Een pinautomaat in de wijk", "nooit"),
    ("Meer prullenbakken langs de route naar school", "nu"),
]
STATUS = ["gepland", "bezig", "klaar", "klaar", "bezig"]


def gemeente_file(naam: str) -> dict[str, object]:
    return {
        "naam": naam,
        "voorbeeld": True,
        "website": "https://www.gemeente.example",
        "telefoon": "14 0999",
        "college": [
            {"id": "burgemeester", "naam": "Anna de Vries", "rol": "burgemeester"},
            *(
                {
                    "id": f"wethouder-{i}",
                    "naam": name,
                    "portefeuille": "Wijken en participatie",
                    "email": f"wethouder{i}@gemeente.example",
                }
                for i, name in enumerate(["Youssef Bakker", "Els Jansen", "Pieter van Dam"], 1)
            ),
        ],
        "begrotingsposten": [
            {"id": pid, "naam": name, "afdeling": afdeling, "toelichting": f"Voor {name.lower()}."}
            for pid, name, afdeling in POSTEN
        ],
        "partners": [
            {
                "id": pid,
                "naam": name,
                "soort": soort,
                "telefoon": "0999 123 400",
                "website": "https://www.partner.example",
                "toelichting": uitleg,
            }
            for pid, name, soort, uitleg in PARTNERS
        ],
    }


# Where residents report a problem on each loket topic, and how soon it is handled.
MELDEN = {
    "melden": {"website": "https://www.gemeente.example/melden", "telefoon": "14 0999"},
    "afhandeling": "5 werkdagen",
}


def wijk_files(w: CbsWijk, naam: str) -> dict[str, dict[str, object]]:
    """The four files of one wijk; the content depends only on the CBS code."""
    rng = random.Random(w.code)
    themas = rng.sample(THEMAS, rng.randint(3, 4))
    groep = f"bewoners-{slug(w.naam)[:30]}"
    wie = [p[0] for p in PARTNERS] + [groep]
    acties = []
    for i, wat in enumerate(rng.sample(ACTIES, rng.randint(8, 14))):
        acties.append(
            {
                "id": f"actie-{i + 1}",
                "wat": wat,
                "waarom": "Bewoners vroegen erom op de bewonersavond.",
                "wie": rng.sample(wie, rng.randint(1, 2)),
                "wanneer": dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                "status": rng.choice(STATUS),
                "thema": rng.choice(themas)[0],
                "besluit": {"kenmerk": f"WB-2026-{i + 1:03d}", "datum": dt.date(2026, 1, 20)},
                **({"toelichting": "Dit loopt later dan gepland."} if rng.random() < 0.3 else {}),
            }
        )
    verzoeken = []
    for i, (vraag, antwoord) in enumerate(rng.sample(VRAGEN, rng.randint(3, 6))):
        v: dict[str, object] = {
            "id": f"verzoek-{i + 1}",
            "vraag": vraag,
            "van": f"Bewonersgroep {w.naam}"[:300],
            "ingediend": dt.date(2026, rng.randint(1, 9), rng.randint(1, 28)),
            "antwoord": antwoord,
        }
        if antwoord == "nu":
            v["toelichting"] = "Dit gebeurt voor de zomer van 2027."
        elif antwoord == "ooit":
            v["voorwaarden"] = "Het kan als er in de begroting van 2027 geld voor is."
            v["uitsluitsel"] = dt.date(2027, rng.randint(1, 12), 1)
        else:
            v["reden"] = "De gemeente gaat hier niet over. Dat besluiten anderen."
        verzoeken.append(v)
    posten = rng.sample([p[0] for p in POSTEN], rng.randint(3, 5))
    bronnen = [
        {"post": p, "bedrag": rng.randrange(20_000, 60_000, 500), "soort": "structureel"}
        for p in posten
    ]
    uitgaven = [
        {
            "wat": a["wat"],
            "bedrag": rng.randrange(500, 2_500, 100),
            "status": rng.choice(["toegekend", "besteed"]),
            "post": rng.choice(posten),
            "actie": a["id"],
        }
        for a in acties[: rng.randint(4, 8)]
    ]
    buurten = [
        f"{w.naam} {kant}"[:300] for kant in rng.sample(["Noord", "Zuid", "Oost", "West"], 2)
    ]
    return {
        "wijk.yaml": {
            "naam": naam,
            "cbs": {"code": w.code, "jaar": 2024},
            "inwoners": w.inwoners,
            "buurten": buurten,
            "beschrijving": f"{w.naam} ligt in {w.gemeente}. Hier wonen {w.inwoners} mensen.",
            "wijkwethouder": f"wethouder-{rng.randint(1, 3)}",
            "wijkmanager": {
                "naam": "Fatima el Amrani",
                "telefoon": "0999 567 801",
                "email": "wijkmanager@gemeente.example",
                "spreekuur": "Elke dinsdag van 10.00 tot 12.00 uur in het buurthuis",
            },
            "wijkagent": {"naam": "Johan Verbeek", "telefoon": "0900 8844"},
            "partners": [
                {
                    "id": groep,
                    "naam": f"Bewonersgroep {w.naam}"[:300],
                    "soort": "bewonersgroep",
                    "email": "bewoners@example.org",
                }
            ],
            "loket": [
                {"onderwerp": o, "partners": p, **MELDEN}
                for o, p in (
                    ("Overlast", ["bemiddeling", "politie"]),
                    ("Zorg en welzijn", ["wijkteam", "welzijn"]),
                    ("Uw huurwoning", ["corporatie"]),
                    ("Straat, groen en afval", ["gemeente"]),
                )
            ],
            "overleggen": [
                {
                    "soort": soort,
                    "datum": dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(0, 90)),
                    "van": "19:30",
                    "tot": "21:00",
                    "plaats": "Buurthuis, Dorpsstraat 1",
                    "voor": "Alle bewoners",
                }
                for soort in ("wijkoverleg", "wijkcontactmoment")
            ],
        },
        "wop.yaml": {
            "van": 2024,
            "tot": 2027,
            "samenvatting": f"In 2027 is {w.naam} een schone, veilige en gezellige wijk.",
            "themas": [{"id": t, "naam": n, "doelen": d} for t, n, d in themas],
        },
        "agenda.yaml": {
            "jaar": 2026,
            "vastgesteld": dt.date(2026, 2, 1),
            "acties": acties,
            "verzoeken": verzoeken,
        },
        "budget.yaml": {"jaar": 2026, "bronnen": bronnen, "uitgaven": uitgaven},
    }


def write_sources(target: Path, scale: str, rows: list[CbsWijk]) -> int:
    """Write ``target/wijken/`` for ``scale``; return the number of wijken."""
    chosen = select(rows, scale)
    national = SCALES[scale] is None
    folder = target / "wijken"
    folder.mkdir(parents=True)
    naam = "Nederland (alle wijken)" if national else f"Gemeente {SCALES[scale]}"
    _dump(folder / "gemeente.yaml", gemeente_file(naam))
    for wid, name, w in folders(chosen, national):
        (folder / wid).mkdir()
        for file, data in wijk_files(w, name).items():
            _dump(folder / wid / file, data)
    return len(chosen)


def folders(chosen: list[CbsWijk], national: bool) -> list[tuple[str, str, CbsWijk]]:
    """Each wijk's folder name and display name; unique, also across the whole country."""
    used: set[str] = set()
    out = []
    for w in chosen:
        name = f"{w.naam} ({w.gemeente})" if national else w.naam
        wid = slug(f"{w.gemeente} {w.naam}") if national else slug(w.naam)
        if wid in used:
            wid = f"{wid[:50]}-{w.code.lower()}"
        used.add(wid)
        out.append((wid, name, w))
    return out


class _NoAliases(yaml.SafeDumper):
    """Write shared values out in full: the loader refuses YAML anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(path: Path, data: dict[str, object]) -> None:
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SCALES:
        raise SystemExit(f"usage: synthetic.py {{{'|'.join(SCALES)}}} TARGET")
    count = write_sources(Path(sys.argv[2]), sys.argv[1], read_cbs())
    print(f"wrote {count} wijken to {Path(sys.argv[2]) / 'wijken'}")
