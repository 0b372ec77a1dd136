"""Read CBS kerncijfers per wijk (CSV) into each wijk's ``kompas.yaml``.

What people write in ``kompas.yaml`` stays exactly as it is, comments included: the import
owns only the part below its marker line (the ``cbs`` list), which it rewrites each time,
keeping the years it wrote before. A value someone wrote by hand under ``jaren`` for the
same indicator and year wins; the import says so instead of writing a second one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import output, sources
from generator.model import Gemeente, Wijk
from generator.sources.kompas import KOMPAS_FILE
from generator.sources.yamlfile import YamlProblem, parse

MARKER = (
    "# --- Hieronder schrijft `wijkwerk kompas-import` de CBS-cijfers. "
    "Pas dit deel niet met de hand aan. ---"
)
HEADER = "# yaml-language-server: $schema=../schema/kompas.schema.json\n"
CODE_COLUMN = "wijk_code"


class ImportProblem(Exception):
    """The CSV or a kompas.yaml cannot be used; the message says why, in Dutch."""


@dataclass
class Report:
    """What the import did, line by line, for the person who runs it."""

    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def year_of(path: Path) -> int | None:
    """The year in a file name such as ``wijken_2024.csv``."""
    match = re.search(r"(19|20|21)\d\d", path.stem)
    return int(match.group(0)) if match else None


def run(root: Path, csv_path: Path, jaar: int) -> Report:
    """Import the figures of ``jaar`` for every wijk that names its CBS code."""
    gemeente = sources.load(root)
    header, rows = _read_csv(csv_path)
    report = Report()
    for wijk in gemeente.wijken:
        if wijk.info.cbs is None:
            report.notes.append(f"{wijk.id}: geen CBS-code in wijk.yaml; overgeslagen")
            continue
        code = wijk.info.cbs.code
        row = rows.get(code)
        if row is None:
            report.notes.append(f"{wijk.id}: {code} staat niet in {csv_path.name}; overgeslagen")
            continue
        if wijk.info.cbs.jaar != jaar:
            report.notes.append(
                f"{wijk.id}: de code {code} is van de indeling {wijk.info.cbs.jaar}, de cijfers "
                f"van {jaar}; controleer of de wijk dezelfde grenzen heeft"
            )
        values = _values(gemeente, wijk, header, row, jaar, report)
        if values:
            path = root / wijk.id / KOMPAS_FILE
            output.write_atomic(path, update(path, jaar, values).encode())
            report.written.append(f"{path}: {len(values)} waarden voor {jaar}")
    return report


def _read_csv(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or [])
            if CODE_COLUMN not in header:
                raise ImportProblem(f"{path}: de kolom {CODE_COLUMN!r} ontbreekt")
            return header, {row[CODE_COLUMN]: row for row in reader}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportProblem(f"{path}: niet te lezen als CSV (UTF-8): {exc}") from exc


def _values(
    gemeente: Gemeente,
    wijk: Wijk,
    header: list[str],
    row: dict[str, str],
    jaar: int,
    report: Report,
) -> dict[str, float]:
    written = (
        {key for m in wijk.kompas.jaren if m.jaar == jaar for key in m.waarden}
        if wijk.kompas
        else set()
    )
    out: dict[str, float] = {}
    for ind in gemeente.indicatoren(wijk).values():
        if ind.cbs is None:
            continue
        if ind.cbs not in header:
            report.notes.append(
                f"{wijk.id}: de kolom {ind.cbs!r} ({ind.id}) staat niet in het bestand"
            )
            continue
        if ind.id in written:
            report.notes.append(
                f"{wijk.id}: {ind.id} van {jaar} staat al onder jaren; die waarde blijft staan"
            )
            continue
        text = (row.get(ind.cbs) or "").strip()
        if not text:
            report.notes.append(f"{wijk.id}: het CBS heeft geen cijfer voor {ind.cbs} in {jaar}")
            continue
        try:
            number = float(text)
        except ValueError:
            report.notes.append(f"{wijk.id}: {ind.cbs} is geen getal: {text!r}")
            continue
        out[ind.id] = int(number) if number.is_integer() else number
    return out


def update(path: Path, jaar: int, values: dict[str, float]) -> str:
    """The new text of ``path``: everything above the marker as it was, the cbs part renewed."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    head, years = _split(path, text)
    years[jaar] = {**years.get(jaar, {}), **values}
    lines = [MARKER, "cbs:"]
    for year in sorted(years):
        lines += [f"  - jaar: {year}", "    waarden:"]
        lines += [f"      {key}: {value}" for key, value in sorted(years[year].items())]
    return head + "\n".join(lines) + "\n"


def _split(path: Path, text: str) -> tuple[str, dict[int, dict[str, float]]]:
    """The person's part of the file, and the years the import wrote before."""
    try:
        data = parse(text).data or {}
    except YamlProblem as exc:
        raise ImportProblem(f"{path}:{exc.line}: {exc.message}") from exc
    if not isinstance(data, dict):
        raise ImportProblem(f"{path}: verwacht velden (naam: waarde)")
    at = text.find(MARKER)
    if at < 0:
        if "cbs" in data:
            raise ImportProblem(
                f"{path}: er staat al een cbs-deel zonder de regel van kompas-import; "
                "zet die waarden onder jaren of haal het cbs-deel weg"
            )
        head = text if text.endswith("\n") else text + "\n"
        return head + "\n", {}
    years: dict[int, dict[str, float]] = {}
    for item in data.get("cbs") or []:
        if isinstance(item, dict) and isinstance(item.get("jaar"), int):
            years[item["jaar"]] = dict(item.get("waarden") or {})
    return text[:at], years
