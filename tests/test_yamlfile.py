"""Malformed and malicious YAML gets a clear file:line error, never a crash or a hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import sources
from generator.sources import files, yamlfile
from generator.sources.yamlfile import MAX_BYTES, YamlProblem, _parse, parse, read
from tests.helpers import ROOT

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("naam: x\nobj: !!python/object/apply:os.system ['echo hi']\n", 2, "met een ! ervoor"),
        ("naam: x\nobj: !!python/name:os.system\n", 2, "(!!python/name:os.system)"),
        ("naam: x\nb: !!binary aGVsbG8=\n", 2, "met een ! ervoor"),
        (BILLION_LAUGHS, 2, "Ankers en verwijzingen"),
        ("naam: x\nnaam: y\n", 2, "Het veld 'naam' staat hier twee keer"),
        ("naam: x\n  bad: indent\n", 2, "springt verder in dan de regel erboven"),
        ('naam: "open\nx: 1\n', 1, 'aanhalingsteken (") dat niet gesloten wordt'),
        ("? [a, b]\n: c\n", 1, "Een veldnaam moet gewone tekst zijn"),
    ],
)
def test_refused_with_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert info.value.line == line
    assert message in info.value.message


def test_billion_laughs_is_fast() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem):
        parse(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("x: " + "a" * (MAX_BYTES + 1))
    with pytest.raises(YamlProblem, match="Het bestand is te groot"):
        read(path)


def test_a_file_that_grew_since_it_was_measured_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader asks for the size fstat saw, and reads on when there is more (to the limit)."""
    path = tmp_path / "groeit.yaml"
    path.write_text("naam: Molenwijk\nplaats: Buurthuis De Molen\n")
    measured = os.fstat

    def five_bytes(fd: int) -> os.stat_result:  # the file was 5 bytes long a moment ago
        info = measured(fd)
        return os.stat_result((*info[:6], 5, *info[7:10]))

    monkeypatch.setattr(files.os, "fstat", five_bytes)
    assert read(path).data == {"naam": "Molenwijk", "plaats": "Buurthuis De Molen"}
    path.write_text("x: " + "a" * (MAX_BYTES + 1))
    with pytest.raises(YamlProblem, match="Het bestand is te groot"):
        read(path)


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("naam: x\nplaats: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(YamlProblem, match="niet als UTF-8 opgeslagen") as info:
        read(path)
    assert info.value.line == 2


def test_lines_are_kept() -> None:
    doc = parse("a: 1\nlijst:\n  - x: 1\n    y: 2\n")
    assert doc.lines[("lijst", 0, "y")] == 4
    assert doc.line_of(("lijst", 0, "missing")) == 3


def test_dates_never_crash() -> None:
    doc = parse("d: 2026-02-30\ne: 2026-02-28\n")
    assert doc.data["d"] == "2026-02-30"
    assert str(doc.data["e"]) == "2026-02-28"


def test_hostile_files_in_sources(wijken_dir: Path, tmp_path: Path) -> None:
    """Every hostile file is reported with its path; nothing raises."""
    (wijken_dir / "centrum/wop.yaml").write_text("!!python/object:os.system {}\n")
    (wijken_dir / "beekvliet/agenda.yaml").write_text(BILLION_LAUGHS)
    (wijken_dir / "molenwijk/wijk.yaml").write_bytes(b"\xff\xfe\x00n\x00a")
    (wijken_dir / "zuiderveld/budget.yaml").write_text("- a\n- b\n")
    outside = tmp_path / "secret.yaml"
    outside.write_text("naam: geheim\n")
    (wijken_dir / "westerdijk/wop.yaml").unlink()
    (wijken_dir / "westerdijk/wop.yaml").symlink_to(outside)
    (wijken_dir / "x%2F..%2F..%2Fetc").mkdir()
    errors = [str(e) for e in sources.check(wijken_dir)]
    for needle in (
        "centrum/wop.yaml:1: Een waarde met een ! ervoor (!!python/object:os.system)",
        "beekvliet/agenda.yaml:2: Ankers en verwijzingen",
        "molenwijk/wijk.yaml:1: Het bestand is niet als UTF-8 opgeslagen",
        "zuiderveld/budget.yaml:1: Het bestand is een lijst",
        "westerdijk/wop.yaml: Een snelkoppeling (symbolische link) kan niet",
        "x%2F..%2F..%2Fetc: Deze mapnaam kan niet",
    ):
        assert any(needle in e for e in errors), (needle, errors)


def test_libyaml_and_pure_python_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast C path must give the same data and lines as the pure-Python composer."""
    assert yamlfile._FAST is not None  # PyYAML's wheels carry libyaml; without it, 30x slower
    files = sorted((ROOT / "wijken").rglob("*.yaml"))
    fast = [yamlfile.read(f) for f in files]
    monkeypatch.setattr(yamlfile, "_FAST", None)
    slow = [yamlfile.read(f) for f in files]
    assert [(d.data, d.lines) for d in fast] == [(d.data, d.lines) for d in slow]
    assert len(files) > 20


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ("naam: x\ntitel: Uitleg: zo werkt het\n", 2, "Zet de tekst tussen aanhalingstekens"),
        ("naam: x\nthemas:\n\t- groen\n", 3, "Spring in met spaties, niet met tabs"),
        ("naam: 'open\nx: 1\ny: 2\n", 1, "aanhalingsteken (') dat niet gesloten wordt"),
        ('naam: "Het "grote" plan"\n', 1, "tussen enkele aanhalingstekens"),
        ("a:\n  b: 1\n c: 2\n", 3, "De inspringing klopt niet"),
        ("a: 1\n- b\n", 2, "Hier staat een regel met - (een lijst)"),
        ("naam:Centrum\nb: 1\n", 1, "Na de dubbele punt achter een veldnaam hoort een spatie"),
        ("buurten: [Oud, Nieuw\nnaam: x\n", 1, "Sluit de lijst op dezelfde regel met ]"),
        ("a: 1\nlosse tekst\nb: 2\n", 2, "Op deze regel staat tekst zonder veldnaam"),
        ('pad: "C:\\map"\n', 1, "backslash"),
        ("a: 1\n---\nb: 2\n", 2, "haal de regel --- weg"),
        ("a: 1\nb: @jan\n", 2, "Een tekst kan niet beginnen met @"),
        ("a: 1\nb: x\x07y\n", 2, "onzichtbaar teken (code U+0007)"),
    ],
)
def test_syntax_errors_are_explained_in_dutch(text: str, line: int, hint: str) -> None:
    """The common slips get the line where the mistake is and what to do, in Dutch."""
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert (info.value.line, hint in info.value.message) == (line, True), info.value.message
    assert "mapping" not in info.value.message  # no parser English


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the YAML parser composes from here on, with nothing kept from before."""
    monkeypatch.setattr(yamlfile, "_kept", None)
    calls: list[str] = []
    real = yamlfile._parse

    def counted(text: str) -> yamlfile.Document:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(yamlfile, "_parse", counted)
    return calls


def test_a_kept_text_is_parsed_once_and_each_reader_gets_its_own_copy(
    composed: list[str],
) -> None:
    """The live preview keeps parsed texts; what one rebuild changes, the next never sees."""
    calls = composed
    text = "naam: Centrum\nacties:\n  - id: a\n    wanneer: 2026-03-01\n"
    yamlfile.keep_parsed()
    first = parse(text)
    first.data["acties"][0]["id"] = "veranderd"
    first.lines.clear()
    second = parse(text)
    assert calls == [text]
    fresh = _parse(text)  # the parser itself, not the one that counts
    assert second.data == fresh.data
    assert second.lines == fresh.lines
    assert parse("naam: Noord\n").data == {"naam": "Noord"}
    assert len(calls) == 2


def test_without_keep_parsed_every_text_is_parsed(composed: list[str]) -> None:
    parse("naam: Centrum\n")
    parse("naam: Centrum\n")
    assert len(composed) == 2


def test_yes_no_on_off_are_text_as_in_yaml_1_2() -> None:
    """The editors' schema check (check-jsonschema, YAML 1.2) reads them as text; so do we."""
    doc = parse("titel: No\nwie: On\nwaar: true\nniet: False\n")
    assert doc.data == {"titel": "No", "wie": "On", "waar": True, "niet": False}


def test_a_yes_no_field_still_takes_yes() -> None:
    from generator.model.wijk import Overleg

    text = (
        "soort: wijkoverleg\ndatum: 2026-12-08\nvan: '19:30'\nplaats: Buurthuis\ngeannuleerd: yes\n"
    )
    assert Overleg.model_validate(parse(text).data).geannuleerd is True
