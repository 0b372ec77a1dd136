"""Read pabulib ``.pb`` files, so anyone can recount a stemronde (``pb_write`` writes them).

Format: https://pabulib.org/format. A CSV dialect with ``;`` separators and three sections
(META, PROJECTS, VOTES), each a title line and a header line. Files may have a BOM and mixed
line endings, and fields may be quoted; we use a real CSV reader and report the line of any
problem.

A file ``pb_write`` wrote names the counting rule, the tie-break and the lottery order in
numbered ``comment`` entries (``#1: rule=mes (...)``); ``settings`` reads them back.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from voting_app.counting import pb_plain
from voting_app.counting.election import Amount, Ballot, Election, Project

if TYPE_CHECKING:
    from _csv import Reader

SECTIONS = ("META", "PROJECTS", "VOTES")

_BLANK = frozenset({""})
_VOTES_LINES = ("\nVOTES\n", "\nVOTES\r\n")  # the VOTES title as nearly every file has it
# ``#2: tie_break=cost (...)``: one recount setting per numbered comment.
_SETTING = re.compile(r"#\d+:\s*(rule|tie_break|lottery)=(\S*)")


class PbError(Exception):
    """A malformed file; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def read(path: str | os.PathLike[str]) -> Election:
    """Read a ``.pb`` or ``.pb.gz`` file."""
    if os.fspath(path).endswith(".gz"):
        import gzip  # here: most files are not compressed
        import zlib

        try:
            with gzip.open(path, "rb") as fh:
                raw = fh.read()
        except (OSError, EOFError, zlib.error) as exc:
            raise PbError(1, f"not a readable gzip file ({exc})") from exc
    else:
        with open(path, "rb") as fh:
            raw = fh.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PbError(line, "not UTF-8 text") from exc
    return parse(text)


def parse(text: str) -> Election:
    """Parse the text of a ``.pb`` file."""
    text = text.removeprefix("\ufeff")
    quick = _plain(text)
    return quick if quick is not None else _election(_sections(text))


def _plain(text: str) -> Election | None:
    """The election, reading META and PROJECTS as CSV and a plain VOTES section quickly.

    None where VOTES is not plain (``pb_plain``) or anything is wrong: then the whole file is
    read as CSV, which reports the line. The CSV reader reads row by row, so the rows up to
    and including the title line are those of the whole file, provided no quoted field is
    still open where the title line starts (the reader would take the title into it): read
    strictly, a field still open at the end is an error. The line is the title only if that
    reading ends with an empty VOTES section.
    """
    for title in _VOTES_LINES:
        at = text.find(title)
        if at >= 0:
            start = at + len(title)
            break
    else:
        return None
    try:
        sections = _sections(text[:start], strict=True)
        votes = pb_plain.votes(text[start:])
        if votes is None or sections["VOTES"].header:
            return None
        return _election(sections, votes)
    except (PbError, csv.Error):
        return None


def _sections(text: str, strict: bool = False) -> dict[str, _Section]:
    """The sections of the text, each with its header and rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=strict)
    try:
        return _read_sections(reader)
    except csv.Error as exc:  # a field over the CSV reader's size limit, or strict's refusal
        raise PbError(reader.line_num, f"cannot be read as CSV ({exc})") from None


def _read_sections(reader: Reader) -> dict[str, _Section]:
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    for row in reader:
        # The common case first: a row as wide as its section's header (most are votes).
        if current is not None and len(row) == current.width > 1 and row[0].strip():
            current.rows.append((reader.line_num, row))
            continue
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        title = row[0].strip().upper()
        if len(row) == 1 and title in SECTIONS:
            if title in sections:
                raise PbError(line, f"section {title} appears twice")
            current = sections[title] = _Section()
            continue
        if current is None:
            raise PbError(line, "expected a section title (META, PROJECTS or VOTES)")
        if not current.header:
            current.header = [cell.strip() for cell in row]
            current.width = len(row)
            continue
        if len(row) != current.width:
            header = current.header
            raise PbError(
                line, f"expected {len(header)} fields ({';'.join(header)}), found {len(row)}"
            )
        current.rows.append((line, row))
    for name in SECTIONS:
        if name not in sections:
            raise PbError(max(reader.line_num, 1), f"section {name} is missing")
    return sections


class _Section:
    """A section's header and its rows, each with its line number."""

    def __init__(self) -> None:
        self.header: list[str] = []
        self.width = -1
        self.rows: list[tuple[int, list[str]]] = []

    def dicts(self) -> list[tuple[int, dict[str, str]]]:
        return [(line, dict(zip(self.header, row, strict=True))) for line, row in self.rows]


