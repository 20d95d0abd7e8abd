"""Find the organisation's files and read each one safely.

Which folder a file is in says what it describes; a file in no known folder is reported rather
than silently skipped, because a manager who saves ``role/x.yaml`` instead of ``roles/x.yaml``
would otherwise wonder why the role never appears.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TypeVar

from charter.core.codes import CodeId
from charter.core.files import ORGANISATION_FILE
from charter.core.problem import Problem, shown_path
from charter.core.suggest import did_you_mean
from charter.load.issue import FileIssue
from charter.load.misread import misread_issues
from charter.load.tree import YMap
from charter.load.yamlfile import MAX_FILE_BYTES, Misread, decode, parse
from charter.schema.kinds import BY_FOLDER
from charter.schema.types import id_problem

# folder → kind of entity each of its files holds (the one table of kinds says)
KIND_DIRS = BY_FOLDER
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One parsed file: where it is, what kind of entity it holds, and its data."""

    path: Path
    display: str  # as the user would type it: the org folder they named + the relative path
    rel: str  # relative to the org folder, with forward slashes
    kind: str
    tree: YMap | None  # what the file reads as; None once released (the text is read again)
    drafted: bool = False  # the text holds "TODO" somewhere
    text: str = ""  # the text the loader read
    edited: bool = False  # the loader changed what it read (a misread value): its tree is kept

    @property
    def data(self) -> YMap:
        """The file's data, as the loader read it. Once released (:meth:`release`), it is read
        again from the loader's own text the first time a finding needs it, and kept."""
        if self.tree is None:
            data = parse(self.text).data
            assert isinstance(data, YMap), "a file released was read as a mapping before"
            object.__setattr__(self, "tree", data)
            return data
        return self.tree

    def release(self) -> None:
        """Drop the tree: only the few files with findings need it once the models are made,
        and keeping every file's was a quarter of validate's memory at 20,000 roles."""
        if not self.edited:  # a misread value's correction is in the tree alone
            object.__setattr__(self, "tree", None)


def release_trees(files: list[SourceFile]) -> None:
    """Once every file's model is made, drop their trees, unless a memo keeps them for the next
    read (:func:`reading_alike`): it tells an unchanged file by its tree's identity."""
    if not _in_effect:
        for file in files:
            file.release()


@dataclass(frozen=True, slots=True)
class Unread:
    """A file that dropped out of the run (it could not be read, or did not fit its model), and
    the id it most likely defines: what other files say of that id is not an unknown reference."""

    rel: str  # inside the organisation folder
    kind: str
    id: str


def likely_id(rel: str, data: object) -> str:
    """The id a file defines: its ``id`` when it has read that far, else its name, since files
    are named after their ids."""
    written = data.get("id") if isinstance(data, dict) else None
    return written if isinstance(written, str) else Path(rel).stem


def file_problem(rel: str, issue: FileIssue) -> Problem:
    """A loader issue, once its file is known (its path inside the organisation folder)."""
    code = issue.code
    return Problem(rel, issue.line, issue.column, code, code.slug, code.severity, issue.message, issue.hint,
                   issue.key_path)  # fmt: skip


class Discovered(NamedTuple):
    """What is in the organisation folder: (path inside it, kind) of every file to read, sorted,
    and the problems with its layout."""

    files: list[tuple[str, str]]
    problems: list[Problem]
    unlisted: frozenset[str] = frozenset()  # kinds whose folder could not be listed whole


@dataclass(frozen=True, slots=True)
class Read:
    """One file as read: its data (None when it could not be parsed), its issues, whether it
    holds a draft marker, and its text (for the excerpts under its problems; None if unreadable)."""

    data: YMap | None
    issues: list[FileIssue]
    drafted: bool = False
    text: str | None = None
    misread: list[Misread] = field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    """The load stage's result: every readable file, every problem met on the way, how many
    files there were to read, those that could not be, and the text of each file read."""

    files: list[SourceFile]
    problems: list[Problem]
    count: int
    unread: list[Unread]
    texts: dict[str, str]
    unlisted: frozenset[str] = frozenset()


