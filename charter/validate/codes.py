"""What each code the structural check raises means and how to fix it: a file whose shape is wrong
stops rendering whatever the settings say."""

from __future__ import annotations

from charter.core.codes import CodeId

DOCS: dict[CodeId, str] = {
    CodeId.UNKNOWN_KEY: """
A key that this kind of file does not have.

Usually a typo: the message suggests the closest known key. ``charter schema`` lists every key,
and editors that read the ``$schema`` comment at the top of each file autocomplete them.
""",
    CodeId.MISSING_KEY: """
A key that this kind of file requires is missing.

The message names the key; ``charter explain`` and the schema say what it holds.
""",
    CodeId.WRONG_TYPE: """
A value has the wrong shape: text where a list is expected, a list where a single id is
expected, and so on.

The message says what was expected and quotes what was found.
""",
    CodeId.INVALID_VALUE: """
A value has the right shape but is not allowed: an empty text, a date that is not
``YYYY-MM-DD``, a word that is not one of the allowed choices.

The message lists what is allowed and quotes what was found.
""",
    CodeId.VOCABULARY: """
A word in ``vocabulary:`` (``organisation.yaml``) or in an ``also_known_as:`` list that cannot
help anyone find anything.

``charter ask``, the "Who do I ask about…" page and the site's search read these words as they
read a question: by their stems, without common words. So "Approving" is "approve" again, "the
PO" is "PO", and "the" is nothing at all. A word given for itself, a word given twice, a word of
common words only, a word with nothing after it, or a name that is the title already would do
nothing, so it is reported where it is written. Remove it, or write the word staff really use.

A vocabulary line works both ways: ``PO: purchase order`` makes "PO" find what "purchase order"
finds, and the other way round.
""",
}
