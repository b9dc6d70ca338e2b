"""Plan workbook: template, validation with located problems, import, round trips."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gcm_analysis import costing, io, paths, plan, planio
from gcm_analysis.errors import InputError, Problem

EXAMPLE = paths.PLANS_DIR / "PRT_example"
EXAMPLE_XLSX = paths.PLANS_DIR / "PRT_example.xlsx"


# ------------------------------------------------------------------ helpers
@pytest.fixture(scope="module")
def example_plan() -> plan.Plan:
    return plan.read_plan(EXAMPLE)


@pytest.fixture
def csv_plan(tmp_path: Path) -> Path:
    """A writable copy of the example plan as a CSV folder."""
    target = tmp_path / "plan"
    shutil.copytree(EXAMPLE, target)
    return target


def set_csv_cell(folder: Path, sheet: str, row: int, column: str, value: str) -> None:
    """Change one cell of a CSV sheet; ``row`` is the row number a user sees."""
    path = folder / f"{sheet}.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[row - 2, column] = value
    table.to_csv(path, index=False)


def find(problems: list[Problem], sheet: str, column: str | None = None,
         row: int | None = None) -> list[Problem]:
    return [p for p in problems if p.sheet == sheet
            and (column is None or p.column == column)
            and (row is None or p.row == row)]


def digest(path: Path) -> str:
    return io.sha256_file(path)


# --------------------------------------------------------------- template
def test_template_has_instructions_dropdowns_and_comments(tmp_path: Path) -> None:
    target = plan.write_template(tmp_path / "plan.xlsx", country="KEN")
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[:4] == ["instructions", "settings", "interventions",
                                       "cost_lines"]
    assert workbook["lists"].sheet_state == "hidden"
    cost_lines = workbook["cost_lines"]
    header = [c.value for c in cost_lines[1]]
    assert header[:4] == ["line_id", "intervention_id", "item", "category"]
    assert cost_lines["D1"].comment is not None  # what to enter, unit, allowed
    formulas = {dv.formula1 for dv in cost_lines.data_validations.dataValidation}
    assert any(f and f.startswith("lists!") for f in formulas)  # drop-downs
    settings = workbook["settings"]
    values = {r[0].value: r[1].value for r in settings.iter_rows(min_row=2)}
    assert values["country"] == "KEN"
    assert values["contingency_pct"] == 10


def test_blank_template_reports_the_missing_settings(tmp_path: Path) -> None:
    target = plan.write_template(tmp_path / "plan.xlsx")
    problems = plan.validate_plan_file(target)
    missing = {p.message.split("'")[1] for p in find(problems, "settings")}
    assert {"country", "reporting_currency", "base_year", "horizon_years",
            "inflation_pct"} <= missing
    assert find(problems, "interventions")[0].message == "the sheet has no data rows"


def test_template_is_deterministic(tmp_path: Path, example_plan: plan.Plan) -> None:
    first = plan.write_template(tmp_path / "a.xlsx", plan=example_plan)
    second = plan.write_template(tmp_path / "b.xlsx", plan=example_plan)
    assert first.read_bytes() == second.read_bytes()


def test_template_checks_numbers_and_carries_no_save_time(tmp_path: Path) -> None:
    target = plan.write_template(tmp_path / "plan.xlsx", country="KEN")
    workbook = openpyxl.load_workbook(target)
    settings = workbook["settings"]
    row = next(cells[0].row for cells in settings.iter_rows(min_row=2)
               if cells[0].value == "horizon_years")
    checks = {str(dv.sqref): dv for dv in settings.data_validations.dataValidation}
    years = checks[f"B{row}"]
    assert (years.type, years.formula1, years.formula2) == ("whole", "1", "15")
    assert years.showInputMessage and "1 to 15" in years.prompt
    cost_lines = workbook["cost_lines"]
    header = [c.value for c in cost_lines[1]]
    letter = openpyxl.utils.get_column_letter(header.index("unit_cost_likely") + 1)
    assert cost_lines.column_dimensions[letter].number_format == "#,##0.00##"
    assert workbook.properties.created.year == 2000
    with zipfile.ZipFile(target) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_committed_example_workbook_matches_its_csv_source() -> None:
    from_csv = plan.read_plan(EXAMPLE)
    from_xlsx = plan.read_plan(EXAMPLE_XLSX)
    assert from_csv.settings == from_xlsx.settings
    for name in ("interventions", "cost_lines", "exchange_rates", "inflation_rates",
                 "priorities"):
        pd.testing.assert_frame_equal(getattr(from_csv, name), getattr(from_xlsx, name))


def test_template_filled_in_excel_validates_and_costs(tmp_path: Path) -> None:
    """Template -> filled (as a user would, with openpyxl) -> validate -> cost."""
    target = plan.write_template(tmp_path / "plan.xlsx", country="PRT")
    workbook = openpyxl.load_workbook(target)
    settings = workbook["settings"]
    rows = {r[0].value: r[0].row for r in settings.iter_rows(min_row=2)}
    for name, value in {"reporting_currency": "EUR", "base_year": 2025,
                        "horizon_years": 2, "inflation_pct": 2}.items():
        settings.cell(row=rows[name], column=2, value=value)
    workbook["interventions"].append(
        ["PRT-A", 3, "Information line", "Migration agency", None, 2025, 2026, "yes",
         "1, 6", "Calls answered", "10,000 a year"])
    workbook["cost_lines"].append(
        [None, "PRT-A", "Operators", "staff", "no", "staff month", 12, 10, 14,
         2000, 2400, 2900, "EUR", 2025, "recurrent", None, None, None, None,
         "quote"])
    workbook["cost_lines"].append(
        [None, "PRT-A", "Phone system", "it_systems", None, "system", 1, None, None,
         None, 15000, None, "EUR", 2025, "start_up", None, None, None, None, "quote"])
    workbook.save(target)
    assert plan.validate_plan_file(target) == []
    filled = plan.read_plan(target)
    assert filled.cost_lines["line_id"].tolist() == ["PRT-A-01", "PRT-A-02"]
    assert filled.interventions.at[0, "guiding_principles"] == "1,6"
    lines = costing.compute_budget_lines(filled)
    direct = lines[lines["cost_type"] != "contingency"]
    assert direct["amount_constant"].sum() == pytest.approx(12 * 2400 * 2 + 15000)
    assert lines["currency"].unique().tolist() == ["EUR"]


# ------------------------------------------------------------ round trips
def test_csv_folder_round_trip(tmp_path: Path, example_plan: plan.Plan) -> None:
    plan.write_plan_csv(example_plan, tmp_path / "copy")
    again = plan.read_plan(tmp_path / "copy")
    assert again.settings == example_plan.settings
    pd.testing.assert_frame_equal(again.cost_lines, example_plan.cost_lines)
    written = {p.name for p in (tmp_path / "copy").iterdir()}
    assert {"settings.csv", "interventions.csv", "cost_lines.csv",
            "exchange_rates.csv", "inflation_rates.csv", "priorities.csv"} <= written


def test_convert_plan_writes_both_forms(tmp_path: Path) -> None:
    workbook = plan.convert_plan(EXAMPLE, tmp_path / "plan.xlsx")
    folder = plan.convert_plan(workbook, tmp_path / "folder")
    assert plan.read_plan(folder).settings == plan.read_plan(EXAMPLE).settings


def test_priorities_are_exposed(example_plan: plan.Plan) -> None:
    priorities = example_plan.priorities
    assert list(priorities.columns) == ["objective_id", "stakeholder_priority",
                                        "feasibility", "notes"]
    assert priorities["stakeholder_priority"].between(0, 3).all()


def test_plan_without_priorities_sheet_has_empty_priorities(csv_plan: Path) -> None:
    (csv_plan / "priorities.csv").unlink()
    priorities = plan.read_plan(csv_plan).priorities
    assert priorities.empty
    assert list(priorities.columns) == ["objective_id", "stakeholder_priority",
                                        "feasibility", "notes"]


def test_unknown_sheets_are_passed_through(csv_plan: Path) -> None:
    pd.DataFrame({"note": ["keep me"]}).to_csv(csv_plan / "my_notes.csv", index=False)
    loaded = plan.read_plan(csv_plan)
    assert loaded.extra_sheets["my_notes"]["note"].tolist() == ["keep me"]
    assert "my_notes" in plan.plan_to_tables(loaded)


def test_a_registered_sheet_is_validated(csv_plan: Path, monkeypatch) -> None:
    spec = plan.SheetSpec(
        name="test_extra", description="a test sheet",
        columns=(plan.ColumnSpec("objective_id", "int", "objective", required=True,
                                 minimum=1, maximum=23),),
        rules=lambda context: [plan.Rule(
            "in_plan", "objective_id", "objective not in the plan", "a planned one",
            lambda d, ids=set(context.tables["interventions"]["objective_id"]):
            d["objective_id"].isna() | d["objective_id"].isin(ids))])
    monkeypatch.setitem(plan._EXTENSIONS, "test_extra", spec)
    pd.DataFrame({"objective_id": [3, 30, 4]}).to_csv(csv_plan / "test_extra.csv",
                                                      index=False)
    problems = plan.validate_plan_file(csv_plan)
    assert [(p.row, p.message) for p in find(problems, "test_extra")] == [
        (3, "value out of range (cell A3)"),  # not also blamed by the rule
        (4, "objective not in the plan (cell A4)")]
    with pytest.raises(ValueError, match="core plan sheet"):
        plan.register_sheet(plan.SheetSpec("cost_lines", "", ()))


# --------------------------------------------------------- bad values
BAD_VALUES = [
    # sheet, row, column, value, message fragment
    ("interventions", 3, "objective_id", "24", "out of range"),
    ("interventions", 3, "objective_id", "three", "not a whole number"),
    ("interventions", 4, "start_year", "2025.5", "not a whole number"),
    ("interventions", 4, "start_year", "2019", "outside the plan horizon"),
    ("interventions", 5, "end_year", "2024", "ends before it starts"),
    ("interventions", 2, "is_essential", "maybe", "not yes or no"),
    ("interventions", 2, "guiding_principles", "1, k", "guiding-principle"),
    ("interventions", 2, "intervention_id", "bad id!", "not a valid identifier"),
    ("interventions", 3, "intervention_id", "PRT-01", "value repeated"),
    ("interventions", 2, "title", "", "value missing"),
    ("cost_lines", 2, "category", "food", "value not allowed"),
    ("cost_lines", 2, "currency", "EURO", "unknown code"),
    ("cost_lines", 2, "currency", "JPY", "no exchange rate"),
    ("cost_lines", 3, "unit_cost_likely", "-5", "out of range"),
    ("cost_lines", 3, "unit_cost_likely", "12,5", "not a number"),
    ("cost_lines", 2, "unit_cost_low", "5000", "above the likely"),
    ("cost_lines", 2, "quantity_per_year_high", "1", "below the likely"),
    ("cost_lines", 2, "intervention_id", "PRT-99", "no intervention with this id"),
    ("cost_lines", 2, "cost_type", "once", "value not allowed"),
    ("cost_lines", 2, "price_year", "", "value missing"),
    ("cost_lines", 2, "first_year", "2030", "outside the years of the intervention"),
    ("cost_lines", 4, "last_year", "2026", "start-up cost falls in one year"),
    ("cost_lines", 2, "line_id", "PRT-01-02", "value repeated"),
    ("exchange_rates", 2, "rate_date", "yesterday", "not a date"),
    ("exchange_rates", 2, "to_currency", "USD", "into itself"),
    ("exchange_rates", 2, "rate", "0", "out of range"),
    ("inflation_rates", 2, "inflation_pct", "high", "not a number"),
    ("priorities", 2, "stakeholder_priority", "5", "out of range"),
    ("priorities", 3, "objective_id", "1", "value repeated"),
]


@pytest.mark.parametrize(("sheet", "row", "column", "value", "fragment"), BAD_VALUES,
                         ids=[f"{s}.{c}={v!r}" for s, _, c, v, _ in BAD_VALUES])
def test_each_kind_of_bad_value_is_refused_with_its_location(
    csv_plan: Path, sheet: str, row: int, column: str, value: str, fragment: str
) -> None:
    set_csv_cell(csv_plan, sheet, row, column, value)
    with pytest.raises(InputError) as raised:
        plan.read_plan(csv_plan)
    problems = raised.value.problems
    located = find(problems, sheet, column, row)
    assert located, f"no problem at {sheet}!{column}{row}; got {problems}"
    problem = located[0]
    assert fragment in problem.message
    assert problem.file == str(csv_plan)
    assert problem.expected
    if value:
        assert str(problem.value) == value


@pytest.mark.parametrize(("setting", "value", "fragment"), [
    ("base_year", "twenty", "not a whole number for setting 'base_year'"),
    ("reporting_currency", "XYZ", "unknown code for setting 'reporting_currency'"),
    ("contingency_pct", "150", "out of range for setting 'contingency_pct'"),
    ("country", "", "value missing for setting 'country'"),
])
def test_bad_settings_are_located_on_their_row(csv_plan: Path, setting: str,
                                              value: str, fragment: str) -> None:
    table = pd.read_csv(csv_plan / "settings.csv", dtype=str, keep_default_na=False)
    row = int(table.index[table["setting"] == setting][0]) + 2
    set_csv_cell(csv_plan, "settings", row, "value", value)
    problems = find(plan.validate_plan_file(csv_plan), "settings", "value", row)
    assert problems and fragment in problems[0].message
    assert f"(cell B{row})" in problems[0].message


def test_unknown_and_repeated_settings_are_reported(csv_plan: Path) -> None:
    set_csv_cell(csv_plan, "settings", 3, "setting", "colour")  # was plan_title
    set_csv_cell(csv_plan, "settings", 9, "setting", "country")  # was is_illustrative
    problems = find(plan.validate_plan_file(csv_plan), "settings", "setting")
    assert [(p.row, p.message) for p in problems] == [
        (3, "unknown setting"), (9, "setting repeated (first in row 2)")]


def test_missing_required_column_and_sheet(csv_plan: Path) -> None:
    table = pd.read_csv(csv_plan / "cost_lines.csv", dtype=str, keep_default_na=False)
    table.drop(columns="unit_cost_likely").to_csv(csv_plan / "cost_lines.csv",
                                                  index=False)
    (csv_plan / "interventions.csv").unlink()
    problems = plan.validate_plan_file(csv_plan)
    assert any(p.column == "unit_cost_likely" and p.row == 1
               and p.message == "required column missing" for p in problems)
    assert any(p.sheet == "interventions" and p.message == "required sheet missing"
               for p in problems)


def test_mistakes_in_several_sheets_are_all_reported_and_file_unchanged(
    tmp_path: Path, example_plan: plan.Plan
) -> None:
    target = plan.write_template(tmp_path / "plan.xlsx", plan=example_plan)
    workbook = openpyxl.load_workbook(target)
    workbook["settings"]["B5"] = "next year"           # base_year
    workbook["interventions"]["B3"] = 31               # objective_id
    workbook["interventions"]["H4"] = "perhaps"        # is_essential
    workbook["cost_lines"]["K6"] = "cheap"             # unit_cost_likely
    workbook["cost_lines"]["M7"] = "GBP"               # currency without rate
    workbook["exchange_rates"]["D2"] = "01/07/2024"    # rate_date not ISO text
    workbook["priorities"]["C2"] = 9                   # feasibility
    workbook.save(target)
    before = digest(target)
    problems = plan.validate_plan_file(target)
    assert digest(target) == before
    located = {(p.sheet, p.row, p.column) for p in problems}
    assert {("settings", 5, "value"), ("interventions", 3, "objective_id"),
            ("interventions", 4, "is_essential"),
            ("cost_lines", 6, "unit_cost_likely"), ("cost_lines", 7, "currency"),
            ("exchange_rates", 2, "rate_date"),
            ("priorities", 2, "feasibility")} <= located
    with pytest.raises(InputError) as raised:
        plan.read_plan(target)
    assert len(raised.value.problems) == len(problems)
    assert digest(target) == before
    text = str(raised.value)
    assert "sheet 'cost_lines', row 6, column 'unit_cost_likely'" in text
    assert "found 'cheap'" in text


# ---------------------------------------------------- unreadable files
def _encrypted_lookalike(path: Path) -> Path:
    # An OLE compound file with an "EncryptedPackage" stream name, as Excel
    # writes password-protected workbooks.
    path.write_bytes(planio._OLE_MAGIC + b"\x00" * 504
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    return path


@pytest.mark.parametrize(("make", "fragment"), [
    (lambda p: p / "missing.xlsx", "file not found"),
    (lambda p: (p / "text.xlsx").write_text("not a workbook") and p / "text.xlsx",
     "not an Excel workbook"),
    (lambda p: _encrypted_lookalike(p / "locked.xlsx"), "password-protected"),
    (lambda p: (p / "notes.txt").write_text("x") and p / "notes.txt",
     "unsupported file type"),
    (lambda p: (p / "empty").mkdir() or p / "empty", "holds no CSV file"),
])
def test_unreadable_files_are_located_problems(tmp_path: Path, make, fragment) -> None:
    path = make(tmp_path)
    problems = plan.validate_plan_file(path)
    assert len(problems) == 1
    assert fragment in problems[0].message
    assert problems[0].file == str(path)
    with pytest.raises(InputError, match=fragment):
        plan.read_plan(path)


def test_corrupt_workbook_is_a_located_problem(tmp_path: Path,
                                               example_plan: plan.Plan) -> None:
    good = plan.write_template(tmp_path / "good.xlsx", plan=example_plan)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            if name != "xl/workbook.xml":
                target.writestr(name, source.read(name))
    problems = plan.validate_plan_file(broken)
    assert problems and problems[0].file == str(broken)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:2000])
    problems = plan.validate_plan_file(truncated)
    assert problems and "cannot be read" in problems[0].message


def test_header_problems_are_located(csv_plan: Path) -> None:
    (csv_plan / "priorities.csv").write_text(
        "objective_id,feasibility,feasibility,stakeholder_priority,\n1,2,2,3,x\n")
    problems = find(plan.validate_plan_file(csv_plan), "priorities")
    messages = {(p.row, p.column, p.message.split(" (")[0]) for p in problems}
    assert (1, "feasibility", "column name repeated") in messages
    assert (1, "E", "column E has values but no header") in messages


def test_validate_sheet_is_usable_on_its_own() -> None:
    table = pd.DataFrame({"objective_id": [1, 1, 40], "stakeholder_priority": [1, 2, 3],
                          "feasibility": [0, 1, 2]})
    typed, problems = plan.validate_sheet(plan.PRIORITIES_SPEC, table, "mem")
    assert [(p.row, p.column, p.message.split(" (")[0]) for p in problems] == [
        (2, "objective_id", "value repeated"),
        (3, "objective_id", "value repeated"),
        (4, "objective_id", "value out of range")]
    assert typed["objective_id"].dtype == "Int64"


def test_describe_columns_covers_every_sheet() -> None:
    described = plan.describe_columns()
    assert {"settings", "interventions", "cost_lines", "exchange_rates",
            "inflation_rates", "priorities"} <= set(described["sheet"])
    assert described["allowed"].str.len().gt(0).all()
