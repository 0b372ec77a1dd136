"""MkDocs hook for one shard of a large build (see generator/shards.py).

Marks the files of wijken that another shard renders as excluded: MkDocs then neither reads
nor writes them, but still knows them, so links to them get their right address. Without
``WIJKWERK_SHARD`` in the environment it changes nothing. MkDocs is not imported: the
hook only sets an attribute to another member of the enum it already holds.
"""

from __future__ import annotations

import os
from typing import Any

from generator.shards import ENV, owner, wijk_of


def on_files(files: Any, config: Any) -> Any:
    spec = os.environ.get(ENV)
    if not spec:
        return files
    index, count = (int(n) for n in spec.split("/"))
    for file in files:
        wijk = wijk_of(file.src_uri)
        if wijk is not None and owner(wijk, count) != index:
            file.inclusion = type(file.inclusion).EXCLUDED
    return files
