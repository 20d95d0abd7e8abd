"""Problem codes raised before the rules run: reading files and checking their structure.

Collaboration rules document themselves in their own modules (``charter/rules/``); these codes
belong to the loader and the structural check, which are not configurable: a file that cannot
be read safely, or whose shape is wrong, stops rendering whatever the settings say.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from charter.problem import Severity


class CodeId(StrEnum):
    """Every code reported outside the rules, as a name the type checker knows: a misspelt code is
    an error before charter runs, never a KeyError that a manager sees as "internal error"."""

    FILE_TOO_LARGE = "CH001"
    NOT_UTF8 = "CH002"
    FORBIDDEN_CHARACTER = "CH003"
    YAML_SYNTAX = "CH004"
    DUPLICATE_KEY = "CH005"
    ANCHOR_OR_ALIAS = "CH006"
    MERGE_KEY = "CH007"
    TAG = "CH008"
    MULTIPLE_DOCUMENTS = "CH009"
    ROOT_NOT_MAPPING = "CH010"
    EMPTY_FILE = "CH011"
    TOO_DEEP = "CH012"
    UNEXPECTED_FILE = "CH013"
    NOT_A_REGULAR_FILE = "CH014"
    MISSING_ORGANISATION = "CH015"
    UNKNOWN_KEY = "CH020"
    MISSING_KEY = "CH021"
    WRONG_TYPE = "CH022"
    INVALID_VALUE = "CH023"
    WAIVER_EXPIRED = "CH401"
    WAIVER_UNUSED = "CH402"
    RULE_SETTINGS = "CH403"


@dataclass(frozen=True)
class Code:
    code: CodeId
    name: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return first_paragraph(self.doc)


def first_paragraph(doc: str) -> str:
    """The first paragraph of a docstring, on one line."""
    return " ".join(doc.strip().split("\n\n")[0].split())


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E = Severity.ERROR

LOADER = _codes(
    Code(
        CodeId.FILE_TOO_LARGE,
        "file-too-large",
        E,
        """
A file is larger than charter reads (1 MiB).

One role, team, person or outcome fits in a few kilobytes; a file this large is a mistake or an
attack, and it is refused before it is parsed. Split a very large outcome into several.
""",
    ),
    Code(
        CodeId.NOT_UTF8,
        "not-utf8",
        E,
        """
A file is not valid UTF-8 text.

Save the file as UTF-8 (a byte-order mark is accepted). The error names the line of the first
byte that is not UTF-8.
""",
    ),
    Code(
        CodeId.FORBIDDEN_CHARACTER,
        "forbidden-character",
        E,
        """
A control, bidirectional or zero-width character appears in a file.

Such characters are invisible in an editor and in a review, and can make text read differently
from what it is (``Trojan Source``). Delete the character; in double-quoted strings, also check
escapes such as ``"\\u202e"``. Tabs and line breaks are fine.
""",
    ),
    Code(
        CodeId.YAML_SYNTAX,
        "yaml-syntax",
        E,
        """
The file is not valid YAML.

The message gives the parser's explanation and the position where it stopped. Common causes: a
colon inside unquoted text (quote the text), inconsistent indentation, an unclosed quote or
bracket.
""",
    ),
    Code(
        CodeId.DUPLICATE_KEY,
        "duplicate-key",
        E,
        """
The same key appears twice in one mapping.

Plain YAML loaders silently keep the last value, so half of what you wrote would be ignored.
Charter names both lines: keep one of them.
""",
    ),
    Code(
        CodeId.ANCHOR_OR_ALIAS,
        "anchor-or-alias",
        E,
        """
YAML anchors (``&name``) and aliases (``*name``) are not allowed.

They let a tiny file expand into gigabytes (an "alias bomb") and make a file hard to review.
Write the value out where it is needed.
""",
    ),
    Code(
        CodeId.MERGE_KEY,
        "merge-key",
        E,
        """
YAML merge keys (``<<``) are not allowed.

Write the keys out in full, so each file reads on its own in a pull request.
""",
    ),
    Code(
        CodeId.TAG,
        "tag",
        E,
        """
YAML tags (``!!python/object``, ``!!binary``, ``!custom``) are not allowed.

Charter files hold plain text, lists and mappings; nothing in them is ever executed or
converted by tag. Remove the tag; quote the value if it must stay text.
""",
    ),
    Code(
        CodeId.MULTIPLE_DOCUMENTS,
        "multiple-documents",
        E,
        """
A file holds more than one YAML document (a second ``---``).

