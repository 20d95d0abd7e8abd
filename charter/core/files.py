"""Opening a file charter reads whole (a configuration, a kept cache, a file it fingerprints)
without ever waiting on it.

``open()`` on a named pipe waits for a writer, forever if there is none; on a folder it fails
only at the first read, with words ("Is a directory") that do not say which option was wrong.
:func:`open_regular` opens without blocking and looks at what it opened before reading a byte.
"""

from __future__ import annotations

import errno
import os
import stat
from io import BufferedReader
from pathlib import Path

# The one file an organisation folder must hold; the command line knows a folder by it.
ORGANISATION_FILE = "organisation.yaml"


class NotAFile(Exception):
    """The path names something other than a regular file: ``kind`` says what, in words."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words: "a folder", "a named pipe" …"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def open_regular(path: str | os.PathLike[str], *, follow: bool = True) -> BufferedReader:
    """``path`` opened for reading in binary, or ``NotAFile`` when it is a folder, a pipe, a
    socket or a device (or, unless ``follow``, a symbolic link: a file a pull request commits,
    which could lead to /etc/shadow); ``OSError`` as ``open`` raises it (no such file,
    permission denied)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)  # a pipe opens at once
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # Linux refuses to open a socket
            raise NotAFile("a socket") from None
        if exc.errno == errno.ELOOP and not follow:
            raise NotAFile("a symbolic link") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(kind_of(mode))
        os.set_blocking(fd, True)  # a regular file never blocks; reads are plain again
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def nearest_holding(start: Path, name: str) -> Path | None:
    """The nearest folder at or above ``start`` holding the file ``name`` (a relative path),
    looking no higher than the top folder of the git repository ``start`` is in."""
    for folder in (start, *start.parents):
        if (folder / name).is_file():
            return folder
        if (folder / ".git").exists():
            return None
    return None
