"""Address lists in and code lists out: the CSV files staff exchange with spreadsheets.

An address list comes from whatever staff have: Excel's "CSV (puntkomma)" in Windows-1252,
UTF-8 with or without a byte order mark, ``;`` or ``,`` between the columns. The first row
names the columns; at least two (name and address). Anything else is refused with a message
for the form, never an error page.

A cell is printed in the envelope window and sent to the mail house as it is, so it must be
what staff see in their spreadsheet: no cell longer than a name or an address can be, and no
invisible characters (control characters, text-direction marks, zero-width spaces, line
separators) that would print differently from what the mail house reads.

``codes.csv`` goes to the mail house and is often opened in a spreadsheet, so no cell may start
like a formula: a leading ``= + - @``, tab or carriage return gets an apostrophe before it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

from generator.formatting import aantal

MAX_ROWS = 200_000
MAX_CELL = 200  # characters; the longest Dutch street name and a full name fit many times
# Control (Cc), format (Cf: direction marks, zero-width space) and line/paragraph separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class AddressError(Exception):
    """An address list that cannot be used; ``message`` is plain Dutch for the staff form."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_addresses(data: bytes) -> list[tuple[str, ...]]:
    """The rows of an address list, header left out, each as its non-empty cells."""
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise AddressError("Het adressenbestand is leeg of de eerste regel is leeg.")
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise AddressError(f"Het adressenbestand is geen geldig CSV-bestand ({exc}).") from exc
    header = rows[0]
    if len([c for c in header if c.strip()]) < 2:
        raise AddressError(
            "Het adressenbestand heeft maar één kolom. Nodig zijn minstens twee kolommen, "
            "gescheiden door ; of , met op de eerste regel de namen, bijvoorbeeld: naam;adres"
        )
    _check_cells(1, header, header)
    found = []
    for number, row in enumerate(rows[1:], start=2):
        cells = tuple(c.strip() for c in row if c.strip())
        if not cells:
            continue
        if len(row) > len(header):
            raise AddressError(
                f"Regel {number} van het adressenbestand heeft {len(row)} kolommen; "
                f"de eerste regel noemt er {len(header)}."
            )
        _check_cells(number, row, header)
        found.append(cells)
    if not found:
        raise AddressError("Het adressenbestand heeft geen adressen onder de eerste regel.")
    if len(found) > MAX_ROWS:
        raise AddressError(f"Het adressenbestand heeft meer dan {MAX_ROWS:,} adressen.")
    return found


def _check_cells(number: int, row: Sequence[str], header: Sequence[str]) -> None:
    """Refuse a cell too long for a letter or with a character nobody sees in it."""
    for i, cell in enumerate(row):
        text = cell.strip()
        name = header[i].strip() if number > 1 else ""
        where = f"Regel {number}, kolom {name if 0 < len(name) <= 40 else i + 1}"
        if len(text) > MAX_CELL:
            raise AddressError(
                f"{where}: hier staan {aantal(len(text))} tekens. Zo lang is geen naam of "
                f"adres. Gebruik hoogstens {MAX_CELL} tekens per kolom."
            )
        odd = next((c for c in text if unicodedata.category(c) in _INVISIBLE), None)
        if odd is not None:
            raise AddressError(
                f"{where}: er staat een onzichtbaar teken in (U+{ord(odd):04X}). "
                "Haal het weg en probeer het opnieuw."
            )


def codes_csv(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    """A ``;`` separated CSV whose cells a spreadsheet never runs as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([safe_cell(c) for c in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue()


def safe_cell(value: object) -> str:
    """The cell as text; one that a spreadsheet would read as a formula gets a leading '."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise AddressError(
            "Het adressenbestand is geen tekstbestand. Sla het op als CSV (puntkomma)."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise AddressError(
            "De tekens in het adressenbestand zijn niet te lezen. Sla het op als "
            "CSV UTF-8 of als CSV (puntkomma)."
        ) from exc
