"""Read one YAML source file safely, keeping the line of every value.

PyYAML's ``safe_load`` forgets where values came from and turns a bad date into a crash. We
compose the node tree ourselves so that every error can name ``file:line``, and we refuse what
communications staff never need but attackers love: tags, anchors/aliases, huge files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.sources import files
from generator.sources.messages import say, syntax_problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 50  # lists and fields inside each other; real sources need fewer than 10

Loc = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class YamlProblem(Exception):
    """A file that cannot be read as plain YAML data; carries the 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    """Plain Python data from one file plus the line of each value, keyed by its location."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """Return the line of ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


class _Loader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases: they buy nothing here and enable 'billion laughs'."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if self.check_event(yaml.AliasEvent):
            raise YamlProblem(event.start_mark.line + 1, say("alias"))
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _too_deep(event.start_mark.line + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _too_deep(line: int) -> YamlProblem:
    return YamlProblem(line, say("too_deep", depth=MAX_DEPTH))


def read(path: Path, root: Path | None = None) -> Document:
    """Read and parse ``path`` (below ``root``, default its folder); raise YamlProblem.

    The line is 0 when the file as a whole is refused (a link, a pipe, too large).
    """
    try:
        raw = files.read_bytes(path, root or path.parent, MAX_BYTES)
    except files.FileProblem as exc:
        raise YamlProblem(0, exc.message) from exc
    return parse(decode(raw))


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM allowed); YamlProblem naming the first line that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, say("not_utf8")) from exc


class _Repeated(Exception):
    """A node reached twice: the C composer resolved an alias (pure Python refuses those)."""


# Texts parsed before in this process, when keep_parsed() asked for it: the live preview reads
# every source again on each save, and only the saved file has changed.
_kept: dict[str, Document] | None = None
_MOST_KEPT = 100_000  # texts; then start afresh (every save of a file adds its new text)


def keep_parsed() -> None:
    """Parse each text once in this process; for the live preview, which rereads all sources."""
    global _kept
    if _kept is None:
        _kept = {}


def parse(text: str) -> Document:
    """Parse YAML text into a Document (a copy of the kept one, after keep_parsed())."""
    kept = _kept
    if kept is None:
        return _parse(text)
    doc = kept.get(text)
    if doc is None:
        if len(kept) >= _MOST_KEPT:
            kept.clear()
        doc = kept[text] = _parse(text)
    # A copy: whoever reads the sources may change what it gets, never what is kept.
    return Document(_copied(doc.data), dict(doc.lines))


def _copied(value: Any) -> Any:
    """Plain YAML data copied; text, numbers, dates and None cannot change, so are shared."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _parse(text: str) -> Document:
    """Parse YAML text into a Document.

    libyaml (C) composes clean files about 30 times faster, which a site of thousands of wijken
    needs. It resolves aliases silently, so a node met twice sends the text, like any syntax
    error, to the pure-Python composer, whose messages and line numbers we report.
    """
    if _FAST is not None:
        try:
            node = yaml.compose(text, Loader=_FAST)
            doc = Document(data=None)
            if node is not None:
                doc.data = _convert(node, (), doc.lines, set())
            return doc
        except (yaml.YAMLError, _Repeated, RecursionError):
            pass
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise YamlProblem(*syntax_problem(exc, text)) from exc
    doc = Document(data=None)
    if node is not None:
        doc.data = _convert(node, (), doc.lines, set())
    return doc


_FAST = getattr(yaml, "CSafeLoader", None)  # absent when PyYAML was built without libyaml


def _convert(node: yaml.Node, loc: Loc, lines: dict[Loc, int], seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Repeated
    if len(loc) >= MAX_DEPTH:
        raise _too_deep(node.start_mark.line + 1)
    seen.add(id(node))
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, say("key_not_text"))
            key = key_node.value
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1, say("key_twice", key=key))
            lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, (*loc, key), lines, seen)
        return result
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_convert(item, (*loc, i), lines, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
        return _scalar(node)
    typed = "!!" + node.tag.removeprefix(_YAML_TAG) if node.tag.startswith(_YAML_TAG) else node.tag
    raise YamlProblem(node.start_mark.line + 1, say("tag", tag=typed))


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _STR:
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Return a date only when it is a real one; otherwise the model reports 'not a date'.
        try:
            return dt.date.fromisoformat(node.value)
        except ValueError:
            return node.value
    if node.tag == "tag:yaml.org,2002:int" and ":" in node.value:
        # YAML 1.1 reads 19:30 as the base-60 number 1170; keep what the person wrote.
        return node.value
    if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
        # YAML 1.1 reads yes/no/on/off as true/false; YAML 1.2, the editors' schema check
        # (check-jsonschema) and readers read text. A yes/no field still takes it as an answer.
        return node.value
    return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
