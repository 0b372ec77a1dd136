"""Letters with vote codes: a CSV for the mail house and a PDF with one letter per page.

The plain codes exist only in this download; the database keeps keyed hashes. A recipients
CSV (name, address; read by ``voting_app.addresses``) may be given to print on the letters; it
is used once and not stored.

The address on the letters and in the QR code is the configured public address of the site
(``WIJKWERK_PUBLIC_URL``), never the Host header of the request that made them: a forged
header must not send residents with their code to another site.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno
from flask import current_app, url_for
from fpdf import FPDF

from generator.formatting import datum, euro
from voting_app.addresses import codes_csv as _csv
from voting_app.rounds import RoundRef

DEV_PUBLIC_URL = "http://127.0.0.1:8000"


class LetterError(Exception):
    """Letters cannot be made; the message is plain Dutch for staff."""


@dataclass(frozen=True)
class Letter:
    number: int
    code: str
    recipient: tuple[str, ...] = ()  # name and address lines, if a CSV was given


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
    """One A4 page per letter: wijk, dates, the URL, the code and a QR code to the ballot."""
    ronde = ref.ronde
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"Stembrieven {ronde.titel}")
    for letter in letters:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.set_xy(20, 45)
        for line in letter.recipient or ("Aan de bewoner",):
            pdf.cell(0, 6, _latin(line), new_x="LMARGIN", new_y="NEXT")
        pdf.set_xy(20, 95)
        pdf.set_font("helvetica", style="B", size=16)
        pdf.multi_cell(170, 8, _latin(f"Stem mee: {ronde.titel}"))
        pdf.set_font("helvetica", size=12)
        body = (
            f"Bewoners van {ref.wijk.naam} beslissen samen over {euro(ronde.bedrag)}. "
            f"U kunt stemmen van {datum(ronde.stemmen.van)} tot en met "
            f"{datum(ronde.stemmen.tot)}. De uitslag staat op {datum(ronde.uitslag)} op de "
            "website. Niemand kan zien wat u stemt."
        )
        pdf.set_x(20)
        pdf.multi_cell(170, 7, _latin(body))
        pdf.ln(4)
        pdf.set_x(20)
        pdf.multi_cell(
            170, 7, _latin(f"Ga naar {url} of scan de QR-code. Vul daar uw stemcode in:")
        )
        pdf.set_font("courier", style="B", size=22)
        pdf.set_x(20)
        pdf.cell(170, 14, letter.code, new_x="LMARGIN", new_y="NEXT")
        qr = io.BytesIO()
        segno.make(url, error="m").save(qr, kind="png", scale=6, border=2)
        pdf.image(qr, x=20, y=pdf.get_y() + 4, w=40)
        pdf.set_font("helvetica", size=9)
        pdf.set_xy(20, 280)
        pdf.cell(
            0,
            5,
            _latin(
                f"Brief {letter.number}. Geen internet? U kunt ook op papier stemmen "
                "bij het wijkoverleg."
            ),
        )
    return bytes(pdf.output())


def _latin(text: str) -> str:
    """The core PDF fonts know Latin-1; the euro sign becomes 'EUR'."""
    return text.replace("€", "EUR").encode("latin-1", "replace").decode("latin-1")
