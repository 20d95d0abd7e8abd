"""The one way charter writes files outside the site: ``new``, ``import``, ``init``, ``schema
--write`` and ``export -o`` all go through :func:`write`.

What it promises, whatever the names it is given or the state of the disk:

- **Nothing escapes the target folder.** Every path is relative, made of plain names (no ``..``,
  no empty part, no control character), and is walked from the target folder one folder at a
  time with ``O_NOFOLLOW``: a symbolic link anywhere below the target folder, dangling or not, is
  refused, never written through. The target folder itself may be a link: the user named it.
- **Nothing half-written.** Each file is written to a hidden temporary file beside it, flushed to
  disk, then renamed into place. All temporary files are written before the first rename, so a
  full disk, an error or an interrupt leaves the folder as it was (the temporary files and the
  folders made for them are removed). The renames, a few microseconds, run with SIGINT, SIGTERM
  and SIGHUP held back, so only SIGKILL or a power cut between two renames could leave a part of
  a many-file write; a temporary file such a kill leaves is hidden (a dot name, which the loader
  never reads) and removed by the next write in that folder.
- **Nothing replaced unasked.** A new file is linked into place, which fails when a file of that
  name appeared meanwhile; only the paths given in ``replace`` may overwrite what is there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

_TEMP = re.compile(r"^\..+\.charter-(\d+)-[0-9a-f]{8}\.tmp$")
_HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f]")


class WriteError(Exception):
    """A write refused or failed; the message names the path and why. Nothing was written.
    ``errno`` is the system's error when the machine failed the write (a full disk), else None."""

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


@dataclass
class _Plan:
    """Where each file goes: its folder's descriptor (opened without following links) and name."""

    root: Path
    folders: dict[PurePosixPath, int] = field(default_factory=dict)
    made: list[PurePosixPath] = field(default_factory=list)  # folders this write created, in order
    temps: list[tuple[int, str]] = field(default_factory=list)
    done: list[tuple[int, str]] = field(default_factory=list)  # new files renamed into place
    placed: int = 0  # temporary files already renamed into place
    swept: set[int] = field(default_factory=set)  # folders cleared of killed runs' temporary files

    def close(self) -> None:
        for fd in self.folders.values():
            os.close(fd)
        self.folders.clear()


def write(root: Path, files: Mapping[str, str | bytes], *, replace: Collection[str] = ()) -> list[Path]:
    """Write ``files`` (relative POSIX path → content) below ``root``, all of them or none; the
    paths written, in the order given. ``replace`` names the paths that may overwrite a file."""
    plan = _Plan(root)
    try:
        plan.folders[PurePosixPath(".")] = _open_root(root)
        targets = [(_checked(rel), rel) for rel in files]
        for path, rel in targets:
            _check_target(plan, path, rel, rel in replace)
        with _interrupts_raised():  # so that a SIGTERM mid-way still removes what was staged
            for path, rel in targets:
                content = files[rel]
                _stage(plan, path, content.encode("utf-8") if isinstance(content, str) else content)
        _commit(plan, targets, replace)
    except BaseException as exc:
        _undo(plan)
        if isinstance(exc, OSError):
            raise WriteError(_said(root, exc), exc.errno) from None
        raise
    finally:
        plan.close()
    return [root / rel for rel in files]


def write_one(path: Path, content: str | bytes, *, replace: bool = True) -> Path:
    """One file at ``path`` (an output named on the command line), through :func:`write`."""
    if path.name in ("", ".", ".."):
        raise WriteError(f"'{path}' names no file")
    return write(path.parent, {path.name: content}, replace={path.name} if replace else ())[0]


def _said(root: Path, exc: OSError) -> str:
    where = f"'{exc.filename}'" if exc.filename else f"in '{root}'"
    return f"cannot write {where}: {_reason(exc)}; nothing was written"


def _reason(exc: OSError) -> str:
    return {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "it is a symbolic link, which charter never writes through",
    }.get(exc.errno or 0, exc.strerror or str(exc))


