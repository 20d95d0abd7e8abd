"""What each code the loader raises means and how to fix it: ``charter explain`` and the site's
health page read these. The loader is not configurable: a file that cannot be read safely stops
rendering whatever the settings say."""

from __future__ import annotations

from charter.core.codes import CodeId

DOCS: dict[CodeId, str] = {
    CodeId.FILE_TOO_LARGE: """
A file is larger than charter reads (1 MiB).

One role, team, person or outcome fits in a few kilobytes; a file this large is a mistake or an
attack, and it is refused before it is parsed. Split a very large outcome into several.
""",
    CodeId.NOT_UTF8: """
A file is not valid UTF-8 text.

Save the file as UTF-8 (a byte-order mark is accepted). The error names the line of the first
byte that is not UTF-8.
""",
    CodeId.FORBIDDEN_CHARACTER: """
A control, bidirectional or zero-width character appears in a file.

Such characters are invisible in an editor and in a review, and can make text read differently
from what it is (``Trojan Source``). Delete the character; in double-quoted strings, also check
escapes such as ``"\\u202e"``. Tabs and line breaks are fine.
""",
    CodeId.YAML_SYNTAX: """
The file is not valid YAML.

The message says what was found, on the line to change (which may be above the line where the
parser stopped), and the hint says what to write. Common causes: a colon inside unquoted text
(quote the text), a text starting with a sign YAML reads (``>``, ``@``, ``[``: quote it), a list
item that lost its ``- `` or its space, a line indented one or two spaces off, an unclosed quote
or bracket, and a list item or key written below the next key of the file (a collaborator added
after ``escalates_to:``): the message names the block it belongs to and the lines to move there.
""",
    CodeId.DUPLICATE_KEY: """
The same key appears twice in one mapping.

Plain YAML loaders silently keep the last value, so half of what you wrote would be ignored.
Charter names both lines: keep one of them.
""",
    CodeId.ANCHOR_OR_ALIAS: """
YAML anchors (``&name``) and aliases (``*name``) are not allowed.

They let a tiny file expand into gigabytes (an "alias bomb") and make a file hard to review.
Write the value out where it is needed.
""",
    CodeId.MERGE_KEY: """
YAML merge keys (``<<``) are not allowed.

Write the keys out in full, so each file reads on its own in a pull request.
""",
    CodeId.TAG: """
YAML tags (``!!python/object``, ``!!binary``, ``!custom``) are not allowed.

Charter files hold plain text, lists and mappings; nothing in them is ever executed or
converted by tag. Remove the tag; quote the value if it must stay text.
""",
    CodeId.MULTIPLE_DOCUMENTS: """
A file holds more than one YAML document (a second ``---``).

Put each role, team, person or outcome in its own file.
""",
    CodeId.ROOT_NOT_MAPPING: """
A file does not hold a mapping of keys to values at its top level.

Every charter file is a mapping, such as ``id: service-lead`` followed by the other keys.
""",
    CodeId.EMPTY_FILE: """
A file is empty or holds only comments.

Fill it in (``charter new`` writes a commented starting point) or delete it.
""",
    CodeId.TOO_DEEP: """
A file nests lists and mappings deeper than charter reads (32 levels).

No charter file needs more than a few levels; deep nesting is refused before it can exhaust
memory.
""",
    CodeId.UNEXPECTED_FILE: """
A YAML file is where charter does not look for one.

Charter reads ``organisation.yaml`` at the top of the organisation folder and one entity per
file in ``teams/``, ``roles/``, ``people/``, ``outcomes/`` and ``external/`` (subfolders
allowed). Move the file into the right folder, or rename the folder as suggested.
""",
    CodeId.FOLDER_NAME: """
A folder inside the organisation folder is not named as an id is.

Folders below ``teams/``, ``roles/``, ``people/`` and the rest group files, and their names
become paths on the site, in links and in the CODEOWNERS file charter writes: lower-case
letters, digits and dashes, as ids are. A space would split a CODEOWNERS line, and a line break
would start a rule of its own; such a folder is never written there. Rename the folder as the
hint says (``git mv``).
""",
    CodeId.NOT_A_REGULAR_FILE: """
An entry in the organisation folder is a link, a device or a file that cannot be read.

Charter reads only regular files inside the organisation folder, so a symbolic link cannot make
it read (or hang on) something elsewhere. Replace the link with the file itself.
""",
    CodeId.MISSING_ORGANISATION: """
The organisation folder has no ``organisation.yaml``.

It holds the organisation's name, common goal, principles, RACI scheme and rule settings, and
every other file depends on it.
""",
    CodeId.ITEM_MERGED: """
A line starting with ``- `` is read as part of the list item above it, not as an item of its own.

A list item indented one space more than the one above continues that item's text: YAML folds
the two lines into one, so ``- Estimating repairs`` and `` - Ordering a site visit`` below it
become the single item "Estimating repairs - Ordering a site visit", on the site, in the API and
in the answers. Start the line in the same column as the ``-`` above it.

The same happens to items written below the next key (``  - Answering calls`` after
``escalates_to: service-lead`` becomes part of that id), and to the items of a list whose first
item lost its ``- ``, or whose key was deleted: each is said with the fix (the lines to move
and where, the ``- `` to add, the key to write above them).
""",
    CodeId.VALUE_READ_AS_COMMENT: """
A ``#`` in a value, which YAML reads as the start of a comment: the value is empty, or cut short.

``channel: #it-help`` gives the channel no value at all, and it silently disappears from the
site; ``channel: Hand-off meeting and #handoffs`` is read as "Hand-off meeting and". Quote the
value: ``channel: "#it-help"``. A comment with a space after the ``#`` (``channel: # to do``,
``holders: [ana]  # since May``) is taken as meant, and not reported.
""",
    CodeId.VALUE_READ_AS_NOTHING: """
A text written as a word YAML reads as "nothing": ``Null``, ``NULL``, ``null`` or ``~``.

``name: Null`` (a surname) or ``location: NULL`` is no value at all in YAML, for charter as for
every editor and tool that reads the file, so the name would be missing and the location would
silently disappear. Where the key takes a text, quote the word: ``name: "Null"``. To give no
value, delete the line. (Other words stay the text typed: ``NO``, ``on`` and ``0755`` are text,
and only ``true`` and ``false`` are booleans.)
""",
}
