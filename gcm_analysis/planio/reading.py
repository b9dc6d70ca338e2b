"""Reading a plan file (workbook or CSV folder) into raw sheets, never judging
content."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Problem, msg
from ..rawsheet import RawSheet
from . import filetype
from .csvfolder import _raw_sheet, _read_csv_folder
from .limits import (
    _CONVERTIBLE_SUFFIXES,
    WORKBOOK_SUFFIXES,
    _check_file,
    _file_problem,
    _refused_sheet,
)
from .package import _inspect_package, _SheetScan


# ---------------------------------------------------------------------- reading
def read_sheets(
    path: Path | str, skip: Collection[str] = ()
) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Read every sheet of a plan workbook or CSV folder, without judging content.

    Parameters
    ----------
    path : Path or str
        An Excel workbook (``.xlsx`` or ``.xlsm``) or a folder holding one CSV
        file per sheet (``settings.csv``, ``interventions.csv``, ...).
    skip : collection of str
        Sheet names not to read (e.g. the template's ``instructions``).

    Returns
    -------
    sheets : dict of str to RawSheet
        Keyed by sheet name (CSV file stem), in file order.
    problems : list of Problem
        Problems with the file itself (missing, not a regular file, too large,
        unreadable, password-protected, not a workbook, a zip bomb) or with a
        sheet (too many rows or cells, not UTF-8, not comma-separated, blank or
        repeated column names). Empty when the file could be read.

    Notes
    -----
    The file is opened read-only; nothing is ever written back to it. Limits
    (:data:`MAX_FILE_BYTES`, :data:`MAX_UNPACKED_BYTES`, :data:`MAX_DATA_ROWS`,
    :data:`MAX_SHEET_CELLS`) are checked before a sheet is loaded, so a hostile
    file is refused in milliseconds instead of exhausting memory.
    """
    path = Path(path)
    label = str(path)
    if not path.exists():
        return {}, [Problem.of(msg("file.not_found"), file=label,
                               expected=msg("file.expected_plan"))]
    if path.is_dir():
        return _read_csv_folder(path, skip)
    return _read_workbook(path, skip)



def _suffix_problem(path: Path) -> Problem:
    suffix = path.suffix.lower()
    if suffix in _CONVERTIBLE_SUFFIXES:
        return _file_problem(path, msg("file.format_not_read", suffix=suffix), suffix)
    if suffix == ".csv":
        return Problem.of(msg("file.csv_not_folder"), file=str(path), value=suffix,
                          expected=msg("file.expected_plan"))
    return _file_problem(path, msg("file.unsupported"), suffix or path.name)


def _sniff(path: Path) -> Problem | None:
    """A problem if the file's content is not a workbook we read, saying what
    it is and what to do (judged from the content, not the name)."""
    try:
        kind = filetype.file_kind(path)
    except OSError as exc:
        return _file_problem(path, msg("file.cannot_open", reason=exc.strerror))
    problem = filetype.kind_problem(path, kind)
    if problem is not None and kind.code in filetype.VAGUE \
            and path.suffix.lower() in _CONVERTIBLE_SUFFIXES:
        return _suffix_problem(path)  # the name says more than the content
    return problem


def _read_workbook(path: Path, skip: Collection[str]
                   ) -> tuple[dict[str, RawSheet], list[Problem]]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if path.suffix.lower() not in WORKBOOK_SUFFIXES + _CONVERTIBLE_SUFFIXES:
        return {}, [_suffix_problem(path)]
    first = _check_file(path) or _sniff(path)
    if first is not None:
        return {}, [first]
    scans, problems = _inspect_package(path, skip)
    if problems:
        return {}, problems
    sheets: dict[str, RawSheet] = {}
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except PasswordError:
        return {}, [_file_problem(path, msg("file.password"))]
    except (CalamineError, OSError, ValueError) as exc:
        return {}, [_file_problem(path, msg("file.unreadable", reason=str(exc)))]
    for name in names:
        if name not in skip:
            sheets[name], found = _load_sheet(workbook, path, name, scans.get(name))
            problems.extend(found)
    return sheets, problems


def _load_sheet(workbook: Any, path: Path, name: str, scan: _SheetScan | None
                ) -> tuple[RawSheet, list[Problem]]:
    """Load one sheet with calamine once its scan allows it."""
    from python_calamine import CalamineError

    if scan is not None and scan.problem is not None:
        return _refused_sheet(name), [scan.problem]
    try:
        sheet = workbook.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
    except (CalamineError, OSError, ValueError) as exc:
        return _refused_sheet(name), [Problem.of(
            msg("sheet_unreadable", reason=str(exc)), file=str(path), sheet=name,
            expected=msg("sheet_unreadable.expected"))]
    if scan is not None:  # calamine reads an error cell as empty: put the code back
        for (r, c), code in scan.errors.items():
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = code
    sheet_, problems = _raw_sheet(path, name, rows,
                                  formulas=scan.formulas if scan else None,
                                  merged=merged)
    if scan is not None and (scan.hidden_rows or scan.hidden_columns
                             or scan.is_hidden):
        sheet_ = replace(sheet_, hidden_rows=scan.hidden_rows,
                         hidden_columns=scan.hidden_columns,
                         is_hidden=scan.is_hidden)
    return sheet_, problems
