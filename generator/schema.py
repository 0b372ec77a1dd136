"""JSON Schemas of the source files, so editors autocomplete and check YAML as you type."""

from __future__ import annotations

from typing import Any

from generator.model import WIJK_FILES, GemeenteBestand, SourceModel


def schemas() -> dict[str, dict[str, Any]]:
    """One schema per file type, keyed by the schema's file name."""
    models: dict[str, type[SourceModel]] = {"gemeente.yaml": GemeenteBestand, **WIJK_FILES}
    out = {}
    for filename, model in models.items():
        data = model.model_json_schema()
        data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        data["title"] = f"Wijkwerk: {filename}"
        out[filename.replace(".yaml", ".schema.json")] = data
    return out
