"""Where a running app finds the project folder and keeps its instance folder.

Both come from settings, never from where the package is installed: installed from a wheel,
the package sits in site-packages, which is no place for sources, a database or secrets.

- The project folder (``mkdocs.yml``, ``site_src/``, ``wijken/``): ``WIJKWERK_ROOT``, else
  the current folder, as for ``--root`` of every command.
- The instance folder (``config.py``, the SQLite database, the last valid sources):
  ``WIJKWERK_INSTANCE``, else ``instance/`` inside the project folder. In a checkout that is
  the checkout's ``instance/``, as it always was.

Only the standard library here: `wijkwerk check` and `build` must not load the web stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = "WIJKWERK_ROOT"
INSTANCE = "WIJKWERK_INSTANCE"
# The form Flask's from_prefixed_env("WIJKWERK") reads into the WIJKWERK_ROOT setting; it
# wins there, so it wins here too.
_PREFIXED_ROOT = "WIJKWERK_WIJKWERK_ROOT"


def folders(settings: Mapping[str, Any]) -> tuple[Path, Path]:
    """The project folder and the instance folder that ``settings`` name, both absolute.

    ``settings`` is the environment, or a test config (the same names as its keys).
    """
    root_value = settings.get(_PREFIXED_ROOT) or settings.get(ROOT)
    root = Path(root_value) if root_value else Path.cwd()
    instance_value = settings.get(INSTANCE)
    instance = Path(instance_value) if instance_value else root / "instance"
    return root.absolute(), instance.absolute()
