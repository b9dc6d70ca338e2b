"""Plan files on disk: read a workbook (or a folder of CSV files), write one.

This module is the only place that opens a plan file. It knows nothing about the
plan's sheets or columns (that is :mod:`gcm_analysis.plan`): it turns a file into
raw tables of cell values, indexed by the row number a user sees, and turns a
described layout (:class:`SheetLayout`; :func:`template_layout` describes the plan
template from the plan's sheet specs) into an ``.xlsx`` file. Keeping the two apart lets
:mod:`gcm_analysis.plan` validate and build plans from DataFrames alone.

Reading uses python-calamine (about 11 times faster than openpyxl on large
sheets) and never writes to the file it reads. Writing uses XlsxWriter (data
validation drop-downs, comments, column widths and formats) and is atomic and
deterministic: the same layout gives the same bytes, so a committed workbook can
be checked against the CSV files it was generated from.

The package: :mod:`.reading` (:func:`read_sheets`), :mod:`.package` (the zip
checks before calamine opens a workbook), :mod:`.csvfolder` (plans as CSV
folders), :mod:`.writing` (:class:`SheetLayout` to ``.xlsx``, with the cell rule of
:mod:`gcm_analysis.xlsx`), :mod:`.template` (the plan template's layout) and
:mod:`.limits`. :class:`~gcm_analysis.rawsheet.RawSheet` and its helpers live in
:mod:`gcm_analysis.rawsheet`; every name is importable from
``gcm_analysis.planio``.
"""

from __future__ import annotations

from ..rawsheet import (
    EXCEL_ERRORS,
    CellNote,
    RawSheet,
    column_index,
    column_letter,
)
from .csvfolder import (
    read_run_table_if_present,
    write_csv_folder,
)
from .limits import (
    _OLE_MAGIC,
    EXCEL_SUFFIXES,
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
    WORKBOOK_SUFFIXES,
)
from .reading import (
    read_sheets,
)
from .template import (
    SUGGESTED_UNITS,
    template_layout,
)
from .writing import (
    CellValidation,
    ListValidation,
    NumberValidation,
    SheetLayout,
    workbook_bytes,
    write_workbook,
)

__all__ = [
    "CellNote",
    "CellValidation",
    "EXCEL_ERRORS",
    "EXCEL_SUFFIXES",
    "ListValidation",
    "MAX_DATA_ROWS",
    "MAX_FILE_BYTES",
    "MAX_SHEET_CELLS",
    "MAX_UNPACKED_BYTES",
    "NumberValidation",
    "RawSheet",
    "SUGGESTED_UNITS",
    "SheetLayout",
    "WORKBOOK_SUFFIXES",
    "_OLE_MAGIC",
    "column_index",
    "column_letter",
    "read_run_table_if_present",
    "read_sheets",
    "template_layout",
    "workbook_bytes",
    "write_csv_folder",
    "write_workbook",
]
