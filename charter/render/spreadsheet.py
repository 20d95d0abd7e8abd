"""Spreadsheet conventions that the XLSX writer and the table reader share."""

from __future__ import annotations


def column_name(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name