def _open_root(root: Path) -> int:
    try:
        return os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise WriteError(f"there is no folder '{root}' to write in") from None
    except NotADirectoryError:
        raise WriteError(f"'{root}' is not a folder") from None


def _checked(rel: str) -> PurePosixPath:
    """``rel`` as a path of plain names that stays below the target folder, or a WriteError."""
    path = PurePosixPath(rel)
    parts = rel.split("/")
    if not rel or path.is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise WriteError(f"{rel!a} is not a path inside the folder charter writes in")
    if any(_BAD_NAME.search(p) for p in parts):
        raise WriteError(f"{rel!a} holds a control character, which no file name charter writes may")
    return path


def _check_target(plan: _Plan, path: PurePosixPath, rel: str, may_replace: bool) -> None:
    """Open (never follow) the folders down to ``path`` that exist, and refuse a link or a folder
    where the file goes, or a file there that may not be replaced."""
    folder = _folder(plan, path.parent, create=False)
    if folder is None:
        return
    try:
        info = os.stat(path.name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise WriteError(f"'{plan.root / rel}' is a symbolic link; charter never writes through one: remove it")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"'{plan.root / rel}' exists and is not a regular file")
    if not may_replace:
        raise WriteError(f"'{plan.root / rel}' already exists; nothing was written")


