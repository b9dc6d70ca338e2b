"""budget.xlsx: live formulas that, recalculated, give the run's own totals."""

from __future__ import annotations

import pandas as pd
import pytest

from gcm_analysis.budget_workbook import LINE_COLUMNS, write_budget_workbook


def _recalculate(path, inputs=None):
    formulas = pytest.importorskip("formulas")
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate(inputs=inputs or {})
    name = path.name

    def value(sheet, cell):
        return float(solution[f"'[{name}]{sheet.upper()}'!{cell}"].value[0, 0])

    return model, value


def test_recalculated_workbook_gives_the_runs_totals_and_follows_a_unit_cost(
        chain_runs):
    """Every line, every objective subtotal and the grand total equal the run's
    tables to the cent; doubling one unit cost moves the total by that line's
    cost plus its contingency."""
    root, _ = chain_runs
    run_dir = root / "PRT" / "r"
    lines = pd.read_csv(run_dir / "budget_lines.csv")
    by_objective = pd.read_csv(run_dir / "budget_by_objective.csv")
    total = pd.read_csv(run_dir / "budget_summary.csv").set_index("component").loc[
        "total"]
    model, value = _recalculate(run_dir / "budget.xlsx")
    constant = LINE_COLUMNS.index("amount_constant")
    col_c, col_n = chr(65 + constant), chr(66 + constant)
    for i, line in lines.iterrows():
        assert value("cost_lines", f"{col_c}{i + 3}") == pytest.approx(
            line["amount_constant"], abs=0.005), line["line_id"]
        assert value("cost_lines", f"{col_n}{i + 3}") == pytest.approx(
            line["amount_nominal"], abs=0.005), line["line_id"]
    for i, row in by_objective.iterrows():
        assert value("by_objective", f"A{i + 3}") == row["objective_id"]
        assert value("by_objective", f"C{i + 3}") == pytest.approx(
            row["amount_constant"], abs=0.005)
        assert value("by_objective", f"D{i + 3}") == pytest.approx(
            row["amount_nominal"], abs=0.005)
    last = len(by_objective) + 3  # two header rows, then the total
    assert value("by_objective", f"C{last}") == pytest.approx(
        total["amount_constant"], abs=0.005)
    assert value("by_objective", f"D{last}") == pytest.approx(
        total["amount_nominal"], abs=0.005)
    assert (lines["cost_type"] == "contingency").any()  # the plan has contingency

    first = lines.iloc[0]
    assert first["costing_method"] == "bottom_up"
    unit_cost = chr(65 + LINE_COLUMNS.index("unit_cost"))
    solution = model.calculate(inputs={
        f"'[budget.xlsx]COST_LINES'!{unit_cost}3": 2 * first["unit_cost"]})
    moved = float(solution[f"'[budget.xlsx]BY_OBJECTIVE'!C{last}"].value[0, 0])
    assert moved - total["amount_constant"] == pytest.approx(
        first["amount_constant"] * 1.10, abs=0.02)  # + the plan's 10 % contingency


def test_plan_text_stays_inert_and_inputs_have_their_own_sheets(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    lines = pd.DataFrame({
        "iso3": "ZZZ", "objective_id": [1], "intervention_id": ["I-1"],
        "line_id": ["L-1"], "year": [2025], "item": ['=HYPERLINK("http://x","y")'],
        "category": ["staff"], "is_support_activity": [False],
        "cost_type": ["recurrent"], "costing_method": ["top_down"],
        "ministry": ["@SUM(A1)"], "quantity": [2.0], "unit": ["month"],
        "unit_cost": [10.0], "unit_cost_currency": ["EUR"],
        "unit_cost_price_year": [2025], "fx_rate": [1.1],
        "fx_rate_date": ["2025-01-01"], "amount_constant": [22.0],
        "amount_nominal": [22.0], "currency": ["USD"], "price_year": [2025]})
    index = pd.DataFrame({"year": [2025], "inflation_pct": [2.0],
                          "price_index": [1.0], "source": ["-bad source"]})
    target = write_budget_workbook(lines, index, 0.0, tmp_path / "b.xlsx",
                                   about={"currency": "USD"})
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["parameters", "exchange_rates", "price_index",
                               "cost_lines", "by_objective", "by_year"]
    sheet = book["cost_lines"]
    cells = {sheet.cell(2, c).value: sheet.cell(3, c).value
             for c in range(1, sheet.max_column + 1)}
    assert cells["item"] == "'=HYPERLINK(\"http://x\",\"y\")"  # text, not formula
    assert cells["ministry"] == "'@SUM(A1)"
    assert cells["fx_rate"] == "=exchange_rates!$C$3"
    assert cells["amount_constant"].startswith("=ROUND(")
    assert book["price_index"]["D3"].value == "'-bad source"
    _, value = _recalculate(target)
    assert value("by_year", "C3") == pytest.approx(22.0)


def test_a_french_workbook_reads_french_and_computes_the_same(tmp_path):
    """Header labels, notes and coded values in French above the same internal
    names and formulas: recalculated, the French workbook gives the English one's
    totals (contingency included, found by its code, not its label)."""
    openpyxl = pytest.importorskip("openpyxl")
    base = {"iso3": "ZZZ", "objective_id": [1, 1], "intervention_id": ["I-1", "I-1"],
            "line_id": ["L-1", "I-1-CONT"], "year": [2025, 2025],
            "item": ["Juriste", "Provision"], "category": ["staff", "contingency"],
            "is_support_activity": [False, False],
            "cost_type": ["recurrent", "contingency"],
            "costing_method": ["bottom_up", "bottom_up"], "ministry": ["M", "M"],
            "quantity": [2.0, None], "unit": ["month", None],
            "unit_cost": [10.0, None], "unit_cost_currency": ["USD", None],
            "unit_cost_price_year": [2025, None], "fx_rate": [1.0, None],
            "fx_rate_date": ["2025-01-01", None], "amount_constant": [20.0, 2.0],
            "amount_nominal": [20.0, 2.0], "currency": ["USD", "USD"],
            "price_year": [2025, 2025]}
    lines = pd.DataFrame(base)
    index = pd.DataFrame({"year": [2025], "inflation_pct": [2.0],
                          "price_index": [1.0], "source": ["s"]})
    totals = {}
    for lang in ("en", "fr"):
        target = write_budget_workbook(lines, index, 10.0, tmp_path / f"{lang}.xlsx",
                                       about={"currency": "USD"}, lang=lang)
        _, value = _recalculate(target)
        totals[lang] = value("by_year", "C4")
        book = openpyxl.load_workbook(target)
        sheet = book["cost_lines"]
        header = {sheet.cell(2, c).value: sheet.cell(1, c).value
                  for c in range(1, sheet.max_column + 1)}
        row = {sheet.cell(2, c).value: sheet.cell(3, c).value
               for c in range(1, sheet.max_column + 1)}
        if lang == "fr":
            assert header["unit_cost"] == "Coût unitaire"
            assert row["cost_type"] == "récurrent"
            assert row["costing_method"] == "ascendante"
            assert book["parameters"]["C3"].value.startswith("en % des coûts")
            assert book["by_year"]["A4"].value == "Total"
        else:
            assert header["unit_cost"] == "Unit cost"
            assert row["cost_type"] == "recurrent"
    assert totals["en"] == totals["fr"] == pytest.approx(22.0)
