"""Inspecting a workbook's zip package before calamine opens it: sizes, sheet
extents, error and formula cells."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Number, Problem, Text, msg
from ..rawsheet import EXCEL_ERRORS, column_index, column_letter
from .limits import (
    _MAX_PARTS,
    MAX_DATA_ROWS,
    MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
    _file_problem,
    _megabytes,
)


# ------------------------------------------------------- package inspection
@dataclass
class _SheetScan:
    """What a sheet's XML says before calamine loads it."""

    problem: Problem | None = None
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[str, ...] = ()
    is_hidden: bool = False


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
        return {}, [_file_problem(path, msg("file.not_package", reason=str(exc)))]
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        declared = sum(i.file_size for i in infos)
        if len(infos) > _MAX_PARTS or declared > MAX_UNPACKED_BYTES:
            return {}, [_unpacked_problem(path, declared)]
        try:
            hidden: set[str] = set()
            parts = _sheet_parts(archive, hidden)
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
            return {}, [_file_problem(path, msg("file.damaged", reason=str(exc)))]
    scans = {name: _scan_sheet(path, name, contents[part])
             for name, part in parts.items() if part in contents and name not in skip}
    for name in hidden & set(scans):
        scans[name].is_hidden = True
    unnamed = [s.problem for n, s in scans.items() if n.startswith("\0") and s.problem]
    if unnamed:
        return {}, [replace(unnamed[0], sheet=None)]
    return scans, []


def _unpacked_problem(path: Path, size: int) -> Problem:
    return Problem.of(
        msg("file.unpacked_too_large", size=_megabytes(size)), file=str(path),
        expected=msg("file.unpacked_too_large.expected",
                     limit=_megabytes(MAX_UNPACKED_BYTES)))


def _sheet_parts(archive: zipfile.ZipFile, hidden: set[str] | None = None
                 ) -> dict[str, str] | None:
    """Map sheet names to their XML parts (None if the package is not standard);
    the names of hidden sheets are added to ``hidden`` when given."""
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
                if hidden is not None and element.get("state") in (
                        "hidden", "veryHidden"):
                    hidden.add(element.get("name", ""))
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
        scan.hidden_rows, scan.hidden_columns = _hidden(data, prefix)
    return scan


_HIDDEN = re.compile(rb"\shidden\s*=\s*[\"'](?:1|true)[\"']")
_MAX_HIDDEN_COLUMNS = 16_384


def _hidden(data: bytes, prefix: bytes) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Rows (Excel numbers) and columns (letters) the sheet's XML marks hidden.

    calamine does not expose visibility, so the ``<row hidden="1">`` and
    ``<col min max hidden="1">`` elements are read here (a filtered-out row is
    a hidden row too).
    """
    if not _HIDDEN.search(data):
        return (), ()
    name = re.escape(prefix)
    rows = []
    for tag in re.finditer(rb"<" + name + rb"row\b[^>]*>", data):
        if _HIDDEN.search(tag.group()):
            number = re.search(rb"\sr\s*=\s*[\"']([0-9]{1,7})[\"']", tag.group())
            if number is not None:
                rows.append(int(number.group(1)))
    columns: list[str] = []
    for tag in re.finditer(rb"<" + name + rb"col\b[^>]*>", data):
        if not _HIDDEN.search(tag.group()):
            continue
        low = re.search(rb"\smin\s*=\s*[\"']([0-9]{1,5})[\"']", tag.group())
        high = re.search(rb"\smax\s*=\s*[\"']([0-9]{1,5})[\"']", tag.group())
        if low is None or high is None:
            continue
        first = int(low.group(1))
        last = min(int(high.group(1)), first + _MAX_HIDDEN_COLUMNS - len(columns))
        columns += [column_letter(j - 1) for j in range(first, last + 1)]
    return tuple(rows), tuple(dict.fromkeys(columns))


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
        return _extent(path, name, msg("extent.below", last=Number(MAX_DATA_ROWS + 1),
                                       cell=f"{letters}{row}") if letters else
                       msg("extent.below_row", last=Number(MAX_DATA_ROWS + 1), row=row),
                       row, letters or None)
    wide = set(re.findall(attr + rb"([A-Z]{2,})[0-9]+" + end, data))
    max_col = max((column_index(c.decode()) + 1 for c in wide), default=26)
    if max_col > 26:  # a wide sheet: its depth decides
        depth = re.findall(attr + rb"[A-Z]{1,3}([0-9]+)" + end, data)
        max_row = max((int(r) for r in depth), default=0)
        if max_row * max_col > MAX_SHEET_CELLS:
            return _extent(path, name, msg("extent.spans", rows=Number(max_row),
                                           columns=Number(max_col),
                                           letter=column_letter(max_col - 1)),
                           None, column_letter(max_col - 1))
    if cells > MAX_SHEET_CELLS:
        return _extent(path, name, msg("extent.cells", cells=Number(cells)), None, None)
    return None


def _far_cell(matches: Any) -> tuple[str, int] | None:
    for found in matches:
        if int(found.group(2)) > MAX_DATA_ROWS + 1:
            return found.group(1).decode(), int(found.group(2))
    return None


def _extent(path: Path, name: str, detail: Text, row: int | None,
            column: str | None) -> Problem:
    return Problem.of(
        msg("extent", detail=detail), file=str(path), sheet=name, row=row,
        column=column, expected=msg("extent.expected", rows=Number(MAX_DATA_ROWS),
                                    cells=Number(MAX_SHEET_CELLS)))


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
