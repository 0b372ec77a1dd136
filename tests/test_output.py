"""Writing the generated folder: only changes, no strays, never someone else's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output import MARKER, OutputError, write_tree


def test_writes_only_what_changed(tmp_path: Path) -> None:
    target = tmp_path / "gen"
    first = write_tree(target, {"a.md": "A", "w/b.md": "B"})
    assert sorted(first.written) == ["a.md", "w/b.md"]
    mtime = (target / "a.md").stat().st_mtime_ns
    second = write_tree(target, {"a.md": "A", "w/b.md": "B2"})
    assert second.written == ["w/b.md"]
    assert second.unchanged == 1
    assert (target / "a.md").stat().st_mtime_ns == mtime


def test_removes_stale_pages_and_folders(tmp_path: Path) -> None:
    target = tmp_path / "gen"
    write_tree(target, {"a.md": "A", "oud/b.md": "B"})
    changes = write_tree(target, {"a.md": "A"})
    assert changes.removed == ["oud/b.md"]
    assert not (target / "oud").exists()
    assert (target / MARKER).exists()


def test_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    target.mkdir()
    (target / "handwritten.md").write_text("mine")
    with pytest.raises(OutputError):
        write_tree(target, {"a.md": "A"})
    assert (target / "handwritten.md").read_text() == "mine"