def discover(org_dir: str) -> Discovered:
    """(relative path, kind) of every file to read, sorted; and problems with the layout."""
    root = Path(org_dir)
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []

    def unexpected(rel: str, message: str, hint: str, code: CodeId = CodeId.UNEXPECTED_FILE) -> None:
        problems.append(file_problem(rel, FileIssue(code, 0, 0, message, hint)))

    unlisted: set[str] = set()
    linked_settings = False
    problems.extend(_schema_links(root))
    with os.scandir(root) as entries:
        top = sorted(entries, key=lambda e: e.name)
    unlisted.update(KIND_DIRS[e.name] for e in top if e.name in KIND_DIRS and e.is_symlink())  # never followed
    problems.extend(_not_folders(top, unlisted))
    for entry in top:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_symlink():
            if name.endswith(YAML_SUFFIXES) or name in KIND_DIRS:
                unexpected(
                    name,
                    "is a symbolic link",
                    "replace the link with the file or folder itself",
                    CodeId.NOT_A_REGULAR_FILE,
                )
                if name == ORGANISATION_FILE:
                    linked_settings = True
            continue
        if entry.is_dir():
            if name in KIND_DIRS:
                _walk(root, name, kind=KIND_DIRS[name], found=found, problems=problems, unlisted=unlisted)
            elif _holds_yaml(Path(entry.path)):
                guess = did_you_mean(name, KIND_DIRS)
                unexpected(
                    name + "/",
                    f"folder '{name}' is not one charter reads",
                    (f"did you mean '{guess}'? " if guess else "")
                    + "entities go in teams/, roles/, people/, outcomes/ or external/",
                )
        elif name.endswith(YAML_SUFFIXES):
            if name == ORGANISATION_FILE:
                found.append((name, "organisation"))
            else:
                stem_guess = did_you_mean(name, [ORGANISATION_FILE])
                unexpected(
                    name,
                    f"'{name}' is not a file charter reads at the top of the organisation folder",
                    f"did you mean '{stem_guess}'?"
                    if stem_guess
                    else "move it into teams/, roles/, people/, outcomes/ or external/",
                )
    if not linked_settings and not any(kind == "organisation" for _, kind in found):
        unexpected(
            ORGANISATION_FILE,
            f"no {ORGANISATION_FILE} in the organisation folder",
            "create it with the organisation's name, common goal and principles",
            CodeId.MISSING_ORGANISATION,
        )
    found.sort()
    return Discovered(found, problems, frozenset(unlisted))


def _not_folders(top: list[os.DirEntry[str]], unlisted: set[str]) -> list[Problem]:
    """``roles`` (or another kind's name) as a file or a named pipe: one finding, and the kind
    unlisted, rather than every role read as missing."""
    found = []
    for entry in top:
        if entry.name in KIND_DIRS and not entry.is_symlink() and not entry.is_dir():
            unlisted.add(KIND_DIRS[entry.name])
            issue = FileIssue(
                CodeId.NOT_A_REGULAR_FILE,
                0,
                0,
                "is not a folder",
                f"{entry.name}/ holds the organisation's {KIND_DIRS[entry.name]} files: make it a folder",
            )
            found.append(file_problem(entry.name, issue))
    return found


SCHEMA_DIR = ".schema"  # where `charter schema --write` puts the editors' schemas


def _schema_links(root: Path) -> list[Problem]:
    """Links in ``.schema/``, which ``charter schema --write`` refuses to write through: said
    here too, so a pull request that plants one is flagged before anyone runs the command."""
    folder = root / SCHEMA_DIR
    found = [SCHEMA_DIR] if folder.is_symlink() else []
    if not found:
        try:
            found = [
                f"{SCHEMA_DIR}/{e.name}" for e in sorted(os.scandir(folder), key=lambda e: e.name) if e.is_symlink()
            ]
        except OSError:
            return []
    hint = "delete it and run `charter schema --write` to make the schemas again"
    return [file_problem(rel, FileIssue(CodeId.NOT_A_REGULAR_FILE, 0, 0, "is a symbolic link", hint)) for rel in found]


