"""A plain VOTES section read without the CSV reader gives what the CSV reader gives.

``pabulib.parse`` reads a plain VOTES section quickly (``voting_app.counting.pb_plain``) and
anything else with the CSV reader. Quoting a vote cell changes nothing for a CSV reader but
sends the file to it, so each file here is parsed both ways and must give the same election,
or the same error on the same line.
"""

from __future__ import annotations

import gzip
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import SHARED, shared_path
from voting_app.counting import pabulib, pb_plain

HEAD = "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\na;5\nb;4\nc;3\n"


def _quoted(text: str) -> str:
    """The same file with the first vote cell quoted: the CSV reader then reads VOTES."""
    head, title, body = text.partition("\nVOTES\n")
    parts = re.split("(\r\n|\n|\r)", body)  # rows and their line ends, as the reader splits
    for k in range(2, len(parts), 2):  # parts[0] is the header
        cells = parts[k].split(";")
        if len(cells) > 1:
            cells[1] = f'"{cells[1]}"'
            parts[k] = ";".join(cells)
            break
    return head + title + "".join(parts)


def _outcome(text: str) -> object:
    try:
        return pabulib.parse(text)
    except pabulib.PbError as exc:
        return (exc.line, exc.message)


def _same_both_ways(text: str) -> None:
    assert '"' not in text
    assert _outcome(text) == _outcome(_quoted(text))


@pytest.mark.parametrize(
    "votes",
    [
        "voter_id;vote\n1;a,b\n2;c\n3;a\n",
        "voter_id;vote\r\n1;a,b\r\n2;c\r\n",  # Windows line ends
        "voter_id;vote\n1;a,b\r2;c\n",  # a lone carriage return ends a row
        "voter_id;vote\n1;a,b\n;\n2; a , b\n\n3;b\n",  # blank rows are skipped
        "voter_id;vote\n1;a\n ; \n2;b\n",  # a blank row as wide as the header
        "voter_id;vote\n1;a\n2;\n3;b\n",  # an empty ballot
        "voter_id;vote\n1;a\n  ;b\n",  # a blank voter id
        "voter_id;vote\n1;a\n2;a,b;c\n",  # a row too wide: its line
        "voter_id;vote\n1;a\n2;d\n",  # an unknown project: its line
        "voter_id;vote;points\n1;a,b;2,1\n2;c;1\n",
        "voter_id;vote;points\n1;a,b;2\n",  # points and vote disagree: its line
        "voter_id;age;vote\n1;40;a,b\n2;71;c\n",  # the vote is not the second column
        "voter_id;vote\n1;a\nPROJECTS\nproject_id;cost\n",  # a section after VOTES
        "voter_id;vote\n1;a\nVOTES\nvoter_id;vote\n2;b\n",  # VOTES twice
        "voter_id;vote\n1;a",  # no final line end
        "voter_id\n1\n",  # no vote column
    ],
)
def test_odd_votes_read_as_the_csv_reader_reads_them(votes: str) -> None:
    _same_both_ways(HEAD + "VOTES\n" + votes)


def test_a_votes_title_inside_a_quoted_name_is_no_title() -> None:
    text = HEAD.replace("c;3", 'c;3;"x\nVOTES\ny"').replace("cost\n", "cost;name\n")
    text = text.replace("a;5\n", "a;5;\n").replace("b;4\n", "b;4;\n")
    text += "VOTES\nvoter_id;vote\n1;a\n"
    election = pabulib.parse(text)
    assert [p.name for p in election.projects] == ["", "", "x\nVOTES\ny"]
    assert [sorted(b.approved) for b in election.ballots] == [["a"]]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # A quote left open before the title takes the rest of the file into one field.
        (HEAD + '"\nVOTES\nvoter_id;vote\n1;a\n', 12, "expected 2 fields"),
        (HEAD + "VOTES\nvoter_id;vote\n1;" + ",".join(["a"] * 70_000) + "\n", 11, "as CSV"),
        (HEAD.replace("budget;10", "budget;1/0") + "VOTES\nvoter_id;vote\n1;a\n", 3, "number"),
    ],
)
def test_what_the_csv_reader_refuses_stays_refused(text: str, line: int, message: str) -> None:
    with pytest.raises(pabulib.PbError) as info:
        pabulib.parse(text)
    assert (info.value.line, message in info.value.message) == (line, True)


_cell = st.sampled_from(["a", "b", "c", "a,b", " b , c ", "", " ", "d", "a,,c"])
_end = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])


@given(
    rows=st.lists(st.tuples(st.sampled_from(["1", "2", "", " "]), _cell, _end), max_size=12),
    wide=st.booleans(),
)
def test_any_plain_votes_read_as_the_csv_reader_reads_them(
    rows: list[tuple[str, str, str]], wide: bool
) -> None:
    body = "".join(
        f"{voter};{vote}{';x' if wide and k == 3 else ''}{end}"
        for k, (voter, vote, end) in enumerate(rows)
    )
    _same_both_ways(HEAD + "VOTES\nvoter_id;vote\n" + body)


def _files() -> list:
    folder = SHARED / "pabulib"
    names = sorted(p.name for p in folder.glob("*.pb*")) if folder.exists() else []
    # The compressed ones are the largest (up to 131,778 votes): slow.
    marks = {name: [pytest.mark.slow] if name.endswith(".gz") else [] for name in names}
    return [pytest.param(n, marks=marks[n]) for n in names] or ["shared-data-absent"]


@pytest.mark.parametrize("name", _files())
def test_every_pabulib_file_reads_the_same_both_ways(name: str) -> None:
    path = shared_path("pabulib", name)
    raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    # Every real file is plain below its VOTES title, so each is read quickly here.
    assert pb_plain.votes(text.split("\nVOTES\n", 1)[1]) is not None
    assert pabulib.parse(text) == pabulib.parse(_quoted(text))
