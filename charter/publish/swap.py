"""Put a freshly built folder in place of the old one in a single step.

On Linux the two folders are exchanged with ``renameat2(RENAME_EXCHANGE)``: at every instant
``site/`` is either the complete old site or the complete new one, even if the process is killed
between two instructions. Elsewhere two renames are used (a window of a few microseconds without
``site/``). Everything else charter keeps for a target lives in one hidden folder beside it,
``.charter/`` (on the same file system, so the exchange is one rename): the lock
``<name>.lock``, the workspaces ``<name>.build-*`` that a later run removes when a killed run
left them behind, and the diagram cache.

:func:`replacing` is the routine around every replacement (``charter render --out`` and
``charter build`` alike): the checks, the lock, the leftovers, the workspace and its removal.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class BusyError(Exception):
    """Another charter build holds the lock for this site."""


class ForeignFolderError(Exception):
    """The target is not a folder charter made: replacing it would lose someone's files."""


def check_replaceable(target: Path, marker: str) -> None:
    """Refuse a target that is a file, a symbolic link, or a folder holding files but not
    charter's ``marker`` (charter replaces the whole folder on every run)."""
    if target.is_symlink():
        # Exchanged, the link itself would be replaced by a folder and the folder it leads to —
        # the one a web server serves — left as it was. The command line follows links first.
        raise ForeignFolderError(
            f"'{target}' is a symbolic link; charter replaces folders, not links: give the folder it leads to, "
            f"'{os.path.realpath(target)}'"
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise ForeignFolderError(f"'{target}' exists and is not a folder")
    if any(target.iterdir()) and not (target / marker).is_file():
        raise ForeignFolderError(
            f"'{target}' holds files charter did not make; give an empty or new folder "
            "(charter replaces the whole folder on every run)"
        )


def _libc_exchange() -> object | None:
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name, use_errno=True)
    return getattr(libc, "renameat2", None)


_EXCHANGE = _libc_exchange()


def describe(exc: OSError) -> str:
    """``File too large: site/x.html``: what went wrong and where, without Python's repr."""
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


def hidden_folder(target: Path) -> Path:
    """``.charter/`` beside ``target``: charter's own files for it, never published."""
    return target.parent / ".charter"


def _is_workspace_of(name: str, target: Path) -> bool:
    """``site.build-k3j_x9q2`` is a workspace of ``site`` (``site.v2.build-…`` is not), and so is
    ``site.preview``, what a live preview keeps between its updates: a preview that was stopped
    without closing leaves it, and one still running builds whole again when it is gone."""
    return re.fullmatch(re.escape(target.name) + r"\.(?:[a-z]+-[a-z0-9_]{8}|preview)", name) is not None


def make_temp(target: Path, kind: str) -> Path:
    folder = hidden_folder(target)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{target.name}.{kind}-", dir=folder))


def exchange(new: Path, target: Path) -> None:
    """Make ``new`` the ``target``; the old target (if any) ends up at ``new``'s path."""
    if not target.exists():
        os.rename(new, target)
        os.mkdir(new)  # callers remove ``new`` afterwards, whichever way it went
        return
    if _EXCHANGE is not None:
        result = _EXCHANGE(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)  # type: ignore[operator]
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(target))
    held = new.with_name(new.name + "-old")
    os.rename(target, held)
    os.rename(new, target)
    os.rename(held, new)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove temporary folders that an interrupted run left beside ``target``."""
    removed = []
    folder = hidden_folder(target)
    if folder.is_dir():
        for entry in folder.iterdir():
            if _is_workspace_of(entry.name, target) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


_HELD: set[str] = set()  # lock files this process holds: a nested ``locked`` is a no-op


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock for writing ``target``; refuse at once if another run holds it.

    The lock is an ``flock`` on a file beside the target, so the kernel releases it when its
    holder exits, however it exits: a killed build never leaves a stale lock behind.
    """
    hidden_folder(target).mkdir(parents=True, exist_ok=True)
    lock_path = str(hidden_folder(target) / f"{target.name}.lock")
    if lock_path in _HELD:
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(
                f"another charter run is writing {target}; nothing was changed: run again when it has finished"
            ) from None
        _HELD.add(lock_path)
        try:
            yield
        finally:
            _HELD.discard(lock_path)
    finally:
        os.close(fd)


@contextmanager
def replacing(target: Path, marker: str, kind: str) -> Iterator[Path]:
    """A fresh workspace for building what replaces ``target`` (an absolute path), after refusing
    a folder that does not hold charter's ``marker`` (``ForeignFolderError``), under the lock
    (``BusyError``), and with what killed runs left behind removed first. The caller fills the
    workspace and, as its last step, ``exchange``s the finished folder with ``target``; the
    workspace, holding the old target by then, is removed however the work ended."""
    check_replaceable(target, marker)
    with locked(target):
        clean_leftovers(target)
        workspace = make_temp(target, kind)
        try:
            yield workspace
        finally:
            shutil.rmtree(workspace, ignore_errors=True)
