"""The JSON Schemas hold for standard tools, not only for our own loader.

Editors and a gemeente's suppliers validate `wijk.yaml` and friends with ordinary JSON Schema
tools; `check-jsonschema` (the tool pre-commit uses) must accept the schemas themselves
and the example sources.
"""

from __future__ import annotations

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
