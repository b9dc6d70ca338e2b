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
"""

from __future__ import annotations

import csv
import datetime
import io as _stdio
import re
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import Problem
from .io import write_bytes_atomic, write_csv_atomic
from .rawsheet import EXCEL_ERRORS, CellNote, RawSheet, column_index, column_letter
from .xlsx import Formats, new_workbook, write_cell

WORKBOOK_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
"""File suffixes read as plan workbooks: Office Open XML, what Excel, LibreOffice
and ``gcm template`` save. Older or foreign formats are refused with a message
saying how to convert them (they cannot be checked for hostile content)."""
EXCEL_SUFFIXES = WORKBOOK_SUFFIXES  # former name, kept for callers
_CONVERTIBLE_SUFFIXES = (".xls", ".xlsb", ".ods", ".numbers")

MAX_FILE_BYTES = 64 * 2**20
"""Largest plan workbook, or CSV file of a plan folder, that is read (64 MiB)."""
MAX_UNPACKED_BYTES = 256 * 2**20
"""Largest total size of a workbook's parts once unzipped (256 MiB): a guard
against zip bombs, far above a 50,000-line plan (about 50 MiB)."""
MAX_DATA_ROWS = 50_000
"""Most data rows read from one sheet (benchmarks/bench_costing.py costs a plan of
50,000 lines; a national plan has hundreds)."""
MAX_SHEET_CELLS = 2_000_000
"""Most cells a sheet may span (rows x columns up to its last used cell).
calamine allocates the whole rectangle: one stray value in cell XFD1048576 would
ask for hundreds of gigabytes and abort the process."""
_MAX_PARTS = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .xlsx is an OLE compound file holding an
# "EncryptedPackage" stream; the directory stores stream names in UTF-16-LE.
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
_FIXED_DOC_TIME = datetime.datetime(2000, 1, 1)
"""Creation date written into every workbook, so the same layout gives the same
bytes."""


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
        return {}, [Problem(file=label, message="file not found",
                            expected="an .xlsx workbook or a folder of CSV files")]
    if path.is_dir():
        return _read_csv_folder(path, skip)
    return _read_workbook(path, skip)


def _file_problem(path: Path, message: str, value: Any = None) -> Problem:
    return Problem(file=str(path), message=message, value=value,
                   expected="an unprotected .xlsx workbook saved by Excel, "
                   "LibreOffice or `gcm template`")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _check_file(path: Path, sheet: str | None = None) -> Problem | None:
    """A problem if ``path`` is not a regular file of a readable size, else None.

    Devices, pipes and sockets (also behind a symbolic link) would block or
    never end; they are refused before anything is read.
    """
    import stat

    try:
        info = path.stat()
    except OSError as exc:
        return Problem(file=str(path), sheet=sheet,
                       message=f"the file cannot be opened: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return Problem(file=str(path), sheet=sheet,
                       message="not a regular file (a folder, device or pipe)",
                       expected="a regular file")
    if info.st_size > MAX_FILE_BYTES:
        return Problem(file=str(path), sheet=sheet,
                       message=f"the file is too large ({_megabytes(info.st_size)})",
                       value=info.st_size,
                       expected=f"at most {_megabytes(MAX_FILE_BYTES)}")
    return None


def _suffix_problem(path: Path) -> Problem:
    suffix = path.suffix.lower()
    if suffix in _CONVERTIBLE_SUFFIXES:
        return _file_problem(path, f"workbooks in {suffix} format are not read: "
                             "save it as an Excel Workbook (.xlsx)", suffix)
    if suffix == ".csv":
        return Problem(file=str(path), message="unsupported file type: a plan in CSV "
                       "form is a folder of CSV files, one per sheet; give the "
                       "folder", value=suffix,
                       expected="an .xlsx workbook or a folder of CSV files")
    return _file_problem(path, "unsupported file type", suffix or path.name)


def _sniff(path: Path) -> Problem | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if not head:
                return _file_problem(path, "the file is empty (0 bytes)")
            if head.startswith(_OLE_MAGIC):
                if _ENCRYPTED_MARK in handle.read(1 << 20) or path.suffix.lower() in (
                    ".xlsx", ".xlsm"
                ):
                    return _file_problem(
                        path, "the workbook is password-protected (encrypted); save "
                        "a copy without a password and validate that copy")
            elif not head.startswith(_ZIP_MAGIC):
                return _file_problem(path, "this is not an Excel workbook (the file "
                                     "content is not .xlsx)")
    except OSError as exc:
        return _file_problem(path, f"the file cannot be opened: {exc.strerror}")
    return None


def _read_workbook(path: Path, skip: Collection[str]
                   ) -> tuple[dict[str, RawSheet], list[Problem]]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
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
        return {}, [_file_problem(path, "the workbook is password-protected; save a "
                                  "copy without a password and validate that copy")]
    except (CalamineError, OSError, ValueError) as exc:
        return {}, [_file_problem(path, f"the workbook cannot be read ({exc})")]
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
        return _refused_sheet(name), [Problem(
            file=str(path), sheet=name, message=f"the sheet cannot be read ({exc})",
            expected="a sheet as Excel or LibreOffice saves it")]
    if scan is not None:  # calamine reads an error cell as empty: put the code back
        for (r, c), code in scan.errors.items():
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = code
    return _raw_sheet(path, name, rows, formulas=scan.formulas if scan else None,
                      merged=merged)


def _refused_sheet(name: str) -> RawSheet:
    frame = pd.DataFrame(index=pd.Index([], name="row"), dtype=object)
    return RawSheet(name=name, frame=frame, letters={}, is_refused=True)


# ------------------------------------------------------- package inspection
@dataclass
class _SheetScan:
    """What a sheet's XML says before calamine loads it."""

    problem: Problem | None = None
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
               NotImplementedError, RuntimeError, ValueError)


