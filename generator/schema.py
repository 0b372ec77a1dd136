"""JSON Schemas of the source files, so editors autocomplete and check YAML as you type."""

from __future__ import annotations

from typing import Any

from generator.model import WIJK_FILES, GemeenteBestand, Kompas, SourceModel, Toekenningen
from generator.schema_descriptions import DESCRIPTIONS


def schemas() -> dict[str, dict[str, Any]]:
    """One schema per file type, keyed by the schema's file name."""
    models: dict[str, type[SourceModel]] = {
        "gemeente.yaml": GemeenteBestand,
        **WIJK_FILES,
        "kompas.yaml": Kompas,
    }
    models["toekenningen.yaml"] = Toekenningen  # written by the app; the schema documents it
    out = {}
    for filename, model in models.items():
        data = model.model_json_schema()
        _describe(model.__name__, data)
        for name, definition in data.get("$defs", {}).items():
            _describe(name, definition)
        data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        data["title"] = f"Wijkwerk: {filename}"
        out[filename.replace(".yaml", ".schema.json")] = data
    return out


def _describe(model: str, definition: dict[str, Any]) -> None:
    """Give each field the text staff read in wijken/README.md, unless the model has one."""
    texts = DESCRIPTIONS.get(model, {})
    for field, prop in definition.get("properties", {}).items():
        if field in texts:
            prop.setdefault("description", texts[field])
