"""Walk ``wijken/`` and validate every file, collecting all problems in one pass.

A file that fails still lets the others load, so references into it are checked as far as
they can be and one run of ``wijkwerk check`` lists everything to fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator import model
from generator.model import (
    WIJK_FILES,
    Agenda,
    Budget,
    Gemeente,
    GemeenteBestand,
    Kompas,
    Toekenningen,
    Uitslag,
    Wijk,
    WijkBestand,
    Wop,
)
from generator.sources import checks, cyclus, files, huisstijl, postcodes
from generator.sources import grens as grens_file
from generator.sources import kompas as kompas_rules
from generator.sources.checks import WijkParts
from generator.sources.errors import SourceError, SourcesInvalid, field_path
from generator.sources.messages import listing, say, staff_message
from generator.sources.yamlfile import MAX_BYTES, Document, Loc, YamlProblem, decode, parse, read

M = TypeVar("M", bound=BaseModel)

GEMEENTE_FILE = "gemeente.yaml"
# Names in wijken/ that are not wijken: documentation, editor schemas, hidden folders.
_NOT_WIJKEN = {"README.md", "schema", model.HUISSTIJL_FOLDER, GEMEENTE_FILE}
TOEKENNINGEN_FILE = "toekenningen.yaml"  # written by the voting app
_WIJK_EXTRAS = {
    "README.md",
    "stemrondes",
    TOEKENNINGEN_FILE,
    kompas_rules.KOMPAS_FILE,
    model.GRENS_FILE,  # the wijk on the map
}


def load(root: Path) -> Gemeente:
    """Read and validate every source under ``root`` (the ``wijken/`` folder)."""
    return load_with_warnings(root)[0]


def load_with_warnings(root: Path) -> tuple[Gemeente, list[SourceError]]:
    """Like :func:`load`, with the warnings: things to look at that do not stop a build."""
    loader = _Loader(Path(root))
    gemeente = loader.load()
    if loader.errors or gemeente is None:
        raise SourcesInvalid(loader.errors)
    return gemeente, sorted(loader.warnings)


def check(root: Path) -> list[SourceError]:
    """Return every problem in the sources under ``root`` (empty when all is well)."""
    try:
        load(root)
    except SourcesInvalid as exc:
        return exc.errors
    return []


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[SourceError] = []
        self.warnings: list[SourceError] = []
        self.kompassen: dict[str, Kompas | None] = {}
        self.grenzen: dict[str, model.Grens] = {}
        self.docs: dict[Path, Document] = {}
        self.ballots: dict[str, dict[str, str]] = {}

    def error(self, path: Path, line: int, loc: Loc | str, message: str) -> None:
        where = loc if isinstance(loc, str) else field_path(loc)
        self.errors.append(SourceError(path, line, where, message))

    def load(self) -> Gemeente | None:
        if not self.root.is_dir():
            self.error(self.root, 0, "", say("folder_missing"))
            return None
        gemeente_doc = self.read_doc(self.root / GEMEENTE_FILE)
        info = self.validate(self.root / GEMEENTE_FILE, gemeente_doc, GemeenteBestand, {})
        palet, look = huisstijl.load(self.root, info, gemeente_doc)
        self.errors += look
        shared = _ids(gemeente_doc, "partners")
        context = {
            "partners": shared,
            "college": _ids(gemeente_doc, "college"),
            "posten": _ids(gemeente_doc, "begrotingsposten"),
        }
        parts = [self.load_wijk(d, context) for d in self.wijk_dirs()]
        problems = list(checks.check(info, parts))
        problems += postcodes.check(parts)
        for p in parts:
            problems += kompas_rules.check(info, p, self.kompassen.get(p.id))
            problems += cyclus.check(p)
        for problem in problems:
            self.error(*self.locate(problem), problem.message)
        for p in parts:
            for problem in cyclus.warnings(info, p):
                where, line, loc = self.locate(problem)
                self.warnings.append(SourceError(where, line, field_path(loc), problem.message))
        if info is None or self.errors:
            return None
        wijken = []
        for p in parts:
            if p.info is None or p.wop is None or p.agenda is None or p.budget is None:
                return None  # unreachable: a part is None only when its file had errors
            wijk = Wijk(
                id=p.id,
                info=p.info,
                wop=p.wop,
                agenda=p.agenda,
                budget=p.budget,
                kompas=self.kompassen.get(p.id),
                grens=self.grenzen.get(p.id),
                uitslagen=p.uitslagen,
                toekenningen=p.toekenningen,
                stembiljetten=self.ballots.get(p.id, {}),
            )
            wijken.append(wijk)
        ordered = tuple(sorted(wijken, key=lambda w: w.naam))
        return Gemeente(info=info, wijken=ordered, palet=palet)

    def locate(self, problem: checks.Problem) -> tuple[Path, int, Loc]:
        path = self.root / (problem.wijk or "") / problem.file
        doc = self.docs.get(path)
        return path, doc.line_of(problem.loc) if doc else 0, problem.loc

    def wijk_dirs(self) -> list[Path]:
        dirs = []
        for entry in sorted(self.root.iterdir()):
            if entry.name in _NOT_WIJKEN or entry.name.startswith((".", "_")):
                continue
            if entry.is_symlink():
                self.error(entry, 0, "", say("symlink"))
            elif not entry.is_dir():
                self.error(entry, 0, "", say("unexpected_in_wijken", gemeente=GEMEENTE_FILE))
            elif not _is_slug(entry.name):
                self.error(entry, 0, "", say("bad_wijk_folder"))
            else:
                dirs.append(entry)
        return dirs

    def load_wijk(self, folder: Path, shared: dict[str, set[str] | None]) -> WijkParts:
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue  # the app's temporary file while it writes toekenningen.yaml
            if entry.name not in WIJK_FILES and entry.name not in _WIJK_EXTRAS:
                expected = listing(WIJK_FILES)
                self.error(entry, 0, "", say("unexpected_in_wijk", expected=expected))
        docs = {name: self.read_doc(folder / name) for name in WIJK_FILES}
        local = _ids(docs["wijk.yaml"], "partners")
        context = {
            **shared,
            "partners": None
            if shared["partners"] is None or local is None
            else shared["partners"] | local,
            "themas": _ids(docs["wop.yaml"], "themas"),
            "acties": _ids(docs["agenda.yaml"], "acties"),
        }

        def part(name: str, cls: type[M]) -> M | None:
            return self.validate(folder / name, docs[name], cls, context)

        # In the order of WIJK_FILES, so problems are found in the same order.
        info, wop = part("wijk.yaml", WijkBestand), part("wop.yaml", Wop)
        agenda, budget = part("agenda.yaml", Agenda), part("budget.yaml", Budget)
        uitslagen, ballots = self.load_results(folder / "stemrondes")
        self.ballots[folder.name] = ballots
        kompas = folder / kompas_rules.KOMPAS_FILE
        if kompas.exists() or kompas.is_symlink():  # optional: read only when present
            self.kompassen[folder.name] = self.validate(
                kompas, self.read_doc(kompas), Kompas, context
            )
        grants = folder / TOEKENNINGEN_FILE
        toekenningen = None
        if grants.exists() or grants.is_symlink():
            toekenningen = self.validate(grants, self.read_doc(grants), Toekenningen, {})
        self.load_grens(folder)
        return WijkParts(
            folder.name,
            info,
            wop,
            agenda,
            budget,
            uitslagen,
            toekenningen=toekenningen.toekenningen if toekenningen else (),
        )

    def load_grens(self, folder: Path) -> None:
        """The wijk's area for the map, from ``grens.geojson`` when there is one."""
        path = folder / model.GRENS_FILE
        if not (path.exists() or path.is_symlink()):
            return
        text = self.read_text(path, MAX_BYTES)
        if text is None:
            return
        too_many = grens_file.too_many_points(text)
        if too_many is not None:
            self.error(path, 1, (), too_many)
            return
        doc = self.read_doc(path, text)
        if doc is None:
            return
        grens, problems = grens_file.read(doc.data)
        for loc, message in problems:
            self.error(path, doc.line_of(loc), loc, message)
        if grens is not None:
            self.grenzen[folder.name] = grens

    def load_results(self, folder: Path) -> tuple[tuple[Uitslag, ...], dict[str, str]]:
        """The machine-written results of a wijk's stemrondes, and their anonymous ballots."""
        try:
            if not files.is_folder(folder, self.root):
                return (), {}
        except files.FileProblem as exc:
            self.error(folder, 0, "", exc.message)
            return (), {}
        found, ballots = [], {}
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue  # the app's lock file
            stem, suffix = entry.stem, entry.suffix
            if suffix not in (".yaml", ".pb") or not _is_slug(stem):
                self.error(entry, 0, "", say("unexpected_in_stemrondes"))
            elif suffix == ".pb":
                text = self.read_text(entry, files.MAX_BALLOT_BYTES)
                if text is not None:
                    ballots[stem] = text
            else:
                uitslag = self.validate(entry, self.read_doc(entry), Uitslag, {})
                if uitslag is not None and uitslag.ronde != stem:
                    self.error(entry, 1, "ronde", say("ronde_is_file_name", stem=stem))
                elif uitslag is not None:
                    found.append(uitslag)
        return tuple(found), ballots

    def read_doc(self, path: Path, text: str | None = None) -> Document | None:
        """Parse one file (or ``text``, read from it already), recording a problem and
        returning None when it cannot be read."""
        try:
            doc = read(path, self.root) if text is None else parse(text)
        except YamlProblem as exc:
            self.error(path, exc.line, "", exc.message)
            return None
        if not isinstance(doc.data, dict):
            self.error(path, 1, "", _not_fields(doc.data))
            return None
        self.docs[path] = doc
        for loc in _duplicate_ids(doc.data):
            self.error(path, doc.line_of(loc), loc, say("id_twice"))
        return doc

    def read_text(self, path: Path, limit: int) -> str | None:
        """The UTF-8 text of a file that is not YAML; None (and a problem) when unreadable."""
        try:
            return decode(files.read_bytes(path, self.root, limit))
        except files.FileProblem as exc:
            self.error(path, 0, "", exc.message)
        except YamlProblem as exc:
            self.error(path, exc.line, "", exc.message)
        return None

    def validate(
        self, path: Path, doc: Document | None, cls: type[M], context: dict[str, Any]
    ) -> M | None:
        """Validate a parsed file into ``cls``, recording every problem; None when it has any."""
        if doc is None:
            return None
        try:
            return cls.model_validate(doc.data, context=context)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            locs = [tuple(err["loc"]) for err in errors]
            for err, loc in zip(errors, locs, strict=True):
                # A list whose only item failed is also 'too short': report the item alone.
                if not any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs):
                    self.error(path, doc.line_of(loc), loc, staff_message(err))
            return None


def _ids(doc: Document | None, field: str) -> set[str] | None:
    """The ids listed under ``field`` in a raw file, or None when the file is unreadable."""
    if doc is None:
        return None
    items = doc.data.get(field)
    if not isinstance(items, list):
        return set()
    return {str(item["id"]) for item in items if isinstance(item, dict) and "id" in item}


def _duplicate_ids(data: dict[str, Any]) -> list[Loc]:
    """Locations of ids that repeat one used earlier in the same list, in raw data."""
    found: list[Loc] = []
    for field, items in data.items():
        if not isinstance(items, list):
            continue
        seen: set[object] = set()
        for i, item in enumerate(items):
            if isinstance(item, dict) and "id" in item:
                if item["id"] in seen:
                    found.append((field, i, "id"))
                seen.add(item["id"])
    return found


def _not_fields(value: Any) -> str:
    if value is None:
        return say("empty_file")
    if isinstance(value, list):
        return say("not_fields_list")
    return say("not_fields_value", value=value)


def _is_slug(name: str) -> bool:
    return re.match(model.SLUG, name) is not None
