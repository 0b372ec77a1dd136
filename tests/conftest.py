"""Shared fixtures: the example sources, temporary projects, the shared/ test data."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# Golden files and page texts depend on the day; tests render as if it were this day.
TODAY = dt.date(2026, 11, 21)


def shared_path(*parts: str) -> Path:
    """A path under ../shared/; skip where it is absent, but never in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent (it ships beside the project, not in a clone)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    return path


@pytest.fixture
def wijken_dir(tmp_path: Path) -> Path:
    """A private copy of the example wijken/ to edit freely."""
    target = tmp_path / "wijken"
    shutil.copytree(ROOT / "wijken", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project root: mkdocs.yml, hand-written pages and a copy of wijken/."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", root / "site_src",
                    ignore=shutil.ignore_patterns("wijken"))  # fmt: skip
    shutil.copytree(ROOT / "wijken", root / "wijken")
    return root


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path`` by ``new``; return the 1-based line it was on."""
    text = path.read_text()
    at = text.index(old)
    path.write_text(text.replace(old, new, 1))
    return text.count("\n", 0, at) + 1


# Counting runs take milliseconds to seconds depending on the drawn election; wall-clock
# deadlines would make property tests flaky on a shared machine, so we do not use them.
settings.register_profile("wijkwerk", deadline=None)
settings.load_profile("wijkwerk")
