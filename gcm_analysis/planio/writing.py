"""Writing a workbook from described sheets (:class:`SheetLayout`), atomically
and deterministically, with the cell rule of :mod:`gcm_analysis.xlsx`."""

from __future__ import annotations

import datetime
import io as _stdio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io import write_bytes_atomic
from ..rawsheet import column_index, column_letter
from ..xlsx import Formats, new_workbook, write_cell

_FIXED_DOC_TIME = datetime.datetime(2000, 1, 1)
"""Creation date written into every workbook, so the same layout gives the same
bytes."""


# ---------------------------------------------------------------------- writing
@dataclass(frozen=True)
class ListValidation:
    """A drop-down on one column of a data sheet.

    ``source`` is either a list of allowed values or a range formula such as
    ``"=lists!$A$2:$A$24"``; ``strict`` False lets users type other values
    (Excel shows a warning instead of refusing).
    """

    column: str
    source: Sequence[Any] | str
    strict: bool = True
    prompt: str | None = None


@dataclass(frozen=True)
class NumberValidation:
    """A numeric range check on one column (``kind`` ``"whole"`` or ``"decimal"``)."""

    column: str
    kind: str
    minimum: float | None = None
    maximum: float | None = None
    prompt: str | None = None


@dataclass(frozen=True)
class CellValidation:
    """A drop-down or numeric check on one cell (settings sheet values)."""

    cell: str
    source: Sequence[Any] | str | None = None
    kind: str = "list"
    minimum: float | None = None
    maximum: float | None = None
    prompt: str | None = None