def _folder_name(rel: str, name: str, why: str) -> Problem:
    """A folder whose name is not an id: a finding on the folder, its name written as Python
    would (a line break as \\n), so the report itself stays one line a reader can trust."""
    from charter.schema.types import id_suggestion

    shown = ascii(name)[1:-1]
    return file_problem(
        rel.rsplit("/", 1)[0] + "/" + shown,
        FileIssue(
            CodeId.FOLDER_NAME,
            0,
            0,
            f"the folder name '{shown}' {why}",
            f"rename the folder: {id_suggestion(name)}",
        ),
    )


def _holds_yaml(folder: Path) -> bool:
    return any(f.endswith(YAML_SUFFIXES) for _dirpath, _dirs, files in os.walk(folder) for f in files)


def _walk(
    root: Path,
    top: str,
    *,
    kind: str,
    found: list[tuple[str, str]],
    problems: list[Problem],
    unlisted: set[str],
) -> None:
    def unreadable(error: OSError) -> None:
        unlisted.add(kind)  # what it holds is unknown: a reference into it is not "unknown"
        rel = Path(error.filename).relative_to(root).as_posix() if error.filename else top
        problems.append(
            file_problem(
                rel,
                FileIssue(
                    CodeId.NOT_A_REGULAR_FILE,
                    0,
                    0,
                    f"cannot be read: {error.strerror}",
                    "check the folder's permissions",
                ),
            )
        )

    for dirpath, dirnames, filenames in os.walk(root / top, onerror=unreadable):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            why = id_problem(d)
            if why is not None:
                problems.append(_folder_name(f"{rel_dir}/{d}", d, why))
            if os.path.islink(os.path.join(dirpath, d)):
                problems.append(
                    file_problem(
                        f"{rel_dir}/{d}",
                        FileIssue(
                            CodeId.NOT_A_REGULAR_FILE,
                            0,
                            0,
                            "is a symbolic link",
                            "replace the link with the folder itself",
                        ),
                    )
                )
                dirnames.remove(d)
                unlisted.add(kind)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if name.endswith(YAML_SUFFIXES):
                found.append((f"{rel_dir}/{name}", kind))
            elif name.lower().endswith((*YAML_SUFFIXES, ".json")):
                stem = name.rsplit(".", 1)[0]
                problems.append(
                    file_problem(
                        f"{rel_dir}/{name}",
                        FileIssue(
                            CodeId.UNEXPECTED_FILE,
                            0,
                            0,
                            f"'{name}' is not read",
                            f"charter reads .yaml files: name it '{stem}.yaml'",
                        ),
                    )
                )


def read_file(org_dir: str, rel: str) -> tuple[YMap | None, list[FileIssue]]:
    """Read and parse one file, refusing links, special files and oversized files."""
    read = read_source(org_dir, rel)
    return read.data, read.issues


def read_source(org_dir: str, rel: str) -> Read:
    """As :func:`read_file`, and whether the text holds a draft marker ("TODO"), found by one
    substring search here so that the draft rule need not walk every value of every file."""
    path = os.path.join(org_dir, rel)
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
            return Read(
                None, [FileIssue(CodeId.NOT_A_REGULAR_FILE, 0, 0, f"is {what}", "replace it with a regular file")]
            )
        if info.st_size > MAX_FILE_BYTES:
            return Read(None, [_too_large(info.st_size)])
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        why = FileIssue(
            CodeId.NOT_A_REGULAR_FILE, 0, 0, f"cannot be read: {exc.strerror}", "check the file's permissions"
        )
        return Read(None, [why])
    if len(raw) > MAX_FILE_BYTES:  # it grew between the check and the read
        return Read(None, [_too_large(len(raw))])
    return _in_effect[-1].read(raw) if _in_effect else _parse_raw(raw)


