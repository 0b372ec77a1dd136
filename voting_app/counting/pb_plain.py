"""The VOTES section of a ``.pb`` file read without the CSV reader, where that is safe.

A recount of a large file spent most of its reading in Python's CSV reader and in the loop
over its rows: Wrocław 2015's 131,778 votes took 0.37 s to read and 0.17 s to count. Nearly
every real file is plain below its VOTES title: no quotes, one row per line, every row
exactly as wide as the header. There each line is its cells split at ``;``, as the CSV
reader would split it, and only the vote (and points) column is needed, so the cells are
cut from each line with one split. Anything else (a quote, a NUL, a lone carriage return, a
row of another width, a blank line or vote) answers None, and ``pabulib.parse`` reads the
whole file with the CSV reader as before, which also names the line of any problem.
"""

from __future__ import annotations

import csv
from itertools import repeat


class PlainVotes:
    """Per VOTES row in order, its vote cell, and its points cell where there is a column."""

    def __init__(self, votes: list[str], points: list[str] | None) -> None:
        self.votes = votes
        self.points = points


def votes(body: str) -> PlainVotes | None:
    """The VOTES rows of ``body`` (all text after the title line), or None if not plain."""
    if '"' in body or "\x00" in body:
        return None
    if "\r" in body:
        body = body.replace("\r\n", "\n")
        if "\r" in body:  # a lone carriage return ends a row for the CSV reader
            return None
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()  # the file's last line break
    # A line as long as the CSV reader's field limit may hold a field it refuses.
    if len(lines) < 2 or max(map(len, lines)) >= csv.field_size_limit():
        return None
    header = [cell.strip() for cell in lines[0].split(";")]
    rows = lines[1:]
    width = len(header)
    # One separator count per line is the check that each row is one row of this width; a
    # blank line, a section title or a row of another width sends the file to the CSV reader.
    if width < 2 or "vote" not in header or set(map(str.count, rows, repeat(";"))) != {width - 1}:
        return None
    at = header.index("vote")
    if "points" not in header:
        return PlainVotes([line.split(";", at + 1)[at] for line in rows], None)
    points_at = header.index("points")
    cells = [line.split(";", max(at, points_at) + 1) for line in rows]
    return PlainVotes([row[at] for row in cells], [row[points_at] for row in cells])