@dataclass(frozen=True)
class SheetLayout:
    """Everything needed to write one sheet of a workbook."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]] = ()
    comments: dict[str, str] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    number_formats: dict[str, str] = field(default_factory=dict)
    validations: Sequence[ListValidation | NumberValidation] = ()
    cell_validations: Sequence[CellValidation] = ()
    validation_rows: int = 2000
    hidden: bool = False
    is_table: bool = True
    wrap_letters: tuple[str, ...] = ()


def write_workbook(path: Path | str, sheets: Sequence[SheetLayout]) -> Path:
    """Write sheets to an ``.xlsx`` file atomically and deterministically.

    Parameters
    ----------
    path : Path or str
        Target file; its folder is created if needed.
    sheets : sequence of SheetLayout
        In the order they appear in the workbook.

    Returns
    -------
    Path
        ``path``.
    """
    return write_bytes_atomic(path, workbook_bytes(sheets))


def workbook_bytes(sheets: Sequence[SheetLayout]) -> bytes:
    """Return the bytes of the ``.xlsx`` file :func:`write_workbook` writes.

    Number formats and widths are set per column (the format applies to what
    users type, and to the values written). Cells follow the cell rule of
    :mod:`gcm_analysis.xlsx` without the report's quote: text is always written
    as text, even when it starts with ``=``: Excel shows it and never evaluates
    it (no formula injection), and reading the workbook back gives the same text
    (a plan round-trips unchanged).
    """
    buffer = _stdio.BytesIO()
    workbook, formats = new_workbook(buffer, _FIXED_DOC_TIME)
    for layout in sheets:
        _write_sheet(workbook.add_worksheet(layout.name), layout, formats)
    workbook.close()
    return buffer.getvalue()


def _write_sheet(ws: Any, layout: SheetLayout, formats: Formats) -> None:
    """Write one sheet: columns, checks, header (with comments) and rows."""
    from xlsxwriter.utility import xl_cell_to_rowcol

    letters = {h: column_letter(j) for j, h in enumerate(layout.header)}
    _set_columns(ws, layout, letters, formats)
    if layout.is_table:
        ws.freeze_panes(1, 0)
    last = max(layout.validation_rows, len(layout.rows) + 1)
    for rule in layout.validations:
        j = column_index(letters[rule.column])
        _add_validation(ws, (1, j, last - 1, j), rule)
    for rule_c in layout.cell_validations:
        row, col = xl_cell_to_rowcol(rule_c.cell)
        _add_validation(ws, (row, col, row, col), rule_c)
    header = {"bold": True, "pattern": 1, "bg_color": "#DDEBF7"} \
        if layout.is_table else {"bold": True, "font_size": 13}
    for j, head in enumerate(layout.header):
        write_cell(ws, 0, j, head, formats, header, quote_formulas=False)
        if layout.is_table and head in layout.comments:
            ws.write_comment(0, j, layout.comments[head], {
                "author": "GCM Workbook", "width": 320, "height": 160})
    wrap_at = {column_index(letter) for letter in layout.wrap_letters}
    wrap = {"text_wrap": True, "valign": "top"}  # text wraps at the top of the cell
    for i, row_values in enumerate(layout.rows, start=1):
        for j, value in enumerate(row_values):
            write_cell(ws, i, j, value, formats, wrap if j in wrap_at else None,
                       quote_formulas=False)
    if layout.hidden:
        ws.hide()


def _set_columns(ws: Any, layout: SheetLayout, letters: dict[str, str],
                 formats: Formats) -> None:
    """Set column widths (keyed by header or letter) and number formats."""
    columns: dict[int, dict[str, Any]] = {}
    for head, width in layout.widths.items():
        columns.setdefault(column_index(letters.get(head, head)), {})["width"] = width
    for head, fmt in layout.number_formats.items():
        columns.setdefault(column_index(letters[head]), {})["cell_format"] = (
            formats.get(num_format=fmt))
    for j, options in sorted(columns.items()):
        ws.set_column(j, j, options.get("width"), options.get("cell_format"))


def _add_validation(ws: Any, cells: tuple[int, int, int, int],
                    rule: ListValidation | NumberValidation | CellValidation) -> None:
    """Add a drop-down or numeric check on ``cells`` (first row, first column,
    last row, last column; 0-based). XlsxWriter only warns about a rule it cannot
    write: that is an error here, never a template without its check."""
    if ws.data_validation(*cells, _validation(rule)) != 0:
        raise ValueError(f"data validation not written: {rule}")


def _validation(rule: ListValidation | NumberValidation | CellValidation
                ) -> dict[str, Any]:
    """XlsxWriter's options for a drop-down or a numeric check."""
    options: dict[str, Any]
    if isinstance(rule, ListValidation):
        options = {"validate": "list", "source": _list_source(rule.source),
                   "error_type": "stop" if rule.strict else "warning"}
    elif isinstance(rule, CellValidation) and rule.kind == "list":
        options = {"validate": "list", "source": _list_source(rule.source or [])}
    else:
        options = _number_rule(rule.kind, rule.minimum, rule.maximum)
    options.update(ignore_blank=True, show_error=True, show_input=bool(rule.prompt))
    if rule.prompt:
        options["input_message"] = rule.prompt[:255]
    return options


def _number_rule(kind: str, minimum: float | None, maximum: float | None
                 ) -> dict[str, Any]:
    if minimum is not None and maximum is not None:
        return {"validate": kind, "criteria": "between", "minimum": _bound(minimum),
                "maximum": _bound(maximum)}
    if minimum is not None:
        return {"validate": kind, "criteria": ">=", "value": _bound(minimum)}
    if maximum is None:
        raise ValueError(f"a {kind} check needs a minimum or a maximum")
    return {"validate": kind, "criteria": "<=", "value": _bound(maximum)}


def _bound(value: float) -> str:
    """A validation bound as Excel reads it: whole numbers in full (1e+15 is
    written 1000000000000000), others in the shortest exact form."""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(float(value))


def _list_source(source: Sequence[Any] | str) -> list[str] | str:
    """A drop-down's values: a range formula as given, or an inline list."""
    if isinstance(source, str):
        return source
    values = [str(v) for v in source]
    if len(",".join(values)) > 250:  # Excel's limit for an inline list is 255
        raise ValueError("inline drop-down list too long; use a range on a lists sheet")
    return values
