"""Plan files on disk: read a workbook (or a folder of CSV files), write one.

This module is the only place that opens a plan file. It knows nothing about the
plan's sheets or columns (that is :mod:`gcm_analysis.plan`): it turns a file into
raw tables of cell values, indexed by the row number a user sees, and turns a
described layout (:class:`SheetLayout`; :func:`template_layout` describes the plan
template from the plan's sheet specs) into an ``.xlsx`` file. Keeping the two apart lets
:mod:`gcm_analysis.plan` validate and build plans from DataFrames alone.

Reading uses python-calamine (about 11 times faster than openpyxl on large
sheets) and never writes to the file it reads. Writing uses openpyxl (data
validation drop-downs, comments, column widths) and is atomic and deterministic:
the same layout gives the same bytes, so a committed workbook can be checked
against the CSV files it was generated from.
"""

from __future__ import annotations

import csv
import io as _stdio
import re
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import Problem
from .io import write_bytes_atomic, write_csv_atomic

EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
"""File suffixes read as workbooks (anything calamine reads)."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .xlsx is an OLE compound file holding an
# "EncryptedPackage" stream; the directory stores stream names in UTF-16-LE.
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = "2000-01-01T00:00:00Z"


@dataclass(frozen=True)
class RawSheet:
    """One sheet as found in the file, before any type is assumed.

    ``frame`` has one column per header cell (header text stripped) and one row
    per non-empty row; its index is the row number a user sees (the header is
    row 1). Cell values are as stored: ``str``, ``float``, ``int``, ``bool``,
    ``datetime``/``date`` from a workbook; always ``str`` from a CSV file. Empty
    cells are ``""``. ``letters`` maps each header to its column letter (``"C"``).
    """

    name: str
    frame: pd.DataFrame
    letters: dict[str, str]


def column_letter(index: int) -> str:
    """Return the Excel column letter of a 0-based column index (0 -> ``A``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------- reading
def read_sheets(
    path: Path | str, skip: Collection[str] = ()
) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Read every sheet of a plan workbook or CSV folder, without judging content.

    Parameters
    ----------
    path : Path or str
        An Excel workbook (``.xlsx``, ``.xlsm``, ...) or a folder holding one CSV
        file per sheet (``settings.csv``, ``interventions.csv``, ...).

    Returns
    -------
    sheets : dict of str to RawSheet
        Keyed by sheet name (CSV file stem), in file order.
    problems : list of Problem
        Problems with the file itself (missing, unreadable, password-protected,
        not a workbook) or with a sheet's header row (blank or repeated column
        names). Empty when the file could be read.
    skip : collection of str
        Sheet names not to read (e.g. the template's ``instructions``).

    Notes
    -----
    The file is opened read-only; nothing is ever written back to it.
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


def _sniff(path: Path) -> Problem | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head.startswith(_OLE_MAGIC):
                if _ENCRYPTED_MARK in handle.read(1 << 20) or path.suffix.lower() in (
                    ".xlsx", ".xlsm"
                ):
                    return _file_problem(
                        path, "the workbook is password-protected (encrypted); save "
                        "a copy without a password and validate that copy")
            elif path.suffix.lower() in (".xlsx", ".xlsm") and not head.startswith(
                _ZIP_MAGIC
            ):
                return _file_problem(path, "this is not an Excel workbook (the file "
                                     "content is not .xlsx)")
    except OSError as exc:
        return _file_problem(path, f"the file cannot be opened: {exc.strerror}")
    return None


def _read_workbook(path: Path, skip: Collection[str]
                   ) -> tuple[dict[str, RawSheet], list[Problem]]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return {}, [_file_problem(path, "unsupported file type",
                                  path.suffix or path.name)]
    sniffed = _sniff(path)
    if sniffed is not None:
        return {}, [sniffed]
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except PasswordError:
        return {}, [_file_problem(path, "the workbook is password-protected; save a "
                                  "copy without a password and validate that copy")]
    except (CalamineError, OSError, ValueError) as exc:
        return {}, [_file_problem(path, f"the workbook cannot be read ({exc})")]
    for name in names:
        if name in skip:
            continue
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except (CalamineError, OSError, ValueError) as exc:
            problems.append(Problem(file=str(path), sheet=name,
                                    message=f"the sheet cannot be read ({exc})"))
            continue
        sheet, sheet_problems = _raw_sheet(path, name, rows)
        sheets[name] = sheet
        problems.extend(sheet_problems)
    return sheets, problems


def _read_csv_folder(folder: Path, skip: Collection[str]
                     ) -> tuple[dict[str, RawSheet], list[Problem]]:
    sheets: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    files = sorted(f for f in folder.glob("*.csv") if f.stem not in skip)
    if not files:
        return {}, [Problem(file=str(folder), message="the folder holds no CSV file",
                            expected="one CSV file per sheet, e.g. settings.csv")]
    for file in files:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(file=str(file), sheet=file.stem,
                                    message="the file is not UTF-8 text",
                                    expected="a CSV file saved as UTF-8"))
            continue
        except OSError as exc:
            problems.append(Problem(
                file=str(file), sheet=file.stem,
                message=f"the file cannot be opened: {exc.strerror}"))
            continue
        rows: list[list[Any]] = []
        row_numbers: list[int] = []
        reader = csv.reader(_stdio.StringIO(text, newline=""))
        last_line = 0
        try:
            for record in reader:
                row_numbers.append(last_line + 1)
                last_line = reader.line_num
                rows.append([cell.strip() for cell in record])
        except csv.Error as exc:
            problems.append(Problem(file=str(file), sheet=file.stem, row=last_line + 1,
                                    message=f"the CSV file is malformed ({exc})"))
            continue
        sheet, sheet_problems = _raw_sheet(folder, file.stem, rows, row_numbers)
        sheets[file.stem] = sheet
        problems.extend(sheet_problems)
    return sheets, problems


