"""The one guard before anything under ``wijken/`` is opened: plain files and folders only.

A source is read only when it is a regular file whose whole path below ``wijken/`` holds no
symbolic link, and only up to a size limit. A link could publish any file on the server (the
app's secret key) on the site; a pipe or device would make ``wijkwerk check`` and every app
worker wait forever; a folder where a file belongs would crash the reader. Each is refused
with a message instead, and the file is opened with ``O_NOFOLLOW | O_NONBLOCK`` so that a
file swapped for a link or a pipe after the check still cannot do harm.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.sources.messages import number, say

MAX_BALLOT_BYTES = 64_000_000  # a .pb of about two million ballots

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class FileProblem(Exception):
    """A path under ``wijken/`` that may not be read; ``message`` says why, for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


SYMLINK = say("symlink")
MISSING = say("file_missing")


def read_bytes(path: Path, root: Path, limit: int) -> bytes:
    """The contents of the regular file ``path`` below ``root``; raise FileProblem otherwise."""
    mode = _mode(path, root)
    if mode is None:
        raise FileProblem(MISSING)
    if not stat.S_ISREG(mode):
        raise FileProblem(say("not_a_file", kind=_kind(mode)))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise FileProblem(_os_message(exc)) from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(say("not_a_file", kind=_kind(info.st_mode)))
        if info.st_size > limit:
            raise FileProblem(say("too_large", size=number(info.st_size), limit=number(limit)))
        # Ask for what fstat saw: read(limit + 1) would allocate the whole limit (1 MB for a
        # YAML file, 64 MB for ballots) each time. A file that grew since is read on, to the limit.
        data = fh.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise FileProblem(say("too_large_read", limit=number(limit)))
    return data


def is_folder(path: Path, root: Path) -> bool:
    """True for a real folder below ``root``, False when absent; FileProblem for anything else."""
    mode = _mode(path, root)
    if mode is None:
        return False
    if not stat.S_ISDIR(mode):
        raise FileProblem(say("not_a_folder", kind=_kind(mode)))
    return True


def _mode(path: Path, root: Path) -> int | None:
    """The mode of ``path`` itself (links not followed), None when it does not exist.

    Every folder between ``root`` and ``path`` is checked too: a linked folder is refused.
    """
    relative = path.relative_to(root)
    current = root
    mode = None
    for part in relative.parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise FileProblem(_os_message(exc)) from exc
        if stat.S_ISLNK(mode):
            raise FileProblem(SYMLINK)
    return mode


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "een socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    return "een bestand"


def _os_message(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return say("no_permission")
    return say("unreadable", reason=exc.strerror or exc)