def _inspect_package(path: Path, skip: Collection[str]
                     ) -> tuple[dict[str, _SheetScan], list[Problem]]:
    """Check an .xlsx package's sizes and each sheet's extent before loading it.

    Returns a scan per sheet name (its extent problem, error cells and formula
    cells without a stored result) and file-level problems (not a zip, damaged,
    a zip bomb). Every part is decompressed once, streaming, under a running
    size cap (the sizes a zip declares can lie).
    """
    import zlib

    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as exc:
        return {}, [_file_problem(path, f"the workbook cannot be read (not a valid "
                                  f".xlsx package: {exc})")]
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        declared = sum(i.file_size for i in infos)
        if len(infos) > _MAX_PARTS or declared > MAX_UNPACKED_BYTES:
            return {}, [_unpacked_problem(path, declared)]
        try:
            parts = _sheet_parts(archive)
            if parts is None:  # structure unknown: check every part's extent
                parts = {f"\0{i.filename}": i.filename for i in infos
                         if i.filename.lower().endswith(".xml")}
            wanted = {part for name, part in parts.items() if name not in skip}
            contents: dict[str, bytes] = {}
            total = 0
            for info in infos:
                chunks: list[bytes] = []
                with archive.open(info) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            return {}, [_unpacked_problem(path, total)]
                        if info.filename in wanted:
                            chunks.append(chunk)
                if info.filename in wanted:
                    contents[info.filename] = b"".join(chunks)
        except (*_ZIP_ERRORS, zlib.error) as exc:
            return {}, [_file_problem(path, f"the workbook cannot be read (the "
                                      f"file is damaged: {exc})")]
    scans = {name: _scan_sheet(path, name, contents[part])
             for name, part in parts.items() if part in contents and name not in skip}
    unnamed = [s.problem for n, s in scans.items() if n.startswith("\0") and s.problem]
    if unnamed:
        return {}, [replace(unnamed[0], sheet=None)]
    return scans, []