def _folder(plan: _Plan, path: PurePosixPath, *, create: bool) -> int | None:
    """The descriptor of ``path`` below the root, each part opened without following a link;
    made when ``create``, else None when it does not exist yet."""
    if path in plan.folders:
        return plan.folders[path]
    parent = _folder(plan, path.parent, create=create)
    if parent is None:
        return None
    try:
        fd = os.open(path.name, _DIR_FLAGS, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            return None
        os.mkdir(path.name, 0o777, dir_fd=parent)
        plan.made.append(path)
        fd = os.open(path.name, _DIR_FLAGS, dir_fd=parent)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            what = "a symbolic link" if _is_link(parent, path.name) else "not a folder"
            raise WriteError(f"'{plan.root / path}' is {what}; charter never writes through one") from None
        raise
    plan.folders[path] = fd
    return fd


def _is_link(parent: int, name: str) -> bool:
    return stat.S_ISLNK(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode)


def _stage(plan: _Plan, path: PurePosixPath, content: bytes) -> None:
    folder = _folder(plan, path.parent, create=True)
    assert folder is not None  # made when missing
    if folder not in plan.swept:  # once per folder: listing it for every file would be quadratic
        _sweep(folder)
        plan.swept.add(folder)
    temp = f".{path.name}.charter-{os.getpid()}-{os.urandom(4).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    plan.temps.append((folder, temp))  # first: an interrupt just after the open must still remove it
    fd = os.open(temp, flags, 0o666, dir_fd=folder)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _commit(plan: _Plan, targets: list[tuple[PurePosixPath, str]], replace: Collection[str]) -> None:
    """Every temporary file to its name, with interrupts held until the last one is in place."""
    with _interrupts_held():
        for (folder, temp), (path, rel) in zip(plan.temps, targets, strict=True):
            if rel in replace:
                os.rename(temp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
            else:
                _place_new(plan, folder, temp, path.name, rel)
                plan.done.append((folder, path.name))
            plan.placed += 1
        plan.temps.clear()
        for fd in set(plan.folders.values()):
            with contextlib.suppress(OSError):  # not every file system syncs a folder
                os.fsync(fd)


def _place_new(plan: _Plan, folder: int, temp: str, name: str, rel: str) -> None:
    """``temp`` renamed to ``name``, failing if a file of that name appeared since the check
    (a hard link cannot replace a file, as a rename would)."""
    try:
        os.link(temp, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
        os.unlink(temp, dir_fd=folder)
    except FileExistsError:
        raise WriteError(f"'{plan.root / rel}' appeared while charter was writing; nothing was written") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links: a rename, checked just before.
        if _exists(folder, name):
            raise WriteError(f"'{plan.root / rel}' appeared while charter was writing; nothing was written") from None
        os.rename(temp, name, src_dir_fd=folder, dst_dir_fd=folder)


def _exists(folder: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


@contextlib.contextmanager
def _interrupts_raised() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt, as SIGINT does, while the block runs (in the
    main thread, the only one that may set handlers): by default they end the process at once."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (AttributeError, ValueError):  # no signal masks here (another platform or thread)
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _undo(plan: _Plan) -> None:
    """Remove what this write made: its temporary files, the files it had put in place (only
    when a later rename failed), and the folders it created, deepest first."""
    for folder, name in plan.temps[plan.placed :] + plan.done:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
    plan.temps.clear()
    plan.done.clear()
    for path in reversed(plan.made):
        parent = plan.folders.get(path.parent)
        if parent is not None:
            with contextlib.suppress(OSError):
                os.rmdir(path.name, dir_fd=parent)


def _sweep(folder: int) -> None:
    """Remove temporary files that a killed charter left here (its process is gone)."""
    for name in os.listdir(folder):
        found = _TEMP.match(name)
        if found and not _alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def folder_made_whole(target: Path) -> Iterator[Path]:
    """A hidden folder beside ``target`` to fill, renamed to ``target`` (which must be missing or
    an empty folder) when the block ends without error, removed with everything in it otherwise:
    ``charter init`` makes a whole repository or none."""
    import shutil
    import tempfile

    parent = target.absolute().parent
    made: list[Path] = []
    staging: Path | None = None
    try:
        with _interrupts_raised():  # a SIGTERM at any moment still removes the half-made folder
            made = _parents_made(parent)
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.charter-", suffix=".tmp", dir=parent))
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(staging, 0o777 & ~umask)  # mkdtemp's folder is private; a repository is not
            yield staging
            with _interrupts_held():
                _into(staging, target)
    except BaseException as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise WriteError(_said(target, exc), exc.errno) from None
        raise


def _into(staging: Path, target: Path) -> None:
    """``staging`` becomes ``target``: renamed to it when it is missing, else its entries moved
    into it, an empty folder or an empty clone (only ``.git``, as GitHub's "create, then clone"
    leaves it). The folder itself is never replaced: it may be where the user's shell stands
    (``charter init .``). Entries moved before a failure are moved back."""
    if not target.exists():
        os.rename(staging, target)
        return
    present = [e.name for e in os.scandir(target)]
    if present not in ([], [".git"]):
        raise OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY), str(target))
    moved: list[str] = []
    try:
        for name in sorted(os.listdir(staging)):
            if name in present:
                raise OSError(errno.EEXIST, os.strerror(errno.EEXIST), str(target / name))
            os.rename(staging / name, target / name)
            moved.append(name)
    except OSError:
        for name in reversed(moved):
            os.rename(target / name, staging / name)
        raise
    os.rmdir(staging)


def _parents_made(folder: Path) -> list[Path]:
    """Make ``folder`` and the folders above it that are missing; those made, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def read_back(path: Path, limit: int = 1 << 20) -> bytes | None:
    """A file charter writes, read to compare (``--check``): None when there is none; a WriteError
    when it is a link, a named pipe or anything but a regular file (never followed, never waited
    on: a committed CODEOWNERS linked to /etc/shadow must not be printed as a diff), or larger
    than ``limit``."""
    from charter.core.files import NotAFile, open_regular

    try:
        with open_regular(path, follow=False) as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return None
    except NotAFile as exc:
        if exc.kind == "a symbolic link":
            raise WriteError(f"'{path}' is a symbolic link; it must be the file itself: delete the link") from None
        raise WriteError(f"'{path}' is not a regular file ({exc.kind}); it must be the file itself") from None
    except OSError as exc:
        raise WriteError(f"cannot read '{path}': {_reason(exc)}", exc.errno) from None
    if len(data) > limit:
        raise WriteError(f"'{path}' is larger than {limit >> 10} KiB; it is not a file charter wrote")
    return data
