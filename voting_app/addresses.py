"""Address lists in and code lists out: the CSV files staff exchange with spreadsheets.

An address list comes from whatever staff have: Excel's "CSV (puntkomma)" in Windows-1252,
UTF-8 with or without a byte order mark, ``;`` or ``,`` between the columns. The first row
names the columns; at least two (name and address). Anything else is refused with a message
for the form, never an error page.

``codes.csv`` goes to the mail house and is often opened in a spreadsheet, so no cell may start
like a formula: a leading ``= + - @``, tab or carriage return gets an apostrophe before it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

MAX_ROWS = 200_000
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
        found.append(cells)
    if not found:
        raise AddressError("Het adressenbestand heeft geen adressen onder de eerste regel.")
    if len(found) > MAX_ROWS:
        raise AddressError(f"Het adressenbestand heeft meer dan {MAX_ROWS:,} adressen.")
    return found


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