class Memo:
    """Bytes → what they read as, and what later stages made of that (the model a file's data
    was checked against), by the data's identity: kept for files read again whose bytes are the
    same. ``charter diff`` keeps one while it reads two trees (most of their files are the same);
    ``charter serve`` keeps one for the session (an edit changes a file or two of thousands).
    Reading is most of validation's time."""

    def __init__(self) -> None:
        self.parsed: dict[bytes, Read] = {}
        self.made: dict[tuple[int, object], object] = {}
        self.used: set[bytes] = set()

    def read(self, raw: bytes) -> Read:
        self.used.add(raw)
        found = self.parsed.get(raw)
        if found is None:
            found = self.parsed[raw] = _parse_raw(raw)
        return found

    def forget_unused(self) -> None:
        """Keep only what was read since the last call: files edited since are gone, and so is
        what was made of them (kept by their data's identity, which a new object may take)."""
        gone = [raw for raw in self.parsed if raw not in self.used]
        ids = {id(self.parsed[raw].data) for raw in gone}
        for raw in gone:
            del self.parsed[raw]
        self.made = {key: made for key, made in self.made.items() if key[0] not in ids}
        self.used = set()


_in_effect: list[Memo] = []  # the memo of the reading_alike in effect (none outside)
T = TypeVar("T")


@contextmanager
def reading_alike(memo: Memo | None = None) -> Iterator[None]:
    """Within it, a file whose bytes were read before (in it, or while ``memo`` was kept) is not
    parsed again (what it reads as depends on its bytes alone: its path is added by the caller),
    nor checked against its model again (:func:`made_once`)."""
    _in_effect.append(memo or Memo())
    try:
        yield
    finally:
        _in_effect.pop()


def made_once(data: YMap, how: object, make: Callable[[], T]) -> T:
    """``make()``, done once for data read from the same bytes within :func:`reading_alike`
    (``how`` names what is made: the model it is checked against); every time outside it."""
    if not _in_effect:
        return make()
    made, key = _in_effect[-1].made, (id(data), how)
    if key not in made:
        made[key] = make()
    return made[key]  # type: ignore[return-value]  # stored by this function under ``how``: a T


def _parse_raw(raw: bytes) -> Read:
    text, issues = decode(raw)
    if text is None:  # not UTF-8: shown as far as it reads, the bad bytes as replacement marks
        return Read(None, issues, text=raw.decode("utf-8", "replace").removeprefix("\ufeff"))
    parsed = parse(text)
    return Read(parsed.data, parsed.issues, "TODO" in text, text, parsed.misread)


def _too_large(size: int) -> FileIssue:
    return FileIssue(
        CodeId.FILE_TOO_LARGE,
        0,
        0,
        f"the file is {size:,} bytes; charter reads files of up to {MAX_FILE_BYTES:,} bytes",
        "one entity per file fits in a few kilobytes: split it",
    )


def load_files(org_dir: str) -> Loaded:
    """Every file of the organisation, read once."""
    listing, problems, unlisted = discover(org_dir)
    files: list[SourceFile] = []
    unread: list[Unread] = []
    texts: dict[str, str] = {}
    for rel, kind in listing:
        read = read_source(org_dir, rel)
        if read.text is not None:
            texts[rel] = read.text
        problems.extend(file_problem(rel, issue) for issue in read.issues)
        if read.data is not None and read.misread and read.text is not None:
            said = misread_issues(kind, read.data, read.misread, read.text.split("\n"))
            problems.extend(file_problem(rel, issue) for issue in said)
        if read.data is not None:
            display = shown_path(org_dir, rel)
            text, edited = read.text or "", bool(read.misread)
            files.append(SourceFile(Path(org_dir, rel), display, rel, kind, read.data, read.drafted, text, edited))
        else:
            unread.append(Unread(rel, kind, likely_id(rel, None)))
    return Loaded(files, problems, len(listing), unread, texts, unlisted)
