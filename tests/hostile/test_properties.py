"""Property tests (hypothesis) on the whole chain, not one module.

1. The plan reader, on random malformed tables and files, never raises: it
   returns a valid plan or located problems, and never changes the file.
2. Random valid plans cost and fund consistently: plan -> budget -> costs ->
   allocation, with the totals reconciling to the cent, gaps never negative,
   no line giving more than it has, and the same seed giving the same tables.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gcm_analysis import costing, funding, funding_sheets, io, plan, reference
from gcm_analysis.errors import Problem

from .builders import EXAMPLE, digest

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

REFS = reference.funding_reference()


def _example_tables() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
            for p in sorted(EXAMPLE.glob("*.csv"))}


EXAMPLE_TABLES = _example_tables()

NASTY_TEXT = ["", " ", "  \t", "=1+1", "+SUM(A1)", "-", "@cmd", "<script>x</script>",
              "\u202eabc", "a\x00b", "1,5", "1.234,5", "NaN", "nan", "inf", "-inf",
              "1e400", "-0", "2025-13-45", "01/07/2024", "yes", "oui", "TRUE",
              "#DIV/0!", "#N/A", "#REF!", "PRT-01", "PRT-99", "EUR", "XYZ", "0", "24",
              "2025", "1e18", "3.5", "x" * 600, "\ufeff", "🙂", "منظمة"]
NASTY_VALUES = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=30),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(pd.Timestamp),
)


@st.composite
def malformed_tables(draw) -> dict[str, pd.DataFrame]:
    """The example plan's sheets with random damage."""
    tables = {name: table.copy().astype(object) for name, table in
              EXAMPLE_TABLES.items()}
    for _ in range(draw(st.integers(1, 8))):
        name = draw(st.sampled_from(sorted(tables)))
        table = tables[name]
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop_column",
                                       "rename_column", "add_column", "drop_sheet",
                                       "duplicate_row", "empty_sheet"]))
        if action == "cell" and len(table) and len(table.columns):
            row = draw(st.integers(0, len(table) - 1))
            column = draw(st.sampled_from(list(table.columns)))
            table.iat[row, list(table.columns).index(column)] = draw(NASTY_VALUES)
        elif action == "drop_column" and len(table.columns) > 1:
            table = table.drop(columns=draw(st.sampled_from(list(table.columns))))
        elif action == "rename_column" and len(table.columns):
            old = draw(st.sampled_from(list(table.columns)))
            new = draw(st.one_of(st.sampled_from(list(table.columns)),
                                 st.text(max_size=12)))
            table = table.rename(columns={old: str(new)})
        elif action == "add_column":
            table = table.assign(**{f"extra_{len(table.columns)}": draw(NASTY_VALUES)}
                                 ).astype(object)
        elif action == "drop_sheet" and len(tables) > 1:
            del tables[name]
            continue
        elif action == "duplicate_row" and len(table):
            table = pd.concat([table, table.iloc[[0]]], ignore_index=True)
        elif action == "empty_sheet":
            table = table.iloc[0:0]
        tables[name] = table
    return tables


def _check_problems(problems: list[Problem], source: str) -> None:
    """Every problem is located and readable."""
    for problem in problems:
        assert problem.file.startswith(source), problem
        assert isinstance(problem.message, str) and problem.message, problem
        assert problem.sheet is None or isinstance(problem.sheet, str)
        if problem.row is not None:
            assert problem.sheet and problem.row >= 1, problem
            assert problem.expected, problem
        assert str(problem)  # renders
        problem.to_dict()


@SETTINGS
@given(malformed_tables())
def test_reader_on_malformed_tables_gives_a_plan_or_located_problems(tables):
    the_plan, problems = plan.validate_tables(tables, "mem")
    assert (the_plan is None) == bool(problems)
    _check_problems(problems, "mem")
    assert len(problems) <= 400  # capped per kind


def _write_csv_folder(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, table in tables.items():
        table.map(lambda v: "" if v is None else str(v)).to_csv(
            folder / f"{name}.csv", index=False)


def _write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in tables.items():
        sheet = workbook.create_sheet(name[:31] or "x")
        try:
            sheet.append([str(c) for c in table.columns])
        except IllegalCharacterError:  # Excel cannot hold them either
            sheet.append([str(c).encode("unicode_escape").decode()
                          for c in table.columns])
        for row in table.itertuples(index=False):
            values = []
            for value in row:
                if isinstance(value, float) and not math.isfinite(value):
                    value = str(value)
                if isinstance(value, int) and abs(value) > 2**53:
                    value = str(value)
                values.append(value)
            try:
                sheet.append(values)
            except IllegalCharacterError:
                sheet.append([str(v).encode("unicode_escape").decode() for v in values])
    workbook.save(path)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.function_scoped_fixture])
