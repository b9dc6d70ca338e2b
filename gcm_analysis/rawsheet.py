"""A sheet as a file reader hands it over, before any type is assumed.

:class:`RawSheet` (cell values by the row number a user sees), :class:`CellNote`
(formula and merged cells found while reading), Excel column letters and Excel's
error codes. Shared by the readers (:mod:`gcm_analysis.planio`) and the plan checks
(:mod:`gcm_analysis.plan`), which never open a file.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

EXCEL_ERRORS: frozenset[str] = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
    "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
    "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
})
"""Error values Excel shows when a formula fails. calamine reads an error cell as
empty; we put the code back so that it is reported, never taken as a blank."""


@dataclass(frozen=True)
class CellNote:
    """A cell whose stored content is not a plain value, found while reading.

    ``kind`` is ``"formula"`` (a formula with no stored result: ``text`` is the
    formula) or ``"merged"`` (``text`` is the merged range, e.g. ``"C1:D1"``).
    ``row`` is the Excel row, ``column`` the header of the cell's column (or its
    letter when the column has no header) and ``letter`` its column letter.
    """

    kind: str
    row: int
    column: str
    letter: str
    text: str


@dataclass(frozen=True)
class RawSheet:
    """One sheet as found in the file, before any type is assumed.

    ``frame`` has one column per header cell (header text stripped) and one row
    per non-empty row; its index is the row number a user sees (the header is
    row 1). Cell values are as stored: ``str``, ``float``, ``int``, ``bool``,
    ``datetime``/``date`` from a workbook; always ``str`` from a CSV file. Empty
    cells are ``""``; an Excel error cell holds its code (``"#DIV/0!"``).
    ``letters`` maps each header to its column letter (``"C"``). ``notes`` lists
    formula cells without a stored result and merged cells; ``is_refused`` is
    True when the sheet could not be read (too large, not UTF-8, wrong separator):
    its frame is then empty and a problem says why. ``hidden_rows`` (Excel row
    numbers) and ``hidden_columns`` (letters) are those hidden in the workbook
    (Excel shows neither; both are read); ``is_hidden`` is True for a sheet
    hidden in the workbook.
    """

    name: str
    frame: pd.DataFrame
    letters: dict[str, str]
    notes: tuple[CellNote, ...] = ()
    is_refused: bool = False
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[str, ...] = ()
    is_hidden: bool = False


def column_letter(index: int) -> str:
    """Return the Excel column letter of a 0-based column index (0 -> ``A``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """Return the 0-based index of an Excel column letter (``A`` -> 0)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1