def _unpacked_problem(path: Path, size: int) -> Problem:
    return Problem(
        file=str(path), message=f"the workbook is too large once unpacked "
        f"({_megabytes(size)} or more: a damaged file or a zip bomb)",
        expected=f"at most {_megabytes(MAX_UNPACKED_BYTES)} of sheets once unpacked")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """Map sheet names to their XML parts (None if the package is not standard)."""
    import posixpath
    import xml.etree.ElementTree as ET

    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def parse(name: str) -> Any:
        if archive.getinfo(name).file_size > 16 * 2**20:
            raise ValueError(f"{name} is too large")
        with archive.open(name) as stream:
            data = stream.read(16 * 2**20 + 1)
        if len(data) > 16 * 2**20:
            raise ValueError(f"{name} is too large")
        return ET.fromstring(data)

    try:
        book = next(r.get("Target", "") for r in parse("_rels/.rels")
                    if r.get("Type", "").endswith("/officeDocument")).lstrip("/")
        folder, base = posixpath.split(book)
        targets = {}
        for rel in parse(posixpath.join(folder, "_rels", base + ".rels")):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") \
                else posixpath.normpath(posixpath.join(folder, target))
        workbook = parse(book)
    except (KeyError, StopIteration, ET.ParseError, *_ZIP_ERRORS):
        return None
    parts = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") and element.get("name") is not None:
            target = targets.get(element.get(f"{{{rel_ns}}}id"))
            if target:
                parts[element.get("name", "")] = target
    return parts


def _scan_sheet(path: Path, name: str, data: bytes) -> _SheetScan:
    """Extent, error cells and formula cells of one worksheet's XML (bytes)."""
    found = re.search(rb"<([A-Za-z_][\w.-]*:)?sheetData\b", data)
    prefix = (found.group(1) or b"") if found else b""
    scan = _SheetScan()
    scan.problem = _extent_problem(path, name, data, prefix)
    if scan.problem is None:
        scan.errors = _error_cells(data)
        scan.formulas = _formula_cells(data, prefix)
    return scan


def _extent_problem(path: Path, name: str, data: bytes, prefix: bytes
                    ) -> Problem | None:
    """A problem if the sheet spans more rows or cells than are read, else None.

    Only cells holding something count (calamine ignores formatted empty cells,
    written self-closing); row numbers of rows count only when some cell has no
    reference of its own (calamine then places it in its row). Plain byte counts
    and literal-prefixed patterns keep this at ~0.1 s per 10 MB of sheet.
    """
    canonical = data.count(b' r="') == data.count(b" r=") and not any(
        odd in data for odd in (b"\tr", b"\nr", b"\rr", b" r "))
    attr = rb' r="' if canonical else rb"\sr\s*=\s*[\"']"
    end = rb"[\"'][^>]*(?<!/)>"
    far = rb"([5-9][0-9]{4}|[1-9][0-9]{5,})"  # rows from 50,000 on
    found = _far_cell(re.finditer(attr + rb"([A-Z]{1,3})" + far + end, data))
    cells = data.count(b"<" + prefix + b"c ") + data.count(b"<" + prefix + b"c>")
    if found is None and (not canonical or data.count(b' r="') < cells + data.count(
            b"<" + prefix + b"row ") + data.count(b"<" + prefix + b"row>")):
        # some cell has no reference: calamine places it in its row's row
        found = _far_cell(re.finditer(attr + rb"()" + far + end, data))
    if found is not None:
        letters, row = found
        return _extent(path, name, f"it has cells below row {MAX_DATA_ROWS + 1:,}, "
                       f"e.g. {letters or 'row '}{row}", row, letters or None)
    wide = set(re.findall(attr + rb"([A-Z]{2,})[0-9]+" + end, data))
    max_col = max((column_index(c.decode()) + 1 for c in wide), default=26)
    if max_col > 26:  # a wide sheet: its depth decides
        depth = re.findall(attr + rb"[A-Z]{1,3}([0-9]+)" + end, data)
        max_row = max((int(r) for r in depth), default=0)
        if max_row * max_col > MAX_SHEET_CELLS:
            return _extent(path, name, f"it spans {max_row:,} rows and {max_col:,} "
                           f"columns, up to column {column_letter(max_col - 1)}",
                           None, column_letter(max_col - 1))
    if cells > MAX_SHEET_CELLS:
        return _extent(path, name, f"it has {cells:,} cells", None, None)
    return None


