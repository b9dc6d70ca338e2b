"""Excel export of run tables: one workbook, one sheet per table, proper formats.

Safe to open: any text cell that Excel would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, or a tab/carriage return) is written with a leading
apostrophe-equivalent (the cell is forced to text and prefixed with ``'``), so a
payload typed into a plan cannot run when a finance officer opens the file.
Characters an .xlsx cannot hold (C0 controls) become U+FFFD and text is cut at
Excel's 32,767-character cell limit, so odd text never breaks the export.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from . import io

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32_767
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
MONEY_FORMAT = "#,##0"
PCT_FORMAT = "0.0"
SHARE_FORMAT = "0.0%"
DECIMAL_FORMAT = "#,##0.00"
INT_FORMAT = "0"


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


def number_format(column: str, series: pd.Series) -> str | None:
    """The Excel number format for a column, from its name suffix and dtype."""
    name = column.lower()
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    if name.endswith("_share") or name == "likelihood":
        return SHARE_FORMAT
    if name.endswith("_pct") or name.endswith("_pp"):
        return PCT_FORMAT
    if name.endswith("_year") or name in ("year", "objective_id", "rank", "price_year"):
        return INT_FORMAT
    if any(token in name for token in ("usd", "amount", "cost", "gap", "funded",
                                       "value", "p10", "p50", "p90")):
        return MONEY_FORMAT
    if pd.api.types.is_integer_dtype(series):
        return INT_FORMAT
    return DECIMAL_FORMAT


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    return neutralise(value)


def write_tables_xlsx(tables: Mapping[str, pd.DataFrame], target: Path | str,
                      about: Mapping[str, Any] | None = None) -> Path:
    """Write ``tables`` (sheet name → frame) to one .xlsx atomically.

    Each sheet has a bold frozen header, an autofilter, column widths fitted to the
    content and number formats from :func:`number_format`. An ``about`` sheet
    comes first with the run's facts (country, run id, version, currency...).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    first = workbook.active
    first.title = "about"
    for key, value in (about or {}).items():
        first.append([neutralise(str(key)), _cell_value(value)])
    first.column_dimensions["A"].width = 22
    first.column_dimensions["B"].width = 60
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for name, frame in tables.items():
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append([neutralise(str(c)) for c in frame.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell_value(v) for v in row])
        for position, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(position)
            fmt = number_format(str(column), frame[column])
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=position,
                                               max_col=position):
                    cell.number_format = fmt
            text_lengths = frame[column].astype(str).str.len()
            widest = max([len(str(column)), *text_lengths.head(500).tolist()] or [8])
            sheet.column_dimensions[letter].width = min(max(10, widest + 2), 60)
        sheet.freeze_panes = "A2"
        if len(frame.columns):
            sheet.auto_filter.ref = sheet.dimensions
    with io.atomic_path(target) as tmp:
        workbook.save(tmp)
    return Path(target)