@given(tables=malformed_tables(), as_workbook=st.booleans())
def test_reader_on_malformed_files_never_raises_nor_changes_them(
        tmp_path, tables, as_workbook):
    path = tmp_path / ("plan.xlsx" if as_workbook else "plan")
    if as_workbook:
        _write_workbook(tables, path)
    else:
        _write_csv_folder(tables, path)
    before = digest(path)
    problems = plan.validate_plan_file(path)
    _check_problems(problems, str(path))
    assert digest(path) == before


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), zipped=st.booleans())
def test_reader_on_random_bytes_gives_one_file_problem(tmp_path, data, zipped):
    import zipfile

    path = tmp_path / "plan.xlsx"
    if zipped:  # a zip of random parts under the names of a workbook
        with zipfile.ZipFile(path, "w") as archive:
            for name in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                         "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"):
                archive.writestr(name, data)
    else:
        path.write_bytes(data)
    problems = plan.validate_plan_file(path)
    assert problems
    _check_problems(problems, str(path))


# ------------------------------------------------------------ valid random plans
CATEGORIES = io.read_reference("cost_categories")["category_code"].tolist()
WORDS = st.sampled_from(["Ministry of Labour", "وزارة العمل", "<b>Agency</b>",
                         "=HYPERLINK(\"x\")", "Office \u00e9t\u00e9", "A & B"])


@st.composite
def valid_plans(draw) -> dict[str, pd.DataFrame]:
    """Random plans that are valid by construction (as file tables of text)."""
    base = draw(st.integers(2024, 2030))
    horizon = draw(st.integers(1, 5))
    years = list(range(base, base + horizon))
    contingency = draw(st.sampled_from([0, 1, 5, 10, 12.5, 30]))
    inflation = draw(st.sampled_from([0, 0.5, 2, 2.5, 7, 15]))
    settings_rows = [("country", "PRT"), ("plan_title", draw(WORDS)),
                     ("reporting_currency", "EUR"), ("base_year", str(base)),
                     ("horizon_years", str(horizon)),
                     ("contingency_pct", str(contingency)),
                     ("inflation_pct", str(inflation)), ("is_illustrative", "no")]
    n_interventions = draw(st.integers(1, 5))
    interventions, spans = [], {}
    for i in range(n_interventions):
        start = draw(st.sampled_from(years))
        end = draw(st.sampled_from([y for y in years if y >= start]))
        spans[f"I{i}"] = (start, end)
        interventions.append({
            "intervention_id": f"I{i}", "objective_id": str(draw(st.integers(1, 23))),
            "title": draw(WORDS), "lead_ministry": draw(WORDS),
            "start_year": str(start), "end_year": str(end),
            "is_essential": draw(st.sampled_from(["yes", "no", ""]))})
    lines = []
    for k in range(draw(st.integers(1, 10))):
        owner = draw(st.sampled_from(sorted(spans)))
        start, end = spans[owner]
        qty = draw(st.integers(0, 5000))
        cost = draw(st.integers(0, 10**6))
        kind = draw(st.sampled_from(["start_up", "recurrent"]))
        first = draw(st.sampled_from([None, *range(start, end + 1)]))
        last = None
        if kind == "recurrent" and first is not None:
            last = draw(st.sampled_from([None, *range(first, end + 1)]))
        lines.append({
            "line_id": f"L{k}", "intervention_id": owner, "item": draw(WORDS),
            "category": draw(st.sampled_from(CATEGORIES)),
            "is_support_activity": draw(st.sampled_from(["yes", "no"])),
            "unit": "item", "quantity_per_year": str(qty),
            "quantity_per_year_low": str(draw(st.integers(0, qty))),
            "quantity_per_year_high": str(qty + draw(st.integers(0, 100))),
            "unit_cost_low": str(draw(st.integers(0, cost))),
            "unit_cost_likely": str(cost),
            "unit_cost_high": str(cost + draw(st.integers(0, 10**5))),
            "currency": draw(st.sampled_from(["EUR", "USD"])),
            "price_year": str(draw(st.sampled_from([base - 1, base]))),
            "cost_type": kind,
            "costing_method": draw(st.sampled_from(["bottom_up", "top_down"])),
            "first_year": "" if first is None else str(first),
            "last_year": "" if last is None else str(last),
            "source": "test"})
    rates = [{"from_currency": "USD", "to_currency": "EUR",
              "rate": str(draw(st.sampled_from([0.8, 0.92, 1.1]))),
              "rate_date": f"{year}-07-01", "source": "test"}
             for year in range(base - 1, base + 1)]
    funding_rows = []
    for _ in range(draw(st.integers(0, 5))):
        earmark = draw(st.sampled_from([None, *sorted(spans)]))
        funding_rows.append({
            "source_name": draw(WORDS),
            "source_type_code": draw(st.sampled_from(funding_sheets.SOURCE_TYPE_CODES)),
            "status": draw(st.sampled_from(funding_sheets.STATUS_CODES)),
            "likelihood": draw(st.sampled_from(["", "0", "0.3", "1"])),
            "year": str(draw(st.sampled_from(years))),
            "amount": str(draw(st.integers(0, 10**6))), "currency": "EUR",
            "price_year": str(base), "earmark_intervention_id": earmark or ""})
    tables = {
        "settings": pd.DataFrame(settings_rows, columns=["setting", "value"]),
        "interventions": pd.DataFrame(interventions),
        "cost_lines": pd.DataFrame(lines),
        "exchange_rates": pd.DataFrame(rates),
    }
    if funding_rows:
        tables["funding"] = pd.DataFrame(funding_rows).drop_duplicates(
            ["source_name", "year", "earmark_intervention_id"])
    return tables