def _far_cell(matches: Any) -> tuple[str, int] | None:
    for found in matches:
        if int(found.group(2)) > MAX_DATA_ROWS + 1:
            return found.group(1).decode(), int(found.group(2))
    return None


def _extent(path: Path, name: str, detail: str, row: int | None,
            column: str | None) -> Problem:
    return Problem(
        file=str(path), sheet=name, row=row, column=column,
        message=f"the sheet is too large to read: {detail}",
        expected=f"at most {MAX_DATA_ROWS:,} data rows and {MAX_SHEET_CELLS:,} "
        "cells; delete the rows and columns beyond your data (a stray value far "
        "away counts) or split the plan")


def _position(tag: bytes) -> tuple[int, int] | None:
    found = re.search(rb"\sr\s*=\s*[\"']([A-Z]{1,3})([0-9]{1,7})[\"']", tag)
    if found is None:
        return None
    return int(found.group(2)) - 1, column_index(found.group(1).decode())


def _error_cells(data: bytes) -> dict[tuple[int, int], str]:
    from html import unescape

    errors: dict[tuple[int, int], str] = {}
    for mark in (b't="e"', b"t='e'"):
        at = data.find(mark)
        while at != -1:
            start, end = data.rfind(b"<", 0, at), data.find(b">", at)
            position = _position(data[start:end])
            value = re.match(rb"\s*<(?:[\w.-]+:)?v>([^<]*)<", data[end + 1:end + 200])
            if position is not None:
                code = unescape(value.group(1).decode("utf-8", "replace")) if value \
                    else "#VALUE!"
                errors[position] = code if code in EXCEL_ERRORS else "#VALUE!"
            at = data.find(mark, at + 1)
    return errors


def _formula_cells(data: bytes, prefix: bytes) -> dict[tuple[int, int], str]:
    """Formula cells without a stored result: their formula, by position.

    Excel stores each formula's last result beside it (``<v>``), and that is what
    we read. A file written by a program that never computed it (openpyxl, some
    exports) has no result: calamine would read an empty cell.
    """
    from html import unescape

    formulas: dict[tuple[int, int], str] = {}
    cell_start, cell_end = b"<" + prefix + b"c", b"</" + prefix + b"c>"
    for found in re.finditer(rb"<" + re.escape(prefix) + rb"f[\s>/]", data):
        start = data.rfind(cell_start, 0, found.start())
        while start != -1 and data[start + len(cell_start):][:1] not in (
                b" ", b"\t", b"\n", b"\r", b">"):
            start = data.rfind(cell_start, 0, start)
        end = data.find(cell_end, found.start())
        if start == -1 or end == -1:
            continue
        cell = data[start:end]
        tag = cell[:cell.find(b">") + 1]
        if re.search(rb"<(?:[\w.-]+:)?v>[^<]+<", cell) or re.search(
                rb"\st\s*=\s*[\"'](?:str|e)[\"']", tag):
            continue  # a stored result (errors are reported as error values)
        position = _position(tag)
        if position is None:
            continue
        text = re.search(rb"<(?:[\w.-]+:)?f\b[^>]*>([^<]*)<", cell)
        formula = unescape(text.group(1).decode("utf-8", "replace")) if text and \
            text.group(1) else "(shared formula)"
        formulas[position] = "=" + formula.lstrip("=")
    return formulas


