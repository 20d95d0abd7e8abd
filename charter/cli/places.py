"""Where the command line's folders are: the organisation folder a slip on the command line
probably meant, and the places charter may write.

Each function answers with a path or raises :class:`UsageError` with a message that says what
was found and what to type instead; the command line prints it and exits 2.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from charter.core.files import ORGANISATION_FILE, nearest_holding
from charter.core.suggest import did_you_mean


class UsageError(Exception):
    """Bad arguments or an unusable environment: exit 2 with the message."""


def org_dir(value: str) -> str:
    """``value`` when it names an organisation folder, else a usage error that says what was
    found there and, when an organisation lies nearby, which folder was probably meant."""
    if not value.strip():
        raise UsageError("the organisation folder is an empty name")
    path = Path(value)
    if not path.exists():
        # Run inside the organisation folder, the default 'org' is not there but '.' is meant.
        inside = (path.parent / ORGANISATION_FILE).is_file()
        found = [path.parent] if inside else organisations_below(path.parent, prefer=path.name)
        raise UsageError(
            f"no organisation folder at '{value}'"
            + (
                f"; did you mean {either(found)}?"
                if found
                else "; give the folder that holds organisation.yaml, or start one with `charter init NEW-FOLDER`"
            )
        )
    if not path.is_dir():
        if path.name == ORGANISATION_FILE:
            raise UsageError(f"'{value}' is a file; give the folder that holds it: '{path.parent}'")
        raise UsageError(f"'{value}' is not a folder; give the folder that holds organisation.yaml")
    if is_organisation(path):
        return value
    found = organisations_below(path)
    if found:
        raise UsageError(
            f"'{value}' is not an organisation folder (it has no {ORGANISATION_FILE}); did you mean {either(found)}?"
        )
    raise UsageError(
        f"'{value}' is not an organisation folder: neither it nor any folder below it has an {ORGANISATION_FILE}; "
        "give the folder that holds one, or start an organisation with `charter init NEW-FOLDER`"
    )


DEFAULT = "org"
ORG_OPTIONS = ("org_dir", "org", "into")  # the names commands give the organisation folder


def enclosing_organisation(here: Path) -> Path | None:
    """The organisation folder ``here`` is inside (``here`` itself, or a folder above it holding
    organisation.yaml), looking no higher than the repository's top folder."""
    return nearest_holding(here, ORGANISATION_FILE)


def default_from_inside(args: object) -> str | None:
    """Run inside the organisation folder (``org/``, ``org/roles/``), the default ``org`` is not
    there: the folder the user is in is meant. Sets the command's organisation option to it ('.',
    '..') and answers it, for the note that says so; None when nothing was changed."""
    for name in ORG_OPTIONS:
        if getattr(args, name, None) == DEFAULT and not Path(DEFAULT).exists():
            found = enclosing_organisation(Path.cwd())
            if found is None:
                return None
            relative = os.path.relpath(found)
            setattr(args, name, relative)
            return relative
    return None


def is_organisation(path: Path) -> bool:
    """Whether ``path`` is an organisation folder, complete or not. One that has lost its
    organisation.yaml but keeps teams/, roles/ … is still one, and so is an empty folder (a new
    one): the validator says what each lacks (CH015), which is more use than "not a folder"."""
    try:
        names = {entry.name for entry in os.scandir(path) if not entry.name.startswith(".")}
    except OSError as exc:
        raise UsageError(f"cannot read the folder '{path}': {exc.strerror}") from None
    if not names or ORGANISATION_FILE in names:
        return True
    # Only here is the kinds' table needed: importing it brings the models (a fifth of a second
    # that `charter ask` with its index kept would spend for nothing).
    from charter.load.discover import KIND_DIRS

    return not names.isdisjoint(KIND_DIRS)


SEARCH_DEPTH = 2  # organisation folders are looked for this many levels down, no deeper
SEARCH_LIMIT = 2000  # folders looked into at most, so a slip in a home folder answers at once


def organisations_below(root: Path, prefer: str = "") -> list[Path]:
    """Folders one or two levels below ``root`` holding an organisation.yaml, the shallowest
    level only, sorted (the one named like ``prefer`` first); hidden folders are skipped."""
    level = [root]
    looked = 0
    for _depth in range(SEARCH_DEPTH):
        below: list[Path] = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                looked += 1
                if looked > SEARCH_LIMIT:
                    return []
                try:
                    if not entry.name.startswith(".") and entry.is_dir():
                        below.append(folder / entry.name)
                except OSError:
                    continue
        found = sorted((p for p in below if (p / ORGANISATION_FILE).is_file()), key=lambda p: (p.name != "org", str(p)))
        if found:
            guess = did_you_mean(prefer, [p.name for p in found]) if prefer else None
            return [p for p in found if p.name == guess] if guess else found
        level = below
    return []


def either(paths: list[Path], most: int = 3) -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c' (and 2 more)."""
    names = [f"'{p}'" for p in paths[:most]]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return text + (f" ({len(paths) - most} more below it)" if len(paths) > most else "")


def writable_place(target: Path, option: str, org_dir: str | None = None) -> None:
    """Refuse, before any work, an output charter cannot or should not write: inside the
    organisation folder (its own output would be read back as part of it, and change every
    build's input), under a file, or in a folder this user cannot write to."""
    where = Path(os.path.realpath(target))
    if org_dir is not None:
        org = Path(os.path.realpath(org_dir))
        if where == org or where.is_relative_to(org):
            beside = os.path.relpath(org.parent / target.name)
            raise UsageError(
                f"{option} {target} is inside the organisation folder '{org_dir}', which holds only its YAML "
                f"files; write it elsewhere, for example beside it: {option} {beside}"
            )
    above = where.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise UsageError(f"{option} {target}: '{above}' is a file, so nothing can be written below it")
    if not os.access(above, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {target}: you may not write in '{above}'; choose a folder you can write to")


def through_link(value: str, option: str) -> Path:
    """Where an output named ``value`` really is. A symbolic link — ``site -> releases/current``,
    the deployment where the web server serves the link's target — is followed to the folder it
    leads to, through every link, which charter then replaces in one step as any output, keeping
    the link (replacing the link with a folder left the served folder as it was). A link that
    leads nowhere yet leads to the folder to make; one that leads round in a loop is a slip."""
    path = Path(value)
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))  # the folder it names is made
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UsageError(
                f"{option} {value} is a symbolic link that leads round in a loop; give the folder to write"
            ) from None
        raise UsageError(f"{option} {value}: cannot follow the link: {exc.strerror}") from None


def shown(given: str, real: Path, slash: str = "") -> str:
    """An output as the messages name it: ``site/``, or ``site/ (a link to /srv/releases/current/)``
    (``slash``: what follows a folder's name, "/" in the site's messages)."""
    name = given.rstrip("/") + slash
    return name if real == Path(given) else f"{name} (a link to {real}{slash})"
