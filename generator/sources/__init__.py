"""The only door to ``wijken/``: load and validate the YAML sources into a :class:`Gemeente`.

``load`` returns a valid :class:`~generator.model.Gemeente` or raises :class:`SourcesInvalid`
carrying *all* problems found, each as ``file:line: field: message``, so staff fix everything
in one go. The modules: ``loader`` walks the folder, ``files`` guards every file before it is
opened (regular files only, no links, a size limit), ``yamlfile`` reads one file keeping line
numbers, ``checks`` holds the rules that span fields or files, ``messages`` words the errors,
``fingerprint`` notices changes cheaply (import it as ``generator.sources.fingerprint``).
"""

from __future__ import annotations

from generator.sources.errors import SourceError, SourcesInvalid, field_path
from generator.sources.loader import GEMEENTE_FILE, check, load, load_with_warnings

__all__ = [
    "GEMEENTE_FILE",
    "SourceError",
    "SourcesInvalid",
    "check",
    "field_path",
    "load",
    "load_with_warnings",
]
