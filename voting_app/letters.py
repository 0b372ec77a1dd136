"""Letters with vote codes: a CSV for the mail house and a PDF with one letter per page.

The plain codes exist only in this download; the database keeps keyed hashes. A recipients
CSV (name, address; read by ``voting_app.addresses``) may be given to print on the letters; it
is used once and not stored.

The address on the letters and in the QR code is the configured public address of the site
(``WIJKWERK_PUBLIC_URL``), never the Host header of the request that made them: a forged
header must not send residents with their code to another site. The QR code adds the letter's
code to that address (``letter_page.code_url``), so scanning it opens the ballot directly.

The texts around the code come from the sources: the gemeente as sender, its phone number and
e-mail address for questions (the wijkmanager's when the gemeente has none), and the wijk's
meetings in the voting period as the places to vote on paper.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app, url_for

from generator.model import Overleg
from voting_app import letter_page
from voting_app.addresses import codes_csv as _csv
from voting_app.letter_page import Afzender, Letter
from voting_app.rounds import RoundRef, gemeente, today

DEV_PUBLIC_URL = "http://127.0.0.1:8000"


class LetterError(Exception):
    """Letters cannot be made; the message is plain Dutch for staff."""


def public_url_problem() -> str | None:
    """Why letters cannot be made yet: in production WIJKWERK_PUBLIC_URL must be https."""
    if current_app.config.get("TESTING") or current_app.config.get("DEV_SERVER"):
        return None
    parts = urlsplit(str(current_app.config.get("PUBLIC_URL") or ""))
    if parts.scheme == "https" and parts.netloc:
        return None
    return (
        "Er kunnen nog geen brieven gemaakt worden: het adres van de website is niet ingesteld. "
        "De beheerder zet WIJKWERK_PUBLIC_URL op het https-adres, bijvoorbeeld "
        "https://wijken.dijkstede.nl."
    )


def public_url() -> str:
    """The site's public address without a trailing slash; on this computer 127.0.0.1:8000."""
    problem = public_url_problem()
    if problem:
        raise LetterError(problem)
    return str(current_app.config.get("PUBLIC_URL") or DEV_PUBLIC_URL).rstrip("/")


def ballot_url(ref: RoundRef) -> str:
    """Where a letter sends residents: the public address plus the round's voting page."""
    path = url_for("residents.enter_code", wijk=ref.wijk.id, ronde=ref.ronde.id)
    return public_url() + path


def bundle(ref: RoundRef, letters: list[Letter], url: str) -> bytes:
    """A ZIP with codes.csv (for the mail house) and brieven.pdf (one letter per page)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("codes.csv", codes_csv(letters))
        archive.writestr("brieven.pdf", letters_pdf(ref, letters, url))
    return out.getvalue()


def codes_csv(letters: Iterable[Letter]) -> str:
    """The list for the mail house; names and addresses can never act as a formula."""
    rows = ([letter.number, letter.code, " / ".join(letter.recipient)] for letter in letters)
    return _csv(rows, ["brief", "stemcode", "naam en adres"])


def letters_pdf(ref: RoundRef, letters: Iterable[Letter], url: str) -> bytes:
    """One A4 page per letter, for a window envelope, with the texts from the sources."""
    return letter_page.letters_pdf(
        ref.wijk.naam, ref.ronde, letters, url, afzender(ref), paper_meetings(ref)
    )


def afzender(ref: RoundRef) -> Afzender:
    """The gemeente sends the letters; questions go to its phone and e-mail, else the wijk's."""
    info = gemeente().info
    manager = ref.wijk.info.wijkmanager
    return Afzender(
        gemeente=info.naam,
        datum=today(),
        telefoon=info.telefoon or manager.telefoon,
        email=info.email or manager.email,
    )


def paper_meetings(ref: RoundRef) -> list[Overleg]:
    """The wijk's meetings in the voting period, where residents can also vote on paper."""
    period = ref.ronde.stemmen
    found = [
        o
        for o in ref.wijk.info.overleggen
        if not o.geannuleerd and period.van <= o.datum <= period.tot
    ]
    return sorted(found, key=lambda o: (o.datum, o.van))[:3]  # what fits on the page
