"""The codes charter reports before the rules run, as names the type checker knows.

Each code's name and severity are here, where every stage can read them; what it means and how
to fix it is written beside the module that raises it (``charter/load/codes.py``,
``charter/validate/codes.py``, ``charter/validate/rules/codes.py``), and
:mod:`charter.validate.registry` puts the two together for ``charter rules`` and
``charter explain``. Collaboration rules document themselves in their own modules
(``charter/validate/rules/``).
"""

from __future__ import annotations

from enum import StrEnum

from charter.core.problem import Severity


class CodeId(StrEnum):
    """Every code reported outside the rules: a misspelt code is an error before charter runs,
    never a KeyError that a manager sees as "internal error"."""

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
    VALUE_READ_AS_COMMENT = "CH016"
    FOLDER_NAME = "CH017"
    ITEM_MERGED = "CH018"
    VALUE_READ_AS_NOTHING = "CH019"
    UNKNOWN_KEY = "CH020"
    MISSING_KEY = "CH021"
    WRONG_TYPE = "CH022"
    INVALID_VALUE = "CH023"
    VOCABULARY = "CH024"
    WAIVER_EXPIRED = "CH401"
    WAIVER_UNUSED = "CH402"
    RULE_SETTINGS = "CH403"

    @property
    def slug(self) -> str:
        """The name users write in ``charter explain`` and read in every report: ``too-deep``."""
        return self.name.lower().replace("_", "-")

    @property
    def severity(self) -> Severity:
        # None of these can be configured: a file that cannot be read safely, or whose shape is
        # wrong, stops rendering whatever the settings say. Only a waiver that silences nothing
        # is merely worth a look.
        return Severity.WARNING if self is CodeId.WAIVER_UNUSED else Severity.ERROR


def first_paragraph(doc: str) -> str:
    """The first paragraph of a docstring, on one line."""
    return " ".join(doc.strip().split("\n\n")[0].split())
