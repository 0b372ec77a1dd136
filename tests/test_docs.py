"""Documentation that stays true: every field and command is documented, schemas are current."""

from __future__ import annotations

import json
import re

from pydantic import BaseModel

from generator import model, schema
from tests.helpers import ROOT
from voting_app.cli import main


def _documented_models() -> list[type[BaseModel]]:
    return [
        cls
        for cls in vars(model).values()
        if isinstance(cls, type)
        and issubclass(cls, model.SourceModel)
        and cls is not model.SourceModel
    ]


def test_every_source_field_is_documented() -> None:
    readme = (ROOT / "wijken/README.md").read_text()
    missing = [
        f"{cls.__name__}.{name}"
        for cls in _documented_models()
        for name in cls.model_fields
        if f"`{name}`" not in readme
    ]
    assert missing == [], "document these fields in wijken/README.md"


def test_json_schemas_are_current() -> None:
    for name, data in schema.schemas().items():
        committed = json.loads((ROOT / "wijken/schema" / name).read_text())
        assert committed == data, f"run `wijkwerk schema`: {name} is out of date"


def test_every_source_file_names_its_schema() -> None:
    for path in (ROOT / "wijken").rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        match = re.match(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} lacks the schema comment"
        assert (path.parent / match.group(1)).resolve().is_file(), path


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in main.commands:
        if name != "schema":
            assert f"wijkwerk {name}" in readme, f"README does not mention `wijkwerk {name}`"
