"""What each field of a source file means, in the words of wijken/README.md, for the schemas.

Editors show these texts while staff type (``wijkwerk schema`` puts them in
``wijken/schema/``). A field whose model already has ``Field(description=...)`` keeps that
text. Keyed by model class and field; tests/test_schemas.py fails on a field without one.
"""

from __future__ import annotations

_PARTNER = {
    "id": "Korte naam (kleine letters, cijfers, streepjes); andere velden verwijzen ernaar.",
    "naam": "Naam van de organisatie of bewonersgroep.",
    "soort": "Een van gemeente, woningcorporatie, welzijn, zorg, politie, onderwijs, "
    "bewonersgroep of overig.",
    "telefoon": "Telefoonnummer.",
    "email": "E-mailadres.",
    "website": "Website (https://...).",
    "adres": "Bezoekadres.",
    "toelichting": "Waarvoor bewoners hier terechtkunnen (Markdown).",
}
_SPELREGELS = {
    "waarvoor": "Waar het geld voor is.",
    "wie_beslist": "Wie geld uit dit potje mag toekennen.",
    "verantwoording": "Hoe wie geld krijgt laat zien wat ermee is gedaan.",
    "subsidie": "true: bewoners en groepen mogen hieruit zelf geld krijgen "
    "(stimuleringsregeling, groepsbudget). Standaard false.",
    "max_per_aanvraag": "Hoogstens dit bedrag per aanvraag of groepsbudget.",
}
_INDICATOR = {
    "id": "Korte naam van de indicator; wijkontwikkelplan en agenda verwijzen ernaar.",
    "naam": "Wat het cijfer meet, zoals bewoners het lezen.",
    "eenheid": "De eenheid, zoals 'procent van de bewoners' of 'per 1.000 inwoners'.",
    "bron": "Waar het cijfer vandaan komt.",
    "soort": "objectief (feiten) of subjectief (hoe bewoners het ervaren, bijvoorbeeld uit de "
    "burgerpeiling).",
    "beter": "hoger of lager: wat is beter?",
    "domein": "fysiek, veiligheid of sociaal.",
    "cbs": "De kolom in het CSV-bestand van het CBS, zoals woningvoorraad; alleen voor "
    "wijkwerk kompas-import.",
    "toelichting": "Uitleg bij het cijfer (Markdown).",
}
_STIMULERINGSREGELING = {
    "naam": "Naam van de regeling (standaard Stimuleringsregeling).",
    "post": "Het potje waaruit de regeling betaalt; de spelregels ervan moeten subsidie: true "
    "hebben.",
    "max_bedrag": "Hoogstens dit bedrag per aanvraag; niet meer dan max_per_aanvraag van het "
    "potje.",
    "termijn_weken": "Binnen hoeveel weken de gemeente beslist (standaard 4).",
    "voorwaarden": "Waar een plan aan moet voldoen (Markdown).",
    "wie_beslist": "Wie beslist, bijvoorbeeld De wijkmanager van uw wijk.",
    "tegenprestatie": "Wat de gemeente terugvraagt: een eigen bijdrage, tijd of materiaal.",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "GemeenteBestand": {
        "naam": "Naam van de gemeente.",
        "voorbeeld": "true als het verzonnen voorbeelddata is; de site meldt dat dan op elke "
        "wijkpagina.",
        "website": "Website van de gemeente (https://...).",
        "college": "Burgemeester en wethouders.",
        "begrotingsposten": "De potjes waaruit wijkbudgetten komen.",
        "partners": "Organisaties die in alle wijken werken.",
        "stimuleringsregeling": "Een snelle, kleine subsidie die bewoners altijd zelf "
        "aanvragen, voor elke wijk met dat potje.",
        "wijksite": "Het adres van deze wijksite (https://...). Dan kunnen bewoners de agenda "
        "van hun wijk abonneren (webcal).",
        "kompas": "Het wijkkompas: basisjaar en de vaste indicatoren van elke wijk.",
        "overlegcyclus": "Hoe vaak de gemeente met elke wijk praat.",
        "huisstijl": "Hoe de site en de stemapp eruitzien: naam, logo en kleuren.",
    },
    "Collegelid": {
        "id": "Korte naam; een wijk noemt zijn wijkwethouder met deze id.",
        "naam": "Naam van het collegelid.",
        "rol": "Rol in het college (standaard wethouder).",
        "portefeuille": "Waar het collegelid over gaat.",
        "email": "E-mailadres.",
        "telefoon": "Telefoonnummer.",
    },
    "Begrotingspost": {
        "id": "Korte naam van het potje; budgetten verwijzen ernaar met post.",
        "naam": "Naam van het potje.",
        "afdeling": "Waar het geld vandaan komt.",
        "toelichting": "Uitleg over het potje (Markdown).",
        "spelregels": "De spelregels van het potje (zie Spelregels).",
    },
    "Cyclusoverleg": {
        "soort": "De soort overleg, zoals wijkoverleg of raad.",
        "naam": "Naam van het overleg.",
        "wie": "Met wie de wijk praat.",
        "aantal": "Hoe vaak in de periode: aantal: 2 is twee keer per jaar.",
        "jaren": "Hoe lang een periode is, in jaren (standaard 1).",
        "toelichting": "Uitleg bij het overleg (Markdown).",
    },
    "Overlegcyclus": {
        "vanaf": "Het eerste jaar, bijvoorbeeld het begin van de raadsperiode.",
        "overleggen": "Per soort overleg hoe vaak het is.",
    },
    "KompasBasis": {
        "basisjaar": "Het jaar waarin de index 100 is voor het gemiddelde van de gemeente.",
        "indicatoren": "De vaste indicatoren van elke wijk.",
    },
    "Indicator": _INDICATOR,
    "Partner": _PARTNER,
    "Spelregels": _SPELREGELS,
    "Stimuleringsregeling": _STIMULERINGSREGELING,
    "WijkBestand": {
        "naam": "Naam van de wijk zoals bewoners hem kennen.",
        "cbs": "CBS-wijkcode en het jaar van de indeling: {code: WK077701, jaar: 2024}.",
        "inwoners": "Aantal inwoners.",
        "buurten": "De buurten in de wijk; bewoners zoeken hun wijk via deze namen.",
        "postcodes": "De postcodes van de wijk; bewoners zoeken er hun wijk mee op de homepage.",
        "beschrijving": "Korte tekst over de wijk (Markdown).",
        "wijkwethouder": "id van een collegelid uit gemeente.yaml.",
        "wijkmanager": "De wijkmanager: naam, functie, telefoon, email, spreekuur.",
        "wijkagent": "De wijkagent: naam, functie, telefoon, email, spreekuur.",
        "partners": "Partners die alleen in deze wijk werken, zoals bewonersgroepen.",
        "loket": "Waar kan ik terecht? Per onderwerp de partners, waar bewoners iets melden en "
        "de afhandeling.",
        "overleggen": "Bijeenkomsten in de wijk.",
    },
    "CbsCode": {
        "code": "CBS-wijkcode, zoals WK077701 of WK0363AA.",
        "jaar": "Het jaar van de CBS-indeling.",
    },
    "Persoon": {
        "naam": "Naam.",
        "functie": "Functie.",
        "telefoon": "Telefoonnummer.",
        "email": "E-mailadres.",
        "spreekuur": "Wanneer en waar bewoners langs kunnen komen.",
    },
    "Loketonderwerp": {
        "onderwerp": "Waarover bewoners een vraag of klacht hebben.",
        "partners": "ids van de partners die erover gaan.",
        "melden": "Waar bewoners een melding of klacht doorgeven.",
        "afhandeling": "Binnen welke termijn het is afgehandeld, bijvoorbeeld 5 werkdagen.",
        "toelichting": "Uitleg (Markdown).",
    },
    "Melden": {
        "website": "Website om te melden (https://...).",
        "telefoon": "Telefoonnummer om te melden.",
        "email": "E-mailadres om te melden.",
        "post": "Het adres voor een brief.",
    },
    "Overleg": {
        "id": "Uniek in de wijk; dan blijft het hetzelfde overleg als u de datum verzet.",
        "soort": "wijkoverleg, wijkcontactmoment, bewonersavond, wijkschouw, raad, college, "
        "voorlichting of overig.",
        "titel": "Titel van het overleg.",
        "datum": "Datum (2026-03-31).",
        "van": 'Begintijd, met aanhalingstekens: "19:30".',
        "tot": 'Eindtijd, met aanhalingstekens: "21:30".',
        "plaats": "Waar het overleg is.",
        "voor": "Voor wie het overleg is.",
        "toelichting": "Uitleg (Markdown).",
        "versie": "Verhoog bij elke wijziging (0, 1, 2, ...): zo nemen agenda's die over.",
        "geannuleerd": "true: het overleg gaat niet door.",
    },
    "Wop": {
        "van": "Het eerste jaar van het plan, bijvoorbeeld 2024.",
        "tot": "Het laatste jaar van het plan, bijvoorbeeld 2027.",
        "vastgesteld": "Datum waarop het plan is vastgesteld.",
        "samenvatting": "Wat de wijk over vier jaar moet zijn (Markdown).",
        "themas": "De thema's van het plan.",
    },
    "Thema": {
        "id": "Korte naam van het thema; acties verwijzen ernaar.",
        "naam": "Naam van het thema.",
        "doelen": "De doelen (lijst).",
        "toelichting": "Uitleg (Markdown).",
        "kompas": "ids van indicatoren uit het wijkkompas waar dit thema aan werkt.",
    },
    "Agenda": {
        "jaar": "Het jaar van de agenda.",
        "vastgesteld": "Datum van de laatste vaststelling; ouder dan een half jaar wordt gemeld.",
        "acties": "De afspraken.",
        "verzoeken": "Vragen van bewoners met het antwoord Nu, Ooit of Nooit.",
        "afspraken": "Prestatieafspraken tussen partners.",
    },
    "Actie": {
        "id": "Korte naam van de actie.",
        "wat": "Wat er gebeurt.",
        "waarom": "Waarom het nodig is (verplicht).",
        "wie": "Lijst met partner-ids: wie het doet.",
        "wanneer": "Datum waarop het klaar is.",
        "status": "gepland, bezig, klaar of vervallen.",
        "thema": "id van het thema uit wop.yaml.",
        "besluit": "Het besluit erachter, met kenmerk en datum (verplicht).",
        "toelichting": "Uitleg (Markdown).",
        "kompas": "ids van indicatoren uit het wijkkompas die deze actie moet verbeteren.",
    },
    "Besluit": {
        "kenmerk": "Het kenmerk van het besluit, zoals RV-2026-031.",
        "datum": "Datum van het besluit.",
    },
    "Prestatieafspraak": {
        "wat": "Wat partners beloven.",
        "waarom": "Waarom.",
        "wanneer": "Wanneer, in woorden, zoals Elk kwartaal in 2026.",
        "hoe": "Hoe (Markdown).",
        "wie": "Lijst met partner-ids: door wie.",
    },
    "Verzoek": {
        "id": "Korte naam van de vraag.",
        "vraag": "De vraag van bewoners.",
        "van": "Wie het vroeg.",
        "ingediend": "Datum waarop de vraag is gesteld.",
        "antwoord": "nu, ooit of nooit.",
        "toelichting": "Uitleg (Markdown).",
        "actie": "id van de actie die erbij hoort.",
        "voorwaarden": "Bij ooit verplicht: onder welke voorwaarden het kan.",
        "uitsluitsel": "Bij ooit verplicht: de datum waarop een definitief antwoord komt.",
        "reden": "Bij nooit verplicht: waarom niet.",
    },
    "Budget": {
        "jaar": "Het begrotingsjaar.",
        "ontschot": "true als de potjes zijn samengevoegd en het geld voor alle doelen mag; dan "
        "mag post bij uitgaven ontbreken.",
        "toelichting": "Uitleg over het budget (Markdown).",
        "bronnen": "Waar het geld vandaan komt.",
        "uitgaven": "Wat is toegekend of besteed.",
        "stemrondes": "Het deel waarover bewoners stemmen.",
        "stimuleringsregeling": "Een eigen stimuleringsregeling voor deze wijk; vervangt die "
        "van gemeente.yaml.",
        "groepsbudgetten": "Activiteitenbudgetten van bewonersgroepen.",
    },
    "Bron": {
        "post": "id uit begrotingsposten in gemeente.yaml.",
        "bedrag": "Het bedrag in hele euro's.",
        "soort": "structureel of incidenteel.",
        "voorwaarden": "Voorwaarden bij dit geld (Markdown).",
        "spelregels": "Vervangen de spelregels van het potje in gemeente.yaml.",
    },
    "Uitgave": {
        "wat": "Waaraan het geld is uitgegeven.",
        "bedrag": "Het bedrag in hele euro's.",
        "status": "toegekend of besteed.",
        "datum": "Datum.",
        "post": "Het potje waaruit het komt.",
        "actie": "id van de actie op de wijkagenda.",
    },
    "Periode": {"van": "Eerste dag (2026-03-31).", "tot": "Laatste dag (2026-03-31)."},
    "Stemregels": {
        "max_bedrag": "Hoeveel geld één stembiljet mag kiezen.",
        "min_keuzes": "Hoeveel voorstellen een stembiljet minstens kiest (standaard 1).",
        "max_keuzes": "Hoeveel voorstellen een stembiljet hoogstens kiest.",
    },
    "Stemronde": {
        "id": "Korte naam van de stemronde.",
        "titel": "Titel van de stemronde.",
        "bedrag": "Het bedrag waarover bewoners stemmen.",
        "post": "Het potje waaruit de stemronde wordt betaald; verplicht, behalve bij een "
        "ontschot budget.",
        "indienen": "Wanneer bewoners voorstellen indienen: {van: datum, tot: datum}.",
        "beoordelen": "Wanneer de gemeente de voorstellen beoordeelt: {van: datum, tot: datum}.",
        "stemmen": "Wanneer bewoners stemmen: {van: datum, tot: datum}.",
        "uitslag": "Datum van de uitslag.",
        "regels": "Wat een geldig stembiljet is: max_bedrag, min_keuzes, max_keuzes.",
        "telmethode": "greedy (de meeste stemmen) of mes (eerlijke verdeling).",
        "minimumleeftijd": "Vanaf welke leeftijd bewoners mogen stemmen (standaard 16).",
    },
    "Groepsbudget": {
        "groep": "id van de bewonersgroep (partner in gemeente.yaml of wijk.yaml).",
        "post": "Het potje waaruit het budget komt; de spelregels moeten subsidie: true hebben.",
        "bedrag": "Het activiteitenbudget.",
        "voorwaarden": "Waar de groep het geld aan mag besteden (Markdown).",
        "begeleiding": "Wie de groep helpt, bijvoorbeeld de wijkcoach.",
        "uitgaven": "Wat de groep besteedde: wat, bedrag, datum.",
    },
    "GroepUitgave": {
        "wat": "Waaraan de groep het geld besteedde.",
        "bedrag": "Het bedrag in hele euro's.",
        "datum": "Datum.",
    },
    "Kompas": {
        "indicatoren": "Eigen indicatoren van de wijk, naast die van gemeente.yaml.",
        "jaren": "De cijfers die u zelf invult, per jaar.",
        "cbs": "Het deel dat wijkwerk kompas-import schrijft; niet met de hand aanpassen.",
    },
    "Meting": {
        "jaar": "Het jaar van de cijfers.",
        "bron": "Waar de cijfers vandaan komen.",
        "waarden": "Per indicator-id het getal, met een punt: 6.4.",
    },
    "Toekenningen": {"toekenningen": "De besluiten, oudste eerst."},
    "Toekenning": {
        "nummer": "Het nummer dat de aanvrager kreeg, zoals K7M3-Q9XD.",
        "wat": "Wat de aanvrager schreef (letterlijk op de site).",
        "omschrijving": "Wat de aanvrager schreef (letterlijk op de site).",
        "voor_wie": "Wat de aanvrager schreef (letterlijk op de site).",
        "wanneer": "Wat de aanvrager schreef (letterlijk op de site).",
        "gevraagd": "Het gevraagde bedrag.",
        "tegenprestatie": "Wat de aanvrager zelf doet (eigen bijdrage).",
        "groep": "De groep die aanvroeg, als een groep aanvroeg.",
        "post": "Het potje.",
        "ontvangen": "De datum van de aanvraag.",
        "besloten": "De datum van het besluit.",
        "status": "toegekend, afgewezen, uitbetaald of verantwoord.",
        "bedrag": "Het toegekende bedrag (niet bij afgewezen).",
        "reden": "Waarom de aanvraag is afgewezen.",
        "uitbetaald": "De datum van betalen.",
        "verantwoord": "De datum van de verantwoording.",
    },
}
