from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from gcm_analysis.xlsx import neutralise, number_format, write_tables_xlsx


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x",
                                     "=HYPERLINK(\"http://evil\",\"click\")"])
def test_formula_like_text_is_neutralised(payload):
    assert neutralise(payload) == "'" + payload


def test_plain_values_pass_through():
    assert neutralise("Ministry of Labour") == "Ministry of Labour"
    assert neutralise(-3) == -3 and neutralise(None) is None


def test_workbook_round_trips_numbers_and_blocks_formulas(tmp_path):
    budget = pd.DataFrame({
        "objective_id": [1, 2], "title": ["=cmd|' /C calc'!A0", "Data"],
        "cost_usd": [1234567.891, float("nan")], "share_pct": [12.5, 87.5],
        "funded_share": [0.25, 1.0], "year": [2025, 2026],
    })
    target = write_tables_xlsx({"budget": budget}, tmp_path / "t.xlsx",
                               {"country": "PRT", "note": "=bad"})
    book = load_workbook(target)
    assert book.sheetnames == ["about", "budget"]
    sheet = book["budget"]
    assert [c.value for c in sheet[1]] == list(budget.columns)
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == pytest.approx(1234567.891)
    assert sheet["C3"].value is None  # missing stays empty, never 0
    assert sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].number_format == "0.0"
    assert sheet["E2"].number_format == "0.0%"
    assert sheet.freeze_panes == "A2"
    assert book["about"]["B2"].value == "'=bad"
    # nothing in the workbook is a formula
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_number_formats_follow_column_suffixes():
    numbers = pd.Series([1.0])
    assert number_format("gap_usd", numbers) == "#,##0"
    assert number_format("migrant_share", numbers) == "0.0%"
    assert number_format("title", pd.Series(["a"])) is None
