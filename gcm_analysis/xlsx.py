"""Every workbook we write: the one cell rule, and the run's ``tables.xlsx``
(two header rows per table: labels in the run's language above the internal
column names, see :mod:`gcm_analysis.xlsx_headers`).

The cell rule (:func:`write_cell`, used by :func:`write_tables_xlsx` and by the
plan templates of :mod:`gcm_analysis.planio`): nothing is ever written as a
formula. Workbooks are opened with XlsxWriter's string conversions off
(:func:`new_workbook`) and text is always written as a string cell, whatever it
looks like; characters an .xlsx cannot hold (C0 controls) become U+FFFD and text
is cut at Excel's 32,767-character cell limit (:func:`cell_value`), so odd text
never breaks a workbook. Report workbooks also mark text that Excel would read as
a formula if a user re-entered the cell (starting with ``=``, ``+``, ``-``,
``@``, or a tab/carriage return) with a leading ``'`` (:func:`neutralise`), so a
payload typed into a plan cannot run when a finance officer edits the file. A
plan workbook keeps its text as typed: it must read back unchanged, and its cells
are string cells all the same.

Written with XlsxWriter (about 4 times faster than openpyxl for a run's ~34
sheets): every cell is written with its type (text always as a string, whatever
it looks like; numbers; booleans; missing values as empty cells) and the output
is deterministic, so the same tables give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import io
from .xlsx_headers import (  # noqa: F401 - the number formats are part of this API
    DECIMAL_FORMAT,
    INT_FORMAT,
    MONEY_FORMAT,
    PCT_FORMAT,
    SHARE_FORMAT,
    column_label,
    column_unit,
    number_format,
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32_767
# Characters XML 1.0 cannot hold: shown as U+FFFD.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Number formats of dates and times (openpyxl's, which wrote earlier templates).
_TIME_FORMATS: tuple[tuple[type, str], ...] = (
    (dt.datetime, "yyyy-mm-dd h:mm:ss"),  # before date: a datetime is a date
    (dt.date, "yyyy-mm-dd"),
    (dt.time, "h:mm:ss"),
    (dt.timedelta, "[hh]:mm:ss"),
)


def neutralise(value: Any) -> Any:
    """Return ``value`` made inert for Excel: formula-like text gets a ``'`` prefix.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise(-3.5)
    -3.5
    """
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("\ufffd", value)[:EXCEL_MAX_CHARS - 1]
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def cell_value(value: Any) -> Any:
    """``value`` as a cell holds it: a Python scalar, or None for an empty cell.

    Missing and infinite numbers leave the cell empty; a Timestamp becomes a date
    (a datetime when it has a time of day); text loses the characters XML cannot
    hold and is cut at Excel's cell limit.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else (
            value.to_pydatetime())
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar -> Python
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("\ufffd", value)[:EXCEL_MAX_CHARS]
    return value


class Formats:
    """A workbook's cell formats, one per set of properties (made on demand)."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **properties: Any) -> Any:
        """The format with these XlsxWriter properties (``bold=True``...)."""
        key = tuple(sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self._workbook.add_format(properties)
        return self._made[key]


def new_workbook(target: Any, created: datetime) -> tuple[Any, Formats]:
    """Open an XlsxWriter workbook on ``target`` (a path or a binary buffer).

    Strings are never turned into formulas, links or numbers; the workbook is
    built in memory (no temporary files, fixed zip entry times) and its creation
    date is ``created``, so the same content gives the same bytes.
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    workbook.set_properties({"created": created})
    return workbook, Formats(workbook)


def write_cell(sheet: Any, row: int, col: int, value: Any, formats: Formats,
               properties: Mapping[str, Any] | None = None, *,
               quote_formulas: bool = True) -> None:
    """Write one value, never as a formula (the module's cell rule).

    ``value`` goes through :func:`cell_value`; with ``quote_formulas`` (report
    workbooks) formula-like text is marked with :func:`neutralise`. Text is
    written as a string whatever it looks like; booleans and numbers as such;
    dates and times as dates; other values as their text. ``properties`` are the
    cell's format (:class:`Formats`); an empty value writes a blank cell only
    when it has a format.
    """
    value = cell_value(value)
    cell_format = formats.get(**properties) if properties else None
    if value is None:
        if cell_format is not None:
            sheet.write_blank(row, col, None, cell_format)
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, cell_format)
    else:
        time_format = next((fmt for kind, fmt in _TIME_FORMATS
                            if isinstance(value, kind)), None)
        if time_format is not None:
            sheet.write_datetime(row, col, value, formats.get(
                **{**(properties or {}), "num_format": time_format}))
            return
        text = value if isinstance(value, str) else cell_value(str(value))
        sheet.write_string(row, col, neutralise(text) if quote_formulas else text,
                           cell_format)


