"""Build hostile plan files from the example plan (no binary fixtures committed).

Every builder writes into a folder it is given (a test's ``tmp_path``) and
returns the path of the plan to feed the product: a CSV folder copied from
``data/plans/PRT_example`` and edited, or the example as a filled template
workbook edited with openpyxl (as a user would in Excel), or raw bytes.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import openpyxl

from gcm_analysis import io as gio
from gcm_analysis import paths, plan

EXAMPLE = paths.PLANS_DIR / "PRT_example"

#: A valid funding sheet for the example plan (EUR, plan years 2025-2027).
FUNDING_CSV = """\
source_id,source_name,source_type_code,status,likelihood,year,amount,currency,\
price_year,earmark_objective_id,earmark_intervention_id,can_reallocate_in_crisis,\
conditions,notes
BUD,State budget,domestic_budget,secured,,2025,500000,EUR,2025,,,no,,
EU,EU programme,bilateral_development_partners,pledged,0.8,2026,200000,EUR,2026,3,\
PRT-02,no,,
MPTF,Migration MPTF,migration_mptf,pipeline,,2026,100000,EUR,2026,7,,yes,,
"""


# ------------------------------------------------------------------ CSV folders
def csv_plan(tmp: Path, edit: Callable[[Path], object] | None = None,
             funding: bool = False) -> Path:
    """Copy the example plan as a CSV folder into ``tmp/plan``, then ``edit`` it."""
    folder = tmp / "plan"
    shutil.copytree(EXAMPLE, folder)
    if funding:
        (folder / "funding.csv").write_text(FUNDING_CSV, encoding="utf-8")
    if edit is not None:
        edit(folder)
    return folder


def read_rows(folder: Path, sheet: str) -> list[list[str]]:
    with open(folder / f"{sheet}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, sheet: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (folder / f"{sheet}.csv").write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(folder: Path, sheet: str, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV sheet; ``row`` as a user sees it (header = 1)."""
    rows = read_rows(folder, sheet)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(folder, sheet, rows)


def set_setting(folder: Path, name: str, value: str) -> None:
    rows = read_rows(folder, "settings")
    for row in rows:
        if row[0] == name:
            row[1] = value
    write_rows(folder, "settings", rows)


def setting_row(name: str) -> int:
    rows = read_rows(EXAMPLE, "settings")
    return next(i for i, row in enumerate(rows, start=1) if row[0] == name)


# --------------------------------------------------------------------- workbooks
@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The example plan as a filled template workbook (built once per process)."""
    from gcm_analysis import planio

    layouts = planio.template_layout(
        list(plan.sheet_specs().values()), plan.SETTINGS_COLUMNS,
        plan.plan_to_tables(plan.read_plan(EXAMPLE)), plan.describe_columns())
    return planio.workbook_bytes(layouts)


def xlsx_plan(tmp: Path, edit: Callable[[openpyxl.Workbook], object] | None = None,
              name: str = "plan.xlsx") -> Path:
    """Write the example workbook to ``tmp/name``, then ``edit`` it with openpyxl."""
    path = tmp / name
    path.write_bytes(template_bytes())
    if edit is not None:
        workbook = openpyxl.load_workbook(path)
        edit(workbook)
        workbook.save(path)
    return path


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding ``sheet`` (the template writes them in order)."""
    with zipfile.ZipFile(path) as archive:
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
        part = f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"
        assert part in archive.namelist()
    return part


def patch_part(path: Path, part: str, patch: Callable[[bytes], bytes]) -> Path:
    """Rewrite one member of a workbook's zip (e.g. to store a formula result)."""
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, patch(data) if info.filename == part else data)
    path.write_bytes(out.getvalue())
    return path


def add_part(path: Path, name: str, chunks: int, chunk: bytes = b"\0" * 2**20) -> Path:
    """Append a member of ``chunks`` x ``chunk`` bytes (streamed: small memory)."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(name, "w", force_zip64=True) as stream:
        for _ in range(chunks):
            stream.write(chunk)
    return path


# ---------------------------------------------------------------------- helpers
def digest(path: Path) -> dict[str, str]:
    """SHA-256 of a file, or of every file of a folder (by relative name)."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): gio.sha256_file(p)
                for p in sorted(path.rglob("*")) if p.is_file()}
    if path.is_file():
        return {path.name: gio.sha256_file(path)}
    return {}
