"""Plans as folders of CSV files (one per sheet), and a run folder's tables."""

from __future__ import annotations

import csv
import io as _stdio
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Number, Problem, msg
from ..io import write_csv_atomic
from ..rawsheet import CellNote, RawSheet, column_letter
from .limits import (
    MAX_DATA_ROWS,
    _check_file,
    _refused_sheet,
)


# --------------------------------------------------------------- CSV folders
def _read_csv_folder(folder: Path, skip: Collection[str]
                     ) -> tuple[dict[str, RawSheet], list[Problem]]:
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    files = sorted(f for f in folder.glob("*.csv") if f.stem not in skip)
    if not files:
        return {}, [Problem.of(msg("csv.no_file"), file=str(folder),
                               expected=msg("csv.no_file.expected"))]
    for file in files:
        rows, row_numbers, problem = _read_csv_rows(file)
        if problem is not None:
            problems.append(problem)
            sheets[file.stem] = _refused_sheet(file.stem)
            continue
        sheet, sheet_problems = _raw_sheet(folder, file.stem, rows, row_numbers)
        sheets[file.stem] = sheet
        problems.extend(sheet_problems)
    return sheets, problems


def _read_csv_rows(file: Path) -> tuple[list[list[Any]], list[int], Problem | None]:
    """The rows of one CSV file (cells stripped) and the line each row starts on."""
    problem = _check_file(file, sheet=file.stem)
    if problem is not None:
        return [], [], problem
    try:
        data = file.read_bytes()
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        return [], [], Problem.of(
            msg("csv.utf16" if utf16 else "csv.not_utf8"), file=str(file),
            sheet=file.stem, expected=msg("csv.utf8.expected"))
    except OSError as exc:
        return [], [], Problem.of(msg("file.cannot_open", reason=exc.strerror),
                                  file=str(file), sheet=file.stem)
    header, *following = text.splitlines()[:2] or [""]
    separator = next((name for sep, name in ((";", "semicolons"), ("\t", "tabs"))
                      if sep in header and "," not in header
                      and all(line.count(sep) >= header.count(sep)
                              for line in following)), None)
    if separator is not None:
        return [], [], Problem.of(
            msg(f"csv.separator.{separator}"), file=str(file), sheet=file.stem, row=1,
            value=header[:60], expected=msg("csv.separator.expected"))
    rows: list[list[Any]] = []
    row_numbers: list[int] = []
    reader = csv.reader(_stdio.StringIO(text, newline=""))
    last_line = 0
    try:
        for record in reader:
            row_numbers.append(last_line + 1)
            last_line = reader.line_num
            rows.append([cell.strip() for cell in record])
            if len(rows) > MAX_DATA_ROWS + 1 and any(record):
                return [], [], _rows_problem(file, file.stem)
    except csv.Error as exc:
        return [], [], Problem.of(
            msg("csv.malformed", reason=str(exc)), file=str(file), sheet=file.stem,
            row=last_line + 1,
            expected=msg("csv.malformed.expected",
                         count=Number(csv.field_size_limit())))
    return rows, row_numbers, None


def _rows_problem(path: Path, name: str) -> Problem:
    return Problem.of(msg("csv.too_many_rows", count=Number(MAX_DATA_ROWS)),
                      file=str(path), sheet=name,
                      expected=msg("csv.too_many_rows.expected",
                                   count=Number(MAX_DATA_ROWS)))


def _raw_sheet(
    path: Path, name: str, rows: list[list[Any]], row_numbers: list[int] | None = None,
    formulas: dict[tuple[int, int], str] | None = None,
    merged: Sequence[Any] | None = None,
) -> tuple[RawSheet, list[Problem]]:
    """Build a :class:`RawSheet` from rows of cells (first row = header)."""
    problems: list[Problem] = []
    if row_numbers is None:
        row_numbers = list(range(1, len(rows) + 1))
    width = max((len(r) for r in rows), default=0)
    header = [_header_text(v) for v in (rows[0] if rows else [])]
    header += [""] * (width - len(header))
    body = [list(r) + [""] * (width - len(r)) for r in rows[1:]]
    keep: list[int] = []
    seen: dict[str, int] = {}
    for j, head in enumerate(header):
        has_values = any(_is_filled(r[j]) for r in body)
        if not head:
            if has_values:
                problems.append(Problem.of(
                    msg("csv.no_header", letter=column_letter(j)), file=str(path),
                    sheet=name, row=1, column=column_letter(j),
                    expected=msg("csv.no_header.expected")))
            continue
        if head in seen:
            problems.append(Problem.of(
                msg("csv.column_repeated", first=column_letter(seen[head]),
                    second=column_letter(j)),
                file=str(path), sheet=name, row=1, column=head, value=head,
                expected=msg("each_column_once")))
            continue
        seen[head] = j
        keep.append(j)
    columns = [header[j] for j in keep]
    data = [[r[j] for j in keep] for r in body]
    index = row_numbers[1:len(rows)]
    cells = np.array(data, dtype=object).reshape(len(data), len(columns))
    frame = pd.DataFrame(cells, columns=columns, index=pd.Index(index, name="row"),
                         dtype=object)
    if len(frame):
        # A row counts if any cell holds something (CSV cells arrive stripped).
        filled = (~(pd.isna(cells) | (cells == ""))).any(axis=1)
        frame = frame.loc[filled]
    if len(frame) > MAX_DATA_ROWS:
        return _refused_sheet(name), [*problems, _rows_problem(path, name)]
    letters = {header[j]: column_letter(j) for j in keep}
    notes = _cell_notes(header, formulas or {}, merged or ())
    return RawSheet(name=name, frame=frame, letters=letters, notes=notes), problems


def _cell_notes(header: list[str], formulas: dict[tuple[int, int], str],
                merged: Sequence[Any]) -> tuple[CellNote, ...]:
    def named(c: int) -> str:
        return header[c] if c < len(header) and header[c] else column_letter(c)

    notes = [CellNote("formula", r + 1, named(c), column_letter(c), text)
             for (r, c), text in sorted(formulas.items())]
    for (r0, c0), (r1, c1) in merged:
        cells = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        notes.append(CellNote("merged", r0 + 1, named(c0), column_letter(c0), cells))
    return tuple(notes)


_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u200c\u200d\u2060")


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # byte-order marks and zero-width spaces pasted into a header are invisible
    return str(value).translate(_INVISIBLE).strip()


def _is_filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, float):
        return value == value
    return True


def read_run_table_if_present(run_dir: Path | str, name: str) -> pd.DataFrame | None:
    """Return ``<run_dir>/<name>.csv`` as a DataFrame, or ``None`` if absent.

    Used for optional hand-overs between stages (e.g. ``selection.csv`` from
    notebook 02, which the costing stage can do without).
    """
    path = Path(run_dir) / f"{name}.csv"
    if not path.exists():
        return None
    return pd.read_csv(path)



def write_csv_folder(folder: Path | str, tables: dict[str, pd.DataFrame]) -> Path:
    """Write one CSV file per table into ``folder`` (UTF-8, LF), atomically each.

    Parameters
    ----------
    folder : Path or str
        Target folder (created if needed).
    tables : dict of str to DataFrame
        Sheet name -> table; written to ``<folder>/<name>.csv`` without index.

    Returns
    -------
    Path
        ``folder``.
    """
    folder = Path(folder)
    for name, table in tables.items():
        write_csv_atomic(folder / f"{name}.csv", table)
    return folder