def _cents(value: float) -> float:
    return round(float(value), 2)


@settings(SETTINGS, max_examples=20)
@given(tables=valid_plans(), seed=st.integers(0, 2**32 - 1))
def test_random_plans_cost_and_fund_consistently(tables, seed):
    the_plan, problems = plan.validate_tables(tables, "random")
    assert problems == [], problems[:5]
    budget = costing.compute_budget_tables(the_plan, n_draws=100, seed=seed)
    lines = budget["budget_lines"]
    years = set(the_plan.settings.years)
    # every amount finite, not negative, in the plan's years and one currency
    for column in ("amount_constant", "amount_nominal"):
        assert np.isfinite(lines[column]).all() and (lines[column] >= 0).all()
    assert set(lines["year"]) <= years
    assert set(lines["currency"]) == {"EUR"}
    # every table reconciles to the total of the lines, to the cent
    total = _cents(lines["amount_constant"].sum())
    summary = budget["budget_summary"].set_index("component")
    assert _cents(summary.at["total", "amount_constant"]) == total
    parts = summary.loc[["direct_start_up", "direct_recurrent", "support_start_up",
                         "support_recurrent", "contingency"], "amount_constant"]
    assert abs(parts.sum() - total) <= 0.005 * len(parts) + 1e-9
    for name in ("budget_by_objective", "budget_by_year", "budget_by_category",
                 "budget_by_ministry", "budget_by_objective_year",
                 "budget_by_intervention"):
        table = budget[name]
        assert abs(table["amount_constant"].sum() - total) <= 0.005 * len(table) + 1e-6
        if total > 0:
            assert abs(table["share_pct"].sum() - 100) <= 0.01 * len(table) + 1e-6
    # contingency is the set share of the bottom-up lines (to rounding)
    contingency = float(summary.at["contingency", "amount_constant"])
    assert contingency <= total + 1e-6
    # the Monte Carlo range is ordered and reproducible from the seed
    ranges = budget["budget_uncertainty"]
    assert (ranges["p10"] <= ranges["p50"] + 1e-6).all()
    assert (ranges["p50"] <= ranges["p90"] + 1e-6).all()
    again = costing.simulate_budget(the_plan, n_draws=100, seed=seed)
    pd.testing.assert_frame_equal(
        budget["budget_uncertainty"],
        costing.summarise_simulation(again, costing.compute_budget_lines(the_plan)))
    # funding: the plan's own sheet, or the starter scenario
    costs = funding.costs_from_budget(lines, the_plan.interventions)
    assert _cents(costs["amount"].sum()) == total
    run_funding, _ = funding.choose_run_funding(
        costs, funding_sheets.funding_from_plan(the_plan),
        budget["budget_price_index"], currency="EUR", refs=REFS)
    tables_04 = funding.compute_funding_tables(
        costs, run_funding, funding_sheets.prepare_assessment(None), refs=REFS)
    gaps = tables_04["funding_gaps"]
    tol = 1e-6 * max(1.0, total + float(run_funding["amount"].sum()))
    assert np.allclose(gaps["committed_amount"] + gaps["gap_amount"],
                       gaps["cost_amount"], rtol=0, atol=tol)
    assert (gaps["gap_amount"] >= -tol).all()
    assert (gaps["expected_funded_amount"] <= gaps["allocated_amount"] + tol).all()
    assert abs(gaps["cost_amount"].sum() - total) <= 0.01 * max(1, len(gaps))
    allocations = tables_04["funding_allocations"]
    given_by_line = allocations.groupby("funding_line_id")["amount"].sum()
    available = run_funding.set_index("funding_line_id")["amount"]
    assert (given_by_line <= available.reindex(given_by_line.index) + tol).all()
    totals = tables_04["funding_gap_total"].iloc[0]
    assert abs(float(totals["cost_amount"]) - gaps["cost_amount"].sum()) <= tol


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(tables=valid_plans())
def test_random_valid_plans_round_trip_through_both_file_forms(tmp_path, tables):
    the_plan, problems = plan.validate_tables(tables, "random")
    assume(not problems)
    folder = plan.write_plan_csv(the_plan, tmp_path / "csv")
    workbook = plan.write_template(tmp_path / "plan.xlsx", plan=the_plan)
    from_csv, from_xlsx = plan.read_plan(folder), plan.read_plan(workbook)
    assert from_csv.settings == from_xlsx.settings == the_plan.settings
    for name in ("interventions", "cost_lines", "exchange_rates"):
        pd.testing.assert_frame_equal(getattr(from_csv, name),
                                      getattr(the_plan, name))
        pd.testing.assert_frame_equal(getattr(from_xlsx, name),
                                      getattr(the_plan, name))