# --------------------------------------------------------------- CSV folders
def _read_csv_folder(folder: Path, skip: Collection[str]
                     ) -> tuple[dict[str, RawSheet], list[Problem]]:
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    files = sorted(f for f in folder.glob("*.csv") if f.stem not in skip)
    if not files:
        return {}, [Problem(file=str(folder), message="the folder holds no CSV file",
                            expected="one CSV file per sheet, e.g. settings.csv")]
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
        return [], [], Problem(
            file=str(file), sheet=file.stem,
            message="the file is UTF-16 text, not UTF-8" if utf16 else
            "the file is not UTF-8 text",
            expected="a CSV file saved as 'CSV UTF-8 (Comma delimited)'")
    except OSError as exc:
        return [], [], Problem(file=str(file), sheet=file.stem,
                               message=f"the file cannot be opened: {exc.strerror}")
    header, *following = text.splitlines()[:2] or [""]
    separator = next((name for sep, name in ((";", "semicolons (;)"), ("\t", "tabs"))
                      if sep in header and "," not in header
                      and all(line.count(sep) >= header.count(sep)
                              for line in following)), None)
    if separator is not None:
        return [], [], Problem(
            file=str(file), sheet=file.stem, row=1, value=header[:60],
            message=f"the columns are separated by {separator}, not commas "
            "(a spreadsheet saved with regional settings)",
            expected="a CSV file with comma separators and decimal points (save as "
            "'CSV UTF-8 (Comma delimited)'), or the .xlsx template")
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
        return [], [], Problem(file=str(file), sheet=file.stem, row=last_line + 1,
                               message=f"the CSV file is malformed ({exc})",
                               expected="a CSV file as a spreadsheet saves it "
                               f"(cells of at most {csv.field_size_limit():,} "
                               "characters, quotes paired)")
    return rows, row_numbers, None


def _rows_problem(path: Path, name: str) -> Problem:
    return Problem(file=str(path), sheet=name,
                   message=f"the sheet has more than {MAX_DATA_ROWS:,} data rows",
                   expected=f"at most {MAX_DATA_ROWS:,} rows per sheet: group "
                   "similar cost lines or split the plan")


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
                problems.append(Problem(
                    file=str(path), sheet=name, row=1, column=column_letter(j),
                    message=f"column {column_letter(j)} has values but no header",
                    expected="a column name in row 1"))
            continue
        if head in seen:
            problems.append(Problem(
                file=str(path), sheet=name, row=1, column=head, value=head,
                message=f"column name repeated (columns {column_letter(seen[head])} "
                f"and {column_letter(j)})", expected="each column name once"))
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


# --------------------------------------------------------------------- template
SUGGESTED_UNITS: tuple[str, ...] = (
    "staff month", "consultant day", "workshop", "participant day", "training course",
    "campaign", "system", "licence year", "item", "trip", "case", "person",
    "session", "study", "survey round", "event", "month", "year", "lump sum",
)
"""Units offered in the cost_lines drop-down (other units may be typed)."""

_INSTRUCTIONS = (
    "Fill the sheets settings, interventions and cost_lines; exchange_rates, "
    "inflation_rates and priorities when you need them.",
    "Row 1 of each sheet holds the column names: do not rename, reorder as you like. "
    "Hover over a column name for what to enter; the table below lists every column.",
    "One row per intervention, one row per cost line. A cost line is a quantity per "
    "year times a unit cost, in a currency, at a price year. Give low and high unit "
    "costs (and quantities) when you are unsure: they make the budget's range.",
    "Amounts in another currency than the reporting currency need a dated rate in "
    "exchange_rates. Percentages are typed as numbers: 10 means 10 %.",
    "Mark support activities (capacity building, coordination, monitoring) with "
    "is_support_activity = yes: the budget shows them separately.",
    "Use costing_method = top_down for an amount you cannot build from inputs; every "
    "total then says which method produced it.",
    "Check the file with `gcm validate <file>`: it lists every problem at once, with "
    "sheet, row and column, and never changes your file.",
    "Extra sheets you add are kept as they are; the sheets 'instructions' and 'lists' "
    "are ignored when the plan is read.",
)