Put each role, team, person or outcome in its own file.
""",
    ),
    Code(
        CodeId.ROOT_NOT_MAPPING,
        "root-not-mapping",
        E,
        """
A file does not hold a mapping of keys to values at its top level.

Every charter file is a mapping, such as ``id: service-lead`` followed by the other keys.
""",
    ),
    Code(
        CodeId.EMPTY_FILE,
        "empty-file",
        E,
        """
A file is empty or holds only comments.

Fill it in (``charter new`` writes a commented starting point) or delete it.
""",
    ),
    Code(
        CodeId.TOO_DEEP,
        "too-deep",
        E,
        """
A file nests lists and mappings deeper than charter reads (32 levels).

No charter file needs more than a few levels; deep nesting is refused before it can exhaust
memory.
""",
    ),
    Code(
        CodeId.UNEXPECTED_FILE,
        "unexpected-file",
        E,
        """
A YAML file is where charter does not look for one.

Charter reads ``organisation.yaml`` at the top of the organisation folder and one entity per
file in ``teams/``, ``roles/``, ``people/``, ``outcomes/`` and ``external/`` (subfolders
allowed). Move the file into the right folder, or rename the folder as suggested.
""",
    ),
    Code(
        CodeId.NOT_A_REGULAR_FILE,
        "not-a-regular-file",
        E,
        """
An entry in the organisation folder is a link, a device or a file that cannot be read.

Charter reads only regular files inside the organisation folder, so a symbolic link cannot make
it read (or hang on) something elsewhere. Replace the link with the file itself.
""",
    ),
    Code(
        CodeId.MISSING_ORGANISATION,
        "missing-organisation",
        E,
        """
The organisation folder has no ``organisation.yaml``.

It holds the organisation's name, common goal, principles, RACI scheme and rule settings, and
every other file depends on it.
""",
    ),
)

STRUCTURE = _codes(
    Code(
        CodeId.UNKNOWN_KEY,
        "unknown-key",
        E,
        """
A key that this kind of file does not have.

Usually a typo: the message suggests the closest known key. ``charter schema`` lists every key,
and editors that read the ``$schema`` comment at the top of each file autocomplete them.
""",
    ),
    Code(
        CodeId.MISSING_KEY,
        "missing-key",
        E,
        """
A key that this kind of file requires is missing.

The message names the key; ``charter explain`` and the schema say what it holds.
""",
    ),
    Code(
        CodeId.WRONG_TYPE,
        "wrong-type",
        E,
        """
A value has the wrong shape: text where a list is expected, a list where a single id is
expected, and so on.

The message says what was expected and quotes what was found.
""",
    ),
    Code(
        CodeId.INVALID_VALUE,
        "invalid-value",
        E,
        """
A value has the right shape but is not allowed: an empty text, a date that is not
``YYYY-MM-DD``, a word that is not one of the allowed choices.

The message lists what is allowed and quotes what was found.
""",
    ),
)

W = Severity.WARNING

SETTINGS = _codes(
    Code(
        CodeId.WAIVER_EXPIRED,
        "waiver-expired",
        E,
        """
A waiver's ``expires`` date has passed.

A waiver is a promise to fix something by a date. Once the date is past, the finding it
silenced is reported again and so is the expired waiver: fix the finding and delete the waiver,
or, if there is a new reason, write it and set a new date.
""",
    ),
    Code(
        CodeId.WAIVER_UNUSED,
        "waiver-unused",
        W,
        """
A waiver silences nothing.

Either the finding was fixed (delete the waiver) or the waiver's ``rule`` or ``target`` is
misspelt; the message suggests the closest target. Targets are written ``kind:id``:
``role:data-analyst``, ``team:it``, ``outcome:issue-resolved-24h``,
``step:issue-resolved-24h/triage``, ``person:amira-haddad``.
""",
    ),
    Code(
        CodeId.RULE_SETTINGS,
        "rule-settings",
        E,
        """
The ``rules`` or ``waivers`` settings in ``organisation.yaml`` name a rule or an option that
does not exist, give a severity other than error, warning, info or off, or try to change or
waive one of the integrity rules (ids, duplicates, file names, references), which every
charter site depends on.

Example::

    rules:
      pass-around: {max_roles: 5}
      overload: {severity: error, max_steps: 10}
      stale: {severity: off}
""",
    ),
)

ALL = {**LOADER, **STRUCTURE, **SETTINGS}


def code(c: CodeId) -> Code:
    return ALL[c]