def _raw_sheet(
    path: Path, name: str, rows: list[list[Any]], row_numbers: list[int] | None = None
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
        rows = (~(pd.isna(cells) | (cells == ""))).any(axis=1)
        frame = frame.loc[rows]
    letters = {header[j]: column_letter(j) for j in keep}
    return RawSheet(name=name, frame=frame, letters=letters), problems


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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

    openpyxl's write-only mode streams rows, so a 50,000-line plan is written in
    seconds; number formats are set per column (they apply to what users type).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook(write_only=True)
    header_font = Font(bold=True)
    title_font = Font(bold=True, size=13)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for layout in sheets:
        ws = workbook.create_sheet(layout.name)
        letters = {h: column_letter(j) for j, h in enumerate(layout.header)}
        for head, width in layout.widths.items():  # header name or column letter
            ws.column_dimensions[letters.get(head, head)].width = width
        for head, fmt in layout.number_formats.items():
            ws.column_dimensions[letters[head]].number_format = fmt
        if layout.is_table:
            ws.freeze_panes = "A2"
        last = max(layout.validation_rows, len(layout.rows) + 1)
        for rule in layout.validations:
            cells = f"{letters[rule.column]}2:{letters[rule.column]}{last}"
            ws.data_validations.append(_validation(rule, cells))
        for rule_c in layout.cell_validations:
            ws.data_validations.append(_cell_validation(rule_c))
        header = []
        for head in layout.header:
            cell = WriteOnlyCell(ws, value=head)
            if layout.is_table:
                cell.font, cell.fill = header_font, header_fill
                if head in layout.comments:
                    comment = Comment(layout.comments[head], "GCM Workbook")
                    comment.width, comment.height = 320, 160
                    cell.comment = comment
            else:
                cell.font = title_font
            header.append(cell)
        ws.append(header)
        wrap_at = {j for j in range(64) if column_letter(j) in layout.wrap_letters}
        for row in layout.rows:
            values = [_cell_value(v) for v in row]
            if wrap_at:
                values = [_wrapped(ws, v, wrap) if j in wrap_at and v is not None
                          else v for j, v in enumerate(values)]
            ws.append(values)
        if layout.hidden:
            ws.sheet_state = "hidden"
    buffer = _stdio.BytesIO()
    workbook.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def _wrapped(ws: Any, value: Any, alignment: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.alignment = alignment
    return cell


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else (
            value.to_pydatetime())
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar -> Python
    return value


def _validation(rule: ListValidation | NumberValidation, cells: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if isinstance(rule, ListValidation):
        dv = DataValidation(type="list", formula1=_list_formula(rule.source),
                            allow_blank=True)
        dv.errorStyle = "stop" if rule.strict else "warning"
    else:
        dv = _number_rule(rule.kind, rule.minimum, rule.maximum)
    dv.showErrorMessage = True
    if rule.prompt:
        dv.promptTitle, dv.prompt = None, rule.prompt[:255]
        dv.showInputMessage = True
    dv.add(cells)
    return dv


def _cell_validation(rule: CellValidation) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if rule.kind == "list":
        dv = DataValidation(type="list", formula1=_list_formula(rule.source or []),
                            allow_blank=True)
    else:
        dv = _number_rule(rule.kind, rule.minimum, rule.maximum)
    dv.showErrorMessage = True
    if rule.prompt:
        dv.prompt = rule.prompt[:255]
        dv.showInputMessage = True
    dv.add(rule.cell)
    return dv


def _number_rule(kind: str, minimum: float | None, maximum: float | None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if minimum is not None and maximum is not None:
        return DataValidation(type=kind, operator="between", formula1=f"{minimum:g}",
                              formula2=f"{maximum:g}", allow_blank=True)
    if minimum is not None:
        return DataValidation(type=kind, operator="greaterThanOrEqual",
                              formula1=f"{minimum:g}", allow_blank=True)
    return DataValidation(type=kind, operator="lessThanOrEqual",
                          formula1=f"{maximum:g}", allow_blank=True)


def _list_formula(source: Sequence[Any] | str) -> str:
    if isinstance(source, str):
        return source
    text = ",".join(str(v) for v in source)
    if len(text) > 250:  # Excel's limit for an inline list is 255 characters
        raise ValueError("inline drop-down list too long; use a range on a lists sheet")
    return f'"{text}"'


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite an .xlsx so that its bytes depend only on its content.

    openpyxl stamps the save time into ``docProps/core.xml`` and into every zip
    entry; both are replaced by fixed values.
    """
    source = zipfile.ZipFile(_stdio.BytesIO(data))
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_DOC_TIME.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


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