def _created(stamp: Any) -> datetime:
    """The workbook's creation date: ``stamp`` (ISO 8601) in UTC, else 2000-01-01."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return datetime(2000, 1, 1)
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def _sheet_name(name: str, taken: set[str]) -> str:
    """``name`` cut to Excel's 31 characters and numbered if already ``taken``.

    Excel compares sheet names without case; ``taken`` holds them lower-cased
    and gets the new one.
    """
    title, number = name[:31], 1
    while title.lower() in taken:
        suffix = str(number)
        title, number = name[:31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def _width(column: Any, cells: list[Any]) -> int:
    """Column width fitted to the header and the text of ``cells`` (10 to 60)."""
    widest = max([len(str(column)),
                  *(len(str(v)) for v in cells if not pd.isna(v))])
    return min(max(10, widest + 2), 60)


def _header_rows(sheet: Any, formats: Formats, row: int, columns: list[str],
                 labels: list[str]) -> None:
    """The two header rows of a sheet from ``row``: each column's label (bold,
    wrapped) above its internal name (small, grey)."""
    for col, (column, label) in enumerate(zip(columns, labels, strict=True)):
        write_cell(sheet, row, col, label, formats, _LABEL_HEADER)
        write_cell(sheet, row + 1, col, column, formats, _NAME_HEADER)


_LABEL_HEADER = {"bold": True, "pattern": 1, "bg_color": "#DCE6F1", "text_wrap": True,
                 "valign": "top"}
_NAME_HEADER = {"italic": True, "font_color": "#595959", "font_size": 9,
                "pattern": 1, "bg_color": "#F2F2F2"}


def write_tables_xlsx(tables: Mapping[str, pd.DataFrame], target: Path | str,
                      about: Mapping[str, Any] | None = None, lang: str = "en",
                      currency: str = "") -> Path:
    """Write ``tables`` (sheet name → frame) to one .xlsx atomically.

    Each table's sheet has two frozen header rows: row 1 the column's label in
    ``lang`` (:func:`gcm_analysis.xlsx_headers.column_label`), row 2 its internal
    name (the CSV file's header; ``pandas.read_excel(path, sheet_name=name,
    header=1)`` reads the table back with it); the data from row 3, an autofilter
    on row 2, column widths fitted to the content and number formats from
    :func:`number_format`. An ``about`` sheet comes first with the run's facts
    (key, value, what it is in ``lang``; its last row says how the sheets are laid
    out), then a ``columns`` sheet listing every sheet's columns with their label
    and unit (:func:`gcm_analysis.xlsx_headers.column_unit`; ``currency`` is the
    unit of amounts in a table without a currency column). The same tables and
    ``about`` give the same bytes: the document's creation date is
    ``about["created_utc"]`` (2000-01-01 without it) and the zip entries carry a
    fixed time.
    """
    from . import i18n, xlsx_values

    about = {**(about or {}), "layout": i18n.t("xlsx.about.layout_text", lang)}
    catalogue = i18n.catalogue(lang)
    with io.atomic_path(target) as tmp:
        workbook, formats = new_workbook(str(tmp), _created(about.get("created_utc")))
        first = workbook.add_worksheet("about")
        for col, key in enumerate(("key", "value", "label")):
            write_cell(first, 0, col, i18n.t(f"xlsx.about.{key}", lang), formats,
                       _LABEL_HEADER)
        for row, (key, value) in enumerate(about.items(), start=1):
            write_cell(first, row, 0, str(key), formats)
            write_cell(first, row, 1, value, formats)
            write_cell(first, row, 2, catalogue.get(f"xlsx.about.{key}", str(key)),
                       formats)
        first.set_column(0, 0, 22)
        first.set_column(1, 1, 60)
        first.set_column(2, 2, 30)
        first.freeze_panes(1, 0)
        taken = {"about", "columns"}
        index = workbook.add_worksheet("columns")
        index_columns = ["sheet", "column", "label", "unit"]
        _header_rows(index, formats, 0, index_columns,
                     [i18n.t(f"xlsx.columns.{c}", lang) for c in index_columns])
        index_row = 2
        for name, frame in tables.items():
            frame = xlsx_values.for_people(frame, lang, name)
            title = _sheet_name(name, taken)
            sheet = workbook.add_worksheet(title)
            columns = [str(c) for c in frame.columns]
            labels = [column_label(c, lang) for c in columns]
            _header_rows(sheet, formats, 0, columns, labels)
            label_lines = 1
            for col, (column, values) in enumerate(frame.items()):
                fmt = number_format(str(column), values)
                number = {"num_format": fmt} if fmt is not None else None
                cells = values.tolist()
                for row, value in enumerate(cells, start=2):
                    write_cell(sheet, row, col, value, formats, number)
                width = _width(column, [labels[col][:30], *cells[:500]])
                sheet.set_column(col, col, width)
                label_lines = max(label_lines, math.ceil(len(labels[col]) / width))
                for value_col, value in enumerate(
                        (title, str(column), labels[col],
                         column_unit(str(column), frame, currency, lang))):
                    write_cell(index, index_row, value_col, value, formats)
                index_row += 1
            # the labels wrap: a row tall enough for the longest (Excel does not
            # fit a row's height to wrapped text on opening a file)
            sheet.set_row(0, 15 * label_lines)
            sheet.freeze_panes(2, 0)
            if len(frame.columns):
                sheet.autofilter(1, 0, len(frame) + 1, len(frame.columns) - 1)
        for col, width in enumerate((28, 30, 40, 24)):
            index.set_column(col, col, width)
        index.freeze_panes(2, 0)
        index.autofilter(1, 0, max(index_row - 1, 1), len(index_columns) - 1)
        workbook.close()
    return Path(target)
