"""Read and write pabulib ``.pb`` files, so anyone can recount a stemronde.

Format: https://pabulib.org/format. A CSV dialect with ``;`` separators and three sections
(META, PROJECTS, VOTES), each a title line and a header line. Files may have a BOM and mixed
line endings, and fields may be quoted; we use a real CSV reader and report the line of any
problem.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from voting_app.counting.election import Amount, Ballot, Election, Project

SECTIONS = ("META", "PROJECTS", "VOTES")


class PbError(Exception):
    """A malformed file; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def read(path: Path) -> Election:
    """Read a ``.pb`` or ``.pb.gz`` file."""
    if path.name.endswith(".gz"):
        try:
            with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except (OSError, EOFError) as exc:
            raise PbError(1, f"not a readable gzip file ({exc})") from exc
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise PbError(line, "not UTF-8 text") from exc
    return parse(text)


def parse(text: str) -> Election:
    """Parse the text of a ``.pb`` file."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";")
    sections: dict[str, list[tuple[int, dict[str, str]]]] = {}
    current: str | None = None
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        title = row[0].strip().upper()
        if len(row) == 1 and title in SECTIONS:
            if title in sections:
                raise PbError(line, f"section {title} appears twice")
            current, header = title, None
            sections[current] = []
            continue
        if current is None:
            raise PbError(line, "expected a section title (META, PROJECTS or VOTES)")
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        if len(row) != len(header):
            raise PbError(
                line, f"expected {len(header)} fields ({';'.join(header)}), found {len(row)}"
            )
        sections[current].append((line, dict(zip(header, row, strict=True))))
    for name in SECTIONS:
        if name not in sections:
            raise PbError(max(reader.line_num, 1), f"section {name} is missing")
    return _election(sections)


def _election(sections: dict[str, list[tuple[int, dict[str, str]]]]) -> Election:
    meta: dict[str, str] = {}
    for line, row in sections["META"]:
        if "key" not in row or "value" not in row:
            raise PbError(line, "META needs the columns key;value")
        meta[row["key"].strip()] = row["value"].strip()
    if "budget" not in meta:
        raise PbError(1, "META has no budget")
    budget = _amount(meta["budget"], _meta_line(sections, "budget"), "budget")
    projects: dict[str, Project] = {}
    for line, row in sections["PROJECTS"]:
        pid = row.get("project_id", "").strip()
        if not pid:
            raise PbError(line, "a project needs a project_id")
        if pid in projects:
            raise PbError(line, f"project {pid!r} is listed twice")
        projects[pid] = Project(
            pid, _amount(row.get("cost", ""), line, "cost"), row.get("name", "").strip()
        )
    ballots = []
    for line, row in sections["VOTES"]:
        if "vote" not in row:
            raise PbError(line, "VOTES needs a vote column")
        ids = [v.strip() for v in row["vote"].split(",") if v.strip()]
        for pid in ids:
            if pid not in projects:
                raise PbError(line, f"vote names project {pid!r}, which is not in PROJECTS")
        points = None
        if row.get("points", "").strip():
            values = [_int(v, line, "points") for v in row["points"].split(",")]
            if len(values) != len(ids):
                raise PbError(line, "points and vote have a different number of entries")
            points = dict(zip(ids, values, strict=True))
        ballots.append(Ballot(frozenset(ids), points))
    return Election(tuple(projects.values()), tuple(ballots), budget, meta)


def _meta_line(sections: dict[str, list[tuple[int, dict[str, str]]]], key: str) -> int:
    return next((line for line, row in sections["META"] if row.get("key", "").strip() == key), 1)


def _amount(text: str, line: int, what: str) -> Amount:
    try:
        value = Fraction(text.strip())
    except ValueError:
        raise PbError(line, f"{what} is not a number: {text!r}") from None
    if value < 0:
        raise PbError(line, f"{what} is negative: {text!r}")
    return int(value) if value.denominator == 1 else value


def _int(text: str, line: int, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise PbError(line, f"{what} is not a whole number: {text!r}") from None


def write(
    election: Election, selected: Iterable[str] = (), meta: Mapping[str, str] | None = None
) -> str:
    """Write ``election`` as a ``.pb`` text with anonymous, canonically ordered ballots.

    Ballots are sorted by content and numbered afterwards, so neither the order nor the voter
    ids say anything about who voted when.
    """
    chosen = set(selected)
    votes = election.votes()
    ballots = sorted(sorted(b.approved) for b in election.ballots)
    info = {
        "description": "",
        "num_projects": str(len(election.projects)),
        "num_votes": str(len(ballots)),
        "budget": _text(election.budget),
        "vote_type": "approval",
        **dict(meta or {}),
    }
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(info.items())
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", "votes", "name", "selected"])
    for p in election.projects:
        writer.writerow([p.id, _text(p.cost), votes[p.id], p.name, int(p.id in chosen)])
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote"])
    for i, ids in enumerate(ballots, start=1):
        writer.writerow([i, ",".join(ids)])
    return out.getvalue()


def _text(amount: Amount) -> str:
    if isinstance(amount, int) or amount.denominator == 1:
        return str(int(amount))
    return str(Decimal(amount.numerator) / Decimal(amount.denominator))