def _election(sections: dict[str, _Section], plain: pb_plain.PlainVotes | None = None) -> Election:
    meta: dict[str, str] = {}
    meta_rows = sections["META"].dicts()
    for line, row in meta_rows:
        if "key" not in row or "value" not in row:
            raise PbError(line, "META needs the columns key;value")
        meta[row["key"].strip()] = row["value"].strip()
    if "budget" not in meta:
        raise PbError(1, "META has no budget")
    budget_line = next((n for n, r in meta_rows if r.get("key", "").strip() == "budget"), 1)
    budget = _amount(meta["budget"], budget_line, "budget")
    projects: dict[str, Project] = {}
    for line, row in sections["PROJECTS"].dicts():
        pid = row.get("project_id", "").strip()
        if not pid:
            raise PbError(line, "a project needs a project_id")
        if pid in projects:
            raise PbError(line, f"project {pid!r} is listed twice")
        projects[pid] = Project(
            pid, _amount(row.get("cost", ""), line, "cost"), row.get("name", "").strip()
        )
    if plain is None:
        ballots = _ballots(sections["VOTES"], projects)
    else:
        ballots = _plain_ballots(plain, projects)
    return Election(tuple(projects.values()), ballots, budget, meta)


def _ballots(votes: _Section, projects: Mapping[str, Project]) -> tuple[Ballot, ...]:
    """The ballots; equal vote cells share one (immutable) Ballot, parsed and checked once."""
    if "vote" not in votes.header:
        if votes.rows:
            raise PbError(votes.rows[0][0], "VOTES needs a vote column")
        return ()
    at = votes.header.index("vote")
    points_at = votes.header.index("points") if "points" in votes.header else None
    seen: dict[tuple[str, str], Ballot] = {}
    ballots = []
    for line, row in votes.rows:
        key = (row[at], "" if points_at is None else row[points_at])
        ballot = seen.get(key)
        if ballot is None:
            ballot = seen[key] = _ballot(line, *key, projects)
        ballots.append(ballot)
    return tuple(ballots)


def _plain_ballots(
    plain: pb_plain.PlainVotes, projects: Mapping[str, Project]
) -> tuple[Ballot, ...]:
    """As ``_ballots``, each distinct vote cell parsed once; a blank one goes to ``_ballots``."""
    if plain.points is None:
        seen = {vote: _ballot(0, vote, "", projects) for vote in set(plain.votes)}
        blank = any(not vote.strip() for vote in seen)
        ballots = tuple(map(seen.__getitem__, plain.votes))
    else:
        cells = list(zip(plain.votes, plain.points, strict=True))
        pairs = {cell: _ballot(0, *cell, projects) for cell in set(cells)}
        blank = any(not vote.strip() for vote, _ in pairs)
        ballots = tuple(map(pairs.__getitem__, cells))
    if blank:  # the row may be blank, which the CSV reading skips
        raise PbError(0, "a blank vote cell")
    return ballots


def _ballot(line: int, vote: str, points_text: str, projects: Mapping[str, Project]) -> Ballot:
    if not points_text.strip():  # approval: only the set counts (one pass per cell)
        approved = frozenset(map(str.strip, vote.split(","))) - _BLANK
        if approved <= projects.keys():
            return Ballot(approved)
    ids = [v for v in map(str.strip, vote.split(",")) if v]
    if not projects.keys() >= set(ids):
        pid = next(pid for pid in ids if pid not in projects)
        raise PbError(line, f"vote names project {pid!r}, which is not in PROJECTS")
    points = None
    if points_text.strip():
        values = [_int(v, line, "points") for v in points_text.split(",")]
        if len(values) != len(ids):
            raise PbError(line, "points and vote have a different number of entries")
        points = dict(zip(ids, values, strict=True))
    return Ballot(frozenset(ids), points)


def _amount(text: str, line: int, what: str) -> Amount:
    if text.isdigit():  # the common case, without Fraction's regular expression
        return int(text)
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):  # "1/0" is no number either
        raise PbError(line, f"{what} is not a number: {text!r}") from None
    if value < 0:
        raise PbError(line, f"{what} is negative: {text!r}")
    return int(value) if value.denominator == 1 else value


def _int(text: str, line: int, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise PbError(line, f"{what} is not a whole number: {text!r}") from None


class Settings(NamedTuple):
    """The recount settings a file names; ``None`` where it names none."""

    rule: str | None = None
    tie_break: str | None = None
    lottery: tuple[str, ...] = ()


def settings(meta: Mapping[str, str]) -> Settings:
    """Read the rule, tie-break and lottery from META: our ``comment`` entries or own keys.

    The pabulib ``rule`` key is a label (it may be ``unknown``), not one of our rules.
    """
    found = {key: meta[key].strip() for key in ("tie_break", "lottery") if key in meta}
    found.update(_SETTING.findall(meta.get("comment", "")))
    lottery = tuple(i.strip() for i in found.get("lottery", "").split(",") if i.strip())
    return Settings(found.get("rule") or None, found.get("tie_break") or None, lottery)