def template_layout(
    specs: Sequence[Any],
    settings_columns: Sequence[Any],
    tables: dict[str, pd.DataFrame],
    columns_help: pd.DataFrame,
    lang: str = "en",
) -> list[SheetLayout]:
    """Describe the template workbook: instructions, plan sheets, lists.

    Parameters
    ----------
    specs : sequence of plan.SheetSpec
        The plan's sheets (core and registered), in order.
    settings_columns : sequence of plan.ColumnSpec
        The settings (one row each on the settings sheet).
    tables : dict of str to DataFrame
        Content per sheet (``plan.plan_to_tables`` or ``plan.template_tables``);
        sheets not described by ``specs`` are written after the plan sheets.
    columns_help : DataFrame
        ``plan.describe_columns()``: one row per column for the instructions.
    lang : str
        Language of the objective titles.

    Returns
    -------
    list of SheetLayout
    """
    choices = {
        f"{spec.name}.{column.name}": list(column.choices)
        for spec in specs for column in spec.columns
        if column.kind == "choice" and column.choices and not column.dropdown
    }
    lists, ranges = _lists_sheet(lang, choices)
    layouts = [_instructions_sheet(columns_help, lang)]
    known = set()
    for spec in specs:
        known.add(spec.name)
        if spec.name == "settings":
            layouts.append(_settings_sheet(settings_columns, tables["settings"],
                                           ranges))
        elif spec.in_template or spec.name in tables:
            table = tables.get(spec.name, pd.DataFrame(columns=[c.name for c in
                                                                spec.columns]))
            layouts.append(_data_sheet(spec, table, ranges))
    layouts.append(lists)
    for name, table in tables.items():
        if name not in known:
            cells = table.astype(object).where(table.notna(), None)
            header = [str(c) for c in table.columns]
            layouts.append(SheetLayout(name=name, header=header,
                                       rows=cells.to_numpy().tolist()))
    return layouts


def _lists_sheet(lang: str, choices: dict[str, list[Any]]
                 ) -> tuple[SheetLayout, dict[str, str]]:
    from . import io, reference

    titles = reference.objective_titles(lang if lang in reference.LANGUAGES else "en",
                                        short=True)
    categories = io.read_reference("cost_categories")
    currencies = reference.currencies()["currency_code"].tolist()
    try:
        countries = reference.countries()["iso3"].tolist()
    except FileNotFoundError:
        countries = []
    columns: dict[str, list[Any]] = {
        "objective_id": [int(i) for i in titles.index],
        "objective_short_title": titles.tolist(),
        "category": categories["category_code"].tolist(),
        "category_name": categories["name_en"].tolist(),
        "cost_type": ["start_up", "recurrent"],
        "costing_method": ["bottom_up", "top_down"],
        "yesno": ["yes", "no"],
        "currency": currencies,
        "iso3": countries,
        "unit": list(SUGGESTED_UNITS),
        **choices,
    }
    header = list(columns)
    depth = max(len(v) for v in columns.values())
    rows = [[columns[h][i] if i < len(columns[h]) else None for h in header]
            for i in range(depth)]
    ranges = {}
    for j, name in enumerate(header):
        if columns[name]:
            letter = column_letter(j)
            ranges[name] = f"=lists!${letter}$2:${letter}${len(columns[name]) + 1}"
    layout = SheetLayout(name="lists", header=header, rows=rows, hidden=True,
                         widths={"objective_short_title": 36, "category_name": 36})
    return layout, ranges


