"""The JSON Schemas hold for standard tools, not only for our own loader.

Editors and a gemeente's suppliers validate `wijk.yaml` and friends with ordinary JSON Schema
tools; `check-jsonschema` (the tool pre-commit uses) must accept the schemas themselves
and the example sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

SCHEMAS = sorted((ROOT / "wijken" / "schema").glob("*.schema.json"))


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(tool), *args], capture_output=True, text=True, check=False)


def test_schemas_are_valid_json_schemas() -> None:
    assert SCHEMAS
    done = _check("--check-metaschema", *map(str, SCHEMAS))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.name)
def test_example_sources_pass_their_schema(schema: Path) -> None:
    name = schema.name.removesuffix(".schema.json")
    files = sorted((ROOT / "wijken").glob(f"{name}.yaml")) + sorted(
        (ROOT / "wijken").glob(f"*/{name}.yaml")
    )
    assert files, f"no {name}.yaml in the example"
    done = _check("--schemafile", str(schema), *map(str, files))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_broken_file_fails_its_schema(tmp_path: Path) -> None:
    """The check can fail: a wijk.yaml without its name is refused."""
    broken = tmp_path / "wijk.yaml"
    broken.write_text("inwoners: veel\n")
    done = _check("--schemafile", str(ROOT / "wijken/schema/wijk.schema.json"), str(broken))
    assert done.returncode == 1


DATES = {"2026-09-15": True, '"2026-09-15"': True, '"2026-02-30"': False, "15-09-2026": False}


def test_schema_and_check_agree_on_dates(tmp_path: Path) -> None:
    """A date with or without quotes: the schema tools and our loader say the same."""
    from generator.model import Agenda
    from generator.sources.yamlfile import read

    example = (ROOT / "wijken/centrum/agenda.yaml").read_text()
    files = {}
    for n, written in enumerate(DATES):
        files[written] = tmp_path / f"agenda{n}.yaml"
        text = example.replace("vastgesteld: 2026-09-15", f"vastgesteld: {written}", 1)
        files[written].write_text(text)
    schema = ROOT / "wijken/schema/agenda.schema.json"
    done = _check("-o", "json", "--schemafile", str(schema), *map(str, files.values()))
    refused = {Path(e["filename"]).name for e in json.loads(done.stdout)["errors"]}
    for written, valid in DATES.items():
        by_schema = files[written].name not in refused
        try:
            Agenda.model_validate(read(files[written]).data, context={})
            by_loader = True
        except ValueError:
            by_loader = False
        assert (written, by_schema, by_loader) == (written, valid, valid)


def test_every_property_has_a_description() -> None:
    """Editors show a field's description while staff type; every field has one."""
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                if not (isinstance(prop, dict) and prop.get("description")):
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}.{key}" if key in ("$defs",) else where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for path in SCHEMAS:
        data = json.loads(path.read_text())
        for name, definition in data.get("$defs", {}).items():
            walk(definition, f"{path.name}:{name}")
        walk({k: v for k, v in data.items() if k != "$defs"}, path.name)
    assert missing == []
