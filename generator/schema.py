"""JSON Schemas of the source files, so editors autocomplete and check YAML as you type."""

from __future__ import annotations

from typing import Any

from generator.model import WIJK_FILES, GemeenteBestand, Kompas, SourceModel, Toekenningen


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
        data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        data["title"] = f"Wijkwerk: {filename}"
        out[filename.replace(".yaml", ".schema.json")] = data
    return out