def _instructions_sheet(columns_help: pd.DataFrame, lang: str) -> SheetLayout:
    from . import io, reference

    rows: list[list[Any]] = [[text] for text in _INSTRUCTIONS]
    rows += [[], ["Columns of each sheet"], list(columns_help.columns)]
    rows += columns_help.astype(object).to_numpy().tolist()
    titles = reference.objective_titles(lang if lang in reference.LANGUAGES else "en")
    rows += [[], ["GCM objectives (A/RES/73/195)"], ["objective_id", "title"]]
    rows += [[int(i), t] for i, t in titles.items()]
    categories = io.read_reference("cost_categories")
    rows += [[], ["Cost categories"], ["category", "name", "what it covers"]]
    described = categories[["category_code", "name_en", "description_en"]]
    rows += described.to_numpy().tolist()
    return SheetLayout(
        name="instructions",
        header=["GCM Workbook: national implementation plan template"],
        rows=rows, is_table=False,
        widths={"A": 16, "B": 26, "C": 10, "D": 70, "E": 22, "F": 50},
        wrap_letters=("D", "F"),
    )


def _settings_sheet(settings_columns: Sequence[Any], table: pd.DataFrame,
                    ranges: dict[str, str]) -> SheetLayout:
    values = dict(zip(table["setting"], table["value"], strict=True))
    rows, rules = [], []
    for i, spec in enumerate(settings_columns, start=2):
        value = values.get(spec.name, "")
        need = "required" if spec.required else "optional"
        rows.append([spec.name, None if value == "" else value, spec.unit,
                     f"{spec.description} ({need}; {spec.expected()})"])
        cell = f"B{i}"
        if spec.dropdown and spec.dropdown in ranges:
            rules.append(CellValidation(cell=cell, source=ranges[spec.dropdown]))
        elif spec.kind in ("int", "number"):
            rules.append(CellValidation(
                cell=cell, kind="whole" if spec.kind == "int" else "decimal",
                minimum=spec.minimum, maximum=spec.maximum, prompt=spec.expected()))
    return SheetLayout(
        name="settings", header=["setting", "value", "unit", "description"],
        rows=rows, cell_validations=rules,
        widths={"setting": 22, "value": 18, "unit": 14, "description": 90},
        comments={"value": "Write each setting's value in this column."},
    )


def _data_sheet(spec: Any, table: pd.DataFrame, ranges: dict[str, str]) -> SheetLayout:
    header = [c.name for c in spec.columns]
    header += [str(c) for c in table.columns if c not in header]
    body = table.reindex(columns=header).astype(object)
    for column in spec.columns:
        if column.kind == "date":  # real dates in the workbook, ISO text in CSV
            parsed = pd.to_datetime(body[column.name], errors="coerce")
            body[column.name] = [None if pd.isna(v) else v.date() for v in parsed]
    rows = body.where(body.notna(), None).to_numpy().tolist()
    comments, widths, formats = {}, {}, {}
    rules: list[ListValidation | NumberValidation] = []
    for column in spec.columns:
        required = "Required." if column.required else "Optional."
        unit = f" Unit: {column.unit}." if column.unit else ""
        comments[column.name] = (f"{column.description}. {required}{unit} "
                                 f"Expected: {column.expected()}.")
        widths[column.name] = max(12.0, min(40.0, len(column.name) * 1.2 + 2))
        if column.kind == "text":
            widths[column.name] = 30.0
        if column.dropdown and column.dropdown in ranges:
            rules.append(ListValidation(column.name, ranges[column.dropdown],
                                        strict=column.dropdown != "unit"))
        elif column.kind == "choice" and f"{spec.name}.{column.name}" in ranges:
            rules.append(ListValidation(column.name,
                                        ranges[f"{spec.name}.{column.name}"]))
        elif column.kind in ("int", "number") and (
            column.minimum is not None or column.maximum is not None
        ):
            rules.append(NumberValidation(
                column.name, "whole" if column.kind == "int" else "decimal",
                column.minimum, column.maximum))
        if column.kind == "int":
            formats[column.name] = "0"
        elif column.kind == "number":
            formats[column.name] = "#,##0.00##"
        elif column.kind == "date":
            formats[column.name] = "yyyy-mm-dd"
    return SheetLayout(name=spec.name, header=header, rows=rows, comments=comments,
                       widths=widths, number_formats=formats, validations=rules)
