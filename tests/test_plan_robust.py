"""Validate-then-run: what a plan check promises, the warnings it gives, how
numbers with a percent sign are read, and what a file really is (issue 21)."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from gcm_analysis import cli, paths, plan
from gcm_analysis.errors import Problem

PRT = paths.PLANS_DIR / "PRT_example"
XLU = paths.PLANS_DIR / "XLU_lumeria_fictional"


def _copy(source: Path, tmp_path: Path, name: str = "plan") -> Path:
    target = tmp_path / name
    shutil.copytree(source, target)
    if source == XLU:  # the teaching country's code is not a real one
        _set(target, "settings", 2, "value", "SEN")
    return target


def _set(folder: Path, sheet: str, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV plan sheet (``row`` as in Excel: header = 1)."""
    path = folder / f"{sheet}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _rename_column(folder: Path, sheet: str, old: str, new: str) -> None:
    path = folder / f"{sheet}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[0][rows[0].index(old)] = new
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _only(problems: list[Problem], text: str) -> Problem:
    found = [p for p in problems if text in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


# ------------------------------------------------------------ file types
def _ole(*streams: str) -> bytes:
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
            + b"".join(s.encode("utf-16-le") + b"\0" * 64 for s in streams))


def _ods(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


@pytest.mark.parametrize(("name", "make", "says"), [
    ("plan.xlsx", lambda p: p.write_bytes(_ole("Root Entry", "Workbook")),
     "this is an Excel 97-2003 workbook (.xls) saved with a .xlsx name"),
    ("plan.xls", lambda p: p.write_bytes(_ole("Root Entry", "Workbook")),
     "this is an Excel 97-2003 workbook (.xls): open it in Excel"),
    ("plan.xlsx", lambda p: p.write_bytes(_ole("EncryptionInfo", "EncryptedPackage")),
     "password-protected"),
    ("plan.xlsx", lambda p: p.write_bytes(_ole("EncryptionInfo")),
     "password-protected"),
    ("plan.xlsx", _ods, "OpenDocument spreadsheet (.ods) saved with a .xlsx name: "
     "open it in LibreOffice and save it as Excel 2007-365 (.xlsx)"),
    ("plan.xlsx", lambda p: p.write_text("<!DOCTYPE html><html><table><tr><td>1"
                                         "</td></tr></table></html>"),
     "web page (HTML) saved with a .xlsx name"),
    ("plan.xls", lambda p: p.write_text("<html><body><table></table></body></html>"),
     "web page (HTML) saved with a .xls name"),
    ("plan.xlsx", lambda p: p.write_text("setting,value\ncountry,PRT\n"),
     "text file (CSV or plain text) saved with a .xlsx name"),
    ("plan.xlsx", lambda p: p.write_bytes(b""), "the file is empty (0 bytes)"),
])
def test_a_file_is_diagnosed_from_its_content(tmp_path, name, make, says):
    path = tmp_path / name
    make(path)
    before = path.read_bytes()
    problems = plan.validate_plan_file(path)
    assert len(problems) == 1 and says in problems[0].message, problems
    assert path.read_bytes() == before
    assert cli.main(["validate", str(path)]) == cli.EXIT_INPUT


def test_a_workbook_named_xls_is_told_to_be_renamed(tmp_path):
    path = tmp_path / "plan.xls"
    shutil.copyfile(paths.PLANS_DIR / "PRT_example.xlsx", path)
    assert "rename it to end in .xlsx" in plan.validate_plan_file(path)[0].message


# ------------------------------------------------------- percent signs
def test_a_percent_sign_in_a_money_column_is_located_with_a_hint(tmp_path):
    folder = _copy(PRT, tmp_path)
    _set(folder, "cost_lines", 3, "unit_cost_likely", "12%")
    _set(folder, "cost_lines", 4, "quantity_per_year", "5 %")
    problems = plan.validate_plan_file(folder)
    money = _only([p for p in problems if p.row == 3],
                  "percent sign in a column of an amount")
    assert (money.sheet, money.row, money.column, money.value) == (
        "cost_lines", 3, "unit_cost_likely", "12%")
    assert "without %" in money.message and "(cell K3)" in money.message
    quantity = [p for p in problems if p.column == "quantity_per_year"]
    assert quantity and "percent sign" in quantity[0].message


def test_a_percent_sign_means_per_hundred_in_share_and_percent_columns(tmp_path):
    folder = _copy(XLU, tmp_path)
    _set(folder, "funding", 3, "likelihood", "0.5%")
    _set(folder, "funding", 4, "likelihood", "80 %")
    rows = list(csv.reader((folder / "settings.csv").open(encoding="utf-8")))
    at = [r[0] for r in rows].index("contingency_pct") + 1
    _set(folder, "settings", at, "value", "10%")
    the_plan = plan.read_plan(folder)
    likelihood = the_plan.extra_sheets["funding"]["likelihood"]
    assert likelihood.iloc[1] == pytest.approx(0.005)
    assert likelihood.iloc[2] == pytest.approx(0.8)
    assert the_plan.settings.contingency_pct == 10


# ------------------------------------------------------------- warnings
def test_unknown_columns_and_sheets_are_warnings_with_near_misses(tmp_path, capsys):
    folder = _copy(PRT, tmp_path)
    _rename_column(folder, "cost_lines", "unit_cost_high", "unit_cost_hihg")
    (folder / "inflation_rates.csv").rename(folder / "Inflation_Rate.csv")
    (folder / "notes.csv").write_text("remarks\nchecked by the ministry\n")
    errors, warnings = plan.check_plan_file(folder)
    assert errors == []
    column = _only(warnings, "column not used")
    assert (column.sheet, column.row, column.column) == ("cost_lines", 1,
                                                         "unit_cost_hihg")
    assert "did you mean 'unit_cost_high'" in (column.expected or "")
    sheet = [w for w in warnings if w.sheet == "Inflation_Rate"]
    assert "did you mean 'inflation_rates'" in sheet[0].message
    assert [w for w in warnings if w.sheet == "notes"]
    assert all(w.is_warning for w in warnings)
    # validate: printed, exit 0; --strict: errors, exit 3
    assert cli.main(["validate", str(folder)]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "warning(s)" in err and "unit_cost_hihg" in err
    assert cli.main(["validate", "--strict", str(folder)]) == cli.EXIT_INPUT
    assert plan.validate_plan_file(folder, strict=True)
    assert plan.check_run_plan(folder, "PRT", strict=True)
    assert plan.check_run_plan(folder, "PRT") == []


def test_hidden_rows_and_columns_are_warnings(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "hidden.xlsx"
    shutil.copyfile(paths.PLANS_DIR / "PRT_example.xlsx", path)
    book = openpyxl.load_workbook(path)
    sheet = book["cost_lines"]
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["U"].hidden = True  # notes
    book["priorities"].sheet_state = "hidden"
    book.save(path)
    errors, warnings = plan.check_plan_file(path)
    assert errors == []
    row = _only(warnings, "row is hidden")
    assert (row.sheet, row.row) == ("cost_lines", 3)
    column = _only(warnings, "column U is hidden")
    assert (column.sheet, column.column) == ("cost_lines", "notes")
    assert _only(warnings, "sheet is hidden").sheet == "priorities"


def test_an_exchange_rate_dated_far_from_the_plan_years_is_a_warning(tmp_path):
    folder = _copy(XLU, tmp_path)
    _set(folder, "exchange_rates", 2, "rate_date", "1900-01-01")
    errors, warnings = plan.check_plan_file(folder)
    assert errors == []
    far = _only(warnings, "years away from the years of the plan")
    assert (far.sheet, far.row, far.column, far.value) == (
        "exchange_rates", 2, "rate_date", "1900-01-01")


# ------------------------------------------------ sheets the run writes
@pytest.mark.parametrize(("name", "says"), [
    ("Instructions", "a sheet the product writes ('instructions')"),
    ("Funding", "a sheet the product writes ('funding')"),
    ("n" * 32, "32 characters long"),
    ("notes[1]", "not allowed in Excel"),
])
def test_a_sheet_the_run_could_not_write_is_refused(tmp_path, name, says):
    folder = _copy(PRT, tmp_path)
    (folder / f"{name}.csv").write_text("remarks\nours\n", encoding="utf-8")
    assert says in _only(plan.validate_plan_file(folder), says).message


def test_a_free_form_notes_sheet_is_kept_with_a_warning(tmp_path):
    folder = _copy(PRT, tmp_path)
    (folder / "notes.csv").write_text(
        "Notes of the planning team\n\nsecond paragraph,,a remark in column C\n",
        encoding="utf-8")
    errors, warnings = plan.check_plan_file(folder)
    assert errors == []
    assert "kept without that column" in (_only(warnings, "has values but no "
                                                 "header").expected or "")
    the_plan = plan.read_plan(folder)
    assert "notes" in the_plan.extra_sheets
    written = plan.write_run_plan(the_plan, tmp_path)  # the run's copy
    assert plan.validate_plan_file(written) == []


def test_the_run_folder_keeps_the_plan_warnings_and_the_report_lists_them(tmp_path):
    from gcm_analysis import report, stages
    from gcm_analysis.runfolder import read_plan_snapshot

    folder = _copy(PRT, tmp_path)
    _rename_column(folder, "cost_lines", "unit_cost_high", "unit_cost_hihg")
    stages.start_run("PRT", "w", tmp_path / "out", plan_file=str(folder))
    snapshot = read_plan_snapshot(paths.run_dir("PRT", "w", tmp_path / "out")
                                  / "plan")
    assert [w.column for w in snapshot.warnings] == ["unit_cost_hihg"]
    for lang, word in (("en", "Warnings on the plan file"),
                       ("fr", "Avertissements sur le fichier de plan")):
        text, table = report.plan_warnings_section(snapshot.warnings, "plan", lang)
        assert word in text and len(table) == 1
        assert "unit_cost_hihg" in table.iloc[0, 0]
    text, table = report.plan_warnings_section(None, "", "fr")
    assert "plan de départ" in text and table.empty


def test_problems_keep_their_severity_in_json():
    warning = Problem(file="f", message="m", severity="warning")
    assert Problem(**warning.to_dict()) == warning
    assert str(warning).startswith("warning: ")
    assert pd.notna(warning.severity)


def test_gcm_run_strict_refuses_a_plan_with_warnings_before_any_kernel(
        tmp_path, capsys):
    folder = _copy(PRT, tmp_path)
    _rename_column(folder, "cost_lines", "unit_cost_high", "unit_cost_hihg")
    out = tmp_path / "out"
    code = cli.main(["run", "PRT", "--plan-file", str(folder), "--strict",
                     "--run-id", "s", "--output", str(out)])
    assert code == cli.EXIT_INPUT
    assert "unit_cost_hihg" in capsys.readouterr().err
    assert not (out / "PRT").exists()
